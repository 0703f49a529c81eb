#include "xml/virtualport.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

#include "xml/xml_values.hpp"

namespace vpt {
namespace {

enum class Kind { uint8, uint24, uuid, profile_id };

struct Parameter {
    const char* name;
    Kind kind;
    bool required;
};

struct PortType {
    const char* name;
    std::vector<Parameter> parameters;
};

const std::vector<PortType>& port_types() {
    static const std::vector<PortType> types = {
        {"802.1Qbg",
         {{"managerid", Kind::uint8, true},
          {"typeid", Kind::uint24, true},
          {"typeidversion", Kind::uint8, true},
          {"instanceid", Kind::uuid, false}}},
        {"802.1Qbh", {{"profileid", Kind::profile_id, true}}},
        {"openvswitch", {{"profileid", Kind::profile_id, false}, {"interfaceid", Kind::uuid, false}}},
        {"midonet", {{"interfaceid", Kind::uuid, true}}},
    };
    return types;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// libvirt's uint8/uint24: 0x followed by 1..2 (or 1..6) hex digits, or decimal.
bool is_unsigned(std::string_view text, unsigned hex_digits, uint64_t max) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x')) {
        auto digits = text.substr(2);
        if (digits.size() > hex_digits) return false;
        for (char c : digits)
            if (!is_hex(c)) return false;
        return true;
    }
    if (text.empty() || text.size() > 8) return false;
    uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + uint64_t(c - '0');
    }
    return value <= max;
}

// 32 hex digits, or 8-4-4-4-12.
bool is_uuid(std::string_view text) {
    if (text.size() == 32) {
        for (char c : text)
            if (!is_hex(c)) return false;
        return true;
    }
    if (text.size() != 36) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
    }
    return true;
}

Result<bool> check_value(const std::string& type, const Parameter& parameter, const std::string& value) {
    auto bad = [&](const char* expected) {
        return Failure{"virtualport " + type + " parameter " + parameter.name + "='" + printable(value) +
                       "': expected " + expected};
    };
    switch (parameter.kind) {
    case Kind::uint8:
        if (!is_unsigned(value, 2, 0xff)) return bad("a number 0-255 (or 0x00-0xff)");
        break;
    case Kind::uint24:
        if (!is_unsigned(value, 6, 0xffffff)) return bad("a number 0-16777215 (or 0x0-0xffffff)");
        break;
    case Kind::uuid:
        if (!is_uuid(value)) return bad("a UUID");
        break;
    case Kind::profile_id:
        if (value.empty() || value.size() > 39) return bad("1 to 39 characters");
        if (has_control(value)) return bad("no control characters");
        break;
    }
    return true;
}

std::string names_of(const std::vector<Parameter>& parameters) {
    std::string names;
    for (const auto& p : parameters) names += (names.empty() ? "" : ", ") + std::string(p.name);
    return names;
}

}  // namespace

Result<bool> check_virtualport(const VirtualPortSpec& spec) {
    const PortType* type = nullptr;
    for (const auto& candidate : port_types())
        if (spec.type == candidate.name) type = &candidate;
    if (!type)
        return Failure{"unknown virtualport type '" + printable(spec.type) +
                       "' (use 802.1Qbg, 802.1Qbh, openvswitch or midonet)"};
    for (const auto& [name, value] : spec.parameters) {
        const Parameter* parameter = nullptr;
        for (const auto& candidate : type->parameters)
            if (name == candidate.name) parameter = &candidate;
        if (!parameter)
            return Failure{"virtualport " + spec.type + " has no parameter '" + printable(name) +
                           "' (it takes " + names_of(type->parameters) + ")"};
        if (auto ok = check_value(spec.type, *parameter, value); !ok) return ok;
    }
    for (const auto& parameter : type->parameters)
        if (parameter.required && !spec.parameters.count(parameter.name))
            return Failure{"virtualport " + spec.type + " needs the parameter " + parameter.name};
    return true;
}

void append_virtualport(pugi::xml_node parent, const VirtualPortSpec& spec) {
    auto port = parent.append_child("virtualport");
    port.append_attribute("type") = spec.type.c_str();
    if (spec.parameters.empty()) return;
    auto parameters = port.append_child("parameters");
    for (const auto& [name, value] : spec.parameters)
        parameters.append_attribute(name.c_str()) = value.c_str();
}

}  // namespace vpt
