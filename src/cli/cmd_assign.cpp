// vpt assign GUEST DEV...: give devices (and their IOMMU-group companions)
// to a guest; or --pool NAME: a VF from a pool network.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/dependents_check.hpp"
#include "cli/device_options.hpp"
#include "cli/guest_fit.hpp"
#include "cli/guest_targets.hpp"
#include "cli/host_session.hpp"
#include "cli/host_use_check.hpp"
#include "cli/identity_check.hpp"
#include "core/command_text.hpp"
#include "plan/assign_planner.hpp"
#include "plan/guest_planner.hpp"
#include "view/json_output.hpp"
#include "view/table.hpp"
#include "xml/network_interface_xml.hpp"

namespace vpt {
namespace {

struct AssignOptions {
    std::string guest;
    std::vector<std::string> devices;
    std::string pool;
    bool live = false;
    bool config = false;
    bool as_interface = false;
    bool with_group = false;
    bool no_companions = false;
    bool dry_run = false;
    bool force = false;      // past the host-use guard
    int wait_seconds = 60;
    std::string root;        // hidden --root: the host-use guard reads sysfs below it (tests)
    DeviceOptions device;
};

GuestDevice element_for(const Addition& addition, const PciDevice* host_device, const AssignOptions& options) {
    GuestSlot slot = host_device && !host_device->pci_express ? GuestSlot::pci : GuestSlot::pcie;
    GuestDevice device{addition.address, addition.label, holder_kind_name(addition.kind), addition.companion, "", slot};
    if (addition.kind == Holder::Kind::interface) {
        device.xml = or_bad_input(hostdev_interface_xml(or_bad_input(interface_spec(options.device, addition.address))));
        return device;
    }
    HostdevSpec spec;
    if (addition.companion) {
        spec.source = addition.address;
        spec.managed = !options.device.unmanaged;
    } else {
        spec = or_bad_input(hostdev_spec(options.device, addition.address));
    }
    spec.unassigned = addition.kind == Holder::Kind::placeholder;
    if (spec.unassigned) device.slot = GuestSlot::none;
    device.xml = or_bad_input(hostdev_xml(spec));
    return device;
}

// The PCI address of a pool's PF, for `vpt vfs`; "PF" when the host shows none.
std::string pf_of_pool(const HostSession& session, const PoolNetwork& pool) {
    if (pool.info.pf_dev)
        for (const auto& device : session.inventory().devices())
            if (device.sriov && device.sriov->role == SriovInfo::Role::pf && device.netdev == pool.info.pf_dev)
                return device.address.str();
    return "PF";
}

std::vector<GuestDevice> device_elements(const HostSession& session, const AssignOptions& options,
                                         std::vector<std::string>& notes) {
    if (!options.pool.empty()) {
        const PoolNetwork* pool = session.state().pool(options.pool);
        if (!pool) throw bad_input("unknown pool network '" + options.pool + "' (see 'vpt pool list')");
        if (pool->vfs.empty())
            throw refused("pool network '" + options.pool + "' has no VFs: create them with '" +
                          command_text({"vpt", "vfs", pf_of_pool(session, *pool), "COUNT"}) + "'");
        NetworkInterfaceSpec spec{options.pool, std::nullopt, std::nullopt};
        if (!options.device.mac.empty()) spec.mac = or_bad_input(MacAddress::parse(options.device.mac));
        if (options.device.vlan) spec.vlan = options.device.vlan;
        return {GuestDevice{std::nullopt, "a VF of pool '" + options.pool + "'", "network", false,
                            or_bad_input(network_interface_xml(spec)), GuestSlot::pcie}};
    }
    // Every device each name matches (a slot, vendor:device), each once.
    std::vector<const PciDevice*> devices = session.devices(options.devices);
    if (devices.size() > 1 && has_single_device_options(options.device))
        throw bad_input("--mac, --boot-order and --guest-address apply to one device; name one");
    auto companions = options.with_group      ? CompanionPolicy::visible
                      : options.no_companions ? CompanionPolicy::none
                                              : CompanionPolicy::hidden;
    const HostState& state = session.state();
    AssignPlan plan = plan_assign(session.inventory(), options.guest, devices,
                                  options.as_interface ? DeviceForm::interface : DeviceForm::hostdev, companions,
                                  [&state](const PciAddress& address) -> std::optional<std::string> {
                                      if (const auto* pool = state.pool_of(address)) return pool->info.name;
                                      return std::nullopt;
                                  });
    notes = plan.notes;
    // Only a persistent config keeps the record; the sysfs facts only where
    // this machine's sysfs is the host's.
    auto sysfs = host_sysfs(session.connection(), options.root);
    std::vector<GuestDevice> elements;
    for (const auto& addition : plan.additions) {
        const PciDevice* host_device = session.inventory().find(addition.address);
        elements.push_back(element_for(addition, host_device, options));
        if (!host_device) continue;
        DeviceIdentity identity = host_identity(*host_device, sysfs);
        identity.companion = addition.companion;
        elements.back().identity = identity;
    }
    return elements;
}

nlohmann::ordered_json assign_json(const std::string& guest, const GuestTargets& targets,
                                 const std::vector<GuestDevice>& devices, const std::vector<std::string>& notes) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& d : devices)
        list.push_back({{"address", d.address ? nlohmann::ordered_json(d.address->str()) : nullptr},
                        {"as", d.as},
                        {"companion", d.companion},
                        {"identity", d.identity && targets.config ? nlohmann::ordered_json(describe_identity(*d.identity))
                                                                  : nlohmann::ordered_json(nullptr)},
                        {"xml", d.xml}});
    return {{"guest", guest}, {"config", targets.config}, {"live", targets.live}, {"devices", list}, {"notes", notes}};
}

