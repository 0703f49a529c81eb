// Node device XML comes from libvirt, local or remote: any text reaches the
// parser. It must not crash, and what it accepts must keep the promises the
// viability rules rely on.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "require.hpp"
#include "xml/nodedev_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    if (auto device = vpt::parse_pci_nodedev(xml)) {
        // A parsed address is in range: it prints and parses back to itself.
        auto again = vpt::PciAddress::parse(device->address.str());
        VPT_FUZZ_REQUIRE(again && *again == device->address);
        // "sorted, includes the device itself" (core/pci_device.hpp), or no group at all.
        const auto& members = device->group_members;
        VPT_FUZZ_REQUIRE(std::is_sorted(members.begin(), members.end()));
        VPT_FUZZ_REQUIRE(members.empty() ||
                         std::find(members.begin(), members.end(), device->address) != members.end());
    }
    (void)vpt::parse_net_nodedev(xml);
    return 0;
}
