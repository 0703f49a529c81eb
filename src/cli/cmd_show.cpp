// vpt show DEV: one device and its whole IOMMU group, with a verdict.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/change_guard.hpp"
#include "cli/device_view.hpp"
#include "cli/host_session.hpp"
#include "cli/multi_host.hpp"
#include "cli/table.hpp"
#include "core/device_selector.hpp"
#include "core/next_step.hpp"

namespace vpt {
namespace {

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

void write_show_json(JsonWriter& out, const Inventory& inventory, const PciDevice& device) {
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
    write_device_json(out, inventory, device);
    out.key("group");
    out.begin_array();
    for (const auto* member : inventory.group_of(device)) write_device_json(out, inventory, *member);
    out.end_array();
    out.end_object();
}

// What one host shows: an object for one named device; for a selector that
// may match several (a slot, vendor:device), a list, however many matched,
// so a script need not guess.
void write_show_value(JsonWriter& out, const std::string& name, const Inventory& inventory,
                      const std::vector<const PciDevice*>& devices) {
    auto selector = DeviceSelector::parse(name);
    bool as_list = selector && !selector->names_one();
    if (as_list) out.begin_array();
    for (const auto* device : devices) write_show_json(out, inventory, *device);
    if (as_list) out.end_array();
}

void print_show_text(const HostSession& session, const std::vector<const PciDevice*>& devices) {
    const auto& inventory = session.inventory();
    for (const auto* device : devices) {
        if (device != devices.front()) std::cout << '\n';
        print_device_text(session, *device);
        print_group_text(session, *device, inventory.group_of(*device), assess_group(inventory, *device));
    }
}

void show_one(const GlobalOptions& global, const std::string& name) {
    HostSession session(global, Access::read_only);
    auto devices = session.devices(name);
    if (global.json) {
        JsonWriter out(stdout);
        write_show_value(out, name, session.inventory(), devices);
        out.finish();
        return;
    }
    print_show_text(session, devices);
}

// Several hosts, read at once: each host's show under "Host URI:", or
// {"hosts": [{"uri", "show", "error"}]} with "show" what `vpt show` prints
// for that host alone (null when it has no such device or cannot be read).
void show_many(const GlobalOptions& global, const std::string& name) {
    auto uris = global.all_uris();
    std::vector<std::unique_ptr<HostSession>> sessions(uris.size());
    std::vector<std::vector<const PciDevice*>> found(uris.size());
    auto runs = run_on_hosts(uris, [&](size_t i) {
        auto session = std::make_unique<HostSession>(uris[i], Access::read_only);
        found[i] = session->devices(name);  // none: this host lacks it
        sessions[i] = std::move(session);
        return HostOutcome::done;
    });
    warn_if_unfinished(global);
    report_host_errors(runs);
    if (global.json) {
        JsonWriter out(stdout);
        out.begin_object();
        out.key("hosts");
        out.begin_array();
        for (size_t i = 0; i < uris.size(); ++i) {
            out.begin_object();
            out.key("uri");
            out.string(uris[i]);
            out.key("show");
            sessions[i] ? write_show_value(out, name, sessions[i]->inventory(), found[i]) : out.null();
            out.key("error");
            out.optional_string(runs[i].error.empty() ? std::nullopt : std::optional(runs[i].error));
            out.end_object();
        }
        out.end_array();
        out.end_object();
        out.finish();
    } else {
        bool first = true;
        for (size_t i = 0; i < uris.size(); ++i) {
            if (!sessions[i]) continue;  // its error line said why
            std::cout << (first ? "" : "\n") << "Host " << uris[i] << ":\n";
            print_show_text(*sessions[i], found[i]);
            first = false;
        }
    }
    finish_hosts(runs, "show " + name, {"with it", "without it", "failed", "unreachable"});
}

void run_show(const GlobalOptions& global, const std::string& name) {
    if (global.many_hosts())
        show_many(global, name);
    else
        show_one(global, name);
}

}  // namespace

void add_show_command(CLI::App& app, const GlobalOptions& global) {
    auto name = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "show", "Show one device and its whole IOMMU group, and whether the group can be assigned");
    cmd->add_option("DEV", *name, device_help("The device", "each match is shown"))
        ->required()
        ->check(non_empty());
    cmd->footer("Examples:\n  vpt show 01:00.0\n  vpt show pci_0000_01_00_0 --json\n  vpt show 01:00\n  vpt show 10de:2204\n"
                "  vpt show 01:00.0 --hosts /etc/vpt/hosts");
    cmd->callback([&global, name] { run_show(global, *name); });
}

}  // namespace vpt
