// Runs a plan step by step; on a failure, undoes the finished steps in
// reverse order. An undo that fails is recorded and the rest still run,
// with one exception: an IOMMU group is never split between a running guest
// and the host. So an undo first takes every device out of the running
// guests (the runner is told them together, so a guest is asked for all of
// them and waited for once), and gives devices back to the host only when
// all of them are out; otherwise those devices stay on vfio-pci, their steps
// still to undo (a journal keeps them for `vpt recover`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/plan.hpp"

namespace vpt {

// Whether a step is being done or undone.
enum class Direction { forward, undo };

// What carries out a step's action (libvirt and sysfs in vpt; anything in
// tests). An undo is run as the reversed step. Throws std::exception with a
// message on failure.
class StepRunner {
public:
    virtual ~StepRunner() = default;
    virtual void run(const Step& step) = 0;
    // The steps about to run (reversed ones for an undo), in order, before
    // the first of them: a runner may start some together (a guest's
    // hot-unplugs). An undo goes on past a failed step; a forward run stops.
    virtual void about_to_run(const std::vector<Step>& steps, Direction direction) {
        (void)steps;
        (void)direction;
    }
};

// Told before and after every action, so a journal can survive a crash.
class ExecutionObserver {
public:
    virtual ~ExecutionObserver() = default;
    virtual void starting(size_t index, Direction direction) = 0;
    virtual void finished(size_t index, Direction direction) = 0;
    virtual void failed(size_t index, Direction direction, const std::string& error) = 0;
};

// Tells each of several observers in turn (the journal, then the audit trail).
class ObserverList : public ExecutionObserver {
public:
    explicit ObserverList(std::vector<ExecutionObserver*> observers) : observers_(std::move(observers)) {}
    void starting(size_t index, Direction direction) override {
        for (auto* o : observers_) o->starting(index, direction);
    }
    void finished(size_t index, Direction direction) override {
        for (auto* o : observers_) o->finished(index, direction);
    }
    void failed(size_t index, Direction direction, const std::string& error) override {
        for (auto* o : observers_) o->failed(index, direction, error);
    }

private:
    std::vector<ExecutionObserver*> observers_;
};

struct UndoResult {
    size_t index;            // step in the plan
    std::optional<std::string> error;  // empty when restored
    // Not run: it would have given a device back to the host while a device
    // of the change was still in a running guest (`error` names it).
    bool kept = false;
};

struct ExecutionReport {
    bool completed = false;               // every step ran
    std::vector<size_t> done;             // indexes of steps that changed something, in order
    std::optional<size_t> failed_step;
    std::string failure;                  // the failed step's error
    std::vector<UndoResult> undone;       // in the order undone (reverse of done)

    bool fully_restored() const;          // after a failure: every undo worked
};

ExecutionReport execute_plan(const Plan& plan, StepRunner& runner,
                             ExecutionObserver* observer = nullptr);

// Undoes the given steps (indexes into plan.steps, in the order they were
// done) in reverse order, continuing past failures; the unplugs from
// running guests first, and what gives a device back to the host only when
// every unplug worked (see above).
std::vector<UndoResult> undo_steps(const Plan& plan, const std::vector<size_t>& done,
                                   StepRunner& runner, ExecutionObserver* observer = nullptr);

// The devices an undo could not take out of a running guest, as their steps
// name them ("0000:18:00.0 (GPU) in running guest 'work'"); empty when none.
std::vector<std::string> still_in_guests(const Plan& plan, const std::vector<UndoResult>& undone);
// Whether the undo kept a step back (UndoResult::kept).
bool kept_any(const std::vector<UndoResult>& undone);

}  // namespace vpt
