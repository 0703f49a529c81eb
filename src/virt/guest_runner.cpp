#include "virt/guest_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "virt/guest.hpp"
#include "xml/domain_devices.hpp"

namespace vpt {
namespace {

bool live_holds(const Guest& guest, const PciAddress& address) {
    auto devices = parse_domain_devices(guest.live_xml(), true);
    return devices && std::any_of(devices->held.begin(), devices->held.end(),
                                  [&](const HeldDevice& held) { return held.address == address; });
}

}  // namespace

void GuestRunner::run(const Step& step) {
    Guest guest(connection_, step.object);
    bool has_address = step.address != PciAddress{};
    spdlog::debug("{} {}", step_action_name(step.action), step.label);
    switch (step.action) {
        case StepAction::define_guest:
            guest.define(step.xml);
            return;
        case StepAction::attach_live:
            if (has_address && live_holds(guest, step.address)) return;
            guest.attach_live(step.xml);
            return;
        case StepAction::detach_live:
            if (has_address && !live_holds(guest, step.address)) return;
            guest.detach_live(step.xml);
            if (has_address && !guest.wait_until_released(step.address, unplug_timeout_))
                throw std::runtime_error("guest '" + step.object + "' did not release " + step.address.str() +
                                         " within " + std::to_string(unplug_timeout_.count() / 1000) +
                                         " s (a live unplug needs the guest OS to answer)");
            return;
        default:
            throw std::logic_error(std::string("not a guest step: ") + step_action_name(step.action));
    }
}

}  // namespace vpt
