#include <doctest/doctest.h>

#include "test_host_tree.hpp"

#include "host/checks.hpp"
#include "virt/connection.hpp"

using namespace vpt;
using vpt::test::has_text;

namespace {

// Domain capabilities as libvirt 9.0 prints them for q35/kvm (trimmed).
const char* q35_caps = R"(<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>kvm</domain>
  <machine>pc-q35-7.2</machine>
  <arch>x86_64</arch>
  <vcpu max='255'/>
  <os supported='yes'>
    <enum name='firmware'>
      <value>efi</value>
    </enum>
    <loader supported='yes'>
      <value>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</value>
      <value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>
      <enum name='type'>
        <value>rom</value>
        <value>pflash</value>
      </enum>
      <enum name='secure'>
        <value>yes</value>
        <value>no</value>
      </enum>
    </loader>
  </os>
  <devices>
    <disk supported='yes'>
      <enum name='diskDevice'><value>disk</value></enum>
    </disk>
    <hostdev supported='yes'>
      <enum name='mode'>
        <value>subsystem</value>
      </enum>
      <enum name='subsysType'>
        <value>usb</value>
        <value>pci</value>
        <value>scsi</value>
      </enum>
      <enum name='capsType'/>
      <enum name='pciBackend'>
        <value>default</value>
        <value>vfio</value>
      </enum>
    </hostdev>
  </devices>
</domainCapabilities>)";

LibvirtFacts connected_qemu() {
    LibvirtFacts facts;
    facts.uri = "qemu:///system";
    facts.connected = true;
    facts.driver = "QEMU";
    facts.libvirt_version = 9000000;
    facts.hypervisor_version = 7002000;
    facts.domain_caps = *parse_domain_caps(q35_caps);
    return facts;
}

}  // namespace

TEST_CASE("parse_domain_caps") {
    SUBCASE("hostdev, PCI backends and firmware") {
        auto caps = parse_domain_caps(q35_caps);
        REQUIRE(caps.ok());
        CHECK(caps->machine == "pc-q35-7.2");
        CHECK(caps->hostdev_supported);
        CHECK(caps->pci_backends == std::vector<std::string>{"default", "vfio"});
        CHECK(caps->loaders == std::vector<std::string>{"/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
                                                        "/usr/share/OVMF/OVMF_CODE_4M.fd"});
        CHECK(caps->firmware == std::vector<std::string>{"efi"});
    }
    SUBCASE("a host without VFIO lists no backend") {
        auto caps = parse_domain_caps(
            "<domainCapabilities><devices><hostdev supported='yes'><enum name='pciBackend'/>"
            "</hostdev></devices></domainCapabilities>");
        REQUIRE(caps.ok());
        CHECK(caps->pci_backends.empty());
        CHECK(caps->loaders.empty());
    }
    SUBCASE("not domain capabilities") {
        CHECK_FALSE(parse_domain_caps("<capabilities/>").ok());
        CHECK_FALSE(parse_domain_caps("<unclosed").ok());
    }
}

TEST_CASE("version_text and the URI helpers") {
    CHECK(version_text(9000000) == "9.0.0");
    CHECK(version_text(7002011) == "7.2.11");
    CHECK(uri_is_local("qemu:///system"));
    CHECK(uri_is_local("qemu+unix:///system?socket=/run/x"));
    CHECK(uri_is_local("test:///tmp/host.xml"));
    CHECK(uri_is_local(""));
    CHECK_FALSE(uri_is_local("qemu+ssh://root@host/system"));
    CHECK_FALSE(uri_is_local("qemu://host/system"));
    CHECK(uri_is_session("qemu:///session"));
    CHECK(uri_is_session("qemu+ssh://host/session?keyfile=k"));
    CHECK_FALSE(uri_is_session("qemu:///system"));
    CHECK_FALSE(uri_is_session("test:///default"));
}

