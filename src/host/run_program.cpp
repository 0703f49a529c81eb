#include "host/run_program.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/text_fields.hpp"
#include "core/text_list.hpp"
#include "host/host_fs.hpp"
#include "virt/timed_call.hpp"

extern char** environ;

namespace vpt {

std::string ProgramOutput::last_line() const {
    if (!error.empty()) return error;
    std::string text(trimmed(output));
    auto end = text.rfind('\n');
    return end == std::string::npos ? text : text.substr(end + 1);
}

namespace {

ProgramOutput run_now(const std::vector<std::string>& argv) {
    ProgramOutput result;
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        result.error = std::string("cannot run ") + argv.at(0) + ": " + std::strerror(errno);
        return result;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        result.error = "cannot run " + argv[0] + ": " + std::strerror(spawned);
        return result;
    }
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
        if (n > 0) {
            result.output.append(buffer, size_t(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;
        }
    }
    ::close(pipe_fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) result.status = WEXITSTATUS(status);
    else result.error = argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status));
    return result;
}

}  // namespace

ProgramOutput run_program(const std::vector<std::string>& argv) {
    TimedCall timer("run " + join(argv, " "));
    ProgramOutput result = run_now(argv);
    if (!result.error.empty()) timer.failed();
    else timer.outcome("exit " + std::to_string(result.status));
    return result;
}

}  // namespace vpt
