// What the readiness checks need to know from libvirt and about this
// process, gathered once (libvirt_probe.hpp) so the checks stay pure
// functions that tests feed by hand.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace vpt {

// The parts of <domainCapabilities> that passthrough depends on.
struct DomainCaps {
    std::string machine;                    // "pc-q35-7.2"
    bool hostdev_supported = false;         // <hostdev supported='yes'>
    std::vector<std::string> pci_backends;  // <enum name='pciBackend'>: "default", "vfio"
    std::vector<std::string> loaders;       // <os><loader> values: firmware paths
    std::vector<std::string> firmware;      // <os><enum name='firmware'>: "efi", "bios"
};

// Parses virConnectGetDomainCapabilities output.
Result<DomainCaps> parse_domain_caps(std::string_view xml);

// RLIMIT_MEMLOCK of this process; nothing means unlimited.
struct MemlockLimit {
    std::optional<uint64_t> soft;
    std::optional<uint64_t> hard;
};

struct LibvirtFacts {
    std::string uri;            // the URI connected to, or the one asked for
    bool connected = false;
    std::string connect_error;  // why not, when not connected
    bool local = true;          // libvirt's host is this machine (Connection::locality): its files are the host's
    bool test_driver = false;   // libvirt's test driver: no host at all
    std::string locality_reason;  // why local or not, as Connection::locality says
    bool session = false;       // a per-user (qemu:///session) URI
    std::string driver;         // virConnectGetType: "QEMU", "TEST"
    std::optional<unsigned long> libvirt_version;     // virConnectGetLibVersion
    std::optional<unsigned long> hypervisor_version;  // virConnectGetVersion
    std::string caps_arch = "x86_64";                 // what domain capabilities were asked for
    std::string caps_machine = "q35";
    std::optional<DomainCaps> domain_caps;
    std::string domain_caps_error;  // why there are none
    MemlockLimit memlock;
    std::string user;  // who runs vpt, for limits.conf lines
};

// 9000000 -> "9.0.0" (libvirt's major * 1,000,000 + minor * 1,000 + micro).
std::string version_text(unsigned long version);

// Whether a URI is a per-user session URI ("qemu:///session").
bool uri_is_session(std::string_view uri);

}  // namespace vpt
