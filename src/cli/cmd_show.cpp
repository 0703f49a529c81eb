// vpt show DEV: one device and its whole IOMMU group, with a verdict.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/change_guard.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/host_session.hpp"
#include "cli/identity_check.hpp"
#include "cli/multi_host.hpp"
#include "core/device_selector.hpp"
#include "core/error.hpp"
#include "core/next_step.hpp"
#include "view/device_view.hpp"
#include "view/placement_view.hpp"
#include "view/table.hpp"

namespace vpt {
namespace {

// What sysfs says of a device; every field empty without a readable sysfs.
PciHealth health_of(const std::optional<HostFs>& sysfs, const PciAddress& address) {
    return sysfs ? read_pci_health(*sysfs, address) : PciHealth{};
}

void print_field(const std::string& label, const std::string& value) {
    std::cout << "  " << label << std::string(label.size() < 14 ? 14 - label.size() : 1, ' ')
              << value << '\n';
}

void print_device_text(const HostSession& session, const PciDevice& device) {
    const auto& inventory = session.inventory();
    std::cout << device.address.str() << "  " << name_text(device) << '\n';
    print_field("node device", device.name);
    print_field("ids", ids_text(device));
    print_field("class", class_text(device) +
                             (device.class_code ? " (" + class_code_text(*device.class_code) + ")" : ""));
    print_field("driver", driver_text(device, session.drivers_reported()));
    print_field("IOMMU group", group_text(device));
    print_field("SR-IOV", sriov_text(device));
    if (device.sriov && !device.sriov->vfs.empty()) {
        std::string vfs;
        for (const auto& vf : device.sriov->vfs) vfs += (vfs.empty() ? "" : " ") + vf.str();
        print_field("VFs", vfs);
    }
    print_field("netdev", device.netdev.value_or("-"));
    print_field("held by", holders_text(inventory.holders(device.address)));
}

// Each group member's NUMA node, link, reset, BARs and power state: what
// can be known, nothing for what cannot (a field libvirt does not report),
// and one line saying why when sysfs cannot be read at all (`no_sysfs`:
// libvirt's host is not this machine, or is libvirt's test driver).
void print_placement_text(const std::vector<const PciDevice*>& group, const std::optional<HostFs>& sysfs,
                          const std::string& no_sysfs) {
    bool any_reset = false;
    std::string text;
    for (const auto* member : group) {
        PciHealth health = health_of(sysfs, member->address);
        std::vector<std::pair<std::string, std::string>> fields;
        if (member->numa_node) fields.emplace_back("NUMA node", std::to_string(*member->numa_node));
        if (auto link = link_text(*member)) fields.emplace_back("PCIe link", *link);
        if (health.reset) fields.emplace_back("reset", reset_text(*health.reset));
        if (health.bars) fields.emplace_back("BARs", bars_text(*health.bars));
        if (health.power_state) fields.emplace_back("power state", *health.power_state);
        if (fields.empty()) continue;
        any_reset = any_reset || health.reset;
        text += "  " + member->address.str() + '\n';
        for (const auto& [label, value] : fields)
            text += "    " + label + std::string(label.size() < 12 ? 12 - label.size() : 1, ' ') + value + '\n';
    }
    if (!sysfs) text += "  reset, BARs, power state: unknown (" + no_sysfs + ")\n";
    if (text.empty()) return;
    std::cout << "\nPlacement and reset:\n" << text;
    if (any_reset) std::cout << "  libvirt: " << libvirt_reset_text << '\n';
}

void print_group_text(const HostSession& session, const PciDevice& device,
                      const std::vector<const PciDevice*>& group, const GroupVerdict& verdict) {
    const auto& inventory = session.inventory();
    std::cout << '\n'
              << (device.iommu_group ? "IOMMU group " + group_text(device) : std::string("No IOMMU group"))
              << ":\n";
    Table table({{"ADDRESS"}, {"ROLE"}, {"DRIVER"}, {"HELD BY", Shrink::later}, {"DEVICE", Shrink::first}});
    for (const auto* member : group)
        table.add_row({member->address.str(),
                       member->is_bridge() ? "bridge (left alone)" : "endpoint",
                       driver_text(*member, session.drivers_reported()),
                       holders_text(inventory.holders(member->address)), name_text(*member)});
    table.print(std::cout, 2);
    std::cout << '\n' << (verdict.viable ? "Viable: " : verdict.undecided() ? "Cannot tell: " : "Not viable: ");
    if (verdict.undecided())
        std::cout << "this connection does not report host drivers\n";
    else if (verdict.viable)
        std::cout << "every endpoint is free of host drivers and guests\n";
    else
        std::cout << verdict.reasons.size() << (verdict.reasons.size() == 1 ? " problem" : " problems") << '\n';
    for (const auto& reason : verdict.reasons) std::cout << "  - " << reason.text << '\n';
    for (const auto& step : next_steps(verdict, device))
        std::cout << "Next: " << (step.command ? *step.command + " (" + step.text + ")" : step.text) << '\n';
}

void write_show_json(JsonWriter& out, const Inventory& inventory, const PciDevice& device,
                     const std::optional<HostFs>& sysfs) {
    GroupVerdict verdict = assess_group(inventory, device);
    out.begin_object();
    write_verdict_members(out, verdict);
    out.key("next");
    out.begin_array();
    for (const auto& step : next_steps(verdict, device)) {
        out.begin_object();
        out.key("code");
        out.string(reason_code_name(step.code));
        out.key("command");
        out.optional_string(step.command);
        out.key("text");
        out.string(step.text);
        out.end_object();
    }
    out.end_array();
    out.key("device");
    PciHealth health = health_of(sysfs, device.address);
    write_device_json(out, inventory, device, &health);
    out.key("group");
    out.begin_array();
    for (const auto* member : inventory.group_of(device)) {
        PciHealth member_health = health_of(sysfs, member->address);
        write_device_json(out, inventory, *member, &member_health);
    }
    out.end_array();
    out.end_object();
}

// What one host shows: an object for one named device; for a selector that
// may match several (a slot, vendor:device), a list, however many matched,
// so a script need not guess.
void write_show_value(JsonWriter& out, const std::string& name, const Inventory& inventory,
                      const std::vector<const PciDevice*>& devices, const std::optional<HostFs>& sysfs) {
    auto selector = DeviceSelector::parse(name);
    bool as_list = selector && !selector->names_one();
    if (as_list) out.begin_array();
    for (const auto* device : devices) write_show_json(out, inventory, *device, sysfs);
    if (as_list) out.end_array();
}

void print_show_text(const HostSession& session, const std::vector<const PciDevice*>& devices,
                     const std::optional<HostFs>& sysfs) {
    std::string no_sysfs = sysfs ? "" : session.connection().locality().reason;
    const auto& inventory = session.inventory();
    for (const auto* device : devices) {
        if (device != devices.front()) std::cout << '\n';
        print_device_text(session, *device);
        auto group = inventory.group_of(*device);
        print_placement_text(group, sysfs, no_sysfs);
        print_group_text(session, *device, group, assess_group(inventory, *device));
    }
}

void show_one(const GlobalOptions& global, const std::string& name, const std::string& root) {
    HostSession session(global, Access::read_only);
    auto devices = session.devices(name);
    auto sysfs = host_sysfs(session.connection(), root);
    if (global.json) {
        JsonWriter out(stdout);
        write_show_value(out, name, session.inventory(), devices, sysfs);
        out.finish();
        return;
    }
    print_show_text(session, devices, sysfs);
}

// Several hosts, read at once: each host's show under "Host URI:", or
// {"hosts": [{"uri", "show", "error"}]} with "show" what `vpt show` prints
// for that host alone (null when it has no such device or cannot be read).
void show_many(const GlobalOptions& global, const std::string& name) {
    auto uris = global.all_uris();
    std::vector<std::unique_ptr<HostSession>> sessions(uris.size());
    std::vector<std::vector<const PciDevice*>> found(uris.size());
    std::vector<std::optional<HostFs>> sysfs(uris.size());  // --root names one host's files: not used here
    auto runs = run_on_hosts(uris, [&](size_t i) {
        auto session = std::make_unique<HostSession>(uris[i], Access::read_only);
        found[i] = session->devices(name);  // none: this host lacks it
        sysfs[i] = host_sysfs(session->connection(), "");
        sessions[i] = std::move(session);
        return HostOutcome::done;
    });
    warn_if_unfinished(global);
    report_host_errors(runs);
    if (global.json) {
        write_hosts_json(runs, "show", [&](JsonWriter& out, size_t i) {
            sessions[i] ? write_show_value(out, name, sessions[i]->inventory(), found[i], sysfs[i]) : out.null();
        });
    } else {
        bool first = true;
        for (size_t i = 0; i < uris.size(); ++i) {
            if (!sessions[i]) continue;  // its error line said why
            std::cout << (first ? "" : "\n") << "Host " << uris[i] << ":\n";
            print_show_text(*sessions[i], found[i], sysfs[i]);
            first = false;
        }
    }
    finish_hosts(runs, "show " + name, {"with it", "without it", "failed", "unreachable"});
}

void run_show(const GlobalOptions& global, const std::string& name, const std::string& root) {
    if (!root.empty() && !std::filesystem::is_directory(root))
        throw bad_input("--root " + root + ": not a directory");
    if (global.many_hosts())
        show_many(global, name);
    else
        show_one(global, name, root);
}

}  // namespace

void add_show_command(CLI::App& app, const GlobalOptions& global) {
    auto name = std::make_shared<std::string>();
    auto root = std::make_shared<std::string>();  // hidden --root: read sysfs below this directory (tests)
    auto* cmd = app.add_subcommand(
        "show", "Show one device and its whole IOMMU group, and whether the group can be assigned");
    cmd->add_option("DEV", *name, device_help("The device", "each match is shown"))
        ->required()
        ->check(non_empty());
    cmd->add_option("--root", *root, "Read host files below DIR")->check(non_empty())->group("");
    cmd->footer("Examples:\n  vpt show 01:00.0\n  vpt show pci_0000_01_00_0 --json\n  vpt show 01:00\n  vpt show 10de:2204\n"
                "  vpt show 01:00.0 --hosts /etc/vpt/hosts");
    cmd->callback([&global, name, root] { run_show(global, *name, *root); });
}

}  // namespace vpt
