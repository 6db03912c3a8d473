// spaces-desktop: the desktop app. Thin: the window and the connection live in spaces_gui.
#include "AppSession.h"
#include "ConnectionProfiles.h"
#include "MainWindow.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QTranslator>
#include <cstdio>
#include <cstring>

namespace {

// --version and --help answer before QApplication exists, so that they work where no display
// is (a package's post-install check, a terminal over ssh).
bool answeredOnTheCommandLine(int argc, char *argv[])
{
    for (int index = 1; index < argc; ++index) {
        if (std::strcmp(argv[index], "--version") == 0 || std::strcmp(argv[index], "-v") == 0) {
            std::printf("spaces-desktop %s\n", PROJECT_VERSION_TEXT);
            return true;
        }
        if (std::strcmp(argv[index], "--help") == 0 || std::strcmp(argv[index], "-h") == 0) {
            std::printf("Usage: spaces-desktop [Qt options]\n\n"
                        "The desktop app of Spaces Desktop: manages development spaces on this "
                        "computer\n(the local spacesd, started when none answers) or on Knot "
                        "servers.\n\n"
                        "  -h, --help     show this help\n"
                        "  -v, --version  show the version\n");
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (answeredOnTheCommandLine(argc, argv))
        return 0;
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("spaces-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("Spaces Desktop"));
    QApplication::setOrganizationName(QStringLiteral("spaces"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_TEXT));
    // The installed .desktop file and icon (packaging/) are named by the AppStream id.
    QApplication::setDesktopFileName(QStringLiteral("local.spaces.SpacesDesktop"));
    QApplication::setWindowIcon(
        QIcon::fromTheme(QStringLiteral("local.spaces.SpacesDesktop"),
                         QIcon(QStringLiteral(":/icons/spaces-desktop-256.png"))));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QStringLiteral("/usr/share/qt6/translations")))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("spaces_desktop"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    spaces::ConnectionProfiles profiles;
    spaces::AppSession session;
    spaces::MainWindow window(session, profiles);
    window.show();
    window.connectToCurrentProfile();
    return QApplication::exec();
}
