#pragma once

// Catches what a SpacesClient callback delivers. The state is shared with the callback, so a
// call that answers after the test function returned cannot write into a dead probe.
#include "SpacesClient.h"

#include <QTest>
#include <memory>
#include <optional>

namespace spaces::test {

template<typename T> class CallbackProbe final
{
public:
    SpacesClient::Callback<T> callback() const
    {
        return [state = m_state](const Expected<T> &result) {
            ++state->calls;
            state->result = result;
        };
    }

    // Runs the event loop until the callback ran (or the time is up); no fixed sleep.
    bool wait(int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([state = m_state] { return state->calls > 0; }, timeoutMs);
    }

    int calls() const { return m_state->calls; }
    bool called() const { return m_state->calls > 0; }
    bool ok() const { return m_state->result && m_state->result->hasValue(); }
    const Expected<T> &result() const { return *m_state->result; }
    const T &value() const { return m_state->result->value(); }
    const ApiError &error() const { return m_state->result->error(); }
    // "status 404, kind 4: space not found", for failure messages.
    QByteArray describe() const
    {
        if (!m_state->result)
            return "no result";
        if (m_state->result->hasValue())
            return "a value";
        const ApiError &e = m_state->result->error();
        return "status " + QByteArray::number(e.status) + ", kind " +
               QByteArray::number(static_cast<int>(e.kind())) + ": " + e.message.toUtf8();
    }

private:
    struct State
    {
        int calls = 0;
        std::optional<Expected<T>> result;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace spaces::test

// Waits for a probe and requires a value (prints the error otherwise).
#define SPACES_WAIT_OK(probe)                                                                      \
    do {                                                                                           \
        QVERIFY2((probe).wait(), "the callback was not called in time");                           \
        QVERIFY2((probe).ok(), (probe).describe().constData());                                    \
    } while (false)

// Waits for a probe and requires an error of the given kind.
#define SPACES_WAIT_ERROR(probe, expectedKind)                                                     \
    do {                                                                                           \
        QVERIFY2((probe).wait(), "the callback was not called in time");                           \
        QVERIFY2(!(probe).ok(), "expected an error, got a value");                                 \
        QVERIFY2((probe).error().kind() == (expectedKind), (probe).describe().constData());        \
    } while (false)
