// A PCI address is what users type on the command line and what journals
// keep. The parser must not crash, and what it accepts has one meaning: it
// prints in both forms and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/pci_address.hpp"
#include "require.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto address = vpt::PciAddress::parse(text);
    if (!address) return 0;
    VPT_FUZZ_REQUIRE(address->domain <= 0xffff && address->bus <= 0xff && address->slot <= 0x1f &&
                     address->function <= 7);
    auto printed = vpt::PciAddress::parse(address->str());
    VPT_FUZZ_REQUIRE(printed && *printed == *address);
    auto named = vpt::PciAddress::parse(address->nodedev_name());
    VPT_FUZZ_REQUIRE(named && *named == *address);
    return 0;
}
