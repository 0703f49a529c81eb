#include "virt/nodedev_runner.hpp"

#include <stdexcept>

#include "virt/timed_call.hpp"

namespace vpt {

void NodeDeviceRunner::run(const Step& step) {
    if (step.action != StepAction::detach_to_vfio && step.action != StepAction::reattach) return;
    NodeDeviceHandle device(virNodeDeviceLookupByName(connection_.get(), step.nodedev_name.c_str()));
    if (!device) throw std::runtime_error(last_libvirt_error());
    TimedCall timer(step.action == StepAction::detach_to_vfio ? "virNodeDeviceDetachFlags " + step.nodedev_name + " (vfio)"
                                                              : "virNodeDeviceReAttach " + step.nodedev_name);
    int rc = step.action == StepAction::detach_to_vfio ? virNodeDeviceDetachFlags(device.get(), "vfio", 0)
                                                       : virNodeDeviceReAttach(device.get());
    if (rc < 0) throw std::runtime_error(last_libvirt_error());
}

}  // namespace vpt
