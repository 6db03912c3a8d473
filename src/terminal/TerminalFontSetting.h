#pragma once

#include <QFont>
#include <QObject>

namespace spaces {

// The font every terminal draws with: the system's fixed-width font until the user picks
// another, then that family and size, kept in QSettings so that the next start (and every
// panel) uses it. Views follow fontChanged, so a change reaches every open terminal at once;
// their zoom stays an offset from this font.
class TerminalFontSetting final : public QObject
{
    Q_OBJECT

public:
    explicit TerminalFontSetting(QObject *parent = nullptr);

    // The system's fixed-width font, hinted as a typewriter face.
    static QFont systemFont();

    QFont font() const { return m_font; }
    // Stores family and size; an empty family or a size below 1 point restores the default.
    void setFont(const QFont &font);
    void resetToSystemFont();
    bool isSystemFont() const { return m_isSystem; }

Q_SIGNALS:
    void fontChanged(const QFont &font);

private:
    QFont m_font;
    bool m_isSystem = true;
};

} // namespace spaces
