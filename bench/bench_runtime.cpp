// bench_runtime: start-to-deployed and stop latency of a space per backend, against floors,
// in one run, interleaved, `rounds` times. Against a real spacesd on a random loopback port:
//  - start: POST /api/spaces/{id}/start until its 200 ("ack": the launch is recorded), then
//    until the startup command really ran ("up": it wrote `up` in the space's home, seen
//    with inotify on the home, no polling in steps);
//  - stop: POST /api/spaces/{id}/stop until its 200, after which every process of the space
//    must be gone: checked each run (the flock the service holds is free, the sandbox's
//    launcher is gone, the container does not exist), never timed.
// Backends: sandbox (the default platform, bubblewrap), manual (unisolated, in a pid namespace
// of its own) and podman (skipped, with the reason, when podman cannot run a container here).
// The same backends called in this process (SandboxBackend, ManualBackend: launch() and stop()
// directly), so that the backend's own stop is told apart from HTTP and the Store's commits.
// Floors, timed in this process: fork+exec of the same command and kill+waitpid of it;
// bubblewrap alone with the sandbox's class of arguments, as the space's uid; `podman run -d`
// and `podman stop` + `podman rm` of the same image by hand.
//
//   cmake --build build --target bench_runtime spacesd && ./build/bench/bench_runtime [rounds]
//   SPACES_BENCH_SPACESD_LOG=/tmp/spacesd.log QT_LOGGING_RULES="spaces.*.debug=true" ...
#include "ChildProcess.h"
#include "Floors.h"
#include "InProcessBackend.h"
#include "ManualBackend.h"
#include "PrivatePodman.h"
#include "ReadyFile.h"
#include "SandboxBackend.h"
#include "SpaceTestKit.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace spaces;
using namespace spaces::bench;
using namespace spaces::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr auto UpLimit = 60s;

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// ---- through spacesd --------------------------------------------------------------------

struct BenchSpace
{
    QString label;
    QString id;
    QString podmanProgram; // empty: a local backend
};

Sample throughSpacesd(const TestServer &server, const BenchSpace &space)
{
    Sample sample;
    ReadyFile ready(server.home(space.id), u"up"_s);
    if (!ready.arm(&sample.failure))
        return sample;
    const ApiCall api = server.api();
    QElapsedTimer timer;
    timer.start();
    const ApiReply started = api.post(u"/api/spaces/%1/start"_s.arg(space.id));
    sample.ack = milliseconds(timer);
    if (started.status != 200) {
        sample.failure = u"start answered %1: %2"_s.arg(started.status).arg(started.error());
        return sample;
    }
    if (!ready.waitUntilWritten(UpLimit)) {
        sample.failure = u"the startup command did not write up"_s;
        return sample;
    }
    sample.up = milliseconds(timer);
    timer.start();
    const ApiReply stopped = api.post(u"/api/spaces/%1/stop"_s.arg(space.id));
    sample.stop = milliseconds(timer);
    if (stopped.status != 200) {
        sample.failure = u"stop answered %1: %2"_s.arg(stopped.status).arg(stopped.error());
        return sample;
    }
    // What the 200 of a stop promises: nothing of the space is left.
    if (!space.podmanProgram.isEmpty()) {
        const QString container = u"spaces-"_s + space.id;
        if (sleepers(PodmanSleeper) != 0)
            sample.failure = u"a process of the container outlived the stop"_s;
        else if (ChildProcess::run(space.podmanProgram, {u"container"_s, u"exists"_s, container}) !=
                 1)
            sample.failure = u"the container still exists after the stop"_s;
    } else if (isLockHeld(server.home(space.id) + u"/held.lock"_s)) {
        sample.failure = u"a process of the space outlived the stop"_s;
    } else if (isLockHeld(server.logFile(space.id))) {
        sample.failure = u"a launcher of the space outlived the stop"_s;
    }
    return sample;
}

double pingMilliseconds(const TestServer &server)
{
    std::vector<double> pings;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        server.api().get(u"/api/ping"_s);
        pings.push_back(milliseconds(timer));
    }
    return median(pings);
}

// ---- the run ----------------------------------------------------------------------------

enum Variant
{
    ForkExec,
    Bwrap,
    Manual,
    Sandbox,
    ManualInProcess,
    SandboxInProcess,
    SandboxUnstaged,
    PodmanRun,
    Podman,
    VariantCount
};

