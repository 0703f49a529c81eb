#include "virt/connection.hpp"

#include <libvirt/virterror.h>
#include <libxml/xmlerror.h>
#include <spdlog/spdlog.h>

#include "core/text_escape.hpp"
#include "virt/event_loop.hpp"
#include "virt/host_locality_probe.hpp"
#include "virt/open_deadline.hpp"

namespace vpt {
namespace {

void ignore_error(void*, virErrorPtr) {}
void ignore_xml_error(void*, const char*, ...) {}

}  // namespace

void silence_libvirt_error_printing() {
    virSetErrorFunc(nullptr, ignore_error);
    // libvirt parses XML with libxml2, whose own warnings would go to stderr
    // beside vpt's one line; libvirt's error message already carries them.
    xmlSetGenericErrorFunc(nullptr, ignore_xml_error);
}

std::string last_libvirt_error() {
    virErrorPtr error = virGetLastError();
    if (!error || !error->message) return "unknown libvirt error";
    // An XML parse error goes on with the offending line of the file and a
    // caret under it; for `-c test:///etc/shadow` that line is the file's
    // content. Only the first line is vpt's message; the rest is for -v.
    auto lines = split_first_line(error->message);
    for (auto rest = lines.rest; !rest.empty();) {
        auto next = split_first_line(rest);
        spdlog::debug("libvirt's message went on: {}", error_line(next.first));
        rest = next.rest;
    }
    return std::string(lines.first);
}

Error libvirt_failure(const std::string& what, ExitCode code) {
    // A call cut short because its daemon stopped answering keepalive says
    // so in the RPC layer's words, or carries no error at all: either way
    // the connection is gone, a connection failure (virt/open_deadline).
    virErrorPtr error = virGetLastError();
    bool no_error = !error || error->code == VIR_ERR_OK || !error->message;
    bool rpc = error && error->domain == VIR_FROM_RPC;
    if (auto dropped = dropped_daemon(); dropped && (no_error || rpc))
        return Error(ExitCode::no_connect, what + ": " + *dropped);
    if (rpc && error->message && std::string_view(error->message).find("keepalive") != std::string_view::npos)
        return Error(ExitCode::no_connect, what + ": " + last_libvirt_error() + " (see --timeout)");
    return Error(code, what + ": " + last_libvirt_error());
}

Connection::Connection(const std::string& uri, Access access) {
    // The event loop runs keepalive (a connection through a daemon) and
    // delivers hot-unplug events (one that changes guests); it must exist
    // before the connection is opened.
    if (access == Access::read_write || transport_of_uri(uri) != Transport::in_process) start_event_loop();
    std::string error;
    virConnectPtr raw = open_within_timeout(uri, access == Access::read_only, error);
    if (!raw) {
        std::string shown = uri.empty() ? "the default URI" : "'" + uri + "'";
        throw ConnectError("cannot connect to libvirt at " + shown + ": " + error, error);
    }
    conn_.reset(raw);
    keep_alive(raw, uri.empty() ? this->uri() : uri);
}

Connection::~Connection() { unwatch(conn_.get()); }  // before the handle closes it

const HostLocality& Connection::locality() const {
    std::call_once(locality_once_, [this] {
        locality_ = decide_locality(ask_libvirt_host(conn_.get()), read_this_machine());
    });
    return locality_;
}

std::string Connection::uri() const {
    LibvirtString text(virConnectGetURI(conn_.get()));
    return text ? text.get() : "";
}

bool Connection::is_test_driver() const {
    std::string text = uri();
    return text.substr(0, text.find_first_of(":+")) == "test";  // test:// and test+unix://
}

bool uri_is_local(std::string_view uri) {
    // "qemu+ssh://h/system" and "qemu://h/system" name a host; a UNIX socket
    // ("qemu+unix://") or no host at all is this machine.
    auto scheme_end = uri.find("://");
    if (scheme_end == std::string_view::npos) return true;
    if (uri.substr(0, scheme_end).ends_with("+unix")) return true;
    auto host = uri.substr(scheme_end + 3);
    return host.substr(0, host.find_first_of("/?")).empty();
}

Transport transport_of_uri(std::string_view uri) {
    if (!uri_is_local(uri)) return Transport::remote;
    // Only the test driver runs inside the client; any other local URI
    // (qemu:///system) is served by a daemon through its socket.
    auto scheme = uri.substr(0, uri.find("://"));
    return scheme == "test" ? Transport::in_process : Transport::local_socket;
}

Transport Connection::transport() const { return transport_of_uri(uri()); }

std::chrono::microseconds Connection::round_trip() const {
    // Asking for libvirt's version is a call the daemon answers at once.
    unsigned long version = 0;
    auto start = std::chrono::steady_clock::now();
    if (virConnectGetLibVersion(conn_.get(), &version) < 0) throw libvirt_failure("cannot reach libvirt");
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace vpt
