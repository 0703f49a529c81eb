// Result<T>: a value or an error message, for code whose caller decides
// whether a failure is fatal (parsers, sysfs reads).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vpt {

struct Failure {
    std::string message;
};

template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Failure failure) : state_(std::move(failure)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    T value_or(T fallback) const& { return ok() ? value() : std::move(fallback); }

    const std::string& error() const { return std::get<Failure>(state_).message; }

private:
    std::variant<T, Failure> state_;
};

}  // namespace vpt
