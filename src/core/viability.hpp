// Can a device's IOMMU group be given to a guest as it stands? VFIO only
// opens a group when every endpoint in it is bound to vfio-pci (or to no
// driver); bridges and root ports are left alone, but a host or ISA/LPC
// bridge bound to a host driver keeps the group from opening.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/inventory.hpp"

namespace vpt {

// Why a group is not viable: a stable code for scripts (the JSON contract in
// man/vpt.1 lists them), beside a sentence for people.
enum class ReasonCode {
    no_iommu_group,      // the IOMMU is off or unsupported
    member_unknown,      // a group member is not known to libvirt
    only_bridges,        // the group holds nothing that can be assigned
    driver_unknown,      // the connection does not report the member's driver
    host_driver,         // an endpoint is bound to a host driver
    bridge_host_driver,  // a host or ISA/LPC bridge is bound to a host driver
    held_by_guest,       // an endpoint is held by a guest
};

// "driver-unknown": the code as JSON and man/vpt.1 spell it.
const char* reason_code_name(ReasonCode code);
// Every code, in declaration order (for tests and documentation).
std::vector<ReasonCode> all_reason_codes();

struct Reason {
    ReasonCode code;
    std::string text;                  // names the member, e.g. "0000:01:00.1 (...) is bound to ..."
    PciAddress member;                 // the member it is about (the device itself when none)
    std::optional<std::string> guest;  // the holder, for held_by_guest

    bool operator==(const Reason&) const = default;
};

// Three states: a connection that does not report drivers cannot tell.
enum class Viability { viable, not_viable, unknown };

struct GroupVerdict {
    bool viable = true;
    std::vector<Reason> reasons;  // one per problem, naming the member

    // Not viable only because the connection does not report drivers.
    bool undecided() const;
    Viability state() const;
    std::vector<std::string> reason_texts() const;
};

GroupVerdict assess_group(const Inventory& inventory, const PciDevice& device);

// The verdict of devices that have no IOMMU group at all (list --groups).
GroupVerdict no_group_verdict(const PciAddress& first_member);

// "0000:01:00.1 (GP104 HD Audio Controller)": how messages name a device.
std::string describe(const PciDevice& device);

}  // namespace vpt