void print_plan(const std::string& guest, const GuestTargets& targets, const std::vector<GuestDevice>& devices,
                const std::vector<std::string>& notes) {
    std::cout << "Assign to guest '" << guest << "' ("
              << (targets.config && targets.live ? "its config and the running guest"
                  : targets.live                 ? "the running guest only"
                                                 : "its config; it takes effect at next start")
              << "):\n";
    Table table({{"DEVICE"}, {"AS", Shrink::later}, {"ROLE"}});
    for (const auto& d : devices) table.add_row({d.label, d.as, d.companion ? "IOMMU-group companion" : "requested"});
    table.print(std::cout, 2);
    if (targets.config)
        for (const auto& d : devices)
            if (d.identity) std::cout << "  record: " << d.identity->address.str() << " is " << describe_identity(*d.identity) << '\n';
    for (const auto& note : notes) std::cout << "  note: " << note << '\n';
}

// Every host device the guest would take from the host (one already on
// vfio-pci is not the host's any more), for the host-use guard.
std::vector<PciAddress> taken_from_host(const Inventory& inventory, const std::vector<GuestDevice>& devices) {
    std::vector<PciAddress> taken;
    for (const auto& device : devices) {
        if (!device.address) continue;
        const PciDevice* host_device = inventory.find(*device.address);
        if (!host_device || !host_device->is_vfio_bound()) taken.push_back(*device.address);
    }
    return taken;
}

void run_assign(const GlobalOptions& global, const AssignOptions& options) {
    if (options.devices.empty() == options.pool.empty())
        throw bad_input("name the devices to assign, or --pool NAME (not both)");
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    Guest guest(session.connection(), options.guest);
    std::vector<std::string> notes;
    auto devices = device_elements(session, options, notes);
    GuestTargets targets = choose_targets(guest, options.live, options.config);
    GuestXml guest_xml = read_guest_xml(guest, targets);
    Plan plan = plan_guest_additions(guest_xml, devices);
    std::vector<FitWarning> fit;
    if (options.pool.empty())
        fit = assign_fit_warnings(session, options.guest, guest_xml.config ? *guest_xml.config : guest_xml.live.value_or(""),
                                  devices, host_sysfs(session.connection(), options.root), notes);
    for (const auto& warning : fit) plan.warnings.push_back(warning.text);

    auto out = assign_json(options.guest, targets, devices, notes);
    out["fit_warnings"] = fit_warnings_json(fit);
    // libvirt takes a managed device from its host driver when the guest
    // starts: the same guard as detach, over the whole group.
    if (auto taken = taken_from_host(session.inventory(), devices); !taken.empty()) {
        HostUseVerdict host_use = check_host_use(session, taken, options.root);
        if (!host_use.checked) plan.warnings.push_back(host_use.summary());  // said in text as in JSON
        if (host_use.needs_force()) plan.refusals.push_back(host_use.refusal());
        out["host_use"] = host_use_json(host_use);
        Dependents dependents = check_dependents(session, Loss::unbind, taken, options.root);
        add_dependents(plan, dependents, options.force);
        out["dependents"] = dependents_json(dependents, options.force);
    }
    auto report = show_and_run(change, global, plan, out, {options.force, options.root}, [&] {
        print_plan(options.guest, targets, devices, notes);
        if (options.dry_run)
            for (const auto& d : devices) std::cout << d.xml << '\n';
    });
    if (report && report->completed) {
        out["verified"] = !targets.config || config_holds(guest, devices);
        out["identity_recorded"] = targets.config && config_records(guest, devices);
    }
    finish_plan(global, plan, report, out);
}

}  // namespace

