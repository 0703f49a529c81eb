// Files vpt writes into the host's configuration (udev rules, driverctl
// overrides, modprobe.d, initramfs hooks, the libvirt hook): written whole
// and atomically (a temporary file under a unique name, fsync, rename, fsync
// of the directory), so a crash leaves the old file or the new one, never
// half of one; through the directory's descriptor, never following a link,
// and only into a directory no one but the running user can write. Paths
// are host paths, resolved below the HostFs root like every read.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "host/host_fs.hpp"
#include "ops/private_dir.hpp"  // write_all

namespace vpt {

// Writes `text` to `path` (mode `mode`), creating its directory if needed.
// Refuses a directory that is a symbolic link, is not the running user's or
// is writable by group or others.
Result<std::filesystem::path> write_config_file(const HostFs& fs, const std::filesystem::path& path,
                                                const std::string& text, unsigned mode = 0644);

// Removes the file. True when one was removed, false when none existed.
Result<bool> remove_config_file(const HostFs& fs, const std::filesystem::path& path);

// The file's exact content (untrimmed: what an undo must put back); nullopt
// when it does not exist or cannot be read.
std::optional<std::string> read_config_file(const HostFs& fs, const std::filesystem::path& path);

}  // namespace vpt
