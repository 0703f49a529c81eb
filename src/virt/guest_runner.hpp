// Carries out guest steps through libvirt: a config defined (only over the
// config the step expects: see ConfigGuard), a device hot-plugged or
// hot-unplugged. Each is safe to repeat (recovery may run a
// step that a killed vpt had already done): an element the running guest
// already has is not attached again, one it no longer has is not detached.
//
// Hot-unplugs of one guest are waited for together: the first detach step
// of a guest asks the guest to release every device the run detaches from
// it (the plan's, or an undo's unplugs of what it attached), then waits once
// (one timeout) for all of them, ended early by libvirt's device-removed
// events; the later steps take their answers.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/executor.hpp"
#include "virt/config_guard.hpp"
#include "virt/connection.hpp"

namespace vpt {

class Guest;

class GuestRunner : public StepRunner {
public:
    // `unplug_timeout`: how long a hot-unplug may take before the step fails.
    // `guard`: compare before write, for every config defined.
    GuestRunner(const Connection& connection, std::chrono::milliseconds unplug_timeout, ConfigGuard& guard)
        : connection_(connection), unplug_timeout_(unplug_timeout), guard_(guard) {}
    // The plan about to run: its detach steps are issued together.
    void expect(const Plan& plan) { about_to_run(plan.steps, Direction::forward); }
    void about_to_run(const std::vector<Step>& steps, Direction direction) override;
    void run(const Step& step) override;

private:
    using Key = std::pair<std::string, PciAddress>;  // guest, device
    struct Answer {
        enum { released, refused, timed_out, detach_failed } kind;
        std::string error;
        std::string xml;  // to plug it back in when a later step fails
    };
    void detach_together(const Guest& guest, const Step& first);
    void restore_released_after_failure(const Guest& guest);

    const Connection& connection_;
    std::chrono::milliseconds unplug_timeout_;
    ConfigGuard& guard_;
    std::vector<Step> detaches_;   // the run's detach steps, in order
    // A forward run stops at a failed unplug, so the devices the guest let
    // go for later steps are plugged back; an undo goes on and takes them.
    Direction direction_ = Direction::forward;
    std::map<Key, Answer> answers_;  // issued together, not yet taken by their step
};

}  // namespace vpt
