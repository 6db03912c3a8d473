#include "SizedSession.h"

#include "TerminalScreen.h"
#include "TerminalSession.h"
#include "TerminalView.h"

#include <QApplication>
#include <cstdio>

namespace spaces::bench {

bool showSized(TerminalSession &session, int columns, int rows)
{
    TerminalView *view = session.view();
    session.show();
    const QSize cell = view->cellSize();
    const QSize chrome = session.size() - view->viewport()->size();
    session.resize(QSize(columns * cell.width(), rows * cell.height()) + chrome);
    QApplication::processEvents();
    if (session.screen().rows() == rows && session.screen().columns() == columns)
        return true;
    std::fprintf(stderr, "note: view is %dx%d cells\n", session.screen().columns(),
                 session.screen().rows());
    return false;
}

} // namespace spaces::bench
