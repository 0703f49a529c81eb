// Carries out node device steps through libvirt's node device API: exactly
// one libvirt call per step (virNodeDeviceDetachFlags with the vfio backend,
// virNodeDeviceReAttach, or virNodeDeviceReset).
#pragma once

#include "core/executor.hpp"
#include "virt/connection.hpp"

namespace vpt {

class NodeDeviceRunner : public StepRunner {
public:
    explicit NodeDeviceRunner(const Connection& connection) : connection_(connection) {}
    void run(const Step& step) override;

private:
    const Connection& connection_;
};

}  // namespace vpt