void add_assign_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<AssignOptions>();
    auto* cmd = app.add_subcommand("assign", "Give PCI devices (with their IOMMU-group companions) to a guest");
    cmd->add_option("GUEST", options->guest, "The guest (libvirt domain name)")->required()->check(non_empty());
    cmd->add_option("DEV", options->devices, device_help("Devices", "each match is assigned, each once"))->check(non_empty());
    auto* pool = cmd->add_option("--pool", options->pool,
                                 "Take a VF from this pool network instead (<interface type='network'>)")
                     ->check(non_empty());
    auto* live = cmd->add_flag("--live", options->live, "Only the running guest (hot-plug)");
    cmd->add_flag("--config", options->config, "Only the persistent config (takes effect at next start)")->excludes(live);
    auto* as_interface = cmd->add_flag("--as-interface", options->as_interface,
                                       "An SR-IOV VF as <interface type='hostdev'> (with --mac, --vlan, --virtualport)");
    auto* with_group = cmd->add_flag("--with-group", options->with_group,
                                     "Give the group's other endpoints to the guest visibly");
    cmd->add_flag("--no-companions", options->no_companions,
                  "Leave the group's other endpoints out (only if the group is already viable)")
        ->excludes(with_group);
    cmd->add_flag("--dry-run", options->dry_run, "Print the plan and the XML; change nothing");
    cmd->add_flag("--force", options->force,
                  "Assign even a device the host uses (its root disk, its default-route NIC), or a PF whose VFs "
                  "guests, pools or the host use");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->add_option("--root", options->root, "Read sysfs/procfs below DIR for the host-use guard (tests)")
        ->check(non_empty())
        ->group("");
    add_hostdev_options(*cmd, options->device);
    add_interface_options(*cmd, options->device, false);
    // An option the element being built has no place for is bad usage, not
    // silently dropped. A pool VF is an <interface type='network'>: only a
    // MAC and a VLAN; no ROM in an <interface type='hostdev'> either.
    for (const char* name : {"--as-interface", "--with-group", "--no-companions", "--force", "--unmanaged",
                             "--rom-bar", "--rom-file", "--boot-order", "--guest-address"})
        cmd->get_option(name)->excludes(pool);
    for (const char* name : {"--rom-bar", "--rom-file"}) cmd->get_option(name)->excludes(as_interface);
    for (const char* name : {"--virtualport", "--virtualport-param"}) cmd->get_option(name)->needs(as_interface);
    cmd->footer(
        "Default: the persistent config (edited in place and redefined), plus the running guest when it\n"
        "runs (live attach). Each other endpoint of the device's IOMMU group is added as a <hostdev> with\n"
        "<address type='unassigned'/>: libvirt detaches it with the guest, the guest does not see it.\n"
        "If one half fails the other is undone. Like detach, it refuses (unless --force) a device the\n"
        "host itself uses: libvirt would take it from the host when the guest starts; and an SR-IOV PF\n"
        "whose VFs a guest holds, a pool a guest uses hands out, or the host uses: they vanish with it.\n"
        "The config also records which physical device each one is (see vpt verify); a --live-only\n"
        "assignment ends when the guest stops and is not recorded.\n"
        "--mac and --vlan need --as-interface or --pool, --virtualport needs --as-interface;\n"
        "--pool takes none of the device options, --as-interface no --rom-bar or --rom-file.\n"
        "Examples:\n  vpt assign win10 01:00.0 --dry-run\n  vpt assign win10 10de:2204 10de:1aef\n  vpt assign router 03:10.2 --as-interface --vlan 42\n"
        "  vpt assign web --pool sriov-pool");
    cmd->callback([&global, options, cmd] {
        // --mac and --vlan need either form of interface; CLI11 cannot say "one of".
        for (const char* name : {"--mac", "--vlan"})
            if (cmd->count(name) && !options->as_interface && options->pool.empty())
                throw bad_input(std::string(name) + " requires --as-interface or --pool");
        run_assign(global, *options);
    });
}

}  // namespace vpt
