#include "host/deadline_child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace vpt {
namespace {

using Clock = std::chrono::steady_clock;

std::string seconds_text(std::chrono::milliseconds span) {
    auto ms = span.count();
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
    return std::to_string(ms) + " ms";
}

// The child: nothing of the parent's standard streams, the work's text into
// `out`, and out through _exit (no atexit handler, no flush of buffers that
// are the parent's).
[[noreturn]] void run_child(const std::function<std::string()>& work, int out) {
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0) ::_exit(3);
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
    std::string text;
    try {
        text = work();
    } catch (...) {
        ::_exit(2);
    }
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(out, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ::_exit(3);
        done += size_t(n);
    }
    ::_exit(0);
}

// Reaps the child if it is gone within a moment; one stuck in the kernel is
// left to init.
void reap_soon(pid_t child) {
    for (int i = 0; i < 20; ++i) {
        if (::waitpid(child, nullptr, WNOHANG) != 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

Result<std::string> run_with_deadline(const std::function<std::string()>& work, std::chrono::milliseconds deadline) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Failure{std::string("cannot make a pipe: ") + std::strerror(errno)};
    pid_t child = ::fork();
    if (child < 0) {
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        return Failure{std::string("cannot fork: ") + std::strerror(errno)};
    }
    if (child == 0) {
        ::close(pipe_fds[0]);
        run_child(work, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);

    std::string text;
    bool ended = false;
    auto end = Clock::now() + deadline;
    while (!ended) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
        if (left <= 0) break;
        pollfd wait{pipe_fds[0], POLLIN, 0};
        int ready = ::poll(&wait, 1, int(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) break;
        char buf[4096];
        ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ended = true;
        else text.append(buf, size_t(n));
    }
    ::close(pipe_fds[0]);
    if (!ended) {
        ::kill(child, SIGKILL);
        reap_soon(child);
        return Failure{"did not finish within " + seconds_text(deadline)};
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Failure{"failed"};
    return text;
}

}  // namespace vpt
