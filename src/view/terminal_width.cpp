#include "view/terminal_width.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace vpt {

std::optional<size_t> choose_width(const char* columns_env, std::optional<size_t> terminal) {
    if (columns_env && *columns_env) {
        std::string text = columns_env;
        if (text.find_first_not_of("0123456789") == std::string::npos && text.size() < 7) {
            size_t width = std::stoul(text);
            if (width > 0) return width;
        }
    }
    if (terminal && *terminal > 0) return terminal;
    return std::nullopt;
}

std::optional<size_t> terminal_width() {
    std::optional<size_t> terminal;
    winsize size{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        terminal = size.ws_col;
    return choose_width(std::getenv("COLUMNS"), terminal);
}

}  // namespace vpt
