#pragma once

#include <QByteArray>
#include <QRect>
#include <QString>

class QMainWindow;
class QScreen;
class QSettings;

namespace spaces {

// What the window remembers between runs, in the application's QSettings (group "window"):
// geometry and state, the splitter, the space table's header (column widths, sort order),
// the open tab, and the selected space of each connection.
class WindowMemory final
{
public:
    WindowMemory();

    QByteArray geometry() const { return m_geometry; }
    QByteArray windowState() const { return m_windowState; }
    QByteArray splitterState() const { return m_splitterState; }
    QByteArray headerState() const { return m_headerState; }
    QString tab() const { return m_tab; }
    QString selectedSpace(const QString &profileId) const;

    void setGeometry(const QByteArray &geometry) { m_geometry = geometry; }
    void setWindowState(const QByteArray &state) { m_windowState = state; }
    void setSplitterState(const QByteArray &state) { m_splitterState = state; }
    void setHeaderState(const QByteArray &state) { m_headerState = state; }
    void setTab(const QString &tab) { m_tab = tab; }
    void setSelectedSpace(const QString &profileId, const QString &spaceId);

    // Writes everything set (nothing when the application has no settings location).
    void save() const;

    // Where a window wanting `wanted` fits on `available`: never larger than `fraction` of
    // it, inside it, centred when `wanted` has no place of its own (a negative top left).
    static QRect fitted(const QRect &wanted, const QRect &available, double fraction);
    // Moves and sizes the window so that it fits on its screen: a first window gets at most
    // 90% of the screen, centred; a restored one keeps its place and size, within the screen.
    static void fitOnScreen(QMainWindow &window, bool restored);

private:
    QByteArray m_geometry;
    QByteArray m_windowState;
    QByteArray m_splitterState;
    QByteArray m_headerState;
    QString m_tab;
    QString m_selectedProfile;
    QString m_selectedSpace;
};

} // namespace spaces
