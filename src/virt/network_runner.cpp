#include "virt/network_runner.hpp"

#include <optional>
#include <stdexcept>

#include "virt/network.hpp"

namespace vpt {

void NetworkRunner::run(const Step& step) {
    bool exists = Network::exists(connection_, step.object);
    if (step.action == StepAction::define_network || step.action == StepAction::undefine_network) {
        std::optional<std::string> current;
        if (exists) current = Network(connection_, step.object).config_xml();
        guard_.check(step, current);
        if (step.action == StepAction::define_network) {
            // One already there is the one expected (a repeated step, or an
            // older journal, which says nothing more).
            if (!exists) Network::define(connection_, step.xml);
            guard_.wrote(step, Network(connection_, step.object).config_xml());
        } else {
            if (exists) Network(connection_, step.object).undefine();
            guard_.wrote(step, std::nullopt);
        }
        return;
    }
    if (!exists) throw std::runtime_error("network '" + step.object + "' does not exist");
    Network network(connection_, step.object);
    switch (step.action) {
        case StepAction::start_network:
            if (!network.active()) network.start();
            return;
        case StepAction::stop_network:
            if (network.active()) network.stop();
            return;
        case StepAction::autostart_on: network.set_autostart(true); return;
        case StepAction::autostart_off: network.set_autostart(false); return;
        default: throw std::logic_error(std::string("not a network step: ") + step_action_name(step.action));
    }
}

}  // namespace vpt
