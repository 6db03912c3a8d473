#pragma once

#include <QCoreApplication>
#include <QString>
#include <QTest>
#include <QWidget>

namespace spaces::test {

// With $SPACES_SCREENSHOT_DIR set, saves what the widget looks like now (laid out first), so
// the panels can be looked at as a user would see them.
inline void screenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("SPACES_SCREENSHOT_DIR");
    if (folder.isEmpty())
        return;
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(folder + u'/' + name));
}

} // namespace spaces::test
