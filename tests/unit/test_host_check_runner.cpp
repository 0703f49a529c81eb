#include <doctest/doctest.h>

#include "host/check_runner.hpp"
#include "host/checks.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;

namespace {

std::vector<std::string> ids(const std::vector<CheckResult>& results) {
    std::vector<std::string> out;
    for (const auto& r : results) out.push_back(r.id);
    return out;
}

const CheckResult& by_id(const std::vector<CheckResult>& results, const std::string& id) {
    for (const auto& r : results)
        if (r.id == id) return r;
    throw std::runtime_error("no check " + id);
}

}  // namespace

TEST_CASE("run_host_checks: every check in report order") {
    LibvirtFacts facts;
    facts.connected = true;
    facts.uri = "qemu:///system";
    facts.driver = "QEMU";
    auto results = run_host_checks(fixture("intel-ir"), facts, HostFiles::readable);
    CHECK(ids(results) == std::vector<std::string>{
                              "kernel", "cpu-virtualization", "kvm", "iommu-firmware", "iommu-cmdline",
                              "iommu-active", "interrupt-remapping", "acs-override", "vfio-modules",
                              "boot-bindings", "libvirt", "qemu", "hostdev", "uefi-firmware", "memlock"});
    CHECK(is_ready(results));
    for (const auto& r : results) CHECK_FALSE(r.name.empty());
}

TEST_CASE("run_host_checks: a remote host's files are not read") {
    LibvirtFacts facts;
    facts.connected = true;
    facts.local = false;
    facts.uri = "qemu+ssh://far/system";
    auto results = run_host_checks(fixture("no-iommu"), facts, HostFiles::remote);
    auto iommu = by_id(results, "iommu-active");
    CHECK(iommu.verdict.status == CheckStatus::unknown);
    CHECK(iommu.verdict.finding == "needs the host itself: run 'vpt check' on it");
    CHECK(by_id(results, "libvirt").verdict.status == CheckStatus::pass);
    // Every check of the host's files is unknown, and only those.
    for (const auto& r : results) {
        CAPTURE(r.id);
        CHECK((r.verdict.status == CheckStatus::unknown) == (r.source == CheckSource::host));
    }
    CHECK(is_ready(results));  // unknowns do not block
}

TEST_CASE("run_host_checks: libvirt's test driver has no host whose files could be read") {
    LibvirtFacts facts;
    facts.connected = true;
    facts.local = false;
    facts.test_driver = true;
    facts.uri = "test:///host.xml";
    // A fixture tree that would pass: it is not read.
    auto results = run_host_checks(fixture("intel-ir"), facts, HostFiles::none);
    for (const char* id : {"kernel", "iommu-active", "interrupt-remapping", "vfio-modules"}) {
        CAPTURE(id);
        CHECK(by_id(results, id).verdict.status == CheckStatus::unknown);
        CHECK(by_id(results, id).verdict.finding ==
              "libvirt's test driver has no host: this machine's files do not describe it");
    }
    CHECK(by_id(results, "libvirt").verdict.finding.find("(libvirt's test driver: no host)") != std::string::npos);
}

TEST_CASE("run_host_checks: each check's source") {
    LibvirtFacts facts;
    facts.connected = true;
    auto results = run_host_checks(fixture("intel-ir"), facts, HostFiles::readable);
    std::vector<std::string> from_host, from_libvirt;
    for (const auto& r : results) (r.source == CheckSource::host ? from_host : from_libvirt).push_back(r.id);
    CHECK(from_host == std::vector<std::string>{"kernel", "cpu-virtualization", "kvm", "iommu-firmware",
                                                "iommu-cmdline", "iommu-active", "interrupt-remapping",
                                                "acs-override", "vfio-modules", "boot-bindings"});
    CHECK(from_libvirt == std::vector<std::string>{"libvirt", "qemu", "hostdev", "uefi-firmware", "memlock"});
    for (const auto& r : results) CHECK(r.verdict.status != CheckStatus::unknown);
    CHECK(std::string(source_name(CheckSource::host)) == "host");
    CHECK(std::string(source_name(CheckSource::libvirt)) == "libvirt");
    CHECK(std::string(status_name(CheckStatus::unknown)) == "unknown");
}

TEST_CASE("run_host_checks: failures make the host not ready") {
    LibvirtFacts facts;
    facts.connected = true;
    auto results = run_host_checks(fixture("no-iommu"), facts, HostFiles::readable);
    CHECK_FALSE(is_ready(results));
    CHECK(by_id(results, "iommu-firmware").verdict.status == CheckStatus::fail);
    CHECK(by_id(results, "vfio-modules").verdict.status == CheckStatus::warn);
}

TEST_CASE("run_device_checks") {
    PciDevice nvme;
    nvme.address = *PciAddress::parse("01:00.0");
    nvme.name = nvme.address.nodedev_name();
    nvme.driver = "nvme";
    nvme.class_code = 0x010802;
    nvme.iommu_group = 8;
    nvme.group_members = {nvme.address};
    Inventory inventory({nvme}, {});
    auto results = run_device_checks(fixture("intel-ir"), inventory, *inventory.find(nvme.address),
                                     HostFiles::readable);
    CHECK(ids(results) ==
          std::vector<std::string>{"device-group", "device-host-use", "device-reset", "device-sriov",
                                   "device-bars"});
    CHECK(by_id(results, "device-host-use").verdict.status == CheckStatus::fail);
    auto remote = run_device_checks(fixture("intel-ir"), inventory, *inventory.find(nvme.address),
                                    HostFiles::remote);
    CHECK(by_id(remote, "device-host-use").verdict.status == CheckStatus::unknown);
    CHECK(by_id(remote, "device-reset").verdict.status == CheckStatus::unknown);
    CHECK(by_id(remote, "device-sriov").verdict.status == CheckStatus::unknown);
    CHECK(by_id(remote, "device-group").verdict.status == CheckStatus::warn);  // libvirt's inventory
    CHECK(by_id(remote, "device-group").source == CheckSource::libvirt);
    CHECK(by_id(remote, "device-reset").source == CheckSource::host);
}

TEST_CASE("status_name") {
    CHECK(std::string(status_name(CheckStatus::pass)) == "pass");
    CHECK(std::string(status_name(CheckStatus::warn)) == "warn");
    CHECK(std::string(status_name(CheckStatus::fail)) == "fail");
    CHECK(std::string(status_name(CheckStatus::skip)) == "skip");
}

TEST_CASE("check_device_bars") {
    PciDevice gpu, audio;
    gpu.address = *PciAddress::parse("19:00.0");
    audio.address = *PciAddress::parse("19:00.1");
    for (auto* d : {&gpu, &audio}) {
        d->iommu_group = 17;
        d->group_members = {gpu.address, audio.address};
    }
    gpu.class_code = 0x030000;
    audio.class_code = 0x040300;
    Inventory inventory({gpu, audio}, {});
    SUBCASE("a 64 GiB BAR: more than the default window, with the size to set") {
        auto verdict = check_device_bars(fixture("bars-large"), inventory, *inventory.find(audio.address));
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(verdict.finding.find("64-bit BARs of the group: 64 GiB, more than the 32 GiB") != std::string::npos);
        CHECK(verdict.fix.find("vpt prepare GUEST --mmio64 128G") != std::string::npos);
    }
    SUBCASE("no resource file: not checked") {
        CHECK(check_device_bars(fixture("intel-ir"), inventory, *inventory.find(gpu.address)).status ==
              CheckStatus::skip);
    }
}
