#include "core/transaction.hpp"

#include <exception>

namespace vpt {

void Transaction::add(std::string what, std::function<void()> apply, std::function<void()> undo) {
    actions_.push_back({std::move(what), std::move(apply), std::move(undo)});
}

Transaction::Report Transaction::run() {
    Report report;
    size_t done = 0;
    for (; done < actions_.size(); ++done) {
        try {
            actions_[done].apply();
            report.done.push_back(actions_[done].what);
        } catch (const std::exception& e) {
            report.failed = actions_[done].what;
            report.failure = e.what();
            break;
        }
    }
    if (!report.failed) {
        report.completed = true;
        return report;
    }
    while (done-- > 0) {
        try {
            actions_[done].undo();
            report.undone.push_back(actions_[done].what);
        } catch (const std::exception& e) {
            report.undo_failures.push_back(actions_[done].what + ": " + e.what());
        }
    }
    return report;
}

}  // namespace vpt
