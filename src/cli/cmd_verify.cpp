// vpt verify [GUEST...]: is every PCI device a guest was given still the
// physical device vpt recorded when it assigned it? Also installs and
// removes the libvirt hook that asks the same before a guest starts, and
// is that hook's check (--hook: the guest's XML on stdin, sysfs only).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "cli/audit_sink.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/hook_check.hpp"
#include "cli/host_session.hpp"
#include "cli/identity_check.hpp"
#include "core/command_text.hpp"
#include "core/text_list.hpp"
#include "host/daemon_reload.hpp"
#include "host/qemu_hook.hpp"
#include "view/identity_view.hpp"
#include "view/json_output.hpp"
#include "virt/listings.hpp"
#include "xml/identity_record.hpp"

namespace vpt {
namespace {

using json = nlohmann::ordered_json;

struct VerifyOptions {
    std::vector<std::string> guests;  // --hook: GUEST [OPERATION SUB-OPERATION EXTRA] as libvirt passes them
    bool install_hook = false;
    bool remove_hook = false;
    bool dry_run = false;
    bool force = false;    // --install-hook: a binary others could replace
    bool hook = false;     // hidden: run as the libvirt hook
    std::string root;      // hidden: host files below DIR (tests)
    std::string binary;    // hidden: the vpt the hook runs (tests; default: this one)
    int deadline_ms = int(hook_deadline.count());  // hidden: the hook's deadline (tests)
};

void require_root_dir(const std::string& root) {
    if (!root.empty() && !std::filesystem::is_directory(root)) throw bad_input("--root " + root + ": not a directory");
}

// A refusal of the hook, in the audit trail: it is the one place an admin
// sees after the fact why a guest did not start.
void audit_refusal(const GlobalOptions& global, const std::string& guest, const std::string& reason) {
    AuditTrail audit(open_audit_sink(), current_identity(), "verify-hook", guest);
    audit.begin(global.command_line, "");
    audit.end("refused", reason);
}

// The hook: libvirt is waiting for it, so it reads the guest's XML from
// stdin and the host from sysfs, and never opens a connection.
void run_hook(const GlobalOptions& global, const VerifyOptions& options) {
    if (options.guests.empty()) throw bad_input("--hook needs the guest's name");
    if (options.guests.size() >= 3 && (options.guests[1] != "prepare" || options.guests[2] != "begin")) return;
    const std::string& guest = options.guests.front();
    std::string xml(std::istreambuf_iterator<char>(std::cin), {});
    auto records = read_identity_records(xml);
    if (!records) {
        std::string reason = "guest '" + guest + "' refused: its identity record cannot be read (" + records.error() + ")";
        audit_refusal(global, guest, reason);
        throw bad_input(reason);
    }
    if (records->empty()) return;
    auto refusal = hook_refusal(HostFs(options.root), guest, *records, std::chrono::milliseconds(options.deadline_ms));
    if (!refusal) return;
    audit_refusal(global, guest, *refusal);
    throw refused(*refusal);
}

// The vpt binary the hook is to run: this one, by its real path.
std::string hook_binary(const VerifyOptions& options) {
    if (!options.binary.empty()) return options.binary;
    std::error_code ec;
    auto binary = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw refused("cannot tell where the vpt binary is: " + ec.message());
    return binary.string();
}

// After an install: the running daemons told to look for hooks again (a
// daemon that started with none never runs one put in place later), or
// what to run when they cannot be told.
struct ReloadNote {
    std::vector<DaemonReload> daemons;
    bool needed = false;  // a daemon may not run the hook until someone reloads it
    std::string note;
};

ReloadNote reload_daemons(const HostFs& fs) {
    ReloadNote result;
    result.daemons = reload_hook_daemons(fs);
    std::vector<std::string> failed;
    for (const auto& daemon : result.daemons)
        if (daemon.error)
            failed.push_back(daemon.daemon + " (pid " + std::to_string(daemon.pid) + ", " + *daemon.error + "): run '" +
                             reload_command(daemon.daemon) + "'");
    if (!failed.empty()) {
        result.needed = true;
        result.note = "libvirt runs a hook only once its daemon has looked for hooks again, and vpt could not tell " +
                      join(failed, "; ");
    } else if (result.daemons.empty()) {
        std::vector<std::string> pid_files;
        for (const auto& daemon : hook_daemons) pid_files.push_back(daemon.pid_file);
        result.note = "no running libvirtd or virtqemud found (" + join(pid_files, ", ") +
                      "): a daemon looks for hooks when it starts; one that runs already must look again: '" +
                      reload_command("virtqemud") + "' (or libvirtd)";
    }
    return result;
}

nlohmann::ordered_json reloaded_json(const ReloadNote& reload) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& daemon : reload.daemons)
        if (!daemon.error) list.push_back({{"daemon", daemon.daemon}, {"pid", daemon.pid}});
    return list;
}

