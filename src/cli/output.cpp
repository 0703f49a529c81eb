#include "cli/output.hpp"

#include <iostream>

namespace vpt {

void print_json(const nlohmann::ordered_json& value) { std::cout << value.dump(2) << '\n'; }

}  // namespace vpt
