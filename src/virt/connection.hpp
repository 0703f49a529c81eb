// A libvirt connection, and the one place where libvirt errors become vpt
// errors.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/read_window.hpp"
#include "virt/handles.hpp"

namespace vpt {

enum class Access { read_only, read_write };

class Connection {
public:
    // `uri` empty: libvirt's default (LIBVIRT_DEFAULT_URI, then its own choice).
    // Throws (exit code 3) with the URI and libvirt's message.
    Connection(const std::string& uri, Access access);

    virConnectPtr get() const { return conn_.get(); }
    // The URI libvirt actually connected to.
    std::string uri() const;
    // libvirt's test driver: it drops host drivers and cannot detach or hot-plug.
    bool is_test_driver() const;
    // Whether sysfs on this machine is the host's (no remote transport).
    bool is_local() const;
    // How calls reach the driver (in this process, a local or a remote daemon).
    Transport transport() const;
    // How long one call that does nothing takes to come back (one round trip
    // to the daemon); throws when it fails.
    std::chrono::microseconds round_trip() const;

private:
    ConnectHandle conn_;
};

// Whether a URI names no remote host ("qemu:///system", "qemu+unix:///system",
// "test:///f.xml"): only then is this machine's sysfs the host's. Also for
// URIs no connection could be made to.
bool uri_is_local(std::string_view uri);

// How a URI reaches its driver: "test:///f.xml" runs in this process;
// "test+unix:///f.xml" and "qemu:///system" go through a local daemon's
// socket; a URI naming a host goes to a remote one.
Transport transport_of_uri(std::string_view uri);

// The first line of libvirt's last error message (the others are logged at
// debug level), or "unknown libvirt error".
std::string last_libvirt_error();

// Builds the vpt::Error for a failed libvirt call: "<what>: <libvirt message>".
Error libvirt_failure(const std::string& what, ExitCode code = ExitCode::failed);

// Stops libvirt (and libxml2, whose handler is per thread: call it on each
// thread that connects) from printing errors to stderr itself; vpt reports them.
void silence_libvirt_error_printing();

}  // namespace vpt