void run_hook_change(const GlobalOptions& global, const VerifyOptions& options) {
    if (!options.guests.empty()) throw bad_input("--install-hook and --remove-hook take no guest");
    if (options.force && !options.install_hook) throw bad_input("--force goes with --install-hook");
    HostFs fs(options.root);
    Result<HookOutcome> outcome = Failure{""};
    std::string binary = options.install_hook ? hook_binary(options) : "";
    std::optional<AuditTrail> audit;
    if (!options.dry_run) {
        audit.emplace(open_audit_sink(), current_identity(), options.install_hook ? "install-hook" : "remove-hook",
                      vpt_hook_script);
        audit->begin(global.command_line, "");
    }
    if (options.install_hook) {
        outcome = install_hook(fs, binary, options.dry_run, options.force);
    } else {
        outcome = remove_hook(fs, options.dry_run);
    }
    if (audit) audit->end(outcome ? "ok" : "failed", outcome ? "" : outcome.error());
    if (!outcome) throw refused(outcome.error());
    ReloadNote reload;
    if (options.install_hook && !options.dry_run) reload = reload_daemons(fs);
    if (global.json) {
        const char* change[] = {"installed", "updated", "unchanged", "removed", "absent"};
        print_json({{"path", outcome->path},
                    {"change", change[static_cast<int>(outcome->change)]},
                    {"dry_run", options.dry_run},
                    {"removed_old", outcome->removed_old ? json(*outcome->removed_old) : json(nullptr)},
                    {"reloaded", reloaded_json(reload)},
                    {"restart_needed", reload.needed},
                    {"note", reload.note.empty() ? json(nullptr) : json(reload.note)}});
        return;
    }
    std::cout << outcome->summary() << '\n';
    for (const auto& daemon : reload.daemons)
        if (!daemon.error)
            std::cout << "told " << daemon.daemon << " (pid " << daemon.pid
                      << ") to look for hooks again: it runs this one from the next guest start\n";
    if (!reload.note.empty()) std::cout << "note: " << reload.note << '\n';
}

// The named guests, or every guest with a record.
std::vector<GuestVerdicts> verify_guests(const HostSession& session, const VerifyOptions& options) {
    std::vector<std::string> names = options.guests;
    bool all = names.empty();
    if (all) names = guest_names(session.connection());
    auto host = host_identities(session, host_sysfs(session.connection(), options.root));
    std::vector<GuestVerdicts> results;
    for (const auto& name : names) {
        Guest guest(session.connection(), name);
        if (all && !guest.persistent()) continue;
        auto records = guest_records(guest);
        if (all && records.empty()) continue;
        results.push_back(verify_records(name, records, host));
    }
    return results;
}

void print_text(const std::vector<GuestVerdicts>& guests) {
    size_t devices = 0;
    for (const auto& guest : guests) {
        if (guest.verdicts.empty())
            std::cout << "guest '" << guest.guest << "': no identity record (vpt assign makes one)\n";
        for (const auto& verdict : guest.verdicts) {
            ++devices;
            std::cout << guest.guest << ' ' << verdict_finding(verdict) << '\n';
            auto commands = follow_commands(guest.guest, verdict);
            if (!commands.empty()) std::cout << "  follow it: " << join(commands, " && ") << '\n';
        }
    }
    if (guests.empty()) std::cout << "No guest has an identity record (vpt assign makes one).\n";
    else if (!count_not_ok(guests)) std::cout << "All " << plural(devices, "recorded device is", "recorded devices are") << " where they were.\n";
}

