// Reads which PCI devices a guest's domain XML refers to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/holder.hpp"
#include "core/result.hpp"

namespace vpt {

// A guest interface on a network (it may be a VF pool; the VF it got is
// known only from the live XML, and only on some hypervisors).
struct NetworkUse {
    std::string guest;
    std::string network;
    bool active = false;
};

struct DomainDevices {
    std::string guest;
    std::vector<HeldDevice> held;           // PCI devices with a known address
    std::vector<NetworkUse> network_uses;   // every <interface type='network'>
};

// `active` says whether the XML is the running guest's live XML.
Result<DomainDevices> parse_domain_devices(std::string_view xml, bool active);

}  // namespace vpt
