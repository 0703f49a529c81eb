#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "xml/identity_record.hpp"
#include "xml/schema_validator.hpp"

using namespace vpt;

namespace {

DeviceIdentity gpu() {
    DeviceIdentity identity;
    identity.address = *PciAddress::parse("0000:19:00.0");
    identity.vendor = 0x10de;
    identity.device = 0x2204;
    identity.subsystem_vendor = 0x1458;
    identity.subsystem_device = 0x403b;
    identity.class_code = 0x030000;
    identity.serials = {{DeviceSerial::Kind::dsn, "00-11-22-33-44-55-66-77"}, {DeviceSerial::Kind::vpd, "SN1"}};
    identity.iommu_group = 14;
    identity.group_members = {*PciAddress::parse("0000:19:00.0"), *PciAddress::parse("0000:19:00.1")};
    return identity;
}

DeviceIdentity audio() {
    DeviceIdentity identity;
    identity.address = *PciAddress::parse("0000:19:00.1");
    identity.vendor = 0x10de;
    identity.device = 0x1aef;
    identity.companion = true;
    return identity;
}

const std::string guest_xml = R"(<domain type='kvm'>
  <name>g</name>
  <uuid>5b1f0a52-6c1e-4d7a-9a38-0f2b1c7d9e01</uuid>
  <memory unit='KiB'>1048576</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
  </devices>
</domain>
)";

std::string record_with(const std::string& device_element) {
    return "<vpt:identity xmlns:vpt='urn:vpt:identity:1'>" + device_element + "</vpt:identity>";
}

}  // namespace

TEST_CASE("identity_record_xml and parse_identity_record round-trip, keeping only the strongest serial") {
    auto xml = identity_record_xml({recorded_form(gpu()), audio()});
    CHECK(xml.find("xmlns:vpt='urn:vpt:identity:1'") != std::string::npos);
    CHECK(xml.find("<vpt:serial type='dsn'>00-11-22-33-44-55-66-77</vpt:serial>") != std::string::npos);
    CHECK(xml.find("SN1") == std::string::npos);
    auto records = parse_identity_record(xml);
    REQUIRE_MESSAGE(records, records.error());
    REQUIRE(records->size() == 2);
    const auto& first = (*records)[0];
    CHECK(first.address.str() == "0000:19:00.0");
    CHECK(first.vendor == 0x10de);
    CHECK(first.subsystem_device == 0x403b);
    CHECK(first.class_code == 0x030000);
    CHECK(first.serial(DeviceSerial::Kind::dsn) == "00-11-22-33-44-55-66-77");
    CHECK(first.iommu_group == 14);
    CHECK(first.group_members.size() == 2);
    CHECK_FALSE(first.companion);
    CHECK((*records)[1].companion);
    CHECK_FALSE((*records)[1].subsystem_vendor);  // left out when unknown, never invented
}

TEST_CASE("parse_identity_record takes another prefix bound to the namespace, as libvirt may write it") {
    auto records = parse_identity_record(
        R"(<x:identity xmlns:x="urn:vpt:identity:1"><x:device address="0000:01:00.0" vendor="0x8086" device="0x1533"/></x:identity>)");
    REQUIRE(records);
    CHECK(records->size() == 1);
}

TEST_CASE("parse_identity_record refuses hostile and garbled records") {
    const char* device_ok = "address='0000:01:00.0' vendor='0x8086' device='0x1533'";
    for (std::string bad : {
             record_with("<vpt:device address='0000:01:00.0/../../etc' vendor='0x8086' device='0x1533'/>"),
             record_with("<vpt:device address='01:00.0' vendor='0x8086' device='0x1533'/>"),
             record_with("<vpt:device address='0000:01:20.0' vendor='0x8086' device='0x1533'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='8086' device='0x1533'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x15333'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x1533' class='0x02'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x1533' subsystem_vendor='0x1'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x1533' subsystem_vendor='0x15d9'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x1533' evil='1'/>"),
             record_with("<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x1533' companion='maybe'/>"),
             record_with(std::string("<vpt:device ") + device_ok + "/><vpt:device " + device_ok + "/>"),
             record_with(std::string("<vpt:device ") + device_ok + "><vpt:serial type='dsn'>00-11</vpt:serial></vpt:device>"),
             record_with(std::string("<vpt:device ") + device_ok + "><vpt:serial type='vpd'>a\x01b</vpt:serial></vpt:device>"),
             record_with(std::string("<vpt:device ") + device_ok + "><vpt:serial type='magic'>x</vpt:serial></vpt:device>"),
             record_with(std::string("<vpt:device ") + device_ok + "><vpt:iommuGroup number='-1'/></vpt:device>"),
             record_with(std::string("<vpt:device ") + device_ok +
                         "><vpt:iommuGroup number='3'><vpt:member address='zz'/></vpt:iommuGroup></vpt:device>"),
             record_with(std::string("<vpt:device ") + device_ok + "><vpt:script/></vpt:device>"),
             record_with(std::string("<vpt:device ") + device_ok + ">text</vpt:device>"),
             record_with("<other/>"),
             std::string("<vpt:identity xmlns:vpt='urn:other'/>"),
             std::string("<vpt:identity xmlns:vpt='urn:vpt:identity:1'>"),
         }) {
        CAPTURE(bad);
        CHECK_FALSE(parse_identity_record(bad));
    }
}

