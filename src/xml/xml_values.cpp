#include "xml/xml_values.hpp"

#include "core/text_escape.hpp"

namespace vpt {
namespace {

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

}  // namespace

bool has_control(std::string_view text) {
    for (char c : text)
        if (is_control(c)) return true;
    return false;
}

std::string printable(std::string_view text) { return one_line(text, 60); }

Result<bool> check_object_name(std::string_view what, std::string_view name) {
    if (name.empty()) return Failure{std::string(what) + " must not be empty"};
    if (name.find('/') != std::string_view::npos)
        return Failure{std::string(what) + " '" + printable(name) + "' must not contain '/'"};
    if (has_control(name))
        return Failure{std::string(what) + " '" + printable(name) +
                       "' must not contain control characters"};
    return true;
}

Result<bool> check_interface_name(std::string_view name) {
    auto bad = [&](const std::string& why) {
        return Failure{"invalid interface name '" + printable(name) + "': " + why};
    };
    if (name.empty()) return Failure{"interface name must not be empty"};
    if (name.size() > 15) return bad("at most 15 characters");
    if (name == "." || name == "..") return bad("not a name");
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
        if (!ok) return bad("only letters, digits, '_', '.' and '-'");
    }
    return true;
}

Result<bool> check_rom_file(std::string_view path) {
    if (path.empty()) return Failure{"ROM file path must not be empty"};
    if (path.front() != '/')
        return Failure{"ROM file '" + printable(path) + "' must be an absolute path"};
    if (path.size() < 2 || path.back() == '/')
        return Failure{"ROM file '" + printable(path) + "' must name a file"};
    if (has_control(path))
        return Failure{"ROM file '" + printable(path) + "' must not contain control characters"};
    return true;
}

Result<bool> check_boot_order(unsigned order) {
    if (order < 1) return Failure{"boot order must be 1 or more"};
    return true;
}

Result<bool> check_vlan_id(unsigned id) {
    if (id < 1 || id > 4094)
        return Failure{"VLAN id " + std::to_string(id) + " is out of range (1-4094)"};
    return true;
}

}  // namespace vpt
