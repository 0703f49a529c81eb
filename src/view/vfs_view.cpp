// How `vpt vfs` shows a PF, its plan and what it did: text and JSON.
#include "view/vfs_view.hpp"

#include <iostream>

#include "core/command_text.hpp"
#include "host/sriov.hpp"
#include "view/device_view.hpp"
#include "view/json_output.hpp"
#include "view/table.hpp"

namespace vpt {
namespace {

nlohmann::ordered_json optional_json(const std::optional<std::string>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json vf_json(const VfRow& row) {
    return {{"index", row.index ? nlohmann::ordered_json(*row.index) : nullptr},
            {"address", row.address.str()},
            {"driver", optional_json(row.driver)},
            {"netdev", optional_json(row.netdev)},
            {"mac", optional_json(row.mac)},
            {"vlan", row.vlan ? nlohmann::ordered_json(*row.vlan) : nullptr},
            {"holder", row.holders.empty() ? nullptr : nlohmann::ordered_json(row.holders.front().guest)},
            {"held_by", holders_json(row.holders)},
            {"pool", optional_json(row.pool)},
            {"listed", row.listed}};
}

std::string pf_title(const PciDevice& pf) {
    return pf.address.str() + (pf.netdev ? "  " + *pf.netdev : "") + "  " + name_text(pf);
}

// The PF's fields: a label, and a value continued on more lines when the
// terminal is narrow.
Table field_table() {
    TableLayout layout;
    layout.headings = false;
    return Table({{"FIELD", Shrink::never, 10}, {"VALUE", Shrink::wrap}}, layout);
}

std::string persisted_text(const VfsView& view) {
    if (!view.persisted_count) return "not persisted (the count is lost at reboot; --persist keeps it)";
    return std::to_string(*view.persisted_count) + " VFs (" + persist_rule_path(view.pf->address).string() + ")";
}

const char* pool_reason(PoolStep step) {
    switch (step) {
        case PoolStep::restart: return "a VF pool takes its VFs when it starts";
        case PoolStep::start: return "autostarted, and not running: it may have lacked VFs at boot";
        case PoolStep::stop: return "a pool on a PF without VFs cannot run";
    }
    return "";
}

void print_pool_lines(const std::vector<PoolAction>& actions, bool done) {
    for (const auto& action : actions) {
        const char* verb = action.step == PoolStep::restart ? (done ? "restarted" : "restart")
                           : action.step == PoolStep::start ? (done ? "started" : "start")
                                                            : (done ? "stopped" : "stop");
        std::cout << "  " << verb << " network " << action.name << " (" << pool_reason(action.step) << ")\n";
    }
}

void print_pools_left(const VfsPlan& plan) {
    if (!plan.changes_count()) return;
    for (const auto& pool : plan.pools_left)
        std::cout << "  network " << pool << " is not running"
                  << (plan.to > 0 ? ": it takes the new VFs when it starts\n" : "\n");
}

void print_vfs_report(const VfsView& view, const VfsPlan& plan, const VfsReport& report, int timeout_seconds) {
    const PciDevice& pf = *view.pf;
    std::cout << pf_title(pf) << '\n';
    for (const auto& write : report.writes)
        std::cout << "  wrote " << write.value << " to " << write.path.string() << '\n';
    if (report.persist_action == "written")
        std::cout << "  wrote " << report.persisted_file->string() << " (" << plan.to << " VFs at boot)\n";
    else if (report.persist_action == "removed")
        std::cout << "  removed " << report.persisted_file->string() << '\n';
    else if (report.persist_action == "absent")
        std::cout << "  no " << plan.persist_file.string() << " to remove\n";
    if (plan.changes_count()) {
        if (!report.wait)
            std::cout << "  not confirmed: did not wait for libvirt to list the VFs (--timeout 0)\n";
        else if (report.wait->confirmed)
            std::cout << "  libvirt lists exactly " << vfs_word(plan.to) << " of " << pf.address.str()
                      << " (after " << report.wait->waited.count() << " ms)\n";
        else
            std::cout << "  libvirt did not list exactly " << vfs_word(plan.to) << " of " << pf.address.str()
                      << " within " << timeout_seconds << " s\n";
    }
    print_pool_lines(report.pools, true);
    print_pools_left(plan);
}

}  // namespace

nlohmann::ordered_json vfs_view_json(const VfsView& view, std::optional<int> requested) {
    auto vfs = nlohmann::ordered_json::array();
    for (const auto& row : view.vfs) vfs.push_back(vf_json(row));
    auto pools = nlohmann::ordered_json::array();
    for (const auto& pool : view.pools)
        pools.push_back({{"name", pool.name}, {"active", pool.active}, {"running_users", pool.running_users}});
    const PciDevice& pf = *view.pf;
    return {{"pf", pf.address.str()},
            {"name", pf.name},
            {"netdev", optional_json(pf.netdev)},
            {"source", view.from_sysfs ? "sysfs" : "libvirt"},
            {"total_vfs", view.total_vfs},
            {"current_vfs", view.current_vfs},
            {"requested", requested ? nlohmann::ordered_json(*requested) : nullptr},
            {"drivers_autoprobe", view.drivers_autoprobe ? nlohmann::ordered_json(*view.drivers_autoprobe) : nullptr},
            {"persisted_count", view.persisted_count ? nlohmann::ordered_json(*view.persisted_count) : nullptr},
            {"vfs", vfs},
            {"pools", pools}};
}

void add_vfs_report_json(nlohmann::ordered_json& out, const VfsReport& report) {
    auto writes = nlohmann::ordered_json::array();
    for (const auto& write : report.writes) writes.push_back({{"path", write.path.string()}, {"value", write.value}});
    out["writes"] = writes;
    for (auto [step, key] : {std::pair{PoolStep::restart, "pools_restarted"}, std::pair{PoolStep::start, "pools_started"},
                             std::pair{PoolStep::stop, "pools_stopped"}}) {
        auto names = nlohmann::ordered_json::array();
        for (const auto& action : report.pools)
            if (action.step == step) names.push_back(action.name);
        out[key] = names;
    }
    out["persisted_file"] = report.persisted_file ? nlohmann::ordered_json(report.persisted_file->string()) : nullptr;
    out["persist_action"] = report.persist_action.empty() ? nlohmann::ordered_json(nullptr)
                                                          : nlohmann::ordered_json(report.persist_action);
    out["waited_ms"] = report.wait ? nlohmann::ordered_json(report.wait->waited.count()) : nullptr;
    out["result"] = report.result;
    if (!report.steps.is_null()) out["steps"] = report.steps;
    if (!report.dependents.is_null()) {
        out["refusals"] = report.refusals;
        out["dependents"] = report.dependents;
    }
}

const std::vector<TableColumn>& vf_columns() {
    static const std::vector<TableColumn> columns = {
        {"VF"},   {"ADDRESS"}, {"DRIVER"},  {"NETDEV", Shrink::later}, {"MAC"},
        {"VLAN"}, {"HELD BY", Shrink::first}, {"POOL", Shrink::later},
    };
    return columns;
}

void print_vfs_view(const VfsView& view, const std::string& sysfs_missing, const TableLayout& layout) {
    std::cout << pf_title(*view.pf) << '\n';
    Table fields = field_table();
    auto print_field = [&](const std::string& label, const std::string& value) { fields.add_row({label, value}); };
    print_field("VFs", std::to_string(view.current_vfs) + " of at most " + std::to_string(view.total_vfs) +
                           (view.from_sysfs ? "" : " (from libvirt: " + sysfs_missing + ")"));
    if (view.drivers_autoprobe)
        print_field("autoprobe", *view.drivers_autoprobe
                                     ? "on: new VFs are bound to their host driver (sriov_drivers_autoprobe)"
                                     : "off: new VFs stay without a driver (sriov_drivers_autoprobe)");
    if (view.from_sysfs) print_field("at boot", persisted_text(view));
    std::string pools;
    for (const auto& pool : view.pools) {
        if (!pools.empty()) pools += ", ";
        pools += pool.name + (pool.active ? " (running" : " (not running");
        if (!pool.running_users.empty()) {
            pools += "; used by";
            for (const auto& guest : pool.running_users) pools += " " + guest;
        }
        pools += ")";
    }
    print_field("pools", pools.empty() ? "-" : pools);
    fields.print(std::cout, 2);
    if (view.vfs.empty()) {
        std::cout << "\n  No VFs: '" << command_text({"vpt", "vfs", view.pf->address.str(), "COUNT"}) << "' creates them.\n";
        return;
    }
    std::cout << '\n';
    Table table(vf_columns(), layout);
    for (const auto& row : view.vfs)
        table.add_row({row.index ? std::to_string(*row.index) : "-",
                       row.address.str() + (row.listed ? "" : " (not in libvirt yet)"),
                       row.driver_known ? row.driver.value_or("-") : "unknown", row.netdev.value_or("-"),
                       row.mac.value_or("unknown"), row.vlan ? std::to_string(*row.vlan) : "-",
                       holders_text(row.holders), row.pool.value_or("-")});
    table.print(std::cout, 2);
}

std::string vfs_word(int count) { return std::to_string(count) + (count == 1 ? " VF" : " VFs"); }

void print_vfs_plan(const VfsView& view, const VfsPlan& plan, int timeout_seconds) {
    const PciDevice& pf = *view.pf;
    std::cout << pf_title(pf) << '\n';
    if (plan.changes_count())
        std::cout << "  " << plan.from << " -> " << plan.to << " VFs (at most " << view.total_vfs << ")\n";
    else
        std::cout << "  already " << plan.from << " VFs\n";
    for (size_t i = 0; i < plan.writes.size(); ++i) {
        std::cout << "  write " << plan.writes[i].value << " to " << plan.writes[i].path.string();
        if (plan.writes.size() == 2 && i == 0) std::cout << " (the kernel changes a non-zero count only through 0)";
        std::cout << '\n';
    }
    if (plan.changes_count()) {
        if (timeout_seconds > 0)
            std::cout << "  wait up to " << timeout_seconds << " s until libvirt lists exactly "
                      << vfs_word(plan.to) << " of " << pf.address.str() << '\n';
        else
            std::cout << "  do not wait for libvirt to list the VFs (--timeout 0)\n";
    }
    print_pool_lines(plan.pool_actions, false);
    print_pools_left(plan);
    if (plan.persist == PersistAction::write)
        std::cout << "  write " << plan.persist_file.string() << " (" << plan.to << " VFs at boot)\n";
    if (plan.persist == PersistAction::remove)
        std::cout << "  remove " << plan.persist_file.string() << " (no VFs set at boot)\n";
}

void print_vfs_result(bool json, const VfsView& view, const VfsPlan& plan, const VfsReport& report,
                      int timeout_seconds) {
    if (json) {
        auto out = vfs_view_json(view, plan.to);
        add_vfs_report_json(out, report);
        print_json(out);
        return;
    }
    print_vfs_report(view, plan, report, timeout_seconds);
}

}  // namespace vpt
