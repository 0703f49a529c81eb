#include "cli/version_info.hpp"

#include <libvirt/libvirt.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/text_escape.hpp"
#include "virt/connection.hpp"
#include "virt/handles.hpp"
#include "virt/open_deadline.hpp"

#ifndef VPT_VERSION
#define VPT_VERSION "0.0.0"
#endif

namespace vpt {
namespace {

// libvirt's versions are major * 1,000,000 + minor * 1,000 + release.
std::string version_text(unsigned long long version) {
    return std::to_string(version / 1000000) + "." + std::to_string(version / 1000 % 1000) + "." +
           std::to_string(version % 1000);
}

struct Daemon {
    std::string uri;                     // the URI connected to, when connected
    std::optional<std::string> version;  // when connected
    std::string reason;                  // when not
};

// A read-only connection, made only where it is cheap: never to a remote
// host (ssh may ask for a password), and without starting a session daemon.
Daemon probe_daemon(const std::string& uri) {
    if (!uri.empty() && !uri_is_local(uri)) return {"", std::nullopt, "remote URI; not contacted for --version"};
    setenv("LIBVIRT_AUTOSTART", "0", 0);
    std::string error;
    virConnectPtr raw = nullptr;
    try {
        raw = open_within_timeout(uri, true, error);  // a daemon that never answers is not waited for
    } catch (const ConnectError& failure) {
        return {"", std::nullopt, failure.detail()};
    }
    if (!raw) return {"", std::nullopt, error_line(error)};
    ConnectHandle conn(raw);
    Daemon daemon;
    LibvirtString connected(virConnectGetURI(conn.get()));
    daemon.uri = connected ? connected.get() : uri;
    unsigned long lib = 0;
    if (virConnectGetLibVersion(conn.get(), &lib) < 0)
        daemon.reason = error_line(last_libvirt_error());
    else
        daemon.version = version_text(lib);
    return daemon;
}

}  // namespace

void print_version(const GlobalOptions& options) {
    unsigned long library = 0;
    std::optional<std::string> library_version;
    if (virGetVersion(&library, nullptr, nullptr) == 0) library_version = version_text(library);
    Daemon daemon = probe_daemon(options.uri);

    if (options.json) {
        nlohmann::ordered_json out;
        out["vpt"] = VPT_VERSION;
        out["commit"] = build_commit();
        out["libvirt"] = library_version ? nlohmann::ordered_json(*library_version) : nullptr;
        nlohmann::ordered_json d;
        d["connected"] = daemon.version.has_value();
        if (daemon.version) {
            d["uri"] = daemon.uri;
            d["version"] = *daemon.version;
        } else {
            d["reason"] = daemon.reason;
        }
        out["daemon"] = d;
        std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
        return;
    }
    std::cout << "vpt " << VPT_VERSION << '\n'
              << "commit: " << build_commit() << '\n'
              << "libvirt: " << library_version.value_or("unknown") << " (library)\n";
    if (daemon.version)
        std::cout << "daemon: libvirt " << *daemon.version << " at " << error_line(daemon.uri) << '\n';
    else
        std::cout << "daemon: not connected (" << daemon.reason << ")\n";
}

}  // namespace vpt
