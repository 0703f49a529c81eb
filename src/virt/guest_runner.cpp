#include "virt/guest_runner.hpp"

#include <stdexcept>

#include "virt/guest.hpp"

namespace vpt {

void GuestRunner::run(const Step& step) {
    Guest guest(connection_, step.object);
    switch (step.action) {
        case StepAction::define_guest:
            guest.define(step.xml);
            return;
        case StepAction::attach_live:
            if (step.on_device() && guest.holds_live(step.address)) return;
            guest.attach_live(step.xml);
            return;
        case StepAction::detach_live:
            if (step.on_device() && !guest.holds_live(step.address)) return;
            guest.detach_live(step.xml);
            if (step.on_device() && !guest.wait_until_released(step.address, unplug_timeout_))
                throw std::runtime_error("guest '" + step.object + "' did not release " + step.address.str() +
                                         " within " + std::to_string(unplug_timeout_.count() / 1000) +
                                         " s (a live unplug needs the guest OS to answer)");
            return;
        default:
            throw std::logic_error(std::string("not a guest step: ") + step_action_name(step.action));
    }
}

}  // namespace vpt
