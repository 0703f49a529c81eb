// Text measured as a terminal shows it: in characters, not bytes. Names
// from libvirt (vendor, product, guest) are UTF-8 whatever the locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vpt {

// Characters (UTF-8 code points) in `text`; a stray byte counts as one.
size_t text_width(std::string_view text);

// `text` cut to at most `width` characters, the last one "…" when it was
// cut; `text` itself when it fits. A width of 0 gives "".
std::string shorten_text(std::string_view text, size_t width);

// `text` in lines of at most `width` characters, broken at spaces (a word
// longer than a line is broken inside); at least one line.
std::vector<std::string> wrap_text(std::string_view text, size_t width);

}  // namespace vpt
