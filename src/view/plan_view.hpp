// How plans and their outcomes are shown, for every changing command: text
// for people, JSON for scripts. One printer, so every command reports a
// change, a failure and its undo the same way.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/executor.hpp"
#include "core/plan.hpp"

namespace vpt {

// One line saying what a step does: "detach 0000:01:00.1 (NIC) to vfio-pci".
std::string describe_step(const Step& step);

// A detach or reattach plan as the group's table; any other plan as its
// numbered steps.
void print_plan_text(const Plan& plan, bool drivers_reported);
nlohmann::ordered_json plan_json(const Plan& plan);

// The outcome of an execution, one line per fact.
void print_report_text(const Plan& plan, const ExecutionReport& report);
// Adds to a plan's JSON: "result" (done, rolled-back, failed), "error",
// "done", "undone", "undo_failures" (step descriptions), and for node
// device steps "changed", "restored", "not_restored" (addresses).
void add_report_json(nlohmann::ordered_json& out, const Plan& plan, const ExecutionReport& report);

}  // namespace vpt
