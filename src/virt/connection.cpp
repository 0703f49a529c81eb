#include "virt/connection.hpp"

#include <libvirt/virterror.h>
#include <libxml/xmlerror.h>
#include <spdlog/spdlog.h>

#include "core/text_escape.hpp"
#include "virt/removal_events.hpp"

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
    return Error(code, what + ": " + last_libvirt_error());
}

Connection::Connection(const std::string& uri, Access access) {
    const char* name = uri.empty() ? nullptr : uri.c_str();
    // Only a connection that changes guests waits for hot-unplug events;
    // the event loop must exist before it is opened to deliver them.
    if (access == Access::read_write) register_event_loop();
    virConnectPtr raw = access == Access::read_only ? virConnectOpenReadOnly(name)
                                                    : virConnectOpen(name);
    if (!raw) {
        std::string shown = uri.empty() ? "the default URI" : "'" + uri + "'";
        throw libvirt_failure("cannot connect to libvirt at " + shown, ExitCode::no_connect);
    }
    conn_.reset(raw);
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

bool Connection::is_local() const { return uri_is_local(uri()); }

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
