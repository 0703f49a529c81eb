// Checks on the values vpt writes into XML attributes and elements. A bad
// value is refused with a Failure naming it; it is never emitted. (Escaping
// is the DOM's job: a checked value may still hold < > & ' ".)
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace vpt {

// A libvirt object name (network, pool): not empty, no '/', no control
// characters. `what` names it in the message, e.g. "network name".
Result<bool> check_object_name(std::string_view what, std::string_view name);

// A host network interface name as Linux and libvirt's schema accept it:
// 1 to 15 of [A-Za-z0-9_.-], not "." or "..".
Result<bool> check_interface_name(std::string_view name);

// An absolute path (a ROM image): starts with '/', has a file name, no
// control characters.
Result<bool> check_rom_file(std::string_view path);

// A device boot order: 1 or more.
Result<bool> check_boot_order(unsigned order);

// An 802.1Q VLAN id usable as a tag: 1 to 4094.
Result<bool> check_vlan_id(unsigned id);

// Whether `text` holds a control character (below 0x20, or 0x7f).
bool has_control(std::string_view text);

// `text` as it may be shown inside a one-line message: escaped as
// one_line() does, cut after 60 bytes.
std::string printable(std::string_view text);

}  // namespace vpt