TEST_CASE("check_libvirt_connection") {
    auto v = check_libvirt_connection(connected_qemu());
    CHECK(v.status == CheckStatus::pass);
    CHECK(v.finding == "libvirt 9.0.0 at qemu:///system");
    LibvirtFacts down;
    down.connect_error = "Failed to connect socket to '/var/run/libvirt/libvirt-sock-ro'";
    auto failed = check_libvirt_connection(down);
    CHECK(failed.status == CheckStatus::fail);
    CHECK(has_text(failed.finding, "the default URI"));
    CHECK(has_text(failed.fix, "systemctl enable --now libvirtd"));

    LibvirtFacts hostile;
    hostile.uri = "test:///x\n\x1b[31m" + std::string(100000, 'y');
    hostile.connect_error = "Unable to parse URI " + hostile.uri;
    auto escaped = check_libvirt_connection(hostile);
    CHECK(has_text(escaped.finding, "test:///x\\n\\x1b[31m"));
    CHECK(escaped.finding.find_first_of("\n\x1b") == std::string::npos);
    CHECK(escaped.finding.size() < 400);
}

TEST_CASE("check_hypervisor") {
    CHECK(check_hypervisor(connected_qemu()).finding == "QEMU 7.2.0");
    auto test = connected_qemu();
    test.driver = "TEST";
    CHECK(check_hypervisor(test).status == CheckStatus::skip);
    CHECK(check_hypervisor(LibvirtFacts{}).status == CheckStatus::skip);
}

TEST_CASE("check_hostdev_support") {
    SUBCASE("vfio listed") {
        auto v = check_hostdev_support(connected_qemu());
        CHECK(v.status == CheckStatus::pass);
        CHECK(has_text(v.finding, "VFIO"));
    }
    SUBCASE("no vfio backend") {
        auto facts = connected_qemu();
        facts.domain_caps->pci_backends = {"default"};
        auto v = check_hostdev_support(facts);
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.fix, "restart libvirt"));
    }
    SUBCASE("no domain capabilities (libvirt's test driver): skipped with libvirt's reason") {
        auto facts = connected_qemu();
        facts.domain_caps.reset();
        facts.domain_caps_error = "this function is not supported by the connection driver";
        auto v = check_hostdev_support(facts);
        CHECK(v.status == CheckStatus::skip);
        CHECK(has_text(v.finding, "not supported by the connection driver"));
    }
}

TEST_CASE("check_uefi_firmware") {
    auto v = check_uefi_firmware(connected_qemu());
    CHECK(v.status == CheckStatus::pass);
    CHECK(v.finding == "OVMF /usr/share/OVMF/OVMF_CODE_4M.ms.fd (+1 more)");
    auto facts = connected_qemu();
    facts.domain_caps->loaders.clear();
    auto missing = check_uefi_firmware(facts);
    CHECK(missing.status == CheckStatus::warn);
    CHECK(has_text(missing.fix, "apt install ovmf"));
}

TEST_CASE("check_memlock: only session URIs depend on the caller's limit") {
    auto facts = connected_qemu();
    CHECK(check_memlock(facts).status == CheckStatus::skip);
    facts.uri = "qemu:///session";
    facts.session = true;
    facts.user = "alice";
    SUBCASE("unlimited") { CHECK(check_memlock(facts).status == CheckStatus::pass); }
    SUBCASE("the 8 MiB default: fail, with the limits.d lines") {
        facts.memlock = {uint64_t(8) << 20, uint64_t(8) << 20};
        auto v = check_memlock(facts);
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "soft 8 MiB, hard 8 MiB"));
        CHECK(has_text(v.fix, "alice hard memlock unlimited"));
        CHECK(has_text(v.fix, "/etc/security/limits.d/vfio.conf"));
    }
    SUBCASE("a large limit: a warning") {
        facts.memlock = {uint64_t(16) << 30, std::nullopt};
        auto v = check_memlock(facts);
        CHECK(v.status == CheckStatus::warn);
        CHECK(has_text(v.finding, "soft 16 GiB, hard unlimited"));
    }
    SUBCASE("a remote session: not ours to measure") {
        facts.local = false;
        CHECK(check_memlock(facts).status == CheckStatus::skip);
    }
}
