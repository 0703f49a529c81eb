// Carries out guest steps through libvirt: a config defined, a device
// hot-plugged or hot-unplugged. Each is safe to repeat (recovery may run a
// step that a killed vpt had already done): an element the running guest
// already has is not attached again, one it no longer has is not detached.
#pragma once

#include <chrono>

#include "core/executor.hpp"
#include "virt/connection.hpp"

namespace vpt {

class GuestRunner : public StepRunner {
public:
    // `unplug_timeout`: how long a hot-unplug may take before the step fails.
    GuestRunner(const Connection& connection, std::chrono::milliseconds unplug_timeout)
        : connection_(connection), unplug_timeout_(unplug_timeout) {}
    void run(const Step& step) override;

private:
    const Connection& connection_;
    std::chrono::milliseconds unplug_timeout_;
};

}  // namespace vpt
