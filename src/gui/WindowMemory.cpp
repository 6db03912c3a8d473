#include "WindowMemory.h"

#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <algorithm>

namespace spaces {

namespace {
const QString Group = QStringLiteral("window");
constexpr double MostOfTheScreen = 0.9;

QString selectionKey(const QString &profileId)
{
    return QStringLiteral("selectedSpace/") +
           (profileId.isEmpty() ? QStringLiteral("default") : profileId);
}
} // namespace

WindowMemory::WindowMemory()
{
    QSettings settings;
    settings.beginGroup(Group);
    m_geometry = settings.value(QStringLiteral("geometry")).toByteArray();
    m_windowState = settings.value(QStringLiteral("state")).toByteArray();
    m_splitterState = settings.value(QStringLiteral("splitter")).toByteArray();
    m_headerState = settings.value(QStringLiteral("spaceTableHeader")).toByteArray();
    m_tab = settings.value(QStringLiteral("tab")).toString();
}

QString WindowMemory::selectedSpace(const QString &profileId) const
{
    if (profileId == m_selectedProfile && !m_selectedSpace.isNull())
        return m_selectedSpace;
    QSettings settings;
    settings.beginGroup(Group);
    return settings.value(selectionKey(profileId)).toString();
}

void WindowMemory::setSelectedSpace(const QString &profileId, const QString &spaceId)
{
    m_selectedProfile = profileId;
    m_selectedSpace = spaceId.isNull() ? QStringLiteral("") : spaceId;
}

void WindowMemory::save() const
{
    QSettings settings;
    if (settings.status() != QSettings::NoError)
        return;
    settings.beginGroup(Group);
    settings.setValue(QStringLiteral("geometry"), m_geometry);
    settings.setValue(QStringLiteral("state"), m_windowState);
    settings.setValue(QStringLiteral("splitter"), m_splitterState);
    settings.setValue(QStringLiteral("spaceTableHeader"), m_headerState);
    settings.setValue(QStringLiteral("tab"), m_tab);
    if (!m_selectedSpace.isNull())
        settings.setValue(selectionKey(m_selectedProfile), m_selectedSpace);
}

QRect WindowMemory::fitted(const QRect &wanted, const QRect &available, double fraction)
{
    if (available.isEmpty())
        return wanted;
    const QSize most(int(available.width() * fraction), int(available.height() * fraction));
    const QSize size = wanted.size().boundedTo(most).expandedTo(QSize(1, 1));
    QRect placed(QPoint(), size);
    if (wanted.topLeft().x() < 0 && wanted.topLeft().y() < 0) {
        placed.moveCenter(available.center());
        return placed;
    }
    placed.moveTopLeft(wanted.topLeft());
    // Inside the screen: pulled back from the right and bottom edges, then from the left and top.
    placed.moveRight(std::min(placed.right(), available.right()));
    placed.moveBottom(std::min(placed.bottom(), available.bottom()));
    placed.moveLeft(std::max(placed.left(), available.left()));
    placed.moveTop(std::max(placed.top(), available.top()));
    return placed;
}

void WindowMemory::fitOnScreen(QMainWindow &window, bool restored)
{
    const QScreen *screen = window.screen() ? window.screen() : QGuiApplication::primaryScreen();
    if (!screen || (window.windowState() & (Qt::WindowMaximized | Qt::WindowFullScreen)))
        return;
    const QRect available = screen->availableGeometry();
    // The frame around the window takes room too; it is known once shown, guessed before.
    const QSize frame =
        window.isVisible() ? window.frameGeometry().size() - window.size() : QSize(0, 0);
    QRect wanted(restored ? window.pos() : QPoint(-1, -1), window.size() + frame);
    const QRect placed = fitted(wanted, available, restored ? 1.0 : MostOfTheScreen);
    // A layout may refuse to be that small: its minimum is lowered to what fits.
    window.setMinimumSize(window.minimumSizeHint().boundedTo(placed.size() - frame));
    window.resize(placed.size() - frame);
    window.move(placed.topLeft());
}

} // namespace spaces
