#include "host/qemu_hook.hpp"

#include "host/config_file.hpp"

namespace vpt {
namespace {

constexpr const char* marker = "# vpt identity hook";

// `text` as one shell word, safe whatever it holds.
std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

Failure not_ours(const std::string& path) {
    return Failure{path + " exists and is not vpt's hook, which vpt never changes: move it away ('mv " + path + " " +
                   path + ".orig'), then run 'vpt verify --install-hook' again"};
}

}  // namespace

std::string hook_script(const std::string& vpt_binary) {
    return std::string("#!/bin/sh\n") + marker +
           ": installed by 'vpt verify --install-hook', removed by 'vpt verify --remove-hook'.\n"
           "# Before a guest starts, refuse it when a PCI device it was given is no longer\n"
           "# the one vpt recorded in its <metadata>. Reads sysfs only: a hook must not\n"
           "# call back into libvirt. Other phases: nothing, and nothing on stdout.\n"
           "[ \"$2\" = prepare ] && [ \"$3\" = begin ] || exit 0\n"
           "# vpt uninstalled without removing this: let guests start rather than none.\n"
           "[ -x " + shell_quoted(vpt_binary) + " ] || exit 0\n"
           "exec " + shell_quoted(vpt_binary) + " verify --hook \"$1\"\n";
}

bool is_vpt_hook(std::string_view text) { return text.find(marker) != std::string_view::npos; }

std::string HookOutcome::summary() const {
    switch (change) {
        case HookChange::installed: return std::string(dry_run ? "would install " : "installed ") + path;
        case HookChange::updated: return std::string(dry_run ? "would update " : "updated ") + path;
        case HookChange::unchanged: return "already installed: " + path;
        case HookChange::removed: return std::string(dry_run ? "would remove " : "removed ") + path;
        case HookChange::absent: return "not installed: " + path + " (nothing to remove)";
    }
    return path;
}

Result<HookOutcome> install_hook(const HostFs& fs, const std::string& vpt_binary, bool dry_run) {
    HookOutcome outcome;
    outcome.dry_run = dry_run;
    std::string script = hook_script(vpt_binary);
    if (fs.exists(vpt_hook_script)) {
        auto current = fs.read_head(vpt_hook_script, 65536);
        if (!current) return Failure{current.error()};
        if (!is_vpt_hook(*current)) return not_ours(vpt_hook_script);
        outcome.change = *current == script ? HookChange::unchanged : HookChange::updated;
    } else {
        outcome.change = HookChange::installed;
    }
    outcome.restart_needed = !fs.exists(qemu_hook_file) && !fs.exists(qemu_hook_dir);
    if (dry_run || outcome.change == HookChange::unchanged) return outcome;

    // Written whole and renamed into place, so that libvirt never runs half a script.
    auto written = write_config_file(fs, vpt_hook_script, script, 0755);
    if (!written) return Failure{written.error()};
    return outcome;
}

Result<HookOutcome> remove_hook(const HostFs& fs, bool dry_run) {
    HookOutcome outcome;
    outcome.dry_run = dry_run;
    if (!fs.exists(vpt_hook_script)) {
        outcome.change = HookChange::absent;
        return outcome;
    }
    auto current = fs.read_head(vpt_hook_script, 65536);
    if (!current) return Failure{current.error()};
    if (!is_vpt_hook(*current))
        return Failure{std::string(vpt_hook_script) + " is not vpt's hook, which vpt never changes: it has none to remove"};
    outcome.change = HookChange::removed;
    if (dry_run) return outcome;
    auto removed = remove_config_file(fs, vpt_hook_script);
    if (!removed) return Failure{removed.error()};
    return outcome;
}

}  // namespace vpt
