#include "TerminalFontSetting.h"

#include <QFontDatabase>
#include <QSettings>

namespace spaces {

namespace {

// Family and size apart rather than QFont::toString(): readable in the ini file and free of
// the style flags a font dialog adds that a terminal does not use (bold, underline).
const QString FamilyKey = QStringLiteral("terminal/fontFamily");
const QString SizeKey = QStringLiteral("terminal/fontPointSize");

} // namespace

TerminalFontSetting::TerminalFontSetting(QObject *parent)
    : QObject(parent)
    , m_font(systemFont())
{
    const QSettings settings;
    const QString family = settings.value(FamilyKey).toString();
    const qreal size = settings.value(SizeKey).toReal();
    if (!family.isEmpty() && size >= 1) {
        m_font.setFamilies({family});
        m_font.setPointSizeF(size);
        m_isSystem = false;
    }
}

QFont TerminalFontSetting::systemFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    return font;
}

void TerminalFontSetting::setFont(const QFont &font)
{
    if (font.family().isEmpty() || font.pointSizeF() < 1) {
        resetToSystemFont();
        return;
    }
    QFont chosen = systemFont();
    chosen.setFamilies({font.family()});
    chosen.setPointSizeF(font.pointSizeF());
    QSettings settings;
    settings.setValue(FamilyKey, chosen.family());
    settings.setValue(SizeKey, chosen.pointSizeF());
    m_isSystem = false;
    if (chosen == m_font)
        return;
    m_font = chosen;
    Q_EMIT fontChanged(m_font);
}

void TerminalFontSetting::resetToSystemFont()
{
    QSettings settings;
    settings.remove(FamilyKey);
    settings.remove(SizeKey);
    m_isSystem = true;
    if (m_font == systemFont())
        return;
    m_font = systemFont();
    Q_EMIT fontChanged(m_font);
}

} // namespace spaces
