// Reads which PCI devices a guest's domain XML refers to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/holder.hpp"
#include "core/host_state.hpp"
#include "core/result.hpp"

namespace vpt {

struct DomainDevices {
    std::string guest;
    std::vector<HeldDevice> held;           // PCI devices with a known address
    std::vector<NetworkUse> network_uses;   // every <interface type='network'>
};

// `active` says whether the XML is the running guest's live XML.
Result<DomainDevices> parse_domain_devices(std::string_view xml, bool active);

}  // namespace vpt
