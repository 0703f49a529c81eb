#include "host/libvirt_probe.hpp"

#include <libvirt/virterror.h>
#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>

namespace vpt {
namespace {

bool last_error_is(int code) {
    virErrorPtr error = virGetLastError();
    return error && error->code == code;
}

// Domain capabilities through `conn`, or the libvirt error; `denied` tells
// whether libvirt refused the call for lack of write access.
Result<std::string> domain_caps_xml(virConnectPtr conn, const LibvirtFacts& facts, bool& denied) {
    virResetLastError();
    LibvirtString xml(virConnectGetDomainCapabilities(conn, nullptr, facts.caps_arch.c_str(),
                                                      facts.caps_machine.c_str(), "kvm", 0));
    if (xml) return std::string(xml.get());
    denied = last_error_is(VIR_ERR_OPERATION_DENIED);
    return Failure{last_libvirt_error()};
}

void probe_domain_caps(const Connection& connection, LibvirtFacts& facts) {
    bool denied = false;
    auto xml = domain_caps_xml(connection.get(), facts, denied);
    if (!xml && denied) {
        try {
            Connection writable(facts.uri, Access::read_write);
            denied = false;
            xml = domain_caps_xml(writable.get(), facts, denied);
        } catch (const Error& error) {
            facts.domain_caps_error = "libvirt only reports domain capabilities on a read-write "
                                      "connection, and opening one was refused (" +
                                      std::string(error.what()) + ")";
            return;
        }
    }
    if (!xml) {
        facts.domain_caps_error = xml.error();
        return;
    }
    auto caps = parse_domain_caps(*xml);
    if (!caps) {
        facts.domain_caps_error = caps.error();
        return;
    }
    facts.domain_caps = std::move(caps).value();
}

}  // namespace

LibvirtFacts probe_libvirt(const Connection& connection) {
    LibvirtFacts facts;
    facts.uri = connection.uri();
    facts.connected = true;
    const HostLocality& locality = connection.locality();
    facts.local = locality.local();
    facts.test_driver = locality.test_driver();
    facts.locality_reason = locality.reason;
    facts.session = uri_is_session(facts.uri);
    if (const char* type = virConnectGetType(connection.get())) facts.driver = type;
    unsigned long version = 0;
    if (virConnectGetLibVersion(connection.get(), &version) == 0) facts.libvirt_version = version;
    if (virConnectGetVersion(connection.get(), &version) == 0 && version != 0)
        facts.hypervisor_version = version;
    probe_domain_caps(connection, facts);
    return facts;
}

LibvirtFacts unreachable_libvirt(const std::string& uri, const std::string& error) {
    LibvirtFacts facts;
    std::string asked = uri;
    if (asked.empty())
        if (const char* env = std::getenv("LIBVIRT_DEFAULT_URI")) asked = env;
    facts.uri = asked;
    facts.connect_error = error;
    // No libvirt answered to say where its host is: the URI's text is all
    // there is, and it only chooses the fix offered for the failed libvirt
    // check (and whether this machine's files are checked beside it).
    bool test_scheme = asked.rfind("test:", 0) == 0 || asked.rfind("test+", 0) == 0;
    facts.test_driver = test_scheme && uri_is_local(asked);
    facts.local = uri_is_local(asked) && !test_scheme;
    facts.session = uri_is_session(asked);
    return facts;
}

void probe_process(LibvirtFacts& facts) {
    rlimit limit{};
    if (getrlimit(RLIMIT_MEMLOCK, &limit) == 0) {
        if (limit.rlim_cur != RLIM_INFINITY) facts.memlock.soft = uint64_t(limit.rlim_cur);
        if (limit.rlim_max != RLIM_INFINITY) facts.memlock.hard = uint64_t(limit.rlim_max);
    }
    if (const passwd* user = getpwuid(geteuid())) facts.user = user->pw_name;
}

}  // namespace vpt
