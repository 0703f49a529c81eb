#include "run_vpt.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "temp_dir.hpp"

extern char** environ;

namespace {

void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    int open_count = 2;
    char buf[65536];
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            } else {
                (i == 0 ? out : err).append(buf, size_t(n));
            }
        }
    }
}

}  // namespace

std::string audit_file(const std::string& state_dir) { return state_dir + "/audit.log"; }

// One per test process, removed when the process exits.
std::string default_state_dir() {
    static const vpt::test::TempDir dir("itest");
    return dir.path.string();
}

namespace {

VptRun spawn(const std::string& program, const std::vector<std::string>& args, const std::string& state_dir,
             const std::string& input_file, const std::string& columns = "") {
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    // No input given is an empty one: a vpt that reads stdin must not wait on the test runner's.
    posix_spawn_file_actions_addopen(&actions, 0, input_file.empty() ? "/dev/null" : input_file.c_str(), O_RDONLY, 0);

    std::vector<std::string> argv_storage = {program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::string dir = state_dir.empty() ? default_state_dir() : state_dir;
    std::string state_env = "VPT_STATE_DIR=" + dir;
    std::string audit_env = "VPT_AUDIT_FILE=" + audit_file(dir);
    std::vector<char*> env;
    for (char** e = environ; *e; ++e) {
        std::string_view entry(*e);
        if (entry.rfind("LIBVIRT_DEFAULT_URI=", 0) != 0 && entry.rfind("VPT_STATE_DIR=", 0) != 0 &&
            entry.rfind("COLUMNS=", 0) != 0 && entry.rfind("VPT_AUDIT_FILE=", 0) != 0)
            env.push_back(*e);
    }
    env.push_back(state_env.data());
    env.push_back(audit_env.data());
    std::string columns_env = "COLUMNS=" + columns;  // unset by default: output is a pipe, tables are whole
    if (!columns.empty()) env.push_back(columns_env.data());
    env.push_back(nullptr);

    pid_t pid;
    int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot run " + program);
    VptRun run;
    drain(out_pipe[0], err_pipe[0], run.out, run.err);
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

}  // namespace

VptRun run_vpt(const std::vector<std::string>& args, const std::string& state_dir) {
    return spawn(VPT_BINARY, args, state_dir, "");
}

VptRun run_program(const std::string& program, const std::vector<std::string>& args) {
    return spawn(program, args, "", "");
}

VptRun run_vpt_with_columns(const std::vector<std::string>& args, const std::string& columns) {
    return spawn(VPT_BINARY, args, "", "", columns);
}

VptRun run_vpt_with_input(const std::vector<std::string>& args, const std::string& input_file) {
    return spawn(VPT_BINARY, args, "", input_file);
}

std::string demo_uri() { return "test://" VPT_EXAMPLES "/demo-host.xml"; }

std::string fixture_host_uri(const std::string& file) {
    return "test://" VPT_FIXTURES "/hosts/" + file;
}

size_t line_count(const std::string& text) {
    return size_t(std::count(text.begin(), text.end(), '\n'));
}
