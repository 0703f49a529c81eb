// Network XML comes from libvirt: vpt reads every network to find VF pools.
// The parser must not crash, and the VF addresses it accepts are in range.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "require.hpp"
#include "xml/network_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    auto network = vpt::parse_network(xml);
    if (!network) return 0;
    for (const auto& address : network->addresses) {
        auto again = vpt::PciAddress::parse(address.str());
        VPT_FUZZ_REQUIRE(again && *again == address);
    }
    return 0;
}
