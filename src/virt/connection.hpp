// A libvirt connection, and the one place where libvirt errors become vpt
// errors.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/host_locality.hpp"
#include "core/read_window.hpp"
#include "virt/handles.hpp"

namespace vpt {

enum class Access { read_only, read_write };

// A connection that could not be opened (exit code 3); detail() is why,
// without the URI: libvirt's message, or that nothing answered in time.
class ConnectError : public Error {
public:
    ConnectError(const std::string& message, std::string detail)
        : Error(ExitCode::no_connect, message), detail_(std::move(detail)) {}
    const std::string& detail() const { return detail_; }

private:
    std::string detail_;
};

class Connection {
public:
    // `uri` empty: libvirt's default (LIBVIRT_DEFAULT_URI, then its own choice).
    // Throws ConnectError with the URI and libvirt's message, or when the
    // daemon does not answer within --timeout (virt/open_deadline).
    Connection(const std::string& uri, Access access);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    virConnectPtr get() const { return conn_.get(); }
    // The URI libvirt actually connected to.
    std::string uri() const;
    // libvirt's test driver: it drops host drivers and cannot detach or hot-plug.
    bool is_test_driver() const;
    // Whether libvirt's host is this machine, asked of libvirt (its hostname
    // and host UUID) the first time and kept: the one answer to "may this
    // machine's sysfs and /etc stand for the host's?" (core/host_locality).
    const HostLocality& locality() const;
    // How calls reach the driver (in this process, a local or a remote daemon).
    Transport transport() const;
    // How long one call that does nothing takes to come back (one round trip
    // to the daemon); throws when it fails.
    std::chrono::microseconds round_trip() const;

private:
    ConnectHandle conn_;
    mutable std::once_flag locality_once_;
    mutable HostLocality locality_;
};

// Whether a URI's text names no remote host ("qemu:///system",
// "qemu+unix:///system", "test:///f.xml"). Only a guess, for where no
// libvirt can be asked (a URI no connection could be made to, --version):
// a +unix socket may be forwarded from another host, so whether a
// connection reaches this machine is Connection::locality()'s to say.
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
