// A PCI address is what users type on the command line and what journals
// keep. The parser must not crash, and what it accepts has one meaning: it
// prints in both forms and parses back to itself. A device selector (an
// address, a slot, vendor:device) is what every DEV argument goes through
// first: in range, and an address exactly when the address parser says so.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/device_selector.hpp"
#include "core/pci_address.hpp"
#include "require.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto address = vpt::PciAddress::parse(text);
    auto selector = vpt::DeviceSelector::parse(text);
    if (selector) {
        VPT_FUZZ_REQUIRE(selector->address.domain <= 0xffff && selector->address.bus <= 0xff &&
                         selector->address.slot <= 0x1f && selector->vendor_id <= 0xffff &&
                         selector->product_id <= 0xffff);
        if (selector->kind == vpt::DeviceSelector::Kind::ids)
            VPT_FUZZ_REQUIRE(vpt::ids_str(selector->vendor_id, selector->product_id) == text ||
                             text.find_first_of("ABCDEF") != std::string_view::npos);
    }
    VPT_FUZZ_REQUIRE(bool(address) == (selector && selector->kind == vpt::DeviceSelector::Kind::address));
    if (!address) return 0;
    VPT_FUZZ_REQUIRE(selector->address == *address);
    VPT_FUZZ_REQUIRE(address->domain <= 0xffff && address->bus <= 0xff && address->slot <= 0x1f &&
                     address->function <= 7);
    auto printed = vpt::PciAddress::parse(address->str());
    VPT_FUZZ_REQUIRE(printed && *printed == *address);
    auto named = vpt::PciAddress::parse(address->nodedev_name());
    VPT_FUZZ_REQUIRE(named && *named == *address);
    return 0;
}
