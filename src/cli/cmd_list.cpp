// vpt list: every PCI device, or every IOMMU group with its members.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/device_filter.hpp"
#include "cli/device_view.hpp"
#include "cli/host_session.hpp"
#include "cli/table.hpp"
#include "cli/table_options.hpp"

namespace vpt {
namespace {

struct ListOptions {
    bool groups = false;
    std::string device_class;
    std::string driver;
    bool only_free = false;
    bool only_held = false;
    TableOptions table;
};

DeviceFilter make_filter(const ListOptions& options) {
    DeviceFilter filter;
    if (!options.device_class.empty()) filter = or_bad_input(parse_class_filter(options.device_class, filter));
    if (!options.driver.empty()) filter.driver = options.driver;
    filter.only_free = options.only_free;
    filter.only_held = options.only_held;
    return filter;
}

std::vector<std::string> device_row(const HostSession& session, const PciDevice& device) {
    return {device.address.str(),
            ids_text(device),
            class_text(device),
            driver_text(device, session.drivers_reported()),
            group_text(device),
            device.numa_node ? std::to_string(*device.numa_node) : "-",
            sriov_text(device),
            device.netdev.value_or("-"),
            holders_text(session.inventory().holders(device.address)),
            name_text(device)};
}

// The order of device_row's cells. On a narrow terminal the product name
// gives way first, then the other free text; addresses, ids and numbers
// are always whole.
const std::vector<TableColumn> device_columns = {
    {"ADDRESS"}, {"IDS"},    {"CLASS", Shrink::later},   {"DRIVER"},
    {"GROUP"},   {"NUMA"},   {"SR-IOV"}, {"NETDEV", Shrink::later},  {"HELD BY", Shrink::later},
    {"DEVICE", Shrink::first},
};
constexpr size_t numa_column = 5;

// NUMA is shown unasked only where it tells devices apart: on a host whose
// devices sit on more than one node. -o NUMA shows it anywhere.
bool spans_numa_nodes(const Inventory& inventory) {
    std::optional<int> seen;
    for (const auto& device : inventory.devices()) {
        if (!device.numa_node) continue;
        if (seen && *seen != *device.numa_node) return true;
        seen = device.numa_node;
    }
    return false;
}

void hide_numa_unless_needed(TableLayout& layout, const Inventory& inventory) {
    if (layout.columns || spans_numa_nodes(inventory)) return;
    std::vector<size_t> columns;
    for (size_t i = 0; i < device_columns.size(); ++i)
        if (i != numa_column) columns.push_back(i);
    layout.columns = columns;
}

void print_devices(const HostSession& session, const std::vector<const PciDevice*>& devices,
                   bool json, const TableLayout& layout) {
    const auto& inventory = session.inventory();
    if (json) {
        JsonWriter out(stdout);
        out.begin_object();
        out.key("devices");
        out.begin_array();
        for (const auto* device : devices) write_device_json(out, inventory, *device);
        out.end_array();
        out.end_object();
        out.finish();
        return;
    }
    Table table(device_columns, layout);
    for (const auto* device : devices) table.add_row(device_row(session, *device));
    table.print(std::cout);
}

// Groups in number order; devices without a group last, as one block.
void print_groups(const HostSession& session, const std::vector<const PciDevice*>& devices,
                  bool json, const TableLayout& layout) {
    const auto& inventory = session.inventory();
    std::map<std::optional<int>, std::vector<const PciDevice*>> groups;
    for (const auto* device : devices) groups[device->iommu_group].push_back(device);
    auto ordered = std::vector<std::pair<std::optional<int>, std::vector<const PciDevice*>>>(
        groups.begin(), groups.end());
    if (!ordered.empty() && !ordered.front().first)  // nullopt sorts first; show it last
        std::rotate(ordered.begin(), ordered.begin() + 1, ordered.end());

    JsonWriter out(stdout);
    if (json) {
        out.begin_object();
        out.key("groups");
        out.begin_array();
    }
    for (const auto& [number, members] : ordered) {
        GroupVerdict verdict = number ? assess_group(inventory, *members.front())
                                      : no_group_verdict(members.front()->address);
        if (json) {
            out.begin_object();
            write_verdict_members(out, verdict);
            out.key("iommu_group");
            number ? out.number(*number) : out.null();
            out.key("devices");
            out.begin_array();
            for (const auto* member : members) write_device_json(out, inventory, *member);
            out.end_array();
            out.end_object();
            continue;
        }
        std::cout << (number ? "IOMMU group " + std::to_string(*number) : "No IOMMU group")
                  << (!number               ? ""
                      : verdict.viable      ? "  (viable)"
                      : verdict.undecided() ? "  (viability unknown: drivers not reported)"
                                            : "  (not viable)")
                  << '\n';
        Table table(device_columns, layout);
        for (const auto* member : members) table.add_row(device_row(session, *member));
        table.print(std::cout, 2);
        std::cout << '\n';
    }
    if (json) {
        out.end_array();
        out.end_object();
        out.finish();
    }
}

void run_list(const GlobalOptions& global, const ListOptions& options) {
    DeviceFilter filter = make_filter(options);
    TableLayout layout = table_layout(options.table, device_columns);
    HostSession session(global, Access::read_only);
    hide_numa_unless_needed(layout, session.inventory());
    std::vector<const PciDevice*> shown;
    for (const auto& device : session.inventory().devices())
        if (filter.matches(session.inventory(), device)) shown.push_back(&device);
    if (options.groups)
        print_groups(session, shown, global.json, layout);
    else
        print_devices(session, shown, global.json, layout);
}

}  // namespace

void add_list_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<ListOptions>();
    auto* cmd = app.add_subcommand("list", "List every PCI device: address, ids, class, driver, "
                                           "IOMMU group, SR-IOV role, and the guest holding it");
    cmd->add_flag("--groups", options->groups, "One block per IOMMU group, with its viability");
    cmd->add_option("--class", options->device_class,
                    "Only this class: storage, nvme, net, display, gpu, audio, bridge, usb, or a "
                    "hex prefix such as 0x0300")
        ->check(non_empty());
    cmd->add_option("--driver", options->driver, "Only devices bound to this driver ('none': unbound)")
        ->check(non_empty());
    auto* free_flag = cmd->add_flag("--free", options->only_free, "Only devices no guest holds");
    cmd->add_flag("--held", options->only_held, "Only devices a guest holds")->excludes(free_flag);
    add_table_options(cmd, options->table, device_columns);
    cmd->footer("Examples:\n  vpt list --groups\n  vpt list --class gpu --free\n"
                "  vpt list -o address,class,device --noheadings\n"
                "  vpt --json list | jq '.devices[] | select(.sriov.role == \"pf\")'");
    cmd->callback([&global, options] { run_list(global, *options); });
}

}  // namespace vpt
