#include "ops/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"

namespace vpt {
namespace {

using nlohmann::json;

constexpr StepState all_states[] = {StepState::pending, StepState::applying, StepState::applied,
                                    StepState::undoing, StepState::undone,   StepState::failed};
constexpr StepAction all_actions[] = {StepAction::detach_to_vfio, StepAction::reattach,
                                      StepAction::skip};

template <typename Enum, size_t N, typename NameOf>
std::optional<Enum> from_name(const std::string& name, const Enum (&values)[N], NameOf name_of) {
    for (Enum value : values)
        if (name == name_of(value)) return value;
    return std::nullopt;
}

json step_to_json(const Step& step, StepState state) {
    return {{"address", step.address.str()},
            {"nodedev", step.nodedev_name},
            {"label", step.label},
            {"driver", step.driver ? json(*step.driver) : json(nullptr)},
            {"action", step_action_name(step.action)},
            {"reason", step.reason},
            {"state", step_state_name(state)}};
}

std::string now_utc() {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buf;
}

void write_fully(int fd, const std::string& text, const std::filesystem::path& path) {
    size_t written = 0;
    while (written < text.size()) {
        ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw refused("cannot write journal " + path.string() + ": " + std::strerror(errno));
        written += size_t(n);
    }
}

}  // namespace

const char* step_state_name(StepState state) {
    switch (state) {
        case StepState::pending: return "pending";
        case StepState::applying: return "applying";
        case StepState::applied: return "applied";
        case StepState::undoing: return "undoing";
        case StepState::undone: return "undone";
        case StepState::failed: return "failed";
    }
    return "pending";
}

bool Journal::exists() const {
    std::error_code ec;
    return std::filesystem::exists(file_, ec);
}

void Journal::save(const JournalRecord& record) const {
    json steps = json::array();
    for (size_t i = 0; i < record.plan.steps.size(); ++i)
        steps.push_back(step_to_json(record.plan.steps[i], record.states[i]));
    json document = {{"version", 1},
                     {"operation", operation_name(record.plan.operation)},
                     {"uri", record.uri},
                     {"pid", record.pid},
                     {"started", record.started},
                     {"target", record.plan.target.str()},
                     {"iommu_group", record.plan.iommu_group ? json(*record.plan.iommu_group) : json(nullptr)},
                     {"steps", steps}};
    std::string text = document.dump(2) + "\n";

    auto temporary = file_;
    temporary += ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw refused("cannot write journal " + temporary.string() + ": " + std::strerror(errno));
    write_fully(fd, text, temporary);
    bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(temporary.c_str(), file_.c_str()) != 0)
        throw refused("cannot write journal " + file_.string() + ": " + std::strerror(errno));
    // Make the rename itself durable.
    int dir = ::open(file_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

Result<JournalRecord> Journal::load() const {
    std::ifstream in(file_);
    if (!in) return Failure{"cannot read journal " + file_.string()};
    std::stringstream text;
    text << in.rdbuf();
    auto bad = [&](const std::string& why) {
        return Failure{"journal " + file_.string() + " is damaged (" + why + ")"};
    };
    json document = json::parse(text.str(), nullptr, false);
    if (document.is_discarded() || !document.is_object()) return bad("not JSON");
    try {
        JournalRecord record;
        std::string operation = document.at("operation");
        if (operation != "detach" && operation != "reattach") return bad("unknown operation");
        record.plan.operation = operation == "detach" ? Operation::detach : Operation::reattach;
        record.uri = document.at("uri");
        record.pid = document.at("pid");
        record.started = document.at("started");
        auto target = PciAddress::parse(document.at("target").get<std::string>());
        if (!target) return bad(target.error());
        record.plan.target = *target;
        if (!document.at("iommu_group").is_null()) record.plan.iommu_group = document.at("iommu_group").get<int>();
        for (const auto& entry : document.at("steps")) {
            Step step;
            auto address = PciAddress::parse(entry.at("address").get<std::string>());
            auto action = from_name(entry.at("action").get<std::string>(), all_actions, step_action_name);
            auto state = from_name(entry.at("state").get<std::string>(), all_states, step_state_name);
            if (!address || !action || !state) return bad("bad step");
            step.address = *address;
            step.nodedev_name = entry.at("nodedev");
            step.label = entry.at("label");
            if (!entry.at("driver").is_null()) step.driver = entry.at("driver").get<std::string>();
            step.action = *action;
            step.reason = entry.at("reason");
            record.plan.steps.push_back(step);
            record.states.push_back(*state);
        }
        return record;
    } catch (const json::exception& e) {
        return bad(e.what());
    }
}

void Journal::remove() const {
    std::error_code ec;
    std::filesystem::remove(file_, ec);
}

JournalRecord new_journal_record(const Plan& plan, const std::string& uri) {
    JournalRecord record;
    record.uri = uri;
    record.pid = long(::getpid());
    record.started = now_utc();
    record.plan = plan;
    record.states.assign(plan.steps.size(), StepState::pending);
    return record;
}

std::string describe_unfinished(const JournalRecord& record) {
    std::string text = "an unfinished '" + std::string(operation_name(record.plan.operation)) + "' of " +
                       record.plan.target.str();
    if (record.plan.iommu_group) text += " (IOMMU group " + std::to_string(*record.plan.iommu_group) + ")";
    return text + " started " + record.started + " by pid " + std::to_string(record.pid) + " on " +
           record.uri;
}

void JournalObserver::set(size_t index, StepState state) {
    record_.states.at(index) = state;
    journal_.save(record_);
}

// A forward action moves pending -> applying -> applied; its undo moves
// applied -> undoing -> undone. Which one is running follows from the state.
void JournalObserver::starting(size_t index, StepAction) {
    StepState current = record_.states.at(index);
    set(index, current == StepState::applied ? StepState::undoing : StepState::applying);
}

void JournalObserver::finished(size_t index, StepAction) {
    set(index, record_.states.at(index) == StepState::undoing ? StepState::undone : StepState::applied);
}

// A failed undo leaves the step applied (it still needs undoing); a failed
// forward step is taken as not applied.
void JournalObserver::failed(size_t index, StepAction, const std::string&) {
    set(index, record_.states.at(index) == StepState::undoing ? StepState::applied : StepState::failed);
}

}  // namespace vpt
