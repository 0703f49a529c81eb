#include "core/host_locality.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace vpt {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view first_label(std::string_view name) { return name.substr(0, name.find('.')); }

// The clause naming the source libvirt's UUID matched, or "" for none.
std::string matching_source(const std::string& uuid, const ThisMachine& here) {
    if (!uuid.empty() && uuid == normalized_uuid(here.product_uuid)) return "its SMBIOS system UUID";
    if (!uuid.empty() && uuid == normalized_uuid(here.machine_id)) return "its machine-id";
    return "";
}

HostLocality remote(std::string reason) { return {Locality::remote, std::move(reason)}; }

}  // namespace

// 32 lowercase hex digits, placeholders included; "" when not a UUID.
std::string uuid_digits(std::string_view text) {
    std::string hex;
    for (char c : text) {
        if (c == '-' || c == '{' || c == '}' || std::isspace(static_cast<unsigned char>(c))) continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return "";
        hex += char(std::tolower(static_cast<unsigned char>(c)));
    }
    return hex.size() == 32 ? hex : "";
}

std::string normalized_uuid(std::string_view text) {
    std::string hex = uuid_digits(text);
    if (hex.empty()) return "";
    bool one_byte = true;
    for (size_t i = 2; i < hex.size(); i += 2) one_byte = one_byte && hex.compare(i, 2, hex, 0, 2) == 0;
    return one_byte ? "" : hex;
}

bool same_hostname(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return false;
    std::string x = lower(a), y = lower(b);
    if (x == y) return true;
    bool x_short = x.find('.') == std::string::npos, y_short = y.find('.') == std::string::npos;
    if (x_short == y_short) return false;  // two short names, or two full names, that differ
    return first_label(x) == first_label(y);
}

HostLocality decide_locality(const LibvirtHostClaims& libvirt, const ThisMachine& here) {
    if (libvirt.test_driver)
        return {Locality::test_driver, "libvirt's test driver has no host"};
    if (libvirt.hostname.empty())
        return remote("libvirt did not say its hostname (" +
                      (libvirt.hostname_error.empty() ? std::string("no answer") : libvirt.hostname_error) + ")");
    if (here.hostname.empty()) return remote("this machine's hostname cannot be read");
    if (!same_hostname(libvirt.hostname, here.hostname))
        return remote("libvirt's host is '" + libvirt.hostname + "', this machine is '" + here.hostname + "'");
    std::string uuid = normalized_uuid(libvirt.uuid);
    // Firmware without a UUID of its own (QEMU without -uuid) gives all
    // zeros, and libvirt reports that as it read it: the same placeholder in
    // this machine's SMBIOS is the same field read twice, which with the
    // hostname is all there is to go by.
    std::string placeholder = uuid.empty() ? uuid_digits(libvirt.uuid) : "";
    if (!placeholder.empty() && placeholder == uuid_digits(here.product_uuid))
        return {Locality::local, "libvirt's host '" + libvirt.hostname +
                                     "' has this machine's hostname and the same placeholder SMBIOS system UUID " +
                                     libvirt.uuid};
    if (uuid.empty())
        return remote("libvirt did not say its host UUID (" +
                      (libvirt.uuid_error.empty() ? "'" + libvirt.uuid + "' is none" : libvirt.uuid_error) + ")");
    if (normalized_uuid(here.product_uuid).empty() && normalized_uuid(here.machine_id).empty() &&
        here.product_uuid_error.empty())
        return remote("this machine has neither an SMBIOS system UUID nor a machine-id to compare libvirt's host "
                      "UUID with");
    std::string source = matching_source(uuid, here);
    if (source.empty() && !here.product_uuid_error.empty())
        return remote("libvirt's host '" + libvirt.hostname + "' has host UUID " + libvirt.uuid +
                      ", which is not this machine's machine-id, and this machine's SMBIOS system UUID cannot be "
                      "read to compare (" + here.product_uuid_error + ")");
    if (source.empty())
        return remote("libvirt's host '" + libvirt.hostname + "' has host UUID " + libvirt.uuid +
                      ", which is neither this machine's SMBIOS system UUID nor its machine-id (a daemon on a "
                      "machine without SMBIOS makes one up at each start: host_uuid_source = \"machine-id\" in "
                      "its config makes it this machine's)");
    return {Locality::local, "libvirt's host '" + libvirt.hostname + "' has this machine's hostname and " + source +
                                 " as its host UUID"};
}

}  // namespace vpt
