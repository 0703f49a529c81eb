// The PCIe Device Serial Number: an extended capability (ID 0x0003) in a
// device's configuration space, which sysfs exposes in full (4096 bytes) to
// root. It is the strongest identity a PCIe function carries: two cards of
// the same model differ in it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vpt {

// The serial number in `config` (the bytes of sysfs's `config` file), in
// lspci's form "00-11-22-33-44-55-66-77" (most significant byte first); none
// when the space is too short (not root, or conventional PCI), the
// capability is missing, the capability list is garbled, or the number is
// all zeroes or all ones (no serial worth the name).
std::optional<std::string> find_device_serial_number(std::string_view config);

// Whether `text` has the form find_device_serial_number() writes.
bool is_device_serial_number(std::string_view text);

}  // namespace vpt
