// How `vpt vfs` shows a PF, its plan and what it did: text and JSON.
// Formatting only; the decisions are the command's (cli/vfs_plan).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/sriov_vfs.hpp"
#include "view/table.hpp"
#include "virt/sriov_nodedevs.hpp"

namespace vpt {

// What a run did (or, in a dry run, would do).
struct VfsReport {
    std::vector<VfWrite> writes;
    std::vector<PoolAction> pools;  // pool steps done (planned, in a dry run)
    std::optional<std::filesystem::path> persisted_file;
    std::string persist_action;  // "written", "removed", "absent", ""
    std::string result;
    std::optional<VfWait> wait;
    nlohmann::ordered_json steps;  // the plan's steps (plan_json), or null when showing
    std::vector<std::string> refusals;
    nlohmann::ordered_json dependents;  // dependents_json, or null when showing
};

// The PF, its counts and each VF as JSON (`requested`: COUNT, if given).
nlohmann::ordered_json vfs_view_json(const VfsView& view, std::optional<int> requested);
// Adds what a run did: writes, pools, the persisted rule, result, wait;
// for a change, its refusals and what depends on the VFs.
void add_vfs_report_json(nlohmann::ordered_json& out, const VfsReport& report);
// The columns of the VF table, which -o/--output picks from.
const std::vector<TableColumn>& vf_columns();
// The PF and its VFs as text; `sysfs_missing` says why counts came from libvirt.
void print_vfs_view(const VfsView& view, const std::string& sysfs_missing, const TableLayout& layout = {});
// "1 VF", "4 VFs".
std::string vfs_word(int count);
// What a change will do, as text.
void print_vfs_plan(const VfsView& view, const VfsPlan& plan, int timeout_seconds);
// The outcome, as JSON (--json) or as text.
void print_vfs_result(bool json, const VfsView& view, const VfsPlan& plan, const VfsReport& report,
                      int timeout_seconds);

}  // namespace vpt