const char *const VariantNames[VariantCount] = {
    "fork+exec (floor)",     "bwrap alone (floor)",     "manual (spacesd)",
    "sandbox (spacesd)",     "manual backend alone",    "sandbox backend alone",
    "sandbox backend, root", "podman run/stop (floor)", "podman (spacesd)"};

struct Ratio
{
    const char *name;
    Variant measured;
    Variant floor;
    bool ofStop;
};

const Ratio Ratios[] = {
    {"sandbox / fork+exec, start (goal <= 3)", Sandbox, ForkExec, false},
    {"sandbox / fork+exec, stop (goal <= 2)", Sandbox, ForkExec, true},
    {"sandbox / bwrap alone, start", Sandbox, Bwrap, false},
    {"sandbox / bwrap alone, stop", Sandbox, Bwrap, true},
    {"sandbox backend alone / fork+exec, stop", SandboxInProcess, ForkExec, true},
    {"sandbox backend alone / bwrap alone, stop", SandboxInProcess, Bwrap, true},
    {"sandbox backend, root / bwrap alone, stop", SandboxUnstaged, Bwrap, true},
    {"manual / fork+exec, start", Manual, ForkExec, false},
    {"manual / fork+exec, stop", Manual, ForkExec, true},
    {"manual backend alone / fork+exec, stop", ManualInProcess, ForkExec, true},
    {"podman / podman run, start", Podman, PodmanRun, false},
    {"podman / podman stop+rm, stop", Podman, PodmanRun, true},
};

QString templateWith(const TestServer &server, const QJsonObject &body, QString *error)
{
    ApiReply reply;
    const QString id = server.createTemplate(body, &reply);
    if (id.isEmpty())
        *error = u"template %1: %2"_s.arg(body.value(u"name"_s).toString(), reply.error());
    return id;
}

QString spaceWith(const TestServer &server, const QString &name, const QString &templateId,
                  QString *error)
{
    ApiReply reply;
    const QString id = server.createSpace(name, templateId, {}, u"sh"_s, &reply);
    if (id.isEmpty())
        *error = u"space %1: %2"_s.arg(name, reply.error());
    return id;
}

void printCell(const Sample &sample)
{
    if (sample.ack >= 0)
        std::printf(" %9.2f", sample.ack);
    else
        std::printf(" %9s", "-");
    std::printf(" %9.2f %9.2f", sample.up, sample.stop);
}

using Series = std::vector<std::optional<Sample>>; // one per run; empty: skipped

void printMedians(const Series (&samples)[VariantCount], const std::vector<double> &pings)
{
    std::printf("\nmedian of %zu runs %21s %9s %9s\n", pings.size(), "ack", "up", "stop");
    for (int variant = 0; variant < VariantCount; ++variant) {
        std::vector<double> acks, ups, stops;
        for (const std::optional<Sample> &sample : samples[variant]) {
            if (!sample)
                continue;
            acks.push_back(sample->ack);
            ups.push_back(sample->up);
            stops.push_back(sample->stop);
        }
        if (ups.empty())
            continue;
        std::printf("  %-27s", VariantNames[variant]);
        printCell({median(acks), median(ups), median(stops), {}});
        std::printf("\n");
    }
    std::printf("  %-27s %9.2f\n", "http round trip", median(pings));
}

// Ratios of the same run (the variants of one run ran back to back), then their median.
void printRatios(const Series (&samples)[VariantCount])
{
    std::printf("\nratios (per run; median, min-max)\n");
    for (const Ratio &ratio : Ratios) {
        std::vector<double> values;
        const Series &measured = samples[ratio.measured];
        const Series &floor = samples[ratio.floor];
        for (std::size_t run = 0; run < measured.size() && run < floor.size(); ++run) {
            if (!measured[run] || !floor[run])
                continue;
            values.push_back(ratio.ofStop ? measured[run]->stop / floor[run]->stop
                                          : measured[run]->up / floor[run]->up);
        }
        if (values.empty())
            continue;
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        std::printf("  %-44s %8.2f   %.2f-%.2f\n", ratio.name, median(values), *low, *high);
    }
}

