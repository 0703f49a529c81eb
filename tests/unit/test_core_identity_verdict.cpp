#include <doctest/doctest.h>

#include "core/identity_verdict.hpp"

using namespace vpt;

namespace {

PciAddress at(const char* text) { return *PciAddress::parse(text); }

DeviceIdentity nic(const char* address, std::optional<std::string> dsn = std::nullopt) {
    DeviceIdentity identity;
    identity.address = at(address);
    identity.vendor = 0x8086;
    identity.device = 0x1533;
    identity.subsystem_vendor = 0x15d9;
    identity.subsystem_device = 0x1533;
    identity.class_code = 0x020000;
    if (dsn) identity.serials.push_back({DeviceSerial::Kind::dsn, *dsn});
    return identity;
}

DeviceIdentity nvme(const char* address) {
    DeviceIdentity identity;
    identity.address = at(address);
    identity.vendor = 0x144d;
    identity.device = 0xa808;
    identity.class_code = 0x010802;
    return identity;
}

}  // namespace

TEST_CASE("same_device compares only fields known on both sides") {
    DeviceIdentity recorded = nic("01:00.0", "00-11-22-33-44-55-66-77");
    SUBCASE("equal") { CHECK(same_device(recorded, nic("01:00.0", "00-11-22-33-44-55-66-77"))); }
    SUBCASE("the host side knows no subsystem nor serial (a remote host)") {
        DeviceIdentity now = nic("01:00.0");
        now.subsystem_vendor.reset();
        now.subsystem_device.reset();
        CHECK(same_device(recorded, now));
    }
    SUBCASE("another serial") { CHECK_FALSE(same_device(recorded, nic("01:00.0", "00-11-22-33-44-55-66-78"))); }
    SUBCASE("another subsystem: the same chip on another board") {
        DeviceIdentity now = nic("01:00.0", "00-11-22-33-44-55-66-77");
        now.subsystem_device = 0x0001;
        CHECK_FALSE(same_device(recorded, now));
    }
    SUBCASE("a serial of another kind is not compared") {
        DeviceIdentity now = nic("01:00.0");
        now.serials.push_back({DeviceSerial::Kind::vpd, "ABC"});
        CHECK(same_device(recorded, now));
    }
    SUBCASE("another device id") { CHECK_FALSE(same_device(recorded, nvme("01:00.0"))); }
}

TEST_CASE("compare_identity") {
    SUBCASE("ok: the device is where it was") {
        auto verdict = compare_identity(nic("01:00.0"), {nvme("02:00.0"), nic("01:00.0")});
        CHECK(verdict.status == IdentityStatus::ok);
        CHECK(verdict.now->address == at("01:00.0"));
    }
    SUBCASE("drift: another device holds the address, the recorded one is nowhere") {
        auto verdict = compare_identity(nic("01:00.0"), {nvme("01:00.0")});
        CHECK(verdict.status == IdentityStatus::drift);
        CHECK(verdict.now->vendor == 0x144d);
        CHECK_FALSE(verdict.moved_to);
    }
    SUBCASE("gone: nothing at the address, nothing like it elsewhere") {
        auto verdict = compare_identity(nic("01:00.0"), {nvme("02:00.0")});
        CHECK(verdict.status == IdentityStatus::gone);
        CHECK_FALSE(verdict.now);
    }
    SUBCASE("moved, without a serial: the only match elsewhere") {
        auto verdict = compare_identity(nic("01:00.0"), {nvme("01:00.0"), nic("03:00.0")});
        CHECK(verdict.status == IdentityStatus::moved);
        CHECK(verdict.moved_to == at("03:00.0"));
        CHECK(verdict.now->vendor == 0x144d);  // and the old address holds the NVMe now
    }
    SUBCASE("moved, by serial: two cards of the model swapped places") {
        auto verdict = compare_identity(nic("01:00.0", "00-00-00-00-00-00-00-01"),
                                        {nic("01:00.0", "00-00-00-00-00-00-00-02"),
                                         nic("02:00.0", "00-00-00-00-00-00-00-01")});
        CHECK(verdict.status == IdentityStatus::moved);
        CHECK(verdict.moved_to == at("02:00.0"));
    }
    SUBCASE("moved, by serial even when other cards of the model lack one") {
        auto verdict = compare_identity(nic("01:00.0", "00-00-00-00-00-00-00-01"),
                                        {nic("02:00.0"), nic("03:00.0", "00-00-00-00-00-00-00-01")});
        CHECK(verdict.status == IdentityStatus::moved);
        CHECK(verdict.moved_to == at("03:00.0"));
    }
    SUBCASE("ambiguous: two matches and no serial to tell them apart is not moved") {
        auto verdict = compare_identity(nic("01:00.0"), {nic("02:00.0"), nic("03:00.0")});
        CHECK(verdict.status == IdentityStatus::gone);
        CHECK(verdict.matches_elsewhere == 2);
        CHECK_FALSE(verdict.moved_to);
        auto drift = compare_identity(nic("01:00.0"), {nvme("01:00.0"), nic("02:00.0"), nic("03:00.0")});
        CHECK(drift.status == IdentityStatus::drift);
    }
    SUBCASE("a recorded serial that no device has any more is not moved") {
        auto verdict = compare_identity(nic("01:00.0", "00-00-00-00-00-00-00-01"),
                                        {nic("02:00.0", "00-00-00-00-00-00-00-09")});
        CHECK(verdict.status == IdentityStatus::gone);
    }
}
