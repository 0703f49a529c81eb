#include "ops/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "core/error.hpp"
#include "ops/private_dir.hpp"

namespace vpt {
namespace {

std::string now_utc() {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buf;
}

struct ScopedDescriptor {
    int fd;
    explicit ScopedDescriptor(int descriptor) : fd(descriptor) {}
    ScopedDescriptor(const ScopedDescriptor&) = delete;
    ScopedDescriptor& operator=(const ScopedDescriptor&) = delete;
    ~ScopedDescriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// A journal tells vpt what to change as root: only one that the running
// user owns, that no one else can write, is trusted.
std::optional<std::string> untrusted_file(const struct stat& info) {
    if (!S_ISREG(info.st_mode)) return "not a regular file";
    if (info.st_uid != ::geteuid()) return "owned by uid " + std::to_string(info.st_uid) + ", not by the running user";
    if (info.st_mode & (S_IWGRP | S_IWOTH)) return "writable by other users";
    return std::nullopt;
}

Result<std::string> read_all(int fd, const std::filesystem::path& path) {
    std::string text;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Failure{"cannot read journal " + path.string() + ": " + std::strerror(errno)};
        if (n == 0) return text;
        text.append(buf, size_t(n));
    }
}

}  // namespace

// Every access goes through the directory's descriptor, opened without
// following a link, and never follows a link inside it either.
bool Journal::exists() const {
    auto dir = PrivateDir::open(file_.parent_path());
    return dir && dir->has(file_.filename());
}

void Journal::save(const JournalRecord& record) const {
    auto dir = PrivateDir::open_safe(file_.parent_path(), "state directory");
    if (!dir) throw refused("cannot write journal " + file_.string() + ": " + dir.error());
    // A known temporary name: see replace_file_via (the directory is ours alone).
    std::string temporary = file_.filename().string() + ".tmp";
    if (auto failed = dir->replace_file_via(file_.filename(), temporary, journal_text(record), 0600))
        throw refused("cannot write journal " + file_.string() + ": " + *failed);
}

Result<JournalRecord> Journal::load() const {
    auto dir = PrivateDir::open(file_.parent_path());
    if (!dir) return Failure{"state directory " + file_.parent_path().string() + " is not trusted (" + dir.error() + ")"};
    if (auto why = dir->unsafe())
        return Failure{"state directory " + file_.parent_path().string() + " is not trusted (" + *why + ")"};
    // O_NONBLOCK: a FIFO planted as the journal must not hang vpt.
    ScopedDescriptor file{dir->open_file(file_.filename(), O_RDONLY | O_NONBLOCK)};
    if (file.fd < 0) {
        if (errno == ELOOP) return Failure{"journal " + file_.string() + " is not trusted (not a regular file: a symbolic link)"};
        return Failure{"cannot read journal " + file_.string() + ": " + std::strerror(errno)};
    }
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) return Failure{"cannot read journal " + file_.string() + ": " + std::strerror(errno)};
    if (auto why = untrusted_file(info)) return Failure{"journal " + file_.string() + " is not trusted (" + *why + ")"};
    auto text = read_all(file.fd, file_);
    if (!text) return Failure{text.error()};
    return parse_journal(*text, file_.string());
}

void Journal::remove() const {
    if (auto dir = PrivateDir::open(file_.parent_path())) (void)dir->remove_file(file_.filename());
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