// Set by SIGINT/SIGTERM: the bench stops after the variant under way and returns from main,
// so that the destructors remove the spaces, spacesd, the containers and podman's storage.
volatile std::sig_atomic_t interrupted = 0;

void noteInterrupt(int)
{
    interrupted = 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::signal(SIGINT, noteInterrupt);
    std::signal(SIGTERM, noteInterrupt);
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
    if (qEnvironmentVariableIsEmpty("SPACES_SPACESD"))
        qputenv("SPACES_SPACESD",
                (QCoreApplication::applicationDirPath() + u"/../bin/spacesd"_s).toLocal8Bit());
    const QString bwrap = QStandardPaths::findExecutable(u"bwrap"_s);
    if (bwrap.isEmpty()) {
        std::fprintf(stderr, "bubblewrap (bwrap) is not installed: the sandbox cannot be run\n");
        return 1;
    }

    // Declared first, so that it is destroyed last: after spacesd, it removes every container
    // and image of its storage.
    PrivatePodman podman;
    const QString podmanSkip = podman.prepare();
    if (!podmanSkip.isEmpty())
        std::printf("podman: SKIPPED, %s\n", qPrintable(podmanSkip));

    QTemporaryDir floors;
    // bubblewrap alone runs as the spaces' uid, which must reach its home in there.
    QFile::setPermissions(floors.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                             QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                             QFile::ExeOther);
    const QString floorHome = floors.filePath(u"fork-home"_s);
    const QString bwrapHome = floors.filePath(u"bwrap-home"_s);
    const QString podmanHome = floors.filePath(u"podman-home"_s);
    InProcessBackend manualAlone(std::make_shared<ManualBackend>(), u"manual"_s,
                                 floors.filePath(u"manual-backend"_s));
    InProcessBackend sandboxAlone(std::make_shared<SandboxBackend>(SpaceUser::resolve()),
                                  u"sandbox"_s, floors.filePath(u"sandbox-backend"_s));
    // The same backend kept as root (bubblewrap started by root, no staging namespace): what
    // the staging of the home costs a stop.
    InProcessBackend sandboxRoot(std::make_shared<SandboxBackend>(SpaceUser{}), u"root"_s,
                                 floors.filePath(u"root-backend"_s));
    for (InProcessBackend *backend : {&manualAlone, &sandboxAlone, &sandboxRoot}) {
        QString failure;
        if (!backend->prepare(&failure)) {
            std::fprintf(stderr, "the in-process backend cannot run: %s\n", qPrintable(failure));
            return 1;
        }
    }
    for (const QString &home : {floorHome, bwrapHome, podmanHome})
        QDir().mkpath(home);

    TestServer server;
    if (const QByteArray log = qgetenv("SPACES_BENCH_SPACESD_LOG"); !log.isEmpty())
        server.process.setLogFile(QFile::decodeName(log));
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "spacesd did not start: %s\n", qPrintable(error));
        return 1;
    }
    BenchSpace manual{u"manual"_s, {}, {}};
    BenchSpace sandbox{u"sandbox"_s, {}, {}};
    BenchSpace podmanSpace{u"podman"_s, {}, podman.program()};
    const QString sandboxTemplate = templateWith(
        server, {{u"name"_s, u"bench-sandbox"_s}, {u"startup_command"_s, LocalCommand}}, &error);
    const QString manualTemplate = templateWith(server,
                                                {{u"name"_s, u"bench-manual"_s},
                                                 {u"platform"_s, u"manual"_s},
                                                 {u"startup_command"_s, LocalCommand}},
                                                &error);
    sandbox.id = spaceWith(server, u"bench-sandbox"_s, sandboxTemplate, &error);
    manual.id = spaceWith(server, u"bench-manual"_s, manualTemplate, &error);
    if (podman.isUsable()) {
        const QString podmanTemplate = templateWith(server,
                                                    {{u"name"_s, u"bench-podman"_s},
                                                     {u"platform"_s, u"podman"_s},
                                                     {u"image"_s, PrivatePodman::image()},
                                                     {u"startup_command"_s, PodmanCommand}},
                                                    &error);
        podmanSpace.id = spaceWith(server, u"bench-podman"_s, podmanTemplate, &error);
    }
    if (sandbox.id.isEmpty() || manual.id.isEmpty() ||
        (podman.isUsable() && podmanSpace.id.isEmpty())) {
        std::fprintf(stderr, "could not set the spaces up: %s\n", qPrintable(error));
        return 1;
    }

    // A start and stop of each space that is not timed: it makes the homes (spacesd creates
    // them at the first start), and the sandbox's home tells the uid spacesd gives its
    // spaces, which bubblewrap alone then runs as.
    for (const BenchSpace *space : {&sandbox, &manual, &podmanSpace}) {
        if (space->id.isEmpty())
            continue;
        const ApiReply started = server.api().post(u"/api/spaces/%1/start"_s.arg(space->id));
        const ApiReply stopped = server.api().post(u"/api/spaces/%1/stop"_s.arg(space->id));
        if (started.status != 200 || stopped.status != 200) {
            std::fprintf(stderr, "the %s space failed: start %d (%s), stop %d (%s)\n",
                         qPrintable(space->label), started.status, qPrintable(started.error()),
                         stopped.status, qPrintable(stopped.error()));
            return 1;
        }
    }
    struct stat owner = {};
    if (::stat(QFile::encodeName(server.home(sandbox.id)).constData(), &owner) != 0) {
        std::fprintf(stderr, "the sandbox space has no home\n");
        return 1;
    }
    if (::chown(QFile::encodeName(bwrapHome).constData(), owner.st_uid, owner.st_gid) != 0) {
        std::fprintf(stderr, "cannot give %s to uid %u for bubblewrap alone\n",
                     qPrintable(bwrapHome), unsigned(owner.st_uid));
        return 1;
    }
    std::printf("spacesd %s, pid %lld; spaces run as uid %u; %d runs; times in ms\n",
                qPrintable(server.process.url().toString()), server.process.processId(),
                unsigned(owner.st_uid), runs);

    const auto measure = [&](Variant variant) -> std::optional<Sample> {
        switch (variant) {
        case ForkExec:
            return forkExecFloor(floorHome);
        case Bwrap:
            return bwrapFloor(bwrap, bwrapHome, owner.st_uid, owner.st_gid);
        case Manual:
            return throughSpacesd(server, manual);
        case Sandbox:
            return throughSpacesd(server, sandbox);
        case ManualInProcess:
            return manualAlone.measure();
        case SandboxInProcess:
            return sandboxAlone.measure();
        case SandboxUnstaged:
            return sandboxRoot.measure();
        case PodmanRun:
            return podman.isUsable() ? std::optional(podmanFloor(podman, podmanHome))
                                     : std::nullopt;
        case Podman:
            return podman.isUsable() ? std::optional(throughSpacesd(server, podmanSpace))
                                     : std::nullopt;
        case VariantCount:
            break;
        }
        return std::nullopt;
    };
    for (int variant = 0; variant < VariantCount; ++variant) {
        if (const std::optional<Sample> sample = measure(Variant(variant));
            sample && !sample->failure.isEmpty()) {
            std::fprintf(stderr, "%s failed: %s\n", VariantNames[variant],
                         qPrintable(sample->failure));
            return 1;
        }
    }

    Series samples[VariantCount];
    std::vector<double> pings;
    for (int run = 0; run < runs; ++run) {
        std::printf("\nrun %d %29s %9s %9s\n", run + 1, "ack", "up", "stop");
        for (int variant = 0; variant < VariantCount; ++variant) {
            const std::optional<Sample> sample = measure(Variant(variant));
            samples[variant].push_back(sample);
            if (!sample)
                continue;
            std::printf("  %-27s", VariantNames[variant]);
            printCell(*sample);
            std::printf("\n");
            if (!sample->failure.isEmpty()) {
                std::fprintf(stderr, "%s failed: %s\n", VariantNames[variant],
                             qPrintable(sample->failure));
                return 1;
            }
        }
        if (interrupted) {
            std::fprintf(stderr, "interrupted: removing what the bench started\n");
            return 130;
        }
        pings.push_back(pingMilliseconds(server));
        std::printf("  %-27s %9.2f   (GET /api/ping, median of 5, a new connection each)\n",
                    "http round trip", pings.back());
        std::fflush(stdout);
    }

    printMedians(samples, pings);
    printRatios(samples);
    if (!podmanSkip.isEmpty())
        std::printf("  podman: skipped, %s\n", qPrintable(podmanSkip));
    return 0;
}
