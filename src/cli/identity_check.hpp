// Reading and checking the identity records of guests, shared by
// `vpt verify`, `vpt check --guest` and `vpt assign`: which sysfs may be
// read, the host's devices as identities, each record's verdict (worded by
// view/identity_view).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/host_session.hpp"
#include "core/identity_verdict.hpp"
#include "host/host_fs.hpp"
#include "virt/guest.hpp"

namespace vpt {

// The sysfs that describes the connection's host: below `root` when one is
// given (tests), "/" when libvirt's host is this machine
// (Connection::locality), none otherwise (another host's sysfs is not this
// machine's, and libvirt's test driver has none).
std::optional<HostFs> host_sysfs(const Connection& connection, const std::string& root);

// A device as libvirt reports it, plus what sysfs adds when it may be read.
DeviceIdentity host_identity(const PciDevice& device, const std::optional<HostFs>& sysfs);

// Every PCI device of the host, as host_identity() sees it.
std::vector<DeviceIdentity> host_identities(const HostSession& session, const std::optional<HostFs>& sysfs);

// The records in a guest's persistent config; throws bad_input when the
// record is garbled (with how to remove it).
std::vector<DeviceIdentity> guest_records(const Guest& guest);

// Every record of the guest against the host.
GuestVerdicts verify_records(const std::string& guest, const std::vector<DeviceIdentity>& records,
                             const std::vector<DeviceIdentity>& host);

// The commands that follow a moved device (none for a companion: it moves
// with the device it came with).
std::vector<std::string> follow_commands(const std::string& guest, const IdentityVerdict& verdict);

// How many verdicts are not ok.
size_t count_not_ok(const std::vector<GuestVerdicts>& guests);

}  // namespace vpt
