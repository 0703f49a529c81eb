// How wide table lines may be: what COLUMNS says, else the width of the
// terminal stdout is (TIOCGWINSZ), else no limit (a pipe or a file gets
// whole values, for scripts).
#pragma once

#include <cstddef>
#include <optional>

namespace vpt {

// The limit for vpt's output on stdout.
std::optional<size_t> terminal_width();

// The choice itself: `columns_env` (COLUMNS, may be null) when it is a
// positive number, else `terminal` (the terminal's width, nullopt when
// stdout is no terminal).
std::optional<size_t> choose_width(const char* columns_env, std::optional<size_t> terminal);

}  // namespace vpt
