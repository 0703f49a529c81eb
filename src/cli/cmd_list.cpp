// vpt list: every PCI device, or every IOMMU group with its members.
#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "cli/change_guard.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/device_filter.hpp"
#include "cli/host_list.hpp"
#include "cli/host_session.hpp"
#include "cli/multi_host.hpp"
#include "cli/table_options.hpp"
#include "view/device_view.hpp"
#include "view/table.hpp"

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

// The cells of device_columns, after the HOST cell.
std::vector<std::string> device_row(const std::string& host, const HostSession& session, const PciDevice& device) {
    return {host,
            device.address.str(),
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

// The order of device_row's cells. HOST is shown by default only when
// several hosts are listed in one table, NUMA only where devices sit on
// more than one node (where it tells them apart); -o may name either. On
// a narrow terminal DEVICE gives way first (to the product's name, then
// cut), then NUMA, CLASS, IDS and NETDEV are left out in that order (IDS,
// which vfio-pci.ids= takes, is kept longer than the class), then the other
// free text is cut; host names, addresses, numbers and guest names are
// always whole.
const std::vector<TableColumn> device_columns = {
    {"HOST"},
    {"ADDRESS"},
    {"IDS", Shrink::never, 0, 3},
    {"CLASS", Shrink::later, 0, 2},
    {"DRIVER"},
    {"GROUP"},
    {"NUMA", Shrink::never, 0, 1},
    {"SR-IOV"},
    {"NETDEV", Shrink::later, 0, 4},
    {"HELD BY", Shrink::later},
    {"DEVICE", Shrink::first},
};
constexpr size_t host_column = 0;
constexpr size_t numa_column = 6;
constexpr size_t held_by_column = 9;
constexpr size_t device_column = 10;

// The shorter forms of device_row's cells a narrow table shows: the guests'
// names without how they hold the device, the product without its vendor.
std::vector<std::string> device_row_shorter(const HostSession& session, const PciDevice& device) {
    std::vector<std::string> shorter(device_columns.size());
    shorter[held_by_column] = holder_names_text(session.inventory().holders(device.address));
    shorter[device_column] = product_text(device);
    return shorter;
}

// What -o chose, or by default every column, HOST only when `with_host`
// and NUMA only when `with_numa`.
TableLayout list_layout(const ListOptions& options, bool with_host, bool with_numa) {
    TableLayout layout = table_layout(options.table, device_columns);
    if (!layout.columns) {
        layout.columns.emplace();
        for (size_t i = 0; i < device_columns.size(); ++i)
            if ((i != host_column || with_host) && (i != numa_column || with_numa)) layout.columns->push_back(i);
    }
    return layout;
}

// Whether the hosts' devices sit on more than one NUMA node.
bool spans_numa_nodes(const std::vector<const HostSession*>& sessions) {
    std::optional<int> seen;
    for (const auto* session : sessions)
        for (const auto& device : session->inventory().devices()) {
            if (!device.numa_node) continue;
            if (seen && *seen != *device.numa_node) return true;
            seen = device.numa_node;
        }
    return false;
}

std::vector<const PciDevice*> shown_devices(const HostSession& session, const DeviceFilter& filter) {
    std::vector<const PciDevice*> shown;
    for (const auto& device : session.inventory().devices())
        if (filter.matches(session.state(), device)) shown.push_back(&device);
    return shown;
}

void write_devices_json(JsonWriter& out, const HostSession& session, const std::vector<const PciDevice*>& devices) {
    out.begin_array();
    for (const auto* device : devices) write_device_json(out, session.inventory(), *device);
    out.end_array();
}

using Groups = std::vector<std::pair<std::optional<int>, std::vector<const PciDevice*>>>;

// Groups in number order; devices without a group last, as one block.
Groups ordered_groups(const std::vector<const PciDevice*>& devices) {
    std::map<std::optional<int>, std::vector<const PciDevice*>> groups;
    for (const auto* device : devices) groups[device->iommu_group].push_back(device);
    Groups ordered(groups.begin(), groups.end());
    if (!ordered.empty() && !ordered.front().first)  // nullopt sorts first; show it last
        std::rotate(ordered.begin(), ordered.begin() + 1, ordered.end());
    return ordered;
}

GroupVerdict group_verdict(const Inventory& inventory, const Groups::value_type& group) {
    return group.first ? assess_group(inventory, *group.second.front()) : no_group_verdict(group.second.front()->address);
}

void write_groups_json(JsonWriter& out, const HostSession& session, const std::vector<const PciDevice*>& devices) {
    const auto& inventory = session.inventory();
    out.begin_array();
    for (const auto& group : ordered_groups(devices)) {
        out.begin_object();
        write_verdict_members(out, group_verdict(inventory, group));
        out.key("iommu_group");
        group.first ? out.number(*group.first) : out.null();
        out.key("devices");
        out.begin_array();
        for (const auto* member : group.second) write_device_json(out, inventory, *member);
        out.end_array();
        out.end_object();
    }
    out.end_array();
}

void print_groups_text(const std::string& host, const HostSession& session,
                       const std::vector<const PciDevice*>& devices, const TableLayout& layout) {
    for (const auto& group : ordered_groups(devices)) {
        const auto& [number, members] = group;
        GroupVerdict verdict = group_verdict(session.inventory(), group);
        std::cout << (number ? "IOMMU group " + std::to_string(*number) : "No IOMMU group")
                  << (!number               ? ""
                      : verdict.viable      ? "  (viable)"
                      : verdict.undecided() ? "  (viability unknown: drivers not reported)"
                                            : "  (not viable)")
                  << '\n';
        Table table(device_columns, layout);
        for (const auto* member : members) table.add_row(device_row(host, session, *member), device_row_shorter(session, *member));
        table.print(std::cout, 2);
        std::cout << '\n';
    }
}

// One host: {"devices": [...]} or {"groups": [...]}, or the table(s).
void list_one(const GlobalOptions& global, const ListOptions& options, const DeviceFilter& filter) {
    HostSession session(global, Access::read_only);
    TableLayout layout = list_layout(options, false, spans_numa_nodes({&session}));
    auto shown = shown_devices(session, filter);
    std::string host = host_label(session.connection().uri());
    if (global.json) {
        JsonWriter out(stdout);
        out.begin_object();
        out.key(options.groups ? "groups" : "devices");
        options.groups ? write_groups_json(out, session, shown) : write_devices_json(out, session, shown);
        out.end_object();
        out.finish();
    } else if (options.groups) {
        print_groups_text(host, session, shown, layout);
    } else {
        Table table(device_columns, layout);
        for (const auto* device : shown) table.add_row(device_row(host, session, *device), device_row_shorter(session, *device));
        table.print(std::cout);
    }
}

// Several hosts, read at once: {"hosts": [{"uri", "devices" or "groups",
// "error"}]}, one table with a HOST column, or each host's groups under its
// URI. A host that cannot be read is an error line and an "error".
void list_many(const GlobalOptions& global, const ListOptions& options, const DeviceFilter& filter) {
    auto uris = global.all_uris();
    std::vector<std::unique_ptr<HostSession>> sessions(uris.size());
    auto runs = run_on_hosts(uris, [&](size_t i) {
        sessions[i] = std::make_unique<HostSession>(uris[i], Access::read_only);
        return HostOutcome::done;
    });
    std::vector<const HostSession*> read;
    for (const auto& session : sessions)
        if (session) read.push_back(session.get());
    TableLayout layout = list_layout(options, !options.groups, spans_numa_nodes(read));
    warn_if_unfinished(global);
    report_host_errors(runs);
    if (global.json) {
        write_hosts_json(runs, options.groups ? "groups" : "devices", [&](JsonWriter& out, size_t i) {
            if (!sessions[i]) {
                out.begin_array();
                out.end_array();
            } else if (options.groups) {
                write_groups_json(out, *sessions[i], shown_devices(*sessions[i], filter));
            } else {
                write_devices_json(out, *sessions[i], shown_devices(*sessions[i], filter));
            }
        });
    } else if (options.groups) {
        for (size_t i = 0; i < uris.size(); ++i) {
            if (!sessions[i]) continue;  // its error line said why
            std::cout << "Host " << uris[i] << ":\n";
            print_groups_text(host_label(uris[i]), *sessions[i], shown_devices(*sessions[i], filter), layout);
        }
    } else {
        Table table(device_columns, layout);
        for (size_t i = 0; i < uris.size(); ++i) {
            if (!sessions[i]) continue;
            for (const auto* device : shown_devices(*sessions[i], filter))
                table.add_row(device_row(host_label(uris[i]), *sessions[i], *device), device_row_shorter(*sessions[i], *device));
        }
        table.print(std::cout);
    }
    finish_hosts(runs, "list", {"read", "without it", "failed", "unreachable"});
}

void run_list(const GlobalOptions& global, const ListOptions& options) {
    DeviceFilter filter = make_filter(options);
    list_layout(options, false, false);  // a bad -o fails before connecting
    if (global.many_hosts())
        list_many(global, options, filter);
    else
        list_one(global, options, filter);
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
    auto* free_flag = cmd->add_flag("--free", options->only_free, "Only devices free to assign: no guest holds them and no VF pool hands them out");
    cmd->add_flag("--held", options->only_held, "Only devices a guest holds")->excludes(free_flag);
    add_table_options(cmd, options->table, device_columns);
    cmd->footer("Examples:\n  vpt list --groups\n  vpt list -c qemu+ssh://root@kvm1/system -c qemu+ssh://root@kvm2/system\n  vpt list --class gpu --free\n"
                "  vpt list -o address,class,device --noheadings\n"
                "  vpt --json list | jq '.devices[] | select(.sriov.role == \"pf\")'");
    cmd->callback([&global, options] { run_list(global, *options); });
}

}  // namespace vpt
