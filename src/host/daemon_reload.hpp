// Making the running libvirt daemons see a new hook. A daemon looks for hook
// scripts when it starts and again when it reloads (SIGHUP, which
// `systemctl reload` sends): its reload runs the daemon hook with
// "reload", and that call scans the hook places anew (virHookCall calls
// virHookInitialize). A hook put in place while the daemon runs, after it
// started with none, is otherwise never run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/host_fs.hpp"

namespace vpt {

// A daemon that runs qemu hooks, and where it writes its pid as root
// (libvirt's virPidFileConstructPath: RUNSTATEDIR/NAME.pid).
struct HookDaemon {
    const char* name;
    const char* pid_file;
};
inline constexpr HookDaemon hook_daemons[] = {
    {"libvirtd", "/run/libvirtd.pid"},    // the monolithic daemon
    {"virtqemud", "/run/virtqemud.pid"},  // the modular one
};

struct DaemonReload {
    std::string daemon;
    long pid = 0;
    std::optional<std::string> error;  // the signal could not be sent: why
};

// Sends SIGHUP to each hook daemon that runs: its pid read from its pid
// file below `fs`'s root, taken only when /proc/PID/comm on this machine
// names that daemon (the signal goes to this machine's process; a stale pid
// file names another process or none, and is passed over). One entry per
// daemon found running, told or not.
std::vector<DaemonReload> reload_hook_daemons(const HostFs& fs);

// What a person runs to do the same: "systemctl reload virtqemud".
std::string reload_command(const std::string& daemon);

}  // namespace vpt
