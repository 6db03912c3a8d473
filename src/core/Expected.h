#pragma once

#include "ApiError.h"

#include <optional>
#include <utility>

namespace spaces {

// A value or the ApiError that prevented it (std::expected is C++23; this is the part we use).
template<typename T> class Expected final
{
public:
    Expected() = default; // neither: needed by QFuture's result store
    Expected(T value)
        : m_value(std::move(value))
    {}
    Expected(ApiError error)
        : m_error(std::move(error))
    {}

    bool hasValue() const { return m_value.has_value(); }
    explicit operator bool() const { return hasValue(); }

    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const T &operator*() const { return *m_value; }

    const ApiError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ApiError m_error;
};

// Success or the ApiError that prevented it: for operations that yield nothing but may fail,
// such as a write that must be committed before the caller answers.
template<> class Expected<void> final
{
public:
    Expected() = default; // success
    Expected(ApiError error)
        : m_error(std::move(error))
        , m_failed(true)
    {}

    bool hasValue() const { return !m_failed; }
    explicit operator bool() const { return hasValue(); }

    const ApiError &error() const { return m_error; }

private:
    ApiError m_error;
    bool m_failed = false;
};

} // namespace spaces
