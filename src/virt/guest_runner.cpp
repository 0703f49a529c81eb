#include "virt/guest_runner.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "virt/guest.hpp"
#include "virt/removal_events.hpp"
#include "virt/timed_call.hpp"
#include "virt/unplug_wait.hpp"

namespace vpt {
namespace {

using Clock = std::chrono::steady_clock;

// With events a re-check only catches a missed one; without, it is the wait.
constexpr auto recheck_with_events = std::chrono::seconds(1);
constexpr auto recheck_without_events = std::chrono::milliseconds(250);

// The progress line on stderr: rewritten in place on a terminal, else one
// line now and then. Not under -q (which logs errors only).
class ProgressLine {
public:
    ProgressLine() : shown_(spdlog::should_log(spdlog::level::warn)), terminal_(isatty(STDERR_FILENO) == 1), pacer_(terminal_) {}
    ~ProgressLine() {
        if (printed_ && terminal_) std::fputs("\r\033[K", stderr);
    }
    void update(Clock::time_point now, const std::string& guest, size_t pending, size_t total, long long left) {
        if (!shown_ || !pacer_.due(now, pending)) return;
        std::string line = "vpt: " + unplug_progress_line(guest, pending, total, left);
        std::fputs(terminal_ ? ("\r\033[K" + line).c_str() : (line + "\n").c_str(), stderr);
        std::fflush(stderr);
        printed_ = true;
    }

private:
    bool shown_;
    bool terminal_;
    ProgressPacer pacer_;
    bool printed_ = false;
};

std::string seconds_text(std::chrono::milliseconds ms) { return std::to_string(ms.count() / 1000) + " s"; }

}  // namespace

void GuestRunner::about_to_run(const std::vector<Step>& steps, Direction direction) {
    detaches_.clear();
    direction_ = direction;
    for (const auto& step : steps)
        if (step.action == StepAction::detach_live && step.on_device()) detaches_.push_back(step);
}

void GuestRunner::detach_together(const Guest& guest, const Step& first) {
    // This step, then the run's later detaches from the same guest (a
    // placeholder is not among them: it is removed after them, unwaited).
    std::vector<const Step*> batch{&first};
    auto self = std::find_if(detaches_.begin(), detaches_.end(), [&](const Step& step) {
        return step.object == first.object && step.address == first.address;
    });
    if (self != detaches_.end())
        for (auto it = std::next(self); it != detaches_.end(); ++it)
            if (it->object == first.object && !answers_.count({it->object, it->address})) batch.push_back(&*it);
    // Listening before the first detach, so no answer comes unheard.
    RemovalEvents events(connection_, guest.get());
    std::vector<std::pair<const Step*, std::string>> issued_aliases;
    std::vector<const Step*> issued;
    for (const Step* step : batch) {
        Key key{step->object, step->address};
        if (!guest.holds_live(step->address)) {
            answers_[key] = {Answer::released, "", step->xml};
            continue;
        }
        try {
            guest.detach_live(step->xml);
        } catch (const std::exception& e) {
            // The rest are not asked: the run stops at this step.
            answers_[key] = {Answer::detach_failed, e.what(), step->xml};
            break;
        }
        issued_aliases.emplace_back(step, device_alias(step->xml));
        issued.push_back(step);
    }
    if (issued.empty()) return;
    // The timeout counts from the last request, as a single device's did: the
    // qemu driver itself waits a few seconds inside each detach call.
    UnplugWait wait(Clock::now(), unplug_timeout_);
    for (const auto& [step, alias] : issued_aliases) wait.add(step->address, alias);
    auto take = [&](const std::vector<RemovalEvent>& arrived) {
        for (const auto& event : arrived) {
            spdlog::debug("libvirt event: device {} {}", event.alias, event.failed ? "removal failed" : "removed");
            event.failed ? wait.removal_failed(event.alias) : wait.removed(event.alias);
        }
    };
    // A device the guest let go of within the detach call has its event
    // queued already: take those first, then ask the live XML.
    for (int round = 0; events.active() && round < 3 && wait.pending() > 0; ++round)
        take(events.run_for(std::chrono::milliseconds(20)));

    std::string addresses;
    for (const Step* step : issued) addresses += (addresses.empty() ? "" : " ") + step->address.str();
    TimedCall timer("wait for " + guest.name() + " to release " + addresses +
                    (events.active() ? " (events)" : " (polling)"));
    ProgressLine progress;
    auto recheck_every = events.active() ? Clock::duration(recheck_with_events) : Clock::duration(recheck_without_events);
    auto last_check = Clock::now();
    wait.recheck(guest.held_live());  // a driver may remove it at once
    for (auto now = Clock::now(); !wait.over(now); now = Clock::now()) {
        progress.update(now, guest.name(), wait.pending(), issued.size(), wait.seconds_left(now));
        // Until the next re-check or the deadline, whichever is first.
        auto next = std::min(last_check + recheck_every, wait.deadline());
        auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(next - now), std::chrono::milliseconds(1));
        if (events.active()) {
            take(events.run_for(left));
        } else {
            std::this_thread::sleep_for(left);
        }
        if (Clock::now() - last_check >= recheck_every) {
            wait.recheck(guest.held_live());
            last_check = Clock::now();
        }
    }
    if (wait.pending() > 0) wait.recheck(guest.held_live());  // the last word is the live XML's
    size_t released = 0;
    for (const Step* step : issued) {
        Key key{step->object, step->address};
        switch (*wait.state(step->address)) {
            case UnplugState::released:
                answers_[key] = {Answer::released, "", step->xml};
                ++released;
                break;
            case UnplugState::refused:
                answers_[key] = {Answer::refused,
                                 "guest '" + step->object + "' refused to release " + step->address.str() +
                                     " (libvirt reported the removal failed)",
                                 step->xml};
                break;
            case UnplugState::pending:
                answers_[key] = {Answer::timed_out,
                                 "guest '" + step->object + "' did not release " + step->address.str() + " within " +
                                     seconds_text(unplug_timeout_) + " (a live unplug needs the guest OS to answer)",
                                 step->xml};
                break;
        }
    }
    timer.outcome(std::to_string(released) + " of " + std::to_string(issued.size()) + " released");
    if (released < issued.size()) timer.failed();
}

