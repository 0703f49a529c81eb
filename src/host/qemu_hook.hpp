// The libvirt qemu hook that refuses to start a guest whose passed-through
// devices drifted. libvirt (>= 6.5) runs every executable in
// /etc/libvirt/hooks/qemu.d/ besides /etc/libvirt/hooks/qemu, so vpt puts
// its own script there and never touches a hook someone else wrote. Files
// are placed below a HostFs root ("/" on a host, a temporary tree in tests).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "host/host_fs.hpp"

namespace vpt {

// Host paths of the hook places.
inline constexpr const char* qemu_hook_file = "/etc/libvirt/hooks/qemu";
inline constexpr const char* qemu_hook_dir = "/etc/libvirt/hooks/qemu.d";
// libvirt runs hooks/qemu first, then qemu.d/* in strcmp order: "00-" puts
// vpt's check before any other script there, so a guest is refused before
// another script (a GPU handover, say) has acted on its start.
inline constexpr const char* vpt_hook_script = "/etc/libvirt/hooks/qemu.d/00-vpt-verify";
// Where vpt's script was before: moved on install, removed on remove.
inline constexpr const char* old_vpt_hook_script = "/etc/libvirt/hooks/qemu.d/vpt-verify";

// The script: for "GUEST prepare begin -" it runs `vpt verify --hook --
// GUEST` (vpt_binary, shell-quoted; "--" so that a guest named like an
// option is a name), which reads the guest's XML from stdin and sysfs only;
// other phases exit 0 at once and print nothing (libvirt would take a
// qemu.d script's output as the guest's new XML). When vpt_binary is gone,
// a guest whose XML holds identity records is refused (its devices cannot
// be checked), any other starts.
std::string hook_script(const std::string& vpt_binary);

// Whether a file's text is a script vpt installed (of any version).
bool is_vpt_hook(std::string_view text);

// Why the hook must not run `binary` as root at every guest start, or
// nullopt: it (its real path, links resolved) is not a regular file owned
// by root (or the running user) and writable by no one else, or a directory
// above it is not owned by root (or the running user) or is writable by
// others without the sticky bit. Anyone who could replace it would run
// their program as root. Reads this machine's files, not a HostFs root: the
// hook runs the binary by its real path.
std::optional<std::string> unsafe_hook_binary(const std::filesystem::path& binary);

enum class HookChange { installed, updated, unchanged, removed, absent };

struct HookOutcome {
    HookChange change = HookChange::unchanged;
    std::string path = vpt_hook_script;  // the host path
    // vpt's script under its old name, moved (install) or removed too
    // (remove).
    std::optional<std::string> removed_old;
    bool dry_run = false;

    // "installed /etc/libvirt/hooks/qemu.d/00-vpt-verify", "would remove ...".
    std::string summary() const;
};

// Puts the script in place (mode 0755) unless it is there already, and
// removes vpt's script under its old name. Refuses, changing nothing, when a
// file at its path is not vpt's, or when the binary is unsafe
// (unsafe_hook_binary) unless `force`.
Result<HookOutcome> install_hook(const HostFs& fs, const std::string& vpt_binary, bool dry_run, bool force = false);

// Removes vpt's script (under its name and its old one); nothing else.
// Refuses a file at its path that is not vpt's.
Result<HookOutcome> remove_hook(const HostFs& fs, bool dry_run);

}  // namespace vpt
