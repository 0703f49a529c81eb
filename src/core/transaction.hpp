// A sequence of changes with their undo actions: run in order; on the first
// failure, undo what was done in reverse order, continuing past undo
// failures. For guest changes (config define, live attach), where each step
// is a pair of closures rather than a node device step.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vpt {

class Transaction {
public:
    // `what` names the change in reports ("define the new config of win10").
    void add(std::string what, std::function<void()> apply, std::function<void()> undo);
    bool empty() const { return actions_.empty(); }

    struct Report {
        bool completed = false;
        std::vector<std::string> done;              // in order
        std::optional<std::string> failed;          // the change that failed
        std::string failure;                        // and why
        std::vector<std::string> undone;            // undone, in reverse order
        std::vector<std::string> undo_failures;     // "what: why"
    };
    Report run();

private:
    struct Action {
        std::string what;
        std::function<void()> apply;
        std::function<void()> undo;
    };
    std::vector<Action> actions_;
};

}  // namespace vpt