void GuestRunner::restore_released_after_failure(const Guest& guest) {
    // The run stops at the failed step, so the executor undoes only the steps
    // before it; devices of later steps that the guest already let go are
    // plugged back here.
    for (auto it = answers_.begin(); it != answers_.end();) {
        if (it->first.first == guest.name() && it->second.kind == Answer::released) {
            try {
                if (!guest.holds_live(it->first.second)) guest.attach_live(it->second.xml);
            } catch (const std::exception& e) {
                spdlog::error("could not plug {} back into guest '{}': {}", it->first.second.str(), guest.name(), e.what());
            }
        }
        it = it->first.first == guest.name() ? answers_.erase(it) : std::next(it);
    }
}

void GuestRunner::run(const Step& step) {
    Guest guest(connection_, step.object);
    switch (step.action) {
        case StepAction::define_guest:
            guard_.check(step, guest.config_xml());
            guest.define(step.xml);
            guard_.wrote(step, guest.config_xml());
            return;
        case StepAction::attach_live:
            if (step.on_device() && guest.holds_live(step.address)) return;
            guest.attach_live(step.xml);
            return;
        case StepAction::detach_placeholder:
            // QEMU never had a placeholder, so there is no guest answer to
            // wait for: libvirt drops it within the call (and gives a managed
            // device back to its host driver at once, which is why the plans
            // and the undo run these after every unplug of the group).
            if (!guest.holds_live(step.address)) return;
            guest.detach_live(step.xml);
            if (guest.holds_live(step.address))
                throw std::runtime_error("libvirt still lists the placeholder of " + step.address.str() +
                                         " in running guest '" + step.object + "' after removing it");
            return;
        case StepAction::detach_live: {
            if (!step.on_device()) {
                guest.detach_live(step.xml);
                return;
            }
            Key key{step.object, step.address};
            if (!answers_.count(key)) detach_together(guest, step);
            Answer answer = answers_.at(key);
            answers_.erase(key);
            if (answer.kind == Answer::released) return;
            if (direction_ == Direction::forward) restore_released_after_failure(guest);
            throw std::runtime_error(answer.error);
        }
        default:
            throw std::logic_error(std::string("not a guest step: ") + step_action_name(step.action));
    }
}

}  // namespace vpt
