// The locked-memory limit a guest with VFIO devices needs, against the one
// its <memtune><hard_limit> imposes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/fit_warning.hpp"

namespace vpt {

// What libvirt computes for RLIMIT_MEMLOCK of a guest with VFIO devices
// (qemuDomainGetMemLockLimitBytes, src/qemu/qemu_domain.c; the per-device
// factor with a vIOMMU since libvirt 8.7.0, commit 8d5704e2c4): the guest's
// memory once, plus 1 GiB for the IO space; with a vIOMMU each VFIO device
// gets its own container that pins all guest memory again, so memory times
// the number of devices, plus 1 GiB. An explicit hard_limit replaces the
// computation: libvirt then uses the hard_limit as the memlock limit.
uint64_t memlock_needed_kib(uint64_t memory_kib, unsigned vfio_devices, bool viommu);

// A warning when `hard_limit_kib` is set and below what is needed, naming
// the value to set. None without a hard_limit (libvirt computes it) or
// without VFIO devices.
std::optional<FitWarning> memlock_warning(const std::string& guest, uint64_t memory_kib,
                                          std::optional<uint64_t> hard_limit_kib, unsigned vfio_devices, bool viommu);

}  // namespace vpt
