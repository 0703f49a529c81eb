#include "core/plan.hpp"

#include <algorithm>

namespace vpt {

StepAction inverse(StepAction action) {
    switch (action) {
        case StepAction::detach_to_vfio: return StepAction::reattach;
        case StepAction::reattach: return StepAction::detach_to_vfio;
        case StepAction::skip: return StepAction::skip;
    }
    return StepAction::skip;
}

const char* step_action_name(StepAction action) {
    switch (action) {
        case StepAction::detach_to_vfio: return "detach";
        case StepAction::reattach: return "reattach";
        case StepAction::skip: return "skip";
    }
    return "skip";
}

const char* operation_name(Operation operation) {
    return operation == Operation::detach ? "detach" : "reattach";
}

size_t Plan::change_count() const {
    return size_t(std::count_if(steps.begin(), steps.end(),
                                [](const Step& s) { return s.action != StepAction::skip; }));
}

}  // namespace vpt
