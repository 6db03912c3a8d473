// bench_space_list: what SpaceListModel costs with 10,000 spaces. In one run it times
//  - load:    applySpaces() of 10,000 spaces on an empty model (10,000 rows inserted), and
//  - refresh: applySpaces() of a fresh copy of the same list in which one space changed
//             (what a poll brings), which must be one dataChanged and nothing else,
// and reports both, their ratio refresh/load, and the peak RSS (VmHWM) while holding them.
//
//   cmake --build build --target bench_space_list && ./build/bench/bench_space_list [spaces] [runs]
#include "SpaceListModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QUuid>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace spaces;
using namespace Qt::StringLiterals;

namespace {

// A list as the server would send it, built afresh each time (no data shared between lists,
// as after parsing JSON).
SpaceList makeSpaces(int count)
{
    SpaceList spaces;
    spaces.reserve(count);
    const QDateTime created =
        QDateTime::fromString(u"2026-01-02T03:04:05.678Z"_s, Qt::ISODateWithMs);
    for (int i = 0; i < count; ++i) {
        Space space;
        // Deterministic UUID-shaped ids, so that two lists agree.
        space.id = u"%1-0000-4000-8000-%2"_s.arg(i, 8, 16, QLatin1Char('0'))
                       .arg(i * 7919, 12, 16, QLatin1Char('0'));
        space.userId = u"00000000-0000-4000-8000-000000000001"_s;
        space.username = u"developer"_s;
        space.name = u"space-%1"_s.arg(i);
        space.description = u"Development space number %1 for the benchmark"_s.arg(i);
        space.templateId = u"00000000-0000-4000-8000-00000000000%1"_s.arg(i % 3);
        space.templateName = i % 3 == 0 ? u"blank"_s : i % 3 == 1 ? u"service"_s : u"python"_s;
        space.shell = u"bash"_s;
        space.zone = u"local"_s;
        space.isDeployed = i % 4 == 0;
        space.createdAt = created.addSecs(i);
        if (space.isDeployed)
            space.startedAt = created.addSecs(i + 60);
        space.customFields = {{u"environment"_s, u"testing"_s}};
        spaces.append(std::move(space));
    }
    return spaces;
}

qint64 peakRssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const int count = arguments.size() > 1 ? arguments.at(1).toInt() : 10000;
    const int runs = arguments.size() > 2 ? arguments.at(2).toInt() : 5;
    if (count < 2 || runs < 1) {
        std::fprintf(stderr, "usage: bench_space_list [spaces >= 2] [runs >= 1]\n");
        return 2;
    }
    // Never contacted: the model is fed directly.
    SpacesClient client(ConnectionSettings{QUrl(u"http://127.0.0.1:9"_s), u"token"_s});
    const qint64 rssBefore = peakRssKiB();

    std::vector<double> loads;
    std::vector<double> refreshes;
    std::vector<double> ratios;
    qint64 rssHolding = 0;
    for (int run = 0; run < runs; ++run) {
        const SpaceList first = makeSpaces(count);
        SpaceList second = makeSpaces(count);
        second[count / 2].description = u"changed"_s;

        auto model = std::make_unique<SpaceListModel>(client);
        // Counted, not recorded: a QSignalSpy would add its own cost to the timings.
        int changed = 0;
        int inserted = 0;
        int others = 0; // removed, reset, layout changed
        QObject::connect(model.get(), &QAbstractItemModel::dataChanged, [&changed] { ++changed; });
        QObject::connect(model.get(), &QAbstractItemModel::rowsInserted,
                         [&inserted] { ++inserted; });
        QObject::connect(model.get(), &QAbstractItemModel::rowsRemoved, [&others] { ++others; });
        QObject::connect(model.get(), &QAbstractItemModel::modelReset, [&others] { ++others; });
        QObject::connect(model.get(), &QAbstractItemModel::layoutChanged, [&others] { ++others; });

        QElapsedTimer timer;
        timer.start();
        model->applySpaces(first);
        const double loadMs = double(timer.nsecsElapsed()) / 1e6;
        inserted = 0;

        timer.restart();
        model->applySpaces(second);
        const double refreshMs = double(timer.nsecsElapsed()) / 1e6;

        if (model->rowCount() != count || changed != 1 || inserted != 0 || others != 0) {
            std::fprintf(stderr, "run %d: wrong signals (rows %d, dataChanged %d)\n", run + 1,
                         model->rowCount(), changed);
            return 1;
        }
        rssHolding = std::max(rssHolding, peakRssKiB());
        loads.push_back(loadMs);
        refreshes.push_back(refreshMs);
        ratios.push_back(refreshMs / loadMs);
        std::printf("run %d: load %.2f ms, refresh (1 changed) %.2f ms, refresh/load %.3f\n",
                    run + 1, loadMs, refreshMs, refreshMs / loadMs);
    }
    std::printf("\n%d spaces, %d runs (median, best)\n", count, runs);
    std::printf("load    %8.2f ms  %8.2f ms\n", median(loads),
                *std::min_element(loads.begin(), loads.end()));
    std::printf("refresh %8.2f ms  %8.2f ms  (1 dataChanged, no insert/remove/reset/layout)\n",
                median(refreshes), *std::min_element(refreshes.begin(), refreshes.end()));
    std::printf("refresh/load ratio %.3f (median of per-run ratios)\n", median(ratios));
    std::printf("peak RSS (VmHWM): %lld KiB before, %lld KiB holding the model and both lists\n",
                static_cast<long long>(rssBefore), static_cast<long long>(rssHolding));
    return 0;
}
