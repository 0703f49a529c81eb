// vpt reset DEV: reset every endpoint of DEV's IOMMU group the way libvirt
// does before and after a guest uses it (virNodeDeviceReset), then check
// that each one still answers on the bus.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <optional>

#include "cli/change_session.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/dependents_check.hpp"
#include "cli/identity_check.hpp"
#include "core/command_text.hpp"
#include "core/error.hpp"
#include "core/text_list.hpp"
#include "host/config_space.hpp"
#include "host/pci_health.hpp"
#include "plan/group_planner.hpp"

namespace vpt {
namespace {

struct ResetOptions {
    std::string device;
    bool dry_run = false;
    bool force = false;  // past what depends on a PF's VFs (not past a guest holding a member)
    int wait_seconds = 60;
    std::string root;  // hidden --root: sysfs below it (tests)
};

std::string methods_text(const std::optional<ResetMethods>& reset) {
    if (!reset) return "reset methods unknown";
    if (!reset->listed) return "the kernel does not list its reset methods";
    if (reset->methods.empty()) return "the kernel offers no reset method";
    return "reset methods: " + join(reset->methods, " ");
}

// Adds the kernel's reset methods to each step; a member without one is a
// warning (libvirt's reset then fails or does nothing useful).
void add_reset_methods(Plan& plan, const HostFs& fs) {
    for (auto& step : plan.steps) {
        if (step.action != StepAction::reset_device) continue;
        auto reset = read_pci_health(fs, step.address).reset;
        step.reason += "; " + methods_text(reset);
        bool flr = reset && std::find(reset->methods.begin(), reset->methods.end(), "flr") != reset->methods.end();
        if (flr && !step.driver) step.reason += " (with FLR, libvirt skips it)";
        if (reset && reset->listed && reset->methods.empty())
            plan.warnings.push_back(step.label + ": the kernel offers no reset method (see '" +
                                    command_text({"vpt", "check", step.address.str()}) + "')");
    }
}

// Without the host's sysfs each step says why its reset methods are unknown.
void note_unknown_reset_methods(Plan& plan, const std::string& why) {
    for (auto& step : plan.steps)
        if (step.action == StepAction::reset_device) step.reason += "; reset methods unknown (" + why + ")";
}

// Whether every reset device answers; prints (text) or records (JSON) each
// verdict. `no_sysfs`: why there is no `fs`.
bool verify_answers(const GlobalOptions& global, const Plan& plan, const std::optional<HostFs>& fs,
                    const std::string& no_sysfs, nlohmann::ordered_json& out) {
    auto verified = nlohmann::ordered_json::array();
    bool all = true;
    for (const auto& step : plan.steps) {
        if (step.action != StepAction::reset_device) continue;
        nlohmann::ordered_json entry = {{"address", step.address.str()}};
        std::string text;
        if (!fs) {
            entry["answers"] = nullptr;
            text = "could not be verified: the host's sysfs cannot be read from here (" + no_sysfs + ")";
        } else {
            ConfigSpaceAnswer answer = read_config_answer(*fs, step.address);
            entry["answers"] = answer.ok();
            text = answer.text();
            if (!answer.ok()) all = false;
        }
        entry["detail"] = text;
        verified.push_back(entry);
        if (!global.json) std::cout << "  " << step.address.str() << ": " << text << '\n';
    }
    out["verified"] = verified;
    return all;
}

void run_reset(const GlobalOptions& global, const ResetOptions& options) {
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    const HostSession& session = change.host();
    const PciDevice& device = *session.group(options.device).front();
    Plan plan = plan_group_reset(session.inventory(), device);
    if (!session.drivers_reported())  // libvirt's test driver: "no driver" would be a guess
        for (auto& step : plan.steps)
            if (step.action == StepAction::reset_device && !step.driver)
                step.reason = "driver not reported: libvirt resets it unless it is on vfio-pci or has FLR";
    auto fs = host_sysfs(session.connection(), options.root);
    std::string no_sysfs = fs ? "" : session.connection().locality().reason;
    if (fs)
        add_reset_methods(plan, *fs);
    else
        note_unknown_reset_methods(plan, no_sysfs);

    // A PF's reset takes its VFs down with it.
    std::vector<PciAddress> reset;
    for (const auto& step : plan.steps)
        if (step.action == StepAction::reset_device) reset.push_back(step.address);
    Dependents dependents = check_dependents(session, Loss::reset, reset, options.root);
    add_dependents(plan, dependents, options.force);

    nlohmann::ordered_json out;
    out["dependents"] = dependents_json(dependents, options.force);
    auto report = show_and_run(change, global, plan, out, {false, options.root},
                               [&] { std::cout << "A reset cannot be undone.\n"; });
    bool answers = true;
    if (report && report->completed) answers = verify_answers(global, plan, fs, no_sysfs, out);
    else if (report) out["verified"] = nlohmann::ordered_json::array();
    finish_plan(global, plan, report, out);
    if (!answers)
        throw refused("a device of IOMMU group " + std::to_string(plan.iommu_group.value_or(-1)) +
                      " does not answer after the reset: reboot the host before using it");
    if (report && report->completed && !global.json) std::cout << "Done: the group was reset.\n";
}

}  // namespace

void add_reset_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<ResetOptions>();
    auto* cmd = app.add_subcommand("reset", "Reset every endpoint of DEV's IOMMU group, as libvirt does");
    cmd->add_option("DEV", options->device, device_help("Any endpoint of the group", "all matches must be of one group"))
        ->required()
        ->check(non_empty());
    cmd->add_flag("--dry-run", options->dry_run, "Print the plan and change nothing");
    cmd->add_flag("--force", options->force,
                  "Reset even an SR-IOV PF whose VFs guests, pools or the host use (they are reset with it)");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->add_option("--root", options->root, "Read host files below DIR (tests)")->check(non_empty())->group("");
    cmd->footer("Calls virNodeDeviceReset on each endpoint (bridges are left alone). libvirt resets a\n"
                "device without a driver (PM or bus reset) and skips one with FLR or on vfio-pci (vfio-pci\n"
                "resets it when a guest opens or releases it); each step says which applies.\n"
                "Refused while a running guest holds a member, or while a host driver other than\n"
                "vfio-pci is bound to one ('vpt detach DEV' first); and, unless --force, when a member\n"
                "is an SR-IOV PF whose VFs a guest holds, a pool a guest uses hands out, or the host\n"
                "uses: they go down with it. Each refusal names the command that clears it.\n"
                "Afterwards each device's config space is read: all ones means it did not come back.\n"
                "A reset cannot be undone: the journal records it, `vpt recover` leaves it as done.\n"
                "Examples:\n  vpt reset 01:00.0 --dry-run\n  vpt reset 01:00.0");
    cmd->callback([&global, options] { run_reset(global, *options); });
}

}  // namespace vpt
