// bench_list_refresh: the app's refresh of a 10,000-space list from a real spacesd, the whole
// path: the answer, its parse off the Qt thread, SpaceListModel's diff and signals, the
// sorting SpaceFilterProxy and a shown QTableView over it (offscreen), as the main window has
// them. Per run another client changes one space's description, then the model refreshes
// (one row changes); a refresh the server answers 304 (nothing changed) is timed too. Each
// is measured as the longest event-loop stall while it runs (a 1 ms precise timer's
// lateness, StallProbe), against the same probe on an idle loop for as long (the anchor: what
// the shared machine alone does). The first load (10,000 rows inserted) is reported once.
//
//   cmake --build build --target bench_list_refresh spacesd && ./build/bench/bench_list_refresh
//   [runs]
#include "ManySpaces.h"
#include "RawHttpConnection.h"
#include "SpaceFilterProxy.h"
#include "SpaceListModel.h"
#include "SpacesdProcess.h"
#include "StallProbe.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHeaderView>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;
using bench::ManySpaces;
using bench::StallFigures;
using bench::StallProbe;

namespace {

struct Timed
{
    bool ok = false;
    double elapsedMs = 0;
    StallFigures stall;
};

// One model.refresh() until it reports, with the stall probe running throughout.
Timed timedRefresh(SpaceListModel &model)
{
    QEventLoop loop;
    bool ok = false;
    const QMetaObject::Connection done =
        QObject::connect(&model, &SpaceListModel::refreshed, &loop, [&] {
            ok = true;
            loop.quit();
        });
    const QMetaObject::Connection failed =
        QObject::connect(&model, &SpaceListModel::refreshFailed, &loop, [&] { loop.quit(); });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    StallProbe probe;
    QElapsedTimer timer;
    probe.start();
    timer.start();
    model.refresh();
    loop.exec();
    const double elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    probe.stop();
    QObject::disconnect(done);
    QObject::disconnect(failed);
    return {ok, elapsedMs, probe.figures()};
}

bool changeDescription(const test::SpacesdProcess &server, const QString &id,
                       const QByteArray &description)
{
    const QByteArray body = "{\"description\":\"" + description + "\"}";
    test::RawHttpConnection connection(server.url());
    return connection.send("PUT /api/spaces/" + id.toUtf8() +
                           " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " +
                           server.token().toUtf8() +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           QByteArray::number(body.size()) + "\r\n\r\n" + body) &&
           connection.readResponse().status == 200;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
    if (runs < 1) {
        std::fprintf(stderr, "usage: bench_list_refresh [runs >= 1]\n");
        return 2;
    }
    if (qEnvironmentVariableIsEmpty("SPACES_SPACESD"))
        qputenv("SPACES_SPACESD",
                (QCoreApplication::applicationDirPath() + u"/../bin/spacesd"_s).toLocal8Bit());
    constexpr int Spaces = 10000;
    test::SpacesdProcess server;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return 1;
    }
    if (!ManySpaces::create(server, Spaces)) {
        std::fprintf(stderr, "creating the spaces failed\n");
        return 1;
    }

    SpacesClient client(ConnectionSettings{server.url(), server.token()});
    SpaceListModel model(client);
    SpaceFilterProxy proxy;
    proxy.setSourceModel(&model);
    QTableView table;
    table.setModel(&proxy);
    table.setSortingEnabled(true);
    table.sortByColumn(SpaceListModel::NameColumn, Qt::AscendingOrder);
    table.verticalHeader()->hide();
    table.resize(1000, 700);
    table.show();

    const Timed load = timedRefresh(model);
    if (!load.ok || model.rowCount() != Spaces) {
        std::fprintf(stderr, "the first list did not load (%d rows)\n", model.rowCount());
        return 1;
    }
    std::printf("load of %d spaces (all inserted): %.1f ms, longest stall %.2f ms (p99 %.2f)\n",
                Spaces, load.elapsedMs, load.stall.longestMs, load.stall.p99Ms);

    const QString changed =
        model.data(model.index(Spaces / 2, 0), SpaceListModel::IdRole).toString();
    std::vector<double> changedStalls;
    std::vector<double> unchangedStalls;
    std::vector<double> controlStalls;
    for (int run = 0; run < runs; ++run) {
        const QByteArray description = "changed in run " + QByteArray::number(run + 1);
        if (!changeDescription(server, changed, description)) {
            std::fprintf(stderr, "the change was refused\n");
            return 1;
        }
        const Timed refresh = timedRefresh(model);
        const Space *space = model.space(changed);
        if (!refresh.ok || !space || space->description != QString::fromUtf8(description) ||
            model.rowCount() != Spaces) {
            std::fprintf(stderr, "run %d: the refresh did not bring the change\n", run + 1);
            return 1;
        }
        const Timed unchanged = timedRefresh(model);
        const StallFigures control =
            StallProbe::control(qint64(std::max(refresh.elapsedMs, 1.0)), false);
        changedStalls.push_back(refresh.stall.longestMs);
        unchangedStalls.push_back(unchanged.stall.longestMs);
        controlStalls.push_back(control.longestMs);
        std::printf("run %d: refresh with 1 of %d changed: %.1f ms, longest stall %.2f ms (p99 "
                    "%.2f); unchanged (304): %.1f ms, stall %.2f ms; idle loop as long: stall "
                    "%.2f ms\n",
                    run + 1, Spaces, refresh.elapsedMs, refresh.stall.longestMs,
                    refresh.stall.p99Ms, unchanged.elapsedMs, unchanged.stall.longestMs,
                    control.longestMs);
    }
    std::printf("\n%d runs, longest stall per refresh: changed best %.2f / median %.2f / worst "
                "%.2f ms (goal <= 16); unchanged median %.2f ms; idle loop median %.2f ms\n",
                runs, *std::min_element(changedStalls.begin(), changedStalls.end()),
                median(changedStalls),
                *std::max_element(changedStalls.begin(), changedStalls.end()),
                median(unchangedStalls), median(controlStalls));
    return 0;
}
