#include "view/json_output.hpp"

#include <cstdio>

namespace vpt {

// Serialised into one string and written at once: streaming into std::cout
// costs a locked stdio call per character.
void print_json(const nlohmann::ordered_json& value) {
    std::string text = value.dump(2);
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

}  // namespace vpt
