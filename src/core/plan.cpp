#include "core/plan.hpp"

#include <algorithm>
#include <utility>

namespace vpt {
namespace {

struct ActionName {
    StepAction action;
    const char* name;
};
// The names are the journal's: never rename one.
constexpr ActionName action_names[] = {
    {StepAction::skip, "skip"},
    {StepAction::detach_to_vfio, "detach"},
    {StepAction::reattach, "reattach"},
    {StepAction::define_guest, "define-guest"},
    {StepAction::attach_live, "attach-live"},
    {StepAction::detach_live, "detach-live"},
    {StepAction::detach_placeholder, "detach-placeholder"},
    {StepAction::define_network, "define-network"},
    {StepAction::undefine_network, "undefine-network"},
    {StepAction::start_network, "start-network"},
    {StepAction::stop_network, "stop-network"},
    {StepAction::autostart_on, "autostart-on"},
    {StepAction::autostart_off, "autostart-off"},
    {StepAction::write_vf_count, "write-vf-count"},
    {StepAction::set_boot_vf_count, "set-boot-vf-count"},
    {StepAction::write_boot_file, "write-boot-file"},
    {StepAction::remove_boot_file, "remove-boot-file"},
    {StepAction::rebuild_initramfs, "rebuild-initramfs"},
    {StepAction::initramfs_undo_point, "initramfs-undo-point"},
    {StepAction::reset_device, "reset"},
};

struct OperationName {
    Operation operation;
    const char* name;
};
constexpr OperationName operation_names[] = {
    {Operation::detach, "detach"},       {Operation::reattach, "reattach"},
    {Operation::assign, "assign"},       {Operation::unassign, "unassign"},
    {Operation::prepare, "prepare"},     {Operation::vfs, "vfs"},
    {Operation::pool_create, "pool-create"}, {Operation::pool_delete, "pool-delete"},
    {Operation::reset, "reset"},
};

Step object_step(const std::string& object, std::string label, StepAction action, StepAction undo) {
    Step step;
    step.object = object;
    step.label = std::move(label);
    step.action = action;
    step.undo_action = undo;
    return step;
}

}  // namespace

const char* step_action_name(StepAction action) {
    for (const auto& entry : action_names)
        if (entry.action == action) return entry.name;
    return "skip";
}

std::optional<StepAction> step_action_from_name(const std::string& name) {
    for (const auto& entry : action_names)
        if (name == entry.name) return entry.action;
    return std::nullopt;
}

StepAction inverse(StepAction action) {
    switch (action) {
        case StepAction::detach_to_vfio: return StepAction::reattach;
        case StepAction::reattach: return StepAction::detach_to_vfio;
        default: return StepAction::skip;
    }
}

bool writes_config(StepAction action) {
    return action == StepAction::define_guest || action == StepAction::define_network ||
           action == StepAction::undefine_network;
}

std::string config_left(const Step& step) { return step.action == StepAction::undefine_network ? "" : step.xml; }

Step reversed(const Step& step) {
    Step back = step;
    std::swap(back.action, back.undo_action);
    std::swap(back.xml, back.undo_xml);
    std::swap(back.count, back.undo_count);
    std::swap(back.config_before, back.undo_config_before);
    return back;
}

Step define_guest_step(const std::string& guest, const std::string& new_xml, const std::string& old_xml) {
    Step step = object_step(guest, "the config of guest '" + guest + "'", StepAction::define_guest,
                            StepAction::define_guest);
    step.xml = new_xml;
    step.undo_xml = old_xml;
    step.config_before = old_xml;
    return step;
}

Step attach_live_step(const std::string& guest, const std::string& label, const std::string& xml) {
    Step step = object_step(guest, label + " in running guest '" + guest + "'", StepAction::attach_live,
                            StepAction::detach_live);
    step.xml = step.undo_xml = xml;
    return step;
}

Step detach_live_step(const std::string& guest, const PciAddress& address, const std::string& label,
                      const std::string& xml) {
    Step step = object_step(guest, label + " in running guest '" + guest + "'", StepAction::detach_live,
                            StepAction::attach_live);
    step.address = address;
    step.xml = step.undo_xml = xml;
    return step;
}

Step attach_placeholder_step(const std::string& guest, const PciAddress& address, const std::string& label,
                             const std::string& xml) {
    Step step = object_step(guest, label + " (placeholder) in running guest '" + guest + "'", StepAction::attach_live,
                            StepAction::detach_placeholder);
    step.address = address;
    step.xml = step.undo_xml = xml;
    return step;
}

Step detach_placeholder_step(const std::string& guest, const PciAddress& address, const std::string& label,
                             const std::string& xml) {
    Step step = attach_placeholder_step(guest, address, label, xml);
    std::swap(step.action, step.undo_action);
    return step;
}

bool takes_out_of_guest(const Step& step) { return step.action == StepAction::detach_live; }

bool gives_back_to_host(const Step& step) {
    return step.action == StepAction::reattach || step.action == StepAction::detach_placeholder;
}

Step define_network_step(const std::string& network, const std::string& xml) {
    Step step = object_step(network, "network '" + network + "'", StepAction::define_network,
                            StepAction::undefine_network);
    step.xml = xml;
    step.config_before = "";
    return step;
}

Step undefine_network_step(const std::string& network, const std::string& xml) {
    Step step = object_step(network, "network '" + network + "'", StepAction::undefine_network,
                            StepAction::define_network);
    step.undo_xml = xml;
    step.config_before = xml;
    step.undo_config_before = "";
    return step;
}

Step network_step(const std::string& network, StepAction action) {
    StepAction undo = action == StepAction::start_network   ? StepAction::stop_network
                      : action == StepAction::stop_network  ? StepAction::start_network
                      : action == StepAction::autostart_on  ? StepAction::autostart_off
                      : action == StepAction::autostart_off ? StepAction::autostart_on
                                                            : StepAction::skip;
    return object_step(network, "network '" + network + "'", action, undo);
}

Step vf_count_step(const PciAddress& pf, const std::string& label, int from, int to) {
    Step step;
    step.address = pf;
    step.label = label;
    step.action = step.undo_action = StepAction::write_vf_count;
    step.count = to;
    step.undo_count = from;
    step.reason = "sriov_numvfs " + std::to_string(from) + " -> " + std::to_string(to);
    return step;
}

Step boot_vf_count_step(const PciAddress& pf, const std::string& label, int from, int to) {
    Step step = vf_count_step(pf, label, from, to);
    step.action = step.undo_action = StepAction::set_boot_vf_count;
    step.reason = "boot-time VF count " + (from ? std::to_string(from) : std::string("none")) + " -> " +
                  (to ? std::to_string(to) : std::string("none"));
    return step;
}

Step boot_file_step(const std::string& path, const std::string& label, const std::optional<std::string>& want,
                    const std::optional<std::string>& now) {
    Step step;
    step.object = path;
    step.label = label;
    if (want == now) {
        step.reason = path + (want ? " is already in place" : " does not exist");
        return step;
    }
    step.action = want ? StepAction::write_boot_file : StepAction::remove_boot_file;
    step.xml = want.value_or("");
    step.undo_action = now ? StepAction::write_boot_file : StepAction::remove_boot_file;
    step.undo_xml = now.value_or("");
    step.reason = want ? (now ? "rewrite " : "write ") + path : "remove " + path;
    return step;
}

Step rebuild_initramfs_step(const std::string& tool) {
    Step step = object_step(tool, "initramfs", StepAction::rebuild_initramfs, StepAction::skip);
    step.reason = "rebuild it (" + tool + ") so the binding holds before host drivers load";
    return step;
}

Step initramfs_undo_point_step(const std::string& tool) {
    Step step = object_step(tool, "initramfs", StepAction::initramfs_undo_point, StepAction::rebuild_initramfs);
    step.reason = "if this change is undone, rebuild it (" + tool + ") once the boot files are back";
    return step;
}

const char* operation_name(Operation operation) {
    for (const auto& entry : operation_names)
        if (entry.operation == operation) return entry.name;
    return "detach";
}

std::optional<Operation> operation_from_name(const std::string& name) {
    for (const auto& entry : operation_names)
        if (name == entry.name) return entry.operation;
    return std::nullopt;
}

size_t Plan::change_count() const {
    return size_t(std::count_if(steps.begin(), steps.end(), [](const Step& s) { return s.changes(); }));
}

void Plan::append(const Plan& other) {
    steps.insert(steps.end(), other.steps.begin(), other.steps.end());
    warnings.insert(warnings.end(), other.warnings.begin(), other.warnings.end());
    refusals.insert(refusals.end(), other.refusals.begin(), other.refusals.end());
}

}  // namespace vpt
