// Whether a libvirt connection reaches this machine. Decided from what
// libvirt says of its host (its hostname and host UUID) against what this
// machine says of itself, never from the URI's text: "qemu+unix:///system?
// socket=PATH" may be a socket forwarded from another host, and
// "qemu+ext:///system?command=..." runs anything. Only a connection found
// to be local lets vpt read or write this machine's sysfs and /etc on the
// libvirt host's behalf (the host-use guard, sriov_numvfs, boot bindings,
// identity records); libvirt's test driver has no host at all.
#pragma once

#include <string>
#include <string_view>

namespace vpt {

enum class Locality {
    local,        // libvirt's host is this machine
    remote,       // another machine, or no way to tell
    test_driver,  // libvirt's test driver: no host at all
};

struct HostLocality {
    Locality kind = Locality::remote;
    // Why, as a clause for messages: "libvirt's host is 'kvm2', this machine is 'kvm1'".
    std::string reason;

    bool local() const { return kind == Locality::local; }
    bool test_driver() const { return kind == Locality::test_driver; }
};

// What libvirt says of its host; a field left empty: libvirt would not say
// (its error in the *_error field).
struct LibvirtHostClaims {
    bool test_driver = false;    // virConnectGetType says "TEST"
    std::string hostname;        // virConnectGetHostname
    std::string hostname_error;
    std::string uuid;            // <capabilities><host><uuid>
    std::string uuid_error;
};

// What this machine says of itself; empty: it could not be read.
struct ThisMachine {
    std::string hostname;      // gethostname()
    std::string product_uuid;  // /sys/class/dmi/id/product_uuid: the SMBIOS system UUID
    std::string machine_id;    // /etc/machine-id
    std::string product_uuid_error;  // why product_uuid could not be read, though it exists
};

// The rule. libvirt takes its host UUID from the SMBIOS system UUID (the
// daemon's default, host_uuid_source = "smbios"), from /etc/machine-id
// (host_uuid_source = "machine-id"), or from host_uuid in its config; with
// no SMBIOS UUID it makes a random one at each start. Local takes both the
// same hostname and a host UUID that is this machine's SMBIOS UUID or
// machine-id: hostnames repeat ("localhost", cloned images), and so do
// SMBIOS UUIDs (vendors that ship one UUID on every unit). Firmware with
// no UUID of its own writes a placeholder (QEMU without -uuid: all zeros),
// which libvirt reports as read: the same placeholder in this machine's
// SMBIOS counts, with the hostname, as the same machine. Anything else,
// including a fact neither side could give, is remote.
HostLocality decide_locality(const LibvirtHostClaims& libvirt, const ThisMachine& here);

// A UUID as 32 lowercase hex digits, dashes and braces dropped
// ("3D1219C7-C4C5-..." and machine-id's "3d1219c7c4c5..." compare equal);
// empty when it is not 16 bytes of hex, or all its bytes are one value
// (libvirt ignores such an SMBIOS UUID too: firmware writes all-ones or
// all-zeros when it has none).
std::string normalized_uuid(std::string_view text);

// Whether two hostnames name the same machine: equal ignoring case, or one
// is a short name equal to the other's first label (libvirt reports the
// canonical name, "kvm1.example.org", where gethostname() may give "kvm1").
bool same_hostname(std::string_view a, std::string_view b);

}  // namespace vpt
