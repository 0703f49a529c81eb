// How plans and their outcomes are shown: text for people, JSON for scripts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/executor.hpp"
#include "core/plan.hpp"

namespace vpt {

void print_plan_text(const Plan& plan, bool drivers_reported);
nlohmann::ordered_json plan_json(const Plan& plan);

// The outcome of an execution, one line per fact.
void print_report_text(const Plan& plan, const ExecutionReport& report);
// Adds "result", "error", "restored", "not_restored" to a plan's JSON.
void add_report_json(nlohmann::ordered_json& out, const Plan& plan, const ExecutionReport& report);

}  // namespace vpt
