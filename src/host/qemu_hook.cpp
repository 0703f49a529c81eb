#include "host/qemu_hook.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "host/config_file.hpp"
#include "xml/identity_record.hpp"

namespace vpt {
namespace {

namespace stdfs = std::filesystem;

constexpr const char* marker = "# vpt identity hook";

// `text` as one shell word, safe whatever it holds.
std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// `text` as an audit field's value always is in quotes: \ and " escaped.
std::string audit_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '\\' || c == '"') out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out + "\"";
}

Failure not_ours(const std::string& path) {
    return Failure{path + " exists and is not vpt's hook, which vpt never changes: move it away ('mv " + path + " " +
                   path + ".orig'), then run 'vpt verify --install-hook' again"};
}

// Whether the file at `path` is vpt's script: nullopt when there is none.
Result<std::optional<std::string>> read_script(const HostFs& fs, const std::string& path) {
    if (!fs.exists(path)) return std::optional<std::string>();
    auto current = fs.read_head(path, 65536);
    if (!current) return Failure{current.error()};
    return std::optional<std::string>(*current);
}

// Who may own a file the hook relies on: root, or the user installing it
// (a test tree); anyone else could change it.
bool trusted_owner(uid_t uid) { return uid == 0 || uid == ::geteuid(); }

std::string owner_problem(const stdfs::path& path, const struct stat& info) {
    return path.string() + " is owned by uid " + std::to_string(info.st_uid) + ", not by root";
}

}  // namespace

std::string hook_script(const std::string& vpt_binary) {
    std::string binary = shell_quoted(vpt_binary);
    std::string why = "its devices cannot be checked: " + vpt_binary +
                      " is missing (reinstall vpt, or remove this hook: rm " + vpt_hook_script + ")";
    return std::string("#!/bin/sh\n") + marker +
           ": installed by 'vpt verify --install-hook', removed by 'vpt verify --remove-hook'.\n"
           "# Before a guest starts, refuse it when a PCI device it was given is no longer\n"
           "# the one vpt recorded in its <metadata>. Reads sysfs only: a hook must not\n"
           "# call back into libvirt. Other phases: nothing, and nothing on stdout.\n"
           "[ \"$2\" = prepare ] && [ \"$3\" = begin ] || exit 0\n"
           "if [ ! -x " + binary + " ]; then\n"
           "    # vpt is gone: a guest with identity records cannot be checked and is\n"
           "    # refused (and audited); any other starts as it would without vpt.\n"
           "    while IFS= read -r line || [ -n \"$line\" ]; do\n"
           "        case $line in *" + shell_quoted(identity_namespace) + "*)\n"
           "            printf 'vpt: refusing to start guest %s: %s\\n' \"'$1'\" " + shell_quoted(why) + " >&2\n"
           "            name=$(printf '%s' \"$1\" | tr -c 'A-Za-z0-9._:+-' '_')\n"
           "            audit=\"event=end op=verify-hook target=$name outcome=refused error=\"" +
           shell_quoted(audit_quoted(why)) + "\" user=$(id -un)\"\n"
           "            if [ -n \"$VPT_AUDIT_FILE\" ]; then printf '%s\\n' \"$audit\" >>\"$VPT_AUDIT_FILE\"\n"
           "            else logger -t vpt -p authpriv.warning -- \"$audit\" 2>/dev/null; fi\n"
           "            exit 1 ;;\n"
           "        esac\n"
           "    done\n"
           "    exit 0\n"
           "fi\n"
           "exec " + binary + " verify --hook -- \"$1\"\n";
}

bool is_vpt_hook(std::string_view text) { return text.find(marker) != std::string_view::npos; }

