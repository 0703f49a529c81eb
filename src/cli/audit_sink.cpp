#include "cli/audit_sink.hpp"

#include <pwd.h>
#include <syslog.h>
#include <unistd.h>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/syslog_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>

namespace vpt {
namespace {

constexpr unsigned no_loginuid = 4294967295u;  // (uid_t)-1: the session was never given one

std::optional<unsigned> read_loginuid() {
    std::ifstream in("/proc/self/loginuid");
    unsigned long long uid = 0;
    if (!(in >> uid) || uid >= no_loginuid) return std::nullopt;
    return static_cast<unsigned>(uid);
}

std::shared_ptr<spdlog::logger> audit_logger(spdlog::sink_ptr sink) {
    auto logger = std::make_shared<spdlog::logger>("vpt-audit", std::move(sink));
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);  // a line is kept even if vpt is killed after it
    return logger;
}

std::shared_ptr<spdlog::logger> file_logger(const std::string& path) {
    try {
        auto logger = audit_logger(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false));
        logger->set_pattern("%Y-%m-%dT%H:%M:%S%z vpt[%P]: %v");
        return logger;
    } catch (const spdlog::spdlog_ex& e) {
        spdlog::warn("cannot open the audit file $VPT_AUDIT_FILE ({}); auditing to the system log", e.what());
        return nullptr;
    }
}

}  // namespace

AuditIdentity current_identity() {
    AuditIdentity who;
    uid_t uid = ::getuid();
    passwd entry{};
    passwd* found = nullptr;
    char buffer[4096];
    if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) == 0 && found && found->pw_name)
        who.user = found->pw_name;
    else
        who.user = std::to_string(uid);
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo) who.sudo_user = sudo;
    who.loginuid = read_loginuid();
    return who;
}

AuditSink open_audit_sink() {
    std::shared_ptr<spdlog::logger> logger;
    if (const char* path = std::getenv("VPT_AUDIT_FILE"); path && *path) logger = file_logger(path);
    if (!logger) logger = audit_logger(std::make_shared<spdlog::sinks::syslog_sink_mt>("vpt", LOG_PID, LOG_AUTHPRIV, false));
    return [logger](const std::string& line) { logger->info("{}", line); };
}

}  // namespace vpt
