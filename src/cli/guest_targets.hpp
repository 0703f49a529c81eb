// Which halves of a guest a device change touches, and their XML for the
// planners (plan/guest_planner); after the change, what the guest's config
// reads back as. The part of a guest change that talks to libvirt.
#pragma once

#include <vector>

#include "plan/guest_planner.hpp"
#include "virt/guest.hpp"

namespace vpt {

// Which halves of the guest change: --config, --live, or by default the
// config plus the running guest when it runs.
struct GuestTargets {
    bool config = false;
    bool live = false;
};
GuestTargets choose_targets(const Guest& guest, bool live_flag, bool config_flag);

// The guest's name and the XML of the halves `targets` names, for the planners.
GuestXml read_guest_xml(const Guest& guest, const GuestTargets& targets);

// Whether the guest's config, read back, holds every device with a host address.
bool config_holds(const Guest& guest, const std::vector<GuestDevice>& devices);

// Whether the guest's config, read back, records the identity of every
// device that carries one.
bool config_records(const Guest& guest, const std::vector<GuestDevice>& devices);

}  // namespace vpt
