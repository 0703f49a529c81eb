// The host's initramfs, the distribution's way: initramfs-tools (Debian,
// Ubuntu: update-initramfs) or dracut (Fedora, RHEL, SUSE: dracut),
// detected from the programs installed, never assumed. A host driver that
// loads from the initramfs (storage, GPUs, NICs needed at boot) claims its
// devices before the root file system exists, so a boot-time vfio-pci
// binding of such a device must be in the initramfs too.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "host/host_fs.hpp"

namespace vpt {

enum class InitramfsTool { none, initramfs_tools, dracut };

struct Initramfs {
    InitramfsTool tool = InitramfsTool::none;
    std::filesystem::path program;  // update-initramfs or dracut

    // "update-initramfs" / "dracut": the journal's name for the tool.
    std::string name() const;
    // The command that rebuilds the initramfs of every installed kernel.
    std::vector<std::string> rebuild_command() const;
    // vpt's hook: an initramfs-tools hook script, or a dracut.conf.d file.
    std::filesystem::path hook_path() const;
    std::string hook_text() const;
    unsigned hook_mode() const;
};

// The tool the host uses, if any (below the root: fixture trees in tests).
Initramfs detect_initramfs(const HostFs& fs);
// The tool of that name (from a journal); nullopt for an unknown name.
std::optional<Initramfs> initramfs_named(const HostFs& fs, const std::string& name);

// The paths in the running kernel's initramfs ("usr/lib/modules/.../nvme.ko",
// "etc/vpt/boot-bindings/pci-0000:01:00.0"), listed by the tool's own lister.
Result<std::set<std::string>> initramfs_contents(const HostFs& fs, const Initramfs& initramfs);

// Whether the listing holds module `module` (any compression, '-' or '_').
bool initramfs_has_module(const std::set<std::string>& contents, const std::string& module);
// Whether the listing holds the host file `path` ("/etc/vpt/boot-bindings/pci-...").
bool initramfs_has_file(const std::set<std::string>& contents, const std::filesystem::path& path);

}  // namespace vpt
