// Reads the host's sysfs, procfs and a few files under /etc and /lib below
// a configurable root: "/" on a real host, a fixture tree in tests. Every
// path is written as it is on the host ("/sys/bus/pci/devices/0000:01:00.0/
// driver") and resolved below the root; a relative path or one with ".." is
// refused, so nothing outside the root is ever read.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "core/result.hpp"

namespace vpt {

// Closes a file descriptor once (for the few raw open/write calls on sysfs).
struct ScopedFd {
    int fd;
    explicit ScopedFd(int descriptor) : fd(descriptor) {}
    ScopedFd(const ScopedFd&) = delete;
    ScopedFd& operator=(const ScopedFd&) = delete;
    ~ScopedFd() {
        if (fd >= 0) ::close(fd);
    }
};

class HostFs {
public:
    explicit HostFs(std::filesystem::path root = "/");

    // True when the root is "/": the live system, not a fixture tree.
    bool is_live() const;

    // The whole file with leading and trailing whitespace removed.
    Result<std::string> read_text(const std::filesystem::path& path) const;
    // At most the last `max_bytes` of a file (for logs), untrimmed.
    Result<std::string> read_tail(const std::filesystem::path& path, size_t max_bytes) const;
    // At most the first `max_bytes` of a file, untrimmed (binary files:
    // a PCI device's config space).
    Result<std::string> read_head(const std::filesystem::path& path, size_t max_bytes) const;
    // Whether the entry exists; a symlink counts even if its target does not.
    bool exists(const std::filesystem::path& path) const;
    // The last component of a symlink's target: ".../drivers/vfio-pci" -> "vfio-pci".
    Result<std::string> link_target_name(const std::filesystem::path& path) const;
    // The host path a symlink points to, resolved against the link's own
    // directory without following further links:
    // "/sys/class/block/sda" -> "/sys/devices/pci0000:00/0000:00:17.0/.../block/sda".
    Result<std::filesystem::path> link_target(const std::filesystem::path& path) const;
    // The names in a directory, sorted; empty when it is missing or unreadable.
    std::vector<std::string> list(const std::filesystem::path& dir) const;

    // Where a host path really is: the path below the root, for callers that
    // open or change the file themselves (sriov_numvfs, udev rules). A relative
    // path or one with ".." is refused, as everywhere else.
    Result<std::filesystem::path> real_path(const std::filesystem::path& path) const;

private:
    std::filesystem::path root_;
};

// A PCI device's sysfs directory: "/sys/bus/pci/devices/0000:01:00.0".
std::filesystem::path pci_device_dir(const PciAddress& address);

// Whether a resolved sysfs path passes through `component` (a PCI address):
// how a block device or an interface is found below its PCI device.
bool passes_through(const std::filesystem::path& path, const std::string& component);

}  // namespace vpt
