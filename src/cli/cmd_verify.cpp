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
#include "cli/host_session.hpp"
#include "cli/identity_check.hpp"
#include "cli/output.hpp"
#include "core/command_text.hpp"
#include "core/text_list.hpp"
#include "host/qemu_hook.hpp"
#include "host/sysfs_identity.hpp"
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
    bool hook = false;     // hidden: run as the libvirt hook
    std::string root;      // hidden: host files below DIR (tests)
};

void require_root_dir(const std::string& root) {
    if (!root.empty() && !std::filesystem::is_directory(root)) throw bad_input("--root " + root + ": not a directory");
}

std::string problems_line(const std::vector<GuestVerdicts>& guests) {
    std::vector<std::string> parts;
    for (const auto& guest : guests)
        for (const auto& verdict : guest.verdicts)
            if (!verdict.ok()) parts.push_back("guest '" + guest.guest + "' " + verdict_finding(verdict));
    return join_limited(parts, 3);
}

// The hook: libvirt is waiting for it, so it reads the guest's XML from
// stdin and the host from sysfs, and never opens a connection.
void run_hook(const VerifyOptions& options) {
    if (options.guests.empty()) throw bad_input("--hook needs the guest's name");
    if (options.guests.size() >= 3 && (options.guests[1] != "prepare" || options.guests[2] != "begin")) return;
    const std::string& guest = options.guests.front();
    std::string xml(std::istreambuf_iterator<char>(std::cin), {});
    auto records = read_identity_records(xml);
    if (!records)
        throw bad_input("guest '" + guest + "' refused: its identity record cannot be read (" + records.error() + ")");
    if (records->empty()) return;
    auto host = read_sysfs_identities(HostFs(options.root));
    std::vector<GuestVerdicts> verdicts = {verify_records(guest, *records, host)};
    if (count_not_ok(verdicts))
        throw refused("refusing to start guest '" + guest + "': " + problems_line(verdicts) + " (see '" +
                      command_text({"vpt", "verify", guest}) + "')");
}

void run_hook_change(const GlobalOptions& global, const VerifyOptions& options) {
    if (!options.guests.empty()) throw bad_input("--install-hook and --remove-hook take no guest");
    HostFs fs(options.root);
    Result<HookOutcome> outcome = Failure{""};
    std::filesystem::path binary;
    if (options.install_hook) {
        std::error_code ec;
        binary = std::filesystem::read_symlink("/proc/self/exe", ec);
        if (ec) throw refused("cannot tell where the vpt binary is: " + ec.message());
    }
    std::optional<AuditTrail> audit;
    if (!options.dry_run) {
        audit.emplace(open_audit_sink(), current_identity(), options.install_hook ? "install-hook" : "remove-hook",
                      vpt_hook_script);
        audit->begin(global.command_line, "");
    }
    if (options.install_hook) {
        outcome = install_hook(fs, binary.string(), options.dry_run);
    } else {
        outcome = remove_hook(fs, options.dry_run);
    }
    if (audit) audit->end(outcome ? "ok" : "failed", outcome ? "" : outcome.error());
    if (!outcome) throw refused(outcome.error());
    std::string note;
    if (options.install_hook && outcome->restart_needed && outcome->change != HookChange::unchanged)
        note = "libvirt looks for hooks when its daemon starts, and none was there before: restart it "
               "(systemctl restart libvirtd, or virtqemud with the modular daemons) to use this one";
    if (global.json) {
        const char* change[] = {"installed", "updated", "unchanged", "removed", "absent"};
        print_json({{"path", outcome->path},
                    {"change", change[static_cast<int>(outcome->change)]},
                    {"dry_run", options.dry_run},
                    {"restart_needed", !note.empty()},
                    {"note", note.empty() ? json(nullptr) : json(note)}});
        return;
    }
    std::cout << outcome->summary() << '\n';
    if (!note.empty()) std::cout << "note: " << note << '\n';
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
    if (options.hook) return run_hook(options);
    if (options.install_hook || options.remove_hook) return run_hook_change(global, options);
    if (options.dry_run) throw bad_input("--dry-run goes with --install-hook or --remove-hook");
    HostSession session(global, Access::read_only);
    auto guests = verify_guests(session, options);
    if (global.json) {
        auto devices = json::array();
        for (const auto& guest : guests)
            for (const auto& verdict : guest.verdicts) devices.push_back(verdict_json(guest.guest, verdict));
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
    cmd->add_flag("--hook", options->hook, "Run as the libvirt hook (guest XML on stdin)")->group("");
    cmd->add_option("--root", options->root, "Host files below DIR (tests)")->check(non_empty())->group("");
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
        "The hook (/etc/libvirt/hooks/qemu.d/vpt-verify; an existing /etc/libvirt/hooks/qemu is\n"
        "left alone) checks the same from sysfs before each guest start and refuses a guest with\n"
        "any device not ok, the reason in libvirt's error.\n"
        "Examples:\n  vpt verify\n  vpt verify win10 --json\n  vpt verify --install-hook --dry-run\n"
        "  vpt verify --install-hook");
    cmd->callback([&global, options] { run_verify(global, *options); });
}

}  // namespace vpt
