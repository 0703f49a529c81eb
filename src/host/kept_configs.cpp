#include "host/kept_configs.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

#include "host/config_file.hpp"

namespace vpt {
namespace {

// A name libvirt allows (anything but '/') as part of a file name: letters,
// digits, '.', '-' and '_' kept, anything else '_', at most 64 characters.
std::string file_part(const std::string& name) {
    std::string part;
    for (char c : name.substr(0, 64)) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                     c == '-' || c == '_';
        part += plain ? c : '_';
    }
    return part;
}

std::string now_utc() {
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", std::gmtime(&now));
    return text;
}

}  // namespace

std::string keep_changed_config(const std::filesystem::path& dir, const ConfigChanged& changed) {
    std::string base = changed.kind + "-" + file_part(changed.name) + "-" + now_utc() + "-" + std::to_string(::getpid());
    HostFs live;  // the state directory is this machine's, whatever root the sysfs has
    auto where = std::filesystem::absolute(dir).lexically_normal();
    std::string kept;
    auto keep = [&](const std::string& which, const std::string& suffix, const std::string& text) {
        auto written = write_config_file(live, where / (base + suffix), text, 0600);
        kept += (kept.empty() ? "; " : ", ") + which + (written ? " is in " + written->string() : ": not kept (" + written.error() + ")");
    };
    if (!changed.expected.empty()) keep("what vpt read", ".read.xml", changed.expected);
    if (changed.found) keep("what is there now", ".now.xml", *changed.found);
    return changed.what() + kept;
}

}  // namespace vpt
