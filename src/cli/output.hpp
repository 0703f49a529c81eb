// Where command results go: JSON or text on stdout, never errors.
#pragma once

#include <nlohmann/json.hpp>

namespace vpt {

// Pretty-printed, with a trailing newline.
void print_json(const nlohmann::ordered_json& value);

}  // namespace vpt
