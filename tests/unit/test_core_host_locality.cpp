#include <doctest/doctest.h>

#include "core/host_locality.hpp"

using namespace vpt;

namespace {

const char* smbios = "4c4c4544-0042-3510-8052-b4c04f4e3732";
const char* machine_id = "3d1219c7c4c5404aaa1f6d2a48adfda4";

LibvirtHostClaims claims(std::string hostname, std::string uuid) {
    LibvirtHostClaims c;
    c.hostname = std::move(hostname);
    c.uuid = std::move(uuid);
    return c;
}

ThisMachine machine(std::string hostname, std::string product_uuid, std::string id) {
    return {std::move(hostname), std::move(product_uuid), std::move(id)};
}

}  // namespace

TEST_CASE("decide_locality") {
    ThisMachine here = machine("kvm1", smbios, machine_id);
    SUBCASE("the same hostname and this machine's SMBIOS UUID: local") {
        auto locality = decide_locality(claims("kvm1", smbios), here);
        CHECK(locality.kind == Locality::local);
        CHECK(locality.reason.find("SMBIOS") != std::string::npos);
    }
    SUBCASE("the same hostname and this machine's machine-id (host_uuid_source = \"machine-id\"): local") {
        auto locality = decide_locality(claims("kvm1", "3d1219c7-c4c5-404a-aa1f-6d2a48adfda4"), here);
        CHECK(locality.local());
        CHECK(locality.reason.find("machine-id") != std::string::npos);
    }
    SUBCASE("libvirt's canonical name for this machine's short one: local") {
        CHECK(decide_locality(claims("KVM1.example.org", smbios), here).local());
    }
    SUBCASE("another hostname: remote, naming both, whatever the UUID") {
        auto locality = decide_locality(claims("other", smbios), here);
        CHECK(locality.kind == Locality::remote);
        CHECK(locality.reason == "libvirt's host is 'other', this machine is 'kvm1'");
    }
    SUBCASE("the same hostname, another UUID (a clone, or a daemon that made its UUID up): remote") {
        auto locality = decide_locality(claims("kvm1", "677a0a19-ebdc-417b-a08c-a928a2d04749"), here);
        CHECK(locality.kind == Locality::remote);
        CHECK(locality.reason.find("677a0a19-ebdc-417b-a08c-a928a2d04749") != std::string::npos);
        CHECK(locality.reason.find("host_uuid_source") != std::string::npos);
    }
    SUBCASE("no way to tell is remote") {
        LibvirtHostClaims silent;
        silent.hostname_error = "this function is not supported by the connection driver";
        auto locality = decide_locality(silent, here);
        CHECK(locality.kind == Locality::remote);
        CHECK(locality.reason.find("not supported") != std::string::npos);
        auto no_uuid = claims("kvm1", "");
        no_uuid.uuid_error = "cannot read the host's capabilities";
        CHECK(decide_locality(no_uuid, here).kind == Locality::remote);
        CHECK(decide_locality(claims("kvm1", smbios), machine("", smbios, machine_id)).kind == Locality::remote);
        CHECK(decide_locality(claims("kvm1", smbios), machine("kvm1", "", "")).kind == Locality::remote);
    }
    SUBCASE("an SMBIOS UUID only root may read: remote, saying so") {
        auto unread = machine("kvm1", "", machine_id);
        unread.product_uuid_error = "only root may read /sys/class/dmi/id/product_uuid: run vpt as root";
        auto locality = decide_locality(claims("kvm1", smbios), unread);
        CHECK(locality.kind == Locality::remote);
        CHECK(locality.reason.find("run vpt as root") != std::string::npos);
        CHECK(decide_locality(claims("kvm1", machine_id), unread).local());
    }
    SUBCASE("a placeholder SMBIOS UUID counts only as the same placeholder read here, with the hostname") {
        const char* zeros = "00000000-0000-0000-0000-000000000000";
        auto blank = machine("kvm1", zeros, machine_id);
        auto locality = decide_locality(claims("kvm1", zeros), blank);
        CHECK(locality.local());
        CHECK(locality.reason.find("placeholder") != std::string::npos);
        CHECK(decide_locality(claims("kvm2", zeros), blank).kind == Locality::remote);
        CHECK(decide_locality(claims("kvm1", zeros), here).kind == Locality::remote);
        CHECK(decide_locality(claims("kvm1", zeros), machine("kvm1", "", machine_id)).kind == Locality::remote);
        CHECK(decide_locality(claims("kvm1", "ffffffff-ffff-ffff-ffff-ffffffffffff"), blank).kind ==
              Locality::remote);
    }
    SUBCASE("the test driver is never this machine") {
        LibvirtHostClaims test = claims("kvm1", smbios);
        test.test_driver = true;
        auto locality = decide_locality(test, here);
        CHECK(locality.test_driver());
        CHECK_FALSE(locality.local());
        CHECK(locality.reason == "libvirt's test driver has no host");
    }
}

TEST_CASE("normalized_uuid") {
    CHECK(normalized_uuid("3D1219C7-C4C5-404A-AA1F-6D2A48ADFDA4") == machine_id);
    CHECK(normalized_uuid("3d1219c7c4c5404aaa1f6d2a48adfda4\n") == machine_id);
    CHECK(normalized_uuid("{3d1219c7-c4c5-404a-aa1f-6d2a48adfda4}") == machine_id);
    CHECK(normalized_uuid("") == "");
    CHECK(normalized_uuid("3d1219c7-c4c5-404a-aa1f-6d2a48adfd") == "");    // short
    CHECK(normalized_uuid("3d1219c7-c4c5-404a-aa1f-6d2a48adfdzz") == "");  // not hex
    CHECK(normalized_uuid("00000000-0000-0000-0000-000000000000") == "");
}

TEST_CASE("same_hostname") {
    CHECK(same_hostname("kvm1", "kvm1"));
    CHECK(same_hostname("kvm1", "KVM1"));
    CHECK(same_hostname("kvm1.example.org", "kvm1"));
    CHECK(same_hostname("kvm1", "kvm1.example.org"));
    CHECK_FALSE(same_hostname("kvm1.a.org", "kvm1.b.org"));
    CHECK_FALSE(same_hostname("kvm1", "kvm2"));
    CHECK_FALSE(same_hostname("kvm1", "kvm10"));
    CHECK_FALSE(same_hostname("", ""));
}
