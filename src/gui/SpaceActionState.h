#pragma once

#include "SpaceStatus.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace spaces {

// Which toolbar actions apply to the selected spaces, and why not when they do not: a pure
// function of the selection, so the window only shows the answer.
class SpaceActionState final
{
    Q_DECLARE_TR_FUNCTIONS(SpaceActionState)

public:
    struct Selected
    {
        SpaceStatus status = SpaceStatus::Stopped;
        SpaceOperation operation = SpaceOperation::None;
        // Shown as Starting but deployed (its agent is not connected yet): stop and restart
        // apply as to a running space.
        bool awaitingAgent = false;
    };
    struct Verdict
    {
        bool enabled = false;
        QString whyNot; // a sentence, empty when enabled
    };

    SpaceActionState(bool connected, const QList<Selected> &selection);

    Verdict create() const;
    Verdict start() const;
    Verdict stop() const;
    Verdict restart() const;
    Verdict remove() const; // one space, or several when all of them are stopped
    Verdict refresh() const;

private:
    // `wanted`: the state a space must be in; `one`: exactly one space must be selected.
    Verdict verdict(SpaceStatus wanted, bool one, const QString &wrongState) const;
    // The status the actions go by: awaiting its agent counts as running, failed as stopped.
    static SpaceStatus settled(const Selected &selected);
    static bool isSettling(SpaceStatus status);

    bool m_connected = false;
    QList<Selected> m_selection;
};

} // namespace spaces
