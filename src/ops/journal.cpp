#include "ops/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace vpt {
namespace {

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

// A journal tells vpt what to change as root: only one that the running
// user owns, in a directory only that user can write, is trusted.
std::optional<std::string> untrusted(const std::filesystem::path& path, bool directory) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return "cannot inspect it: " + std::string(std::strerror(errno));
    if (directory ? !S_ISDIR(info.st_mode) : !S_ISREG(info.st_mode))
        return directory ? "not a directory" : "not a regular file";
    if (info.st_uid != ::geteuid()) return "owned by uid " + std::to_string(info.st_uid) + ", not by the running user";
    if (info.st_mode & (S_IWGRP | S_IWOTH)) return "writable by other users";
    return std::nullopt;
}

}  // namespace

bool Journal::exists() const {
    std::error_code ec;
    return std::filesystem::exists(file_, ec);
}

void Journal::save(const JournalRecord& record) const {
    std::string text = journal_text(record);

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
    if (auto why = untrusted(file_.parent_path(), true))
        return Failure{"state directory " + file_.parent_path().string() + " is not trusted (" + *why + ")"};
    if (auto why = untrusted(file_, false)) return Failure{"journal " + file_.string() + " is not trusted (" + *why + ")"};
    std::ifstream in(file_);
    if (!in) return Failure{"cannot read journal " + file_.string()};
    std::stringstream text;
    text << in.rdbuf();
    return parse_journal(text.str(), file_.string());
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
                       record.plan.target;
    if (record.plan.iommu_group) text += " (IOMMU group " + std::to_string(*record.plan.iommu_group) + ")";
    return text + " started " + record.started + " by pid " + std::to_string(record.pid) + " on " +
           record.uri;
}

void JournalObserver::set(size_t index, StepState state) {
    record_.states.at(index) = state;
    journal_.save(record_);
}

// A forward action moves pending -> applying -> applied; its undo moves
// applied -> undoing -> undone.
void JournalObserver::starting(size_t index, Direction direction) {
    set(index, direction == Direction::undo ? StepState::undoing : StepState::applying);
}

void JournalObserver::finished(size_t index, Direction direction) {
    Step& step = record_.plan.steps.at(index);
    if (written_ && direction == Direction::forward && writes_config(step.action))
        if (auto left = written_->find(step)) step.undo_config_before = *left;
    set(index, direction == Direction::undo ? StepState::undone : StepState::applied);
}

// A failed undo leaves the step applied (it still needs undoing); a failed
// forward step is taken as not applied.
void JournalObserver::failed(size_t index, Direction direction, const std::string&) {
    set(index, direction == Direction::undo ? StepState::applied : StepState::failed);
}

}  // namespace vpt
