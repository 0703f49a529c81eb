#include "virt/open_deadline.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include <unistd.h>

#include "core/error.hpp"
#include "core/text_escape.hpp"
#include "virt/connection.hpp"
#include "virt/event_loop.hpp"

namespace vpt {
namespace {

std::atomic<long long> timeout_seconds{30};

std::mutex dropped_lock;
std::optional<std::string> dropped;

std::string shown(const std::string& uri) { return uri.empty() ? "the default URI" : "'" + uri + "'"; }

std::string seconds_text(long long seconds) { return std::to_string(seconds) + " s"; }

// What the opening thread and the waiting one share; whichever is last frees it.
struct PendingOpen {
    std::mutex lock;
    std::condition_variable finished;
    bool done = false;
    bool abandoned = false;  // the caller gave up: the opener closes what it opened
    virConnectPtr conn = nullptr;
    std::string error;
};

virConnectPtr open_now(const std::string& uri, bool read_only) {
    const char* name = uri.empty() ? nullptr : uri.c_str();
    return read_only ? virConnectOpenReadOnly(name) : virConnectOpen(name);
}

// How long the calls of a lost connection get to fail by themselves before
// the watchdog ends vpt, and how often it looks.
constexpr auto grace = std::chrono::seconds(1);
constexpr auto look_every = std::chrono::milliseconds(250);

// The connections through a daemon, watched while they are open.
std::mutex watched_lock;
std::map<virConnectPtr, std::string> watched;

// When keepalive gives a daemon up, libvirt 9.0 fails the one call that was
// reading the socket, but every other call waiting on that connection (vpt
// reads with a window of calls in flight, virt/call_window) waits for ever,
// and its close callback is not called either: a thread stuck inside
// libvirt can be neither woken nor unwound. So a watchdog asks each open
// connection whether it is alive (virConnectIsAlive does not wait on the
// daemon) and, once one is not, gives the calls a moment to fail the
// ordinary way (libvirt_failure: exit 3), then prints the one line and ends
// the process with exit status 3. The kernel releases the host lock with
// the process; a change cut short leaves its journal, which the next vpt
// reports and `vpt recover` finishes or undoes.
[[noreturn]] void watch() {
    for (;;) {
        std::this_thread::sleep_for(look_every);
        std::string lost;
        {
            std::lock_guard guard(watched_lock);
            for (const auto& [conn, uri] : watched)
                if (virConnectIsAlive(conn) == 0) lost = uri;
        }
        if (lost.empty()) continue;
        std::string line = "lost the connection to libvirt at " + shown(lost) +
                           " (it answered nothing for about " + seconds_text(timeout_seconds.load()) +
                           ", or closed it; see --timeout)";
        {
            std::lock_guard guard(dropped_lock);
            dropped = line;
        }
        std::this_thread::sleep_for(grace);
        // Only async-signal-safe calls from here: other threads may hold any lock.
        std::string message = "vpt: " + error_line(line) + "\n";
        [[maybe_unused]] auto written = ::write(STDERR_FILENO, message.data(), message.size());
        ::_exit(static_cast<int>(ExitCode::no_connect));
    }
}

void start_watchdog() {
    static std::once_flag once;
    std::call_once(once, [] {
        try {
            std::thread(watch).detach();
        } catch (const std::system_error&) {
            spdlog::debug("no thread to watch libvirt connections: a daemon that stops answering may hang vpt");
        }
    });
}

}  // namespace

void set_libvirt_timeout(std::chrono::seconds timeout) { timeout_seconds = std::max<long long>(0, timeout.count()); }

std::chrono::seconds libvirt_timeout() { return std::chrono::seconds(timeout_seconds.load()); }

virConnectPtr open_within_timeout(const std::string& uri, bool read_only, std::string& error) {
    long long seconds = timeout_seconds.load();
    // libvirt's test driver runs in this process: nothing to wait on.
    if (seconds == 0 || transport_of_uri(uri) == Transport::in_process) {
        virConnectPtr conn = open_now(uri, read_only);
        if (!conn) error = last_libvirt_error();
        return conn;
    }
    auto pending = std::make_shared<PendingOpen>();
    std::thread([pending, uri, read_only] {
        silence_libvirt_error_printing();
        virConnectPtr conn = open_now(uri, read_only);
        std::string why = conn ? "" : last_libvirt_error();  // libvirt keeps it per thread: read it here
        std::lock_guard guard(pending->lock);
        if (pending->abandoned) {
            if (conn) virConnectClose(conn);
            return;
        }
        pending->conn = conn;
        pending->error = why;
        pending->done = true;
        pending->finished.notify_all();
    }).detach();
    std::unique_lock guard(pending->lock);
    if (!pending->finished.wait_for(guard, std::chrono::seconds(seconds), [&] { return pending->done; })) {
        pending->abandoned = true;
        std::string why = "no answer within " + seconds_text(seconds) + " (see --timeout)";
        throw ConnectError("cannot connect to libvirt at " + shown(uri) + ": " + why, why);
    }
    error = pending->error;
    return pending->conn;
}

void keep_alive(virConnectPtr conn, const std::string& uri) {
    long long seconds = timeout_seconds.load();
    if (seconds == 0 || transport_of_uri(uri) == Transport::in_process || !event_loop_running()) return;
    // libvirt drops the connection after interval * (count + 1) seconds
    // without an answer: about the timeout, a ping every few seconds.
    int interval = int(std::clamp<long long>(seconds / 6, 1, 3600));
    int count = int(std::clamp<long long>(seconds / interval - 1, 0, 1000));
    int result = virConnectSetKeepAlive(conn, interval, count);
    if (result != 0) {
        spdlog::debug("no keepalive with libvirt at {}: {}", shown(uri),
                      result == 1 ? "the daemon does not support it" : last_libvirt_error());
        virResetLastError();
        return;
    }
    std::lock_guard guard(watched_lock);
    watched[conn] = uri;
    start_watchdog();
}

void unwatch(virConnectPtr conn) {
    std::lock_guard guard(watched_lock);
    watched.erase(conn);
}

std::optional<std::string> dropped_daemon() {
    std::lock_guard guard(dropped_lock);
    return dropped;
}

}  // namespace vpt
