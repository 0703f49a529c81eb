#include "host/daemon_reload.hpp"

#include <signal.h>

#include <cerrno>
#include <cstring>

namespace vpt {
namespace {

// A pid file's number: digits only, above 1 (never init, never a group).
std::optional<long> read_pid(const HostFs& fs, const char* pid_file) {
    auto text = fs.read_text(pid_file);
    if (!text || text->empty() || text->size() > 9 || text->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    long pid = std::stol(*text);
    return pid > 1 ? std::optional<long>(pid) : std::nullopt;
}

}  // namespace

std::vector<DaemonReload> reload_hook_daemons(const HostFs& fs) {
    std::vector<DaemonReload> found;
    HostFs this_machine("/");
    for (const auto& daemon : hook_daemons) {
        auto pid = read_pid(fs, daemon.pid_file);
        if (!pid) continue;
        auto name = this_machine.read_text("/proc/" + std::to_string(*pid) + "/comm");
        if (!name || *name != daemon.name) continue;
        DaemonReload reload{daemon.name, *pid, std::nullopt};
        if (::kill(pid_t(*pid), SIGHUP) != 0) reload.error = std::strerror(errno);
        found.push_back(reload);
    }
    return found;
}

std::string reload_command(const std::string& daemon) { return "systemctl reload " + daemon; }

}  // namespace vpt
