// spaces-desktop: the desktop app. Thin: the window and the connection live in spaces_gui.
#include "AppSession.h"
#include "ConnectionProfiles.h"
#include "MainWindow.h"

#include <QApplication>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("spaces-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("Spaces Desktop"));
    QApplication::setOrganizationName(QStringLiteral("spaces"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_TEXT));
    QApplication::setDesktopFileName(QStringLiteral("spaces-desktop"));

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
