// Carries out network steps through libvirt: define, undefine, start, stop,
// autostart. Each is safe to repeat: a network already defined, running or
// gone is left as it is (recovery may repeat a step a killed vpt had done).
#pragma once

#include "core/executor.hpp"
#include "virt/connection.hpp"

namespace vpt {

class NetworkRunner : public StepRunner {
public:
    explicit NetworkRunner(const Connection& connection) : connection_(connection) {}
    void run(const Step& step) override;

private:
    const Connection& connection_;
};

}  // namespace vpt
