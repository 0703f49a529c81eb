// A guest's domain XML comes from libvirt and, through it, from whoever
// defined the guest. Reading which PCI devices it holds must not crash, and
// every device found belongs to that guest, in the state asked for.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "require.hpp"
#include "xml/domain_devices.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    for (bool active : {false, true}) {
        auto devices = vpt::parse_domain_devices(xml, active);
        if (!devices) continue;
        for (const auto& held : devices->held) {
            VPT_FUZZ_REQUIRE(held.holder.guest == devices->guest);
            VPT_FUZZ_REQUIRE(held.holder.active == active);
            // A pool interface names its network; nothing else does.
            VPT_FUZZ_REQUIRE((held.holder.kind == vpt::Holder::Kind::network) ==
                             (held.holder.network && !held.holder.network->empty()));
        }
        for (const auto& use : devices->network_uses) {
            VPT_FUZZ_REQUIRE(use.guest == devices->guest && use.active == active);
            VPT_FUZZ_REQUIRE(!use.network.empty());
        }
    }
    return 0;
}
