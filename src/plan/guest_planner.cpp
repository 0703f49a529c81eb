#include "plan/guest_planner.hpp"

#include "core/command_text.hpp"
#include "core/error.hpp"
#include "xml/domain_devices.hpp"
#include "xml/domain_editor.hpp"
#include "xml/identity_record.hpp"
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

// The identity record is the guest's XML, which anyone may have edited: a
// garbled one stops the change (nothing is applied) and says how to drop it.
void record_identities(DomainEditor& editor, const std::string& guest, const std::vector<DeviceIdentity>& added,
                       const std::vector<PciAddress>& removed) {
    auto updated = update_identity_records(editor, added, removed);
    if (!updated)
        throw bad_input("guest '" + guest + "': " + updated.error() + " (remove it with '" +
                        remove_record_command(guest) + "')");
}

DomainEditor load_editor(const std::string& guest, const std::string& xml) {
    auto editor = DomainEditor::load(xml);
    if (!editor) throw refused("cannot edit the XML of guest '" + guest + "': " + editor.error());
    return std::move(editor).value();
}

std::string edited_config(const std::string& guest, const std::string& config,
                          const std::vector<GuestDevice>& devices) {
    DomainEditor editor = load_editor(guest, config);
    for (const auto& device : devices) {
        auto added = editor.add_device(device.xml);
        if (!added) throw refused("cannot add " + device.label + ": " + added.error());
    }
    std::vector<DeviceIdentity> identities;
    for (const auto& device : devices)
        if (device.identity) identities.push_back(*device.identity);
    record_identities(editor, guest, identities, {});
    return editor.xml();
}

// Why a live attach of these devices would fail for want of slots, if it would.
std::optional<std::string> missing_hotplug_slots(const std::string& guest, const std::string& live_xml,
                                                 const std::vector<GuestDevice>& devices) {
    unsigned ports_needed = 0, pci_slots_needed = 0;
    for (const auto& device : devices) {
        ports_needed += device.slot == GuestSlot::pcie;
        pci_slots_needed += device.slot == GuestSlot::pci;
    }
    auto slots = hotplug_slots(live_xml);
    if (!slots || !slots->q35) return std::nullopt;
    if (slots->free_ports < ports_needed)
        return "guest '" + guest + "' has " + std::to_string(slots->free_ports) +
               " free hot-pluggable pcie-root-port(s) and needs " + std::to_string(ports_needed) +
               ": add them with '" +
               command_text({"vpt", "prepare", guest, "--root-ports", std::to_string(ports_needed), "--config"}) +
               "' and restart it, or assign with --config";
    if (slots->free_pci_slots < pci_slots_needed)
        return "guest '" + guest + "' has " + std::to_string(slots->free_pci_slots) +
               " free slot(s) on a PCI bridge and needs " + std::to_string(pci_slots_needed) +
               " for conventional PCI devices: add a pcie-to-pci-bridge with '" +
               command_text({"vpt", "prepare", guest, "--pci-bridge", "--config"}) +
               "' and restart it, or assign with --config";
    return std::nullopt;
}

// The step that defines the guest's new config, checked against libvirt's
// schema first; its undo defines the config as it was.
Step define_config_step(const GuestXml& guest, const std::string& new_config) {
    require_valid(validate_domain_xml(new_config), "config of guest '" + guest.name + "'");
    return define_guest_step(guest.name, new_config, *guest.config);
}

}  // namespace

std::vector<PciAddress> removal_by_record(const std::string& guest, const std::string& config_xml,
                                          const PciAddress& address) {
    auto held = parse_domain_devices(config_xml, false);
    if (!held) throw bad_input("cannot read the XML of guest '" + guest + "': " + held.error());
    auto holds = [&](const PciAddress& a) {
        for (const auto& h : held->held)
            if (h.address == a) return true;
        return false;
    };
    if (!holds(address)) return {};
    auto records = read_identity_records(config_xml);
    if (!records)
        throw bad_input("guest '" + guest + "': " + records.error() + " (remove it with '" +
                        remove_record_command(guest) + "')");
    std::vector<PciAddress> addresses = {address};
    for (const auto& record : *records)
        if (record.address == address)
            for (const auto& member : record.group_members)
                if (member != address && holds(member)) addresses.push_back(member);
    return addresses;
}

Plan plan_guest_additions(const GuestXml& guest, const std::vector<GuestDevice>& devices) {
    Plan plan;
    plan.operation = Operation::assign;
    plan.target = guest.name;
    if (guest.config) plan.steps.push_back(define_config_step(guest, edited_config(guest.name, *guest.config, devices)));
    if (!guest.live) return plan;
    for (const auto& device : devices)
        require_valid(validate_device_in_domain(*guest.live, device.xml), "XML of " + device.label);
    if (auto missing = missing_hotplug_slots(guest.name, *guest.live, devices)) plan.refusals.push_back(*missing);
    // Companions first: the group must be whole on vfio-pci before the
    // device the guest sees is opened by QEMU.
    for (bool companions : {true, false})
        for (const auto& device : devices) {
            if (device.companion != companions) continue;
            // A placeholder's undo gives the device back to the host at
            // once: the executor keeps it until the guest let go of the rest.
            if (device.slot == GuestSlot::none && device.address) {
                plan.steps.push_back(attach_placeholder_step(guest.name, *device.address, device.label, device.xml));
                continue;
            }
            Step step = attach_live_step(guest.name, device.label, device.xml);
            if (device.address) step.address = *device.address;
            plan.steps.push_back(step);
        }
    return plan;
}

Plan plan_guest_removals(const GuestXml& guest, const std::vector<PciAddress>& addresses) {
    Plan plan;
    plan.operation = Operation::unassign;
    plan.target = guest.name;
    if (guest.config) {
        DomainEditor editor = load_editor(guest.name, *guest.config);
        editor.remove_pci_devices(addresses);
        record_identities(editor, guest.name, {}, addresses);
        plan.steps.push_back(define_config_step(guest, editor.xml()));
    }
    if (!guest.live) return plan;
    // The live elements, as the running guest has them (with its aliases).
    DomainEditor live = load_editor(guest.name, *guest.live);
    auto devices = parse_domain_devices(*guest.live, true);
    auto placeholder = [&](const PciAddress& address) {
        if (!devices) return false;
        for (const auto& held : devices->held)
            if (held.address == address && held.holder.kind == Holder::Kind::placeholder) return true;
        return false;
    };
    // The devices the guest must let go of first (asked together), the
    // placeholders after them: removing one gives it back to the host at
    // once, which must not happen while the guest still has its group.
    for (bool placeholders : {false, true})
        for (const auto& address : addresses) {
            if (placeholder(address) != placeholders) continue;
            if (auto xml = live.find_pci_device(address))
                plan.steps.push_back(placeholders ? detach_placeholder_step(guest.name, address, address.str(), *xml)
                                                  : detach_live_step(guest.name, address, address.str(), *xml));
        }
    return plan;
}

}  // namespace vpt