void run_verify(const GlobalOptions& global, const VerifyOptions& options) {
    require_root_dir(options.root);
    if (options.hook) return run_hook(global, options);
    if (options.install_hook || options.remove_hook) return run_hook_change(global, options);
    if (options.dry_run) throw bad_input("--dry-run goes with --install-hook or --remove-hook");
    HostSession session(global, Access::read_only);
    auto guests = verify_guests(session, options);
    if (global.json) {
        auto devices = json::array();
        for (const auto& guest : guests)
            for (const auto& verdict : guest.verdicts)
                devices.push_back(verdict_json(guest.guest, verdict, follow_commands(guest.guest, verdict)));
        print_json({{"ok", count_not_ok(guests) == 0}, {"devices", devices}});
    } else {
        print_text(guests);
    }
    if (size_t bad = count_not_ok(guests))
        throw refused(plural(bad, "recorded device is", "recorded devices are") +
                      " not where it was assigned: " + problems_line(guests));
}

}  // namespace

void add_verify_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<VerifyOptions>();
    auto* cmd = app.add_subcommand(
        "verify", "Check that each guest's PCI devices are still the physical devices it was given");
    cmd->add_option("GUEST", options->guests, "Guests to check (default: every guest with an identity record)")
        ->check(non_empty());
    auto* install = cmd->add_flag("--install-hook", options->install_hook,
                                  "Install a libvirt hook that refuses to start a guest whose devices drifted");
    cmd->add_flag("--remove-hook", options->remove_hook, "Remove that hook")->excludes(install);
    cmd->add_flag("--dry-run", options->dry_run, "With --install-hook/--remove-hook: say what would be done");
    cmd->add_flag("--force", options->force,
                  "With --install-hook: install even when users other than root could replace the vpt binary");
    cmd->add_flag("--hook", options->hook, "Run as the libvirt hook (guest XML on stdin)")->group("");
    cmd->add_option("--root", options->root, "Host files below DIR (tests)")->check(non_empty())->group("");
    cmd->add_option("--binary", options->binary, "The vpt the hook runs (tests)")->check(non_empty())->group("");
    cmd->add_option("--hook-deadline-ms", options->deadline_ms, "The hook's deadline (tests)")
        ->check(CLI::Range(1, 600000))
        ->group("");
    cmd->footer(
        "vpt assign records in the guest's persistent XML (<metadata>, namespace urn:vpt:identity:1)\n"
        "which physical device each assigned device is: vendor:device, subsystem ids, class, the\n"
        "strongest serial (PCIe Device Serial Number, else the VPD serial), its IOMMU group. verify\n"
        "compares every record with the host now, using only fields known on both sides:\n"
        "  ok     the recorded address holds the recorded device\n"
        "  drift  the recorded address holds another device: the guest would get the wrong one\n"
        "  moved  the recorded device is at another address (its serial matched, or it is the only\n"
        "         match): the unassign and assign commands that follow it are printed\n"
        "  gone   neither there nor anywhere else\n"
        "Exit codes: 0 every device ok, 1 any other verdict, 2 bad usage or a garbled record,\n"
        "3 cannot connect.\n"
        "The hook (/etc/libvirt/hooks/qemu.d/00-vpt-verify; an existing /etc/libvirt/hooks/qemu is\n"
        "left alone) checks the same from sysfs before each guest start and refuses a guest with\n"
        "any device not ok, or whose devices cannot be read within 5 s, the reason in libvirt's\n"
        "error and the audit. Installing it tells a running libvirtd or virtqemud to look for hooks\n"
        "again (SIGHUP), and refuses a vpt binary others could replace unless --force.\n"
        "Examples:\n  vpt verify\n  vpt verify win10 --json\n  vpt verify --install-hook --dry-run\n"
        "  vpt verify --install-hook");
    cmd->callback([&global, options] { run_verify(global, *options); });
}

}  // namespace vpt
