// A command as the user would type it, for the messages that name the next
// command to run ("vpt unassign web 0000:01:00.0") and for the audit trail:
// each word shell-quoted when it needs to be, so a guest named "my vm" is
// 'my vm' and the line can be pasted as it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vpt {

// `word` as a POSIX shell reads it back: as it is when it holds only
// characters the shell leaves alone, else in single quotes.
std::string shell_word(std::string_view word);

// The words joined by spaces, each a shell_word.
std::string command_text(const std::vector<std::string>& words);

}  // namespace vpt