TEST_CASE("parse_identity_record reads a serial whole, as any XML reader does, when a comment splits it") {
    const std::string device = "<vpt:device address='0000:01:00.0' vendor='0x8086' device='0x1533'>";
    // Text after the comment is part of the serial: here it is no DSN.
    CHECK_FALSE(parse_identity_record(
        record_with(device + "<vpt:serial type='dsn'>00-11-22-33-44-55-66-77<!-- -->ff</vpt:serial></vpt:device>")));
    auto records =
        parse_identity_record(record_with(device + "<vpt:serial type='vpd'>SN<!-- -->1</vpt:serial></vpt:device>"));
    REQUIRE(records);
    CHECK((*records)[0].serial(DeviceSerial::Kind::vpd) == "SN1");
}

TEST_CASE("parse_identity_record refuses more devices than any guest has") {
    std::string devices;
    for (int i = 0; i < 257; ++i) {
        char address[16];
        std::snprintf(address, sizeof address, "0000:%02x:%02x.%x", i / 32, i % 32, 0);
        devices += std::string("<vpt:device address='") + address + "' vendor='0x8086' device='0x1533'/>";
    }
    CHECK_FALSE(parse_identity_record(record_with(devices)));
}

TEST_CASE("update_identity_records edits the record in the guest's <metadata>") {
    auto loaded = DomainEditor::load(guest_xml);
    REQUIRE(loaded);
    DomainEditor editor = std::move(loaded).value();
    SUBCASE("added: <metadata> is created after <uuid>, the result passes libvirt's schema") {
        REQUIRE(update_identity_records(editor, {gpu(), audio()}, {}));
        std::string xml = editor.xml();
        CHECK(xml.find("</uuid>\n  <metadata>\n    <vpt:identity") != std::string::npos);
        CHECK(validate_domain_xml(xml));
        auto records = read_identity_records(xml);
        REQUIRE(records);
        CHECK(records->size() == 2);
    }
    SUBCASE("added again at the same address: replaced, not doubled") {
        REQUIRE(update_identity_records(editor, {gpu()}, {}));
        DeviceIdentity other = gpu();
        other.device = 0x2206;
        REQUIRE(update_identity_records(editor, {other}, {}));
        auto records = read_identity_records(editor.xml());
        REQUIRE(records);
        REQUIRE(records->size() == 1);
        CHECK((*records)[0].device == 0x2206);
    }
    SUBCASE("removed: the last one takes the element and the empty <metadata> with it") {
        REQUIRE(update_identity_records(editor, {gpu(), audio()}, {}));
        REQUIRE(update_identity_records(editor, {}, {gpu().address}));
        CHECK(read_identity_records(editor.xml())->size() == 1);
        REQUIRE(update_identity_records(editor, {}, {audio().address}));
        CHECK(editor.xml() == guest_xml);
    }
    SUBCASE("another application's metadata stays as it was") {
        auto loaded_other = DomainEditor::load(R"(<domain type='kvm'>
  <name>g</name>
  <metadata>
    <app:x xmlns:app='http://example.org/app'>kept</app:x>
  </metadata>
</domain>
)");
        REQUIRE(loaded_other);
        DomainEditor with_other = std::move(loaded_other).value();
        REQUIRE(update_identity_records(with_other, {audio()}, {}));
        CHECK(with_other.xml().find("<app:x xmlns:app='http://example.org/app'>kept</app:x>") != std::string::npos);
        REQUIRE(update_identity_records(with_other, {}, {audio().address}));
        CHECK(with_other.xml().find("<metadata>\n    <app:x") != std::string::npos);
        CHECK(with_other.xml().find("vpt:") == std::string::npos);
    }
    SUBCASE("a garbled record already there stops the edit") {
        auto loaded_garbled = DomainEditor::load(
            "<domain><name>g</name><metadata><vpt:identity xmlns:vpt='urn:vpt:identity:1'><vpt:device "
            "address='x'/></vpt:identity></metadata></domain>");
        REQUIRE(loaded_garbled);
        DomainEditor garbled = std::move(loaded_garbled).value();
        std::string before = garbled.xml();
        CHECK_FALSE(update_identity_records(garbled, {gpu()}, {}));
        CHECK(garbled.xml() == before);
    }
}

TEST_CASE("read_identity_records") {
    CHECK(read_identity_records(guest_xml)->empty());
    CHECK_FALSE(read_identity_records("<domain><metadata><vpt:identity xmlns:vpt='urn:vpt:identity:1'><junk/>"
                                      "</vpt:identity></metadata></domain>"));
    CHECK_FALSE(read_identity_records("not xml"));
}
