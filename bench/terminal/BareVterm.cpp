#include "BareVterm.h"

#include <QElapsedTimer>
#include <vterm.h>

namespace spaces::bench {

double bareVtermMbPerSecond(const std::vector<QByteArray> &frames, int columns, int rows)
{
    VTerm *vterm = vterm_new(rows, columns);
    vterm_set_utf8(vterm, 1);
    VTermScreen *screen = vterm_obtain_screen(vterm);
    vterm_screen_reset(screen, 1);
    qint64 bytes = 0;
    QElapsedTimer clock;
    clock.start();
    for (const QByteArray &frame : frames) {
        vterm_input_write(vterm, frame.constData(), size_t(frame.size()));
        bytes += frame.size();
    }
    const qint64 ns = clock.nsecsElapsed();
    vterm_free(vterm);
    return double(bytes) / (double(ns) / 1e9) / 1e6;
}

} // namespace spaces::bench
