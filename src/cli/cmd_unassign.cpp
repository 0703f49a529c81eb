// vpt unassign GUEST DEV: take a device (and the IOMMU-group companions
// that came with it) out of a guest, optionally giving the group back to
// the host afterwards.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/change_guard.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/group_change.hpp"
#include "cli/guest_change.hpp"
#include "cli/host_session.hpp"
#include "cli/output.hpp"
#include "core/viability.hpp"

namespace vpt {
namespace {

struct UnassignOptions {
    std::string guest;
    std::string device;
    bool live = false;
    bool config = false;
    bool reattach = false;
    bool dry_run = false;
    int timeout_seconds = 30;
    int wait_seconds = 60;
};

// The device and every other member of its group that this guest holds: a
// group leaves a guest as a whole, or the host is left with a half group.
std::vector<PciAddress> removal_set(const Inventory& inventory, const PciDevice& device, const std::string& guest) {
    auto held_here = [&](const PciDevice& d) {
        for (const auto& h : inventory.holders(d.address))
            if (h.guest == guest) return true;
        return false;
    };
    if (!held_here(device))
        throw bad_input(describe(device) + " is not assigned to guest '" + guest + "'");
    std::vector<PciAddress> addresses;
    for (const PciDevice* member : inventory.group_of(device))
        if (held_here(*member)) addresses.push_back(member->address);
    return addresses;
}

void run_unassign(const GlobalOptions& global, const UnassignOptions& options) {
    std::vector<PciAddress> addresses;
    {
        std::optional<ChangeGuard> guard;
        if (!options.dry_run) guard.emplace(global, options.wait_seconds, true);
        HostSession session(global, options.dry_run ? Access::read_only : Access::read_write);
        Guest guest(session.connection(), options.guest);
        const PciDevice& device = session.device(options.device);
        addresses = removal_set(session.inventory(), device, options.guest);
        GuestTargets targets = choose_targets(guest, options.live, options.config);
        auto outcome = remove_guest_devices(guest, targets, addresses,
                                            std::chrono::seconds(options.timeout_seconds), options.dry_run);
        auto removed = nlohmann::ordered_json::array();
        for (const auto& a : addresses) removed.push_back(a.str());
        if (global.json) {
            nlohmann::ordered_json out = {{"guest", options.guest}, {"config", targets.config},
                                          {"live", targets.live}, {"devices", removed}};
            if (options.dry_run) {
                out["result"] = "planned";
            } else {
                add_transaction_json(out, outcome.report);
                auto released = nlohmann::ordered_json::array();
                for (const auto& [address, gone] : outcome.released)
                    released.push_back({{"address", address.str()}, {"released", gone}});
                out["live_removal"] = released;
            }
            if (!options.reattach || options.dry_run) print_json(out);
        } else {
            std::cout << "Unassign from guest '" << options.guest << "':";
            for (const auto& a : addresses) std::cout << ' ' << a.str();
            std::cout << '\n';
            if (options.dry_run) std::cout << "Dry run: nothing was changed.\n";
            print_transaction_text(outcome.report);
            for (const auto& [address, gone] : outcome.released)
                std::cout << "  " << address.str()
                          << (gone ? ": the guest released it" : ": the guest did NOT release it in time") << '\n';
        }
        if (options.dry_run) return;
        fail_unless_completed(outcome.report, "unassign from guest '" + options.guest + "'");
        for (const auto& [address, gone] : outcome.released)
            if (!gone)
                throw refused("guest '" + options.guest + "' did not release " + address.str() + " within " +
                              std::to_string(options.timeout_seconds) +
                              " s (a live unplug needs the guest OS to answer); its config no longer has it");
    }  // the lock is released here: the reattach takes it again
    if (options.reattach) {
        GroupChangeOptions group{addresses.front().str(), false, false, options.wait_seconds, ""};
        run_group_change(global, group, Operation::reattach);
    }
}

}  // namespace

void add_unassign_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<UnassignOptions>();
    auto* cmd = app.add_subcommand("unassign", "Take a device (and its IOMMU-group companions) out of a guest");
    cmd->add_option("GUEST", options->guest, "The guest")->required();
    cmd->add_option("DEV", options->device, "The device: 0000:01:00.0, 01:00.0 or pci_0000_01_00_0")->required();
    auto* live = cmd->add_flag("--live", options->live, "Only the running guest (hot-unplug)");
    cmd->add_flag("--config", options->config, "Only the persistent config")->excludes(live);
    cmd->add_flag("--reattach", options->reattach, "Then give the whole group back to the host (as vpt reattach)");
    cmd->add_option("--timeout", options->timeout_seconds, "Seconds to wait for the guest to release a device")
        ->capture_default_str()
        ->check(CLI::Range(1, 600));
    cmd->add_flag("--dry-run", options->dry_run, "Show what would be removed; change nothing");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->footer("A live unplug is asynchronous: vpt polls the guest's live XML until the device is gone\n"
                "or --timeout passes, and says which happened.\n"
                "Examples:\n  vpt unassign win10 01:00.0\n  vpt unassign win10 01:00.0 --reattach");
    cmd->callback([&global, options] { run_unassign(global, *options); });
}

}  // namespace vpt