std::optional<std::string> unsafe_hook_binary(const stdfs::path& binary) {
    std::error_code ec;
    stdfs::path real = stdfs::canonical(binary, ec);
    if (ec) return binary.string() + ": " + ec.message();
    struct stat info {};
    if (::stat(real.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return real.string() + " is not a regular file";
    if (!trusted_owner(info.st_uid)) return owner_problem(real, info);
    if (info.st_mode & (S_IWGRP | S_IWOTH)) return real.string() + " is writable by other users";
    for (stdfs::path dir = real.parent_path();; dir = dir.parent_path()) {
        if (::stat(dir.c_str(), &info) != 0) return "cannot inspect " + dir.string();
        if (!trusted_owner(info.st_uid)) return owner_problem(dir, info);
        // Others may write a sticky directory (/tmp) without renaming what
        // they do not own.
        if ((info.st_mode & (S_IWGRP | S_IWOTH)) && !(info.st_mode & S_ISVTX))
            return "its directory " + dir.string() + " is writable by other users";
        if (dir == dir.root_path() || dir.empty()) break;
    }
    return std::nullopt;
}

std::string HookOutcome::summary() const {
    std::string text;
    switch (change) {
        case HookChange::installed: text = std::string(dry_run ? "would install " : "installed ") + path; break;
        case HookChange::updated: text = std::string(dry_run ? "would update " : "updated ") + path; break;
        case HookChange::unchanged: text = "already installed: " + path; break;
        case HookChange::removed: text = std::string(dry_run ? "would remove " : "removed ") + path; break;
        case HookChange::absent: return "not installed: " + path + " (nothing to remove)";
    }
    if (removed_old && change == HookChange::removed) text += " and " + *removed_old;
    else if (removed_old) text += std::string(dry_run ? "; would remove " : "; removed ") + *removed_old + " (its old name)";
    return text;
}

Result<HookOutcome> install_hook(const HostFs& fs, const std::string& vpt_binary, bool dry_run, bool force) {
    HookOutcome outcome;
    outcome.dry_run = dry_run;
    if (!force)
        if (auto why = unsafe_hook_binary(vpt_binary))
            return Failure{"refusing to install a hook that runs " + vpt_binary + " as root at every guest start: " +
                           *why + " (whoever can replace it would run as root; install vpt where only root can "
                           "write, or --force)"};
    std::string script = hook_script(vpt_binary);
    auto current = read_script(fs, vpt_hook_script);
    if (!current) return Failure{current.error()};
    if (!*current) outcome.change = HookChange::installed;
    else if (!is_vpt_hook(**current)) return not_ours(vpt_hook_script);
    else outcome.change = **current == script ? HookChange::unchanged : HookChange::updated;
    auto old = read_script(fs, old_vpt_hook_script);
    if (!old) return Failure{old.error()};
    if (*old && is_vpt_hook(**old)) outcome.removed_old = old_vpt_hook_script;  // someone else's is left alone
    if (dry_run) return outcome;

    // Written whole and renamed into place, so that libvirt never runs half
    // a script; the new one first, so that no start goes unchecked between.
    if (outcome.change != HookChange::unchanged)
        if (auto written = write_config_file(fs, vpt_hook_script, script, 0755); !written)
            return Failure{written.error()};
    if (outcome.removed_old)
        if (auto removed = remove_config_file(fs, old_vpt_hook_script); !removed) return Failure{removed.error()};
    return outcome;
}

Result<HookOutcome> remove_hook(const HostFs& fs, bool dry_run) {
    HookOutcome outcome;
    outcome.dry_run = dry_run;
    auto current = read_script(fs, vpt_hook_script);
    if (!current) return Failure{current.error()};
    if (*current && !is_vpt_hook(**current))
        return Failure{std::string(vpt_hook_script) + " is not vpt's hook, which vpt never changes: it has none to remove"};
    auto old = read_script(fs, old_vpt_hook_script);
    if (!old) return Failure{old.error()};
    bool old_ours = *old && is_vpt_hook(**old);
    if (!*current && !old_ours) {
        outcome.change = HookChange::absent;
        return outcome;
    }
    outcome.change = HookChange::removed;
    if (!*current) outcome.path = old_vpt_hook_script;
    else if (old_ours) outcome.removed_old = old_vpt_hook_script;
    if (dry_run) return outcome;
    for (const char* path : {vpt_hook_script, old_vpt_hook_script}) {
        if (path == std::string(old_vpt_hook_script) && !old_ours) continue;
        if (path == std::string(vpt_hook_script) && !*current) continue;
        if (auto removed = remove_config_file(fs, path); !removed) return Failure{removed.error()};
    }
    return outcome;
}

}  // namespace vpt
