// Carries out network steps through libvirt: define, undefine, start, stop,
// autostart. Each is safe to repeat: a network already defined, running or
// gone is left as it is (recovery may repeat a step a killed vpt had done).
// A define or undefine goes ahead only over the config the step expects
// (see ConfigGuard).
#pragma once

#include "core/executor.hpp"
#include "virt/config_guard.hpp"
#include "virt/connection.hpp"

namespace vpt {

class NetworkRunner : public StepRunner {
public:
    // `guard`: compare before write, for every network defined or undefined.
    NetworkRunner(const Connection& connection, ConfigGuard& guard) : connection_(connection), guard_(guard) {}
    void run(const Step& step) override;

private:
    const Connection& connection_;
    ConfigGuard& guard_;
};

}  // namespace vpt
