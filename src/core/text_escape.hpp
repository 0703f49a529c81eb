// Text from outside vpt (the user's arguments, libvirt's messages) made safe
// to print as one line on a terminal: nothing in it can start a new line,
// move the cursor or recolour the screen, and it has a bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace vpt {

// `text` with every byte a terminal could act on spelled out: a newline as
// \n; other C0 controls, DEL, C1 controls, bidirectional overrides and bytes
// that are not UTF-8 as \xNN per byte. Valid UTF-8 otherwise stays as it is,
// and so does a backslash: escaping twice changes nothing.
std::string escape_text(std::string_view text);

// escape_text(text) cut to at most `limit` bytes on a character boundary;
// when cut, "…(N more bytes)" follows, N counted in `text`.
std::string one_line(std::string_view text, size_t limit);

// A message as vpt prints it as its one error line: escaped, and bounded.
// vpt's own words are short, what floods a line is a quoted value: so a
// message over `error_line_limit` first has each word (a run without a
// space) longer than `error_word_limit` cut, keeping the sentence around
// it; whatever is still over `error_line_ceiling` is cut at the end.
inline constexpr size_t error_line_limit = 300;
inline constexpr size_t error_word_limit = 100;
inline constexpr size_t error_line_ceiling = 1000;
std::string error_line(std::string_view message);

// `text` up to its first line break (\n or \r), and what follows that break.
struct FirstLine {
    std::string_view first;
    std::string_view rest;
};
FirstLine split_first_line(std::string_view text);

}  // namespace vpt
