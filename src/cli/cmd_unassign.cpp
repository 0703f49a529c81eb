// vpt unassign GUEST DEV: take a device (and the IOMMU-group companions
// that came with it) out of a guest, optionally giving the group back to
// the host afterwards.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/guest_targets.hpp"
#include "plan/assign_planner.hpp"
#include "plan/group_planner.hpp"
#include "plan/guest_planner.hpp"

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

// Per device unplugged from the running guest: whether the guest let go.
nlohmann::ordered_json live_removal_json(const Plan& plan, const ExecutionReport& report) {
    auto released = nlohmann::ordered_json::array();
    auto unplug = [&](size_t i) {
        return plan.steps[i].action == StepAction::detach_live || plan.steps[i].action == StepAction::detach_placeholder;
    };
    for (size_t i : report.done)
        if (unplug(i)) released.push_back({{"address", plan.steps[i].address.str()}, {"released", true}});
    if (report.failed_step && unplug(*report.failed_step))
        released.push_back({{"address", plan.steps[*report.failed_step].address.str()}, {"released", false}});
    return released;
}

// What leaves the guest, one line per device with how the guest holds it:
// the companions that go with the device named are said to be its group's,
// so that no one is surprised by a device they did not name.
void print_removal(const Inventory& inventory, const std::string& guest, const PciDevice* named,
                   const std::vector<PciAddress>& addresses) {
    for (const auto& address : addresses) {
        std::string as = "-";
        for (const auto& holder : inventory.holders(address))
            if (holder.guest == guest) as = holder_kind_name(holder.kind);
        std::string why = "named";
        if (named && address != named->address)
            why = named->iommu_group ? "in IOMMU group " + std::to_string(*named->iommu_group) + " with " +
                                           named->address.str()
                                     : "goes with " + named->address.str();
        std::cout << "  " << address.str() << "  " << std::left << std::setw(11) << as << "  " << why << '\n';
    }
}

void run_unassign(const GlobalOptions& global, const UnassignOptions& options) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    Guest guest(session.connection(), options.guest);
    // A device that left the host (renumbered buses, see vpt verify) is
    // still named by its old address: the guest's config and identity record
    // say what to take out; there is nothing to give back to the host.
    auto address = PciAddress::parse(options.device);
    bool gone = address && !session.inventory().find(*address) && guest.persistent();
    if (gone) {
        if (options.reattach) throw bad_input(address->str() + " is not on the host: drop --reattach");
        if (options.live) throw bad_input(address->str() + " is not on the host, so no running guest holds it: drop --live");
    }
    std::vector<PciAddress> addresses;
    const PciDevice* device = nullptr;  // on the host: what --reattach gives back
    if (gone) addresses = removal_by_record(options.guest, guest.config_xml(), *address);
    // Otherwise (or when the guest holds nothing there): the device as the
    // host has it. A group leaves the guest as a whole: any match the guest holds names it.
    if (addresses.empty()) {
        auto matches = session.group(options.device);
        auto held = std::find_if(matches.begin(), matches.end(), [&](const PciDevice* match) {
            return session.inventory().held_by(match->address, options.guest);
        });
        device = held != matches.end() ? *held : matches.front();
        addresses = plan_removal(session.inventory(), *device, options.guest);
    }
    GuestTargets targets = choose_targets(guest, options.live, options.config);
    Plan plan = plan_guest_removals(read_guest_xml(guest, targets), addresses);
    // One plan, one journal: a crash between the guest change and the
    // reattach is undone or finished as a whole.
    if (options.reattach) plan.append(plan_group_reattach(session.inventory(), *device, options.guest));

    auto removed = nlohmann::ordered_json::array();
    for (const auto& a : addresses) removed.push_back(a.str());
    nlohmann::ordered_json out = {{"guest", options.guest}, {"config", targets.config},
                                  {"live", targets.live}, {"devices", removed}};
    RunOptions run;
    run.unplug_timeout = std::chrono::seconds(options.timeout_seconds);
    auto report = show_and_run(change, global, plan, out, run, [&] {
        std::cout << "Unassign from guest '" << options.guest << "'"
                  << (options.reattach ? ", then give the group back to the host" : "") << ":\n";
        print_removal(session.inventory(), options.guest, device, addresses);
    });
    if (report) out["live_removal"] = live_removal_json(plan, *report);
    finish_plan(global, plan, report, out);
}

}  // namespace

void add_unassign_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<UnassignOptions>();
    auto* cmd = app.add_subcommand("unassign", "Take a device (and its IOMMU-group companions) out of a guest");
    cmd->add_option("GUEST", options->guest, "The guest")->required()->check(non_empty());
    cmd->add_option("DEV", options->device, device_help("The device", "all matches must be of one group"))
        ->required()
        ->check(non_empty());
    auto* live = cmd->add_flag("--live", options->live, "Only the running guest (hot-unplug)");
    cmd->add_flag("--config", options->config, "Only the persistent config")->excludes(live);
    cmd->add_flag("--reattach", options->reattach, "Then give the whole group back to the host (as vpt reattach)");
    cmd->add_option("--timeout", options->timeout_seconds, "Seconds to wait for the guest to release the devices (all of them)")
        ->capture_default_str()
        ->transform(decimal())->check(CLI::Range(1, 600));
    cmd->add_flag("--dry-run", options->dry_run, "Show what would be removed; change nothing");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->footer("A live unplug is asynchronous: vpt asks the guest to release every device of the group,\n"
                "then waits for all of them (libvirt's device-removed events, the live XML re-read each\n"
                "second) for at most --timeout in all, showing on stderr how many are still to go; a guest\n"
                "that does not let go in time or refuses fails the run, and what was already changed is\n"
                "undone. With --reattach, the guest change and the reattach are one\n"
                "journaled change: 'vpt recover' undoes or finishes both. The config change drops the\n"
                "devices' identity records too (see vpt verify). A device no longer on the host (its bus\n"
                "was renumbered) is named by its old address; its recorded group goes with it.\n"
                "Examples:\n  vpt unassign win10 01:00.0\n  vpt unassign win10 01:00.0 --reattach");
    cmd->callback([&global, options] { run_unassign(global, *options); });
}

}  // namespace vpt
