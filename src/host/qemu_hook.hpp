// The libvirt qemu hook that refuses to start a guest whose passed-through
// devices drifted. libvirt (>= 6.5) runs every executable in
// /etc/libvirt/hooks/qemu.d/ besides /etc/libvirt/hooks/qemu, so vpt puts
// its own script there and never touches a hook someone else wrote. Files
// are placed below a HostFs root ("/" on a host, a temporary tree in tests).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// Host paths of the hook places.
inline constexpr const char* qemu_hook_file = "/etc/libvirt/hooks/qemu";
inline constexpr const char* qemu_hook_dir = "/etc/libvirt/hooks/qemu.d";
inline constexpr const char* vpt_hook_script = "/etc/libvirt/hooks/qemu.d/vpt-verify";

// The script: for "GUEST prepare begin -" it runs `vpt verify --hook GUEST`
// (vpt_binary, shell-quoted), which reads the guest's XML from stdin and
// sysfs only; other phases exit 0 at once and print nothing (libvirt would
// take a qemu.d script's output as the guest's new XML).
std::string hook_script(const std::string& vpt_binary);

// Whether a file's text is a script vpt installed (of any version).
bool is_vpt_hook(std::string_view text);

enum class HookChange { installed, updated, unchanged, removed, absent };

struct HookOutcome {
    HookChange change = HookChange::unchanged;
    std::string path = vpt_hook_script;  // the host path
    // Neither hook place existed before: libvirt looks for hooks when the
    // daemon starts, so it must be restarted to run this one.
    bool restart_needed = false;
    bool dry_run = false;

    // "installed /etc/libvirt/hooks/qemu.d/vpt-verify", "would remove ...".
    std::string summary() const;
};

// Puts the script in place (mode 0755) unless it is there already. Refuses,
// changing nothing, when a file at its path is not vpt's.
Result<HookOutcome> install_hook(const HostFs& fs, const std::string& vpt_binary, bool dry_run);

// Removes vpt's script; nothing else. Refuses a file at its path that is not vpt's.
Result<HookOutcome> remove_hook(const HostFs& fs, bool dry_run);

}  // namespace vpt
