#include "cli/guest_change.hpp"

#include <iostream>

#include "core/error.hpp"
#include "xml/domain_devices.hpp"
#include "xml/domain_editor.hpp"
#include "xml/pci_slots.hpp"
#include "xml/schema_validator.hpp"

namespace vpt {
namespace {

// A generated document that fails libvirt's own schema is vpt's bug, not
// the user's: say so, and apply nothing.
void require_valid(const Result<bool>& verdict, const std::string& what) {
    if (!verdict)
        throw refused("internal error: the " + what + " vpt generated fails libvirt's schema (" + verdict.error() +
                      "); nothing was changed");
}

DomainEditor load_editor(const Guest& guest, const std::string& xml) {
    auto editor = DomainEditor::load(xml);
    if (!editor) throw refused("cannot edit the XML of guest '" + guest.name() + "': " + editor.error());
    return std::move(editor).value();
}

std::string edited_config(const Guest& guest, const std::string& config,
                          const std::vector<GuestDevice>& devices) {
    DomainEditor editor = load_editor(guest, config);
    for (const auto& device : devices) {
        auto added = editor.add_device(device.xml);
        if (!added) throw refused("cannot add " + device.label + ": " + added.error());
    }
    return editor.xml();
}

void check_hotplug_slots(const Guest& guest, const std::string& live_xml, const std::vector<GuestDevice>& devices) {
    unsigned ports_needed = 0, pci_slots_needed = 0;
    for (const auto& device : devices) {
        ports_needed += device.slot == GuestSlot::pcie;
        pci_slots_needed += device.slot == GuestSlot::pci;
    }
    auto slots = hotplug_slots(live_xml);
    if (!slots || !slots->q35) return;
    if (slots->free_ports < ports_needed)
        throw refused("guest '" + guest.name() + "' has " + std::to_string(slots->free_ports) +
                      " free hot-pluggable pcie-root-port(s) and needs " + std::to_string(ports_needed) +
                      ": add them with 'vpt prepare " + guest.name() + " --root-ports " +
                      std::to_string(ports_needed) + " --config' and restart it, or assign with --config");
    if (slots->free_pci_slots < pci_slots_needed)
        throw refused("guest '" + guest.name() + "' has " + std::to_string(slots->free_pci_slots) +
                      " free slot(s) on a PCI bridge and needs " + std::to_string(pci_slots_needed) +
                      " for conventional PCI devices: add a pcie-to-pci-bridge with 'vpt prepare " + guest.name() +
                      " --pci-bridge --config' and restart it, or assign with --config");
}

bool config_holds(const Guest& guest, const std::vector<GuestDevice>& devices) {
    auto held = parse_domain_devices(guest.config_xml(), false);
    if (!held) return false;
    for (const auto& device : devices) {
        if (!device.address) continue;
        bool found = false;
        for (const auto& h : held->held) found = found || h.address == *device.address;
        if (!found) return false;
    }
    return true;
}

}  // namespace

GuestTargets choose_targets(const Guest& guest, bool live_flag, bool config_flag) {
    GuestTargets targets;
    bool running = guest.running(), persistent = guest.persistent();
    if (live_flag && !running) throw bad_input("guest '" + guest.name() + "' is not running; drop --live");
    if (config_flag && !persistent) throw bad_input("guest '" + guest.name() + "' is transient: it has no config; drop --config");
    targets.live = running && (live_flag || !config_flag);
    targets.config = persistent && (config_flag || !live_flag);
    return targets;
}

GuestChangeOutcome add_guest_devices(const Guest& guest, const GuestTargets& targets,
                                     const std::vector<GuestDevice>& devices, bool dry_run) {
    std::string original_config, new_config, live_xml;
    if (targets.config) {
        original_config = guest.config_xml();
        new_config = edited_config(guest, original_config, devices);
        require_valid(validate_domain_xml(new_config), "config of guest '" + guest.name() + "'");
    }
    if (targets.live) {
        live_xml = guest.live_xml();
        for (const auto& device : devices)
            require_valid(validate_device_in_domain(live_xml, device.xml), "XML of " + device.label);
        check_hotplug_slots(guest, live_xml, devices);
    }
    GuestChangeOutcome outcome;
    if (dry_run) return outcome;

    Transaction transaction;
    if (targets.config)
        transaction.add("define the new config of guest '" + guest.name() + "'",
                        [&] { guest.define(new_config); }, [&] { guest.define(original_config); });
    // Companions first: the group must be whole on vfio-pci before the
    // device the guest sees is opened by QEMU.
    std::vector<const GuestDevice*> live_order;
    for (const auto& device : devices)
        if (device.companion) live_order.push_back(&device);
    for (const auto& device : devices)
        if (!device.companion) live_order.push_back(&device);
    if (targets.live)
        for (const GuestDevice* device : live_order)
            transaction.add("attach " + device->label + " to the running guest",
                            [&guest, device] { guest.attach_live(device->xml); },
                            [&guest, device] { guest.detach_live(device->xml); });
    outcome.report = transaction.run();
    outcome.verified = outcome.report.completed && (!targets.config || config_holds(guest, devices));
    return outcome;
}

GuestRemovalOutcome remove_guest_devices(const Guest& guest, const GuestTargets& targets,
                                         const std::vector<PciAddress>& addresses,
                                         std::chrono::milliseconds timeout, bool dry_run) {
    GuestRemovalOutcome outcome;
    std::string original_config, new_config;
    if (targets.config) {
        original_config = guest.config_xml();
        DomainEditor editor = load_editor(guest, original_config);
        editor.remove_pci_devices(addresses);
        new_config = editor.xml();
        require_valid(validate_domain_xml(new_config), "config of guest '" + guest.name() + "'");
    }
    // The live elements, as the running guest has them (with its aliases).
    std::vector<std::pair<PciAddress, std::string>> live_devices;
    if (targets.live) {
        DomainEditor live = load_editor(guest, guest.live_xml());
        for (const auto& address : addresses)
            if (auto xml = live.find_pci_device(address)) live_devices.emplace_back(address, *xml);
    }
    if (dry_run) return outcome;

    Transaction transaction;
    if (targets.config)
        transaction.add("define the new config of guest '" + guest.name() + "'",
                        [&] { guest.define(new_config); }, [&] { guest.define(original_config); });
    for (const auto& [address, xml] : live_devices)
        transaction.add("detach " + address.str() + " from the running guest",
                        [&guest, &outcome, address = address, xml = xml, timeout] {
                            guest.detach_live(xml);
                            outcome.released.emplace_back(address, guest.wait_until_released(address, timeout));
                        },
                        [&guest, xml = xml] { guest.attach_live(xml); });
    outcome.report = transaction.run();
    return outcome;
}

void add_transaction_json(nlohmann::ordered_json& out, const Transaction::Report& report) {
    out["result"] = report.completed ? "done" : report.undo_failures.empty() ? "rolled-back" : "failed";
    out["done"] = report.done;
    out["error"] = report.failed ? nlohmann::ordered_json(*report.failed + ": " + report.failure) : nullptr;
    out["undone"] = report.undone;
    out["undo_failures"] = report.undo_failures;
}

void print_transaction_text(const Transaction::Report& report) {
    for (const auto& what : report.done) std::cout << "  done: " << what << '\n';
    if (report.failed) std::cout << "  FAILED: " << *report.failed << ": " << report.failure << '\n';
    for (const auto& what : report.undone) std::cout << "  undone: " << what << '\n';
    for (const auto& what : report.undo_failures) std::cout << "  could NOT undo: " << what << '\n';
}

void fail_unless_completed(const Transaction::Report& report, const std::string& what) {
    if (report.completed) return;
    std::string message = what + " failed: " + report.failure;
    if (report.done.empty())
        message += "; nothing was changed";
    else if (report.undo_failures.empty())
        message += "; every change was undone";
    else
        message += "; some changes could not be undone (see above)";
    throw refused(message);
}

}  // namespace vpt
