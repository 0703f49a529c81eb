#include "cli/output.hpp"

#include <iomanip>
#include <iostream>

namespace vpt {

// Streamed, not dump()ed: a 2,000-device list is megabytes of text that
// need not exist twice.
void print_json(const nlohmann::ordered_json& value) { std::cout << std::setw(2) << value << '\n'; }

}  // namespace vpt
