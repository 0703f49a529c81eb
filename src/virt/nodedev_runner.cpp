#include "virt/nodedev_runner.hpp"

#include <stdexcept>

#include "virt/timed_call.hpp"

namespace vpt {
namespace {

std::string call_name(const Step& step) {
    switch (step.action) {
        case StepAction::detach_to_vfio: return "virNodeDeviceDetachFlags " + step.nodedev_name + " (vfio)";
        case StepAction::reattach: return "virNodeDeviceReAttach " + step.nodedev_name;
        default: return "virNodeDeviceReset " + step.nodedev_name;
    }
}

int call(const Step& step, virNodeDevicePtr device) {
    switch (step.action) {
        case StepAction::detach_to_vfio: return virNodeDeviceDetachFlags(device, "vfio", 0);
        case StepAction::reattach: return virNodeDeviceReAttach(device);
        default: return virNodeDeviceReset(device);
    }
}

}  // namespace

void NodeDeviceRunner::run(const Step& step) {
    if (step.action != StepAction::detach_to_vfio && step.action != StepAction::reattach &&
        step.action != StepAction::reset_device)
        return;
    NodeDeviceHandle device(virNodeDeviceLookupByName(connection_.get(), step.nodedev_name.c_str()));
    if (!device) throw std::runtime_error(last_libvirt_error());
    TimedCall timer(call_name(step));
    if (call(step, device.get()) < 0) throw std::runtime_error(last_libvirt_error());
}

}  // namespace vpt
