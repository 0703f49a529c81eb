#include "core/memlock_fit.hpp"

#include "core/command_text.hpp"
#include "core/mmio_fit.hpp"

namespace vpt {

uint64_t memlock_needed_kib(uint64_t memory_kib, unsigned vfio_devices, bool viommu) {
    if (vfio_devices == 0) return 0;
    uint64_t copies = viommu ? vfio_devices : 1;
    return copies * memory_kib + (uint64_t(1) << 20);
}

std::optional<FitWarning> memlock_warning(const std::string& guest, uint64_t memory_kib,
                                          std::optional<uint64_t> hard_limit_kib, unsigned vfio_devices, bool viommu) {
    if (!hard_limit_kib || vfio_devices == 0) return std::nullopt;
    uint64_t needed = memlock_needed_kib(memory_kib, vfio_devices, viommu);
    if (*hard_limit_kib >= needed) return std::nullopt;
    std::string why = viommu ? "with a vIOMMU each of its " + std::to_string(vfio_devices) +
                                   " VFIO devices locks all " + size_text(memory_kib << 10) +
                                   " of its memory, plus 1 GiB"
                             : "its VFIO devices lock all " + size_text(memory_kib << 10) +
                                   " of its memory, plus 1 GiB";
    return FitWarning{"memlock-limit", "",
                      guest + "'s <memtune> hard_limit (" + size_text(*hard_limit_kib << 10) +
                          ") is also its locked-memory limit, below the " + size_text(needed << 10) +
                          " it needs (" + why + "): raise it (" +
                          command_text({"virsh", "memtune", guest, "--hard-limit", std::to_string(needed), "--config"}) +
                          ")"};
}

}  // namespace vpt
