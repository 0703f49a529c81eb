// Where a command's JSON goes: stdout, in one write; errors never go there.
#pragma once

#include <nlohmann/json.hpp>

namespace vpt {

// Pretty-printed, with a trailing newline.
void print_json(const nlohmann::ordered_json& value);

}  // namespace vpt
