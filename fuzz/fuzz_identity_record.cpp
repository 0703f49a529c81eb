// The identity record in a guest's <metadata> is text anyone with access to
// libvirt may have written, and `vpt verify` and the libvirt hook read it
// before they let a guest start. The input is tried both as a domain XML and
// as the bare <vpt:identity> element. Whatever the parser accepts must be a
// record vpt could have written: fields in range, addresses once each, and
// written back (as an element, and into the guest by update_identity_records)
// it reads back as the same records; each serial is the one libxml2, and so
// libvirt, reads there. Every record is then judged against a fixed host,
// and the verdict must agree with what it says.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/identity_verdict.hpp"
#include "core/pci_serial_number.hpp"
#include "libxml2_record.hpp"
#include "require.hpp"
#include "xml/identity_record.hpp"

namespace {

using vpt::DeviceIdentity;
using vpt::DeviceSerial;
using vpt::IdentityStatus;
using vpt::PciAddress;
using vpt::fuzz::as_libvirt_stores;
using vpt::fuzz::serials_as_libxml2_reads;
using vpt::fuzz::well_formed;

DeviceIdentity device(const char* address, uint32_t vendor, uint32_t id, std::vector<DeviceSerial> serials = {}) {
    DeviceIdentity identity;
    identity.address = *PciAddress::parse(address);
    identity.vendor = vendor;
    identity.device = id;
    identity.serials = std::move(serials);
    return identity;
}

// Two cards of one model told apart by their DSN, a companion, a NIC known
// by its VPD serial, and one with nothing but its ids: every path of the
// comparison (serial settles it, single candidate, several, none).
std::vector<DeviceIdentity> make_host() {
    std::vector<DeviceIdentity> host = {
        device("0000:19:00.0", 0x10de, 0x2204, {{DeviceSerial::Kind::dsn, "00-11-22-33-44-55-66-77"}}),
        device("0000:1a:00.0", 0x10de, 0x2204, {{DeviceSerial::Kind::dsn, "00-11-22-33-44-55-66-78"}}),
        device("0000:19:00.1", 0x10de, 0x1aef),
        device("0000:03:00.0", 0x15b3, 0x1017, {{DeviceSerial::Kind::vpd, "MT2042X12345"}}),
        device("0000:01:00.0", 0x8086, 0x1533),
    };
    host[0].subsystem_vendor = 0x1458;
    host[0].subsystem_device = 0x403b;
    host[0].class_code = 0x030000;
    host[2].class_code = 0x040300;
    return host;
}
const std::vector<DeviceIdentity> host = make_host();

// DeviceIdentity has no operator==: vpt compares devices with same_device,
// which ignores what one side does not know. A round trip must keep all.
bool same_record(const DeviceIdentity& a, const DeviceIdentity& b) {
    return a.address == b.address && a.vendor == b.vendor && a.device == b.device &&
           a.subsystem_vendor == b.subsystem_vendor && a.subsystem_device == b.subsystem_device &&
           a.class_code == b.class_code && a.serials == b.serials && a.iommu_group == b.iommu_group &&
           a.group_members == b.group_members && a.companion == b.companion;
}

bool same_records(const std::vector<DeviceIdentity>& a, const std::vector<DeviceIdentity>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!same_record(a[i], b[i])) return false;
    return true;
}

// A serial vpt reads is the one written there, not a part of it.
void check_serials_as_written(std::string_view xml, const std::vector<DeviceIdentity>& records) {
    auto written = serials_as_libxml2_reads(xml);
    if (!written) return;
    VPT_FUZZ_REQUIRE(written->size() == records.size());
    for (size_t i = 0; i < records.size(); ++i) {
        const auto& serials = records[i].serials;
        VPT_FUZZ_REQUIRE((*written)[i] == (serials.empty() ? std::nullopt : std::optional(serials[0].value)));
    }
}

const DeviceIdentity* at(const std::vector<DeviceIdentity>& devices, const PciAddress& address) {
    for (const auto& d : devices)
        if (d.address == address) return &d;
    return nullptr;
}

// Only what vpt itself writes: the parser promises to refuse the rest.
void check_fields(const std::vector<DeviceIdentity>& records) {
    VPT_FUZZ_REQUIRE(records.size() <= 256);
    std::set<PciAddress> addresses;
    for (const auto& r : records) {
        VPT_FUZZ_REQUIRE(addresses.insert(r.address).second);
        VPT_FUZZ_REQUIRE(PciAddress::parse(r.address.str()));
        VPT_FUZZ_REQUIRE(r.vendor <= 0xffff && r.device <= 0xffff);
        VPT_FUZZ_REQUIRE(r.subsystem_vendor.has_value() == r.subsystem_device.has_value());
        VPT_FUZZ_REQUIRE(r.subsystem_vendor.value_or(0) <= 0xffff && r.subsystem_device.value_or(0) <= 0xffff);
        VPT_FUZZ_REQUIRE(r.class_code.value_or(0) <= 0xffffff);
        VPT_FUZZ_REQUIRE(r.serials.size() <= 1);
        for (const auto& s : r.serials)
            VPT_FUZZ_REQUIRE(s.kind == DeviceSerial::Kind::dsn ? vpt::is_device_serial_number(s.value)
                                                               : vpt::is_vpd_serial(s.value));
        VPT_FUZZ_REQUIRE(r.iommu_group.value_or(0) >= 0);
        VPT_FUZZ_REQUIRE(r.iommu_group || r.group_members.empty());
        VPT_FUZZ_REQUIRE(r.group_members.size() <= 256);
    }
}

// Written by vpt, the records read back unchanged, in a document libvirt reads.
void check_round_trip(const std::vector<DeviceIdentity>& records) {
    auto xml = vpt::identity_record_xml(records);
    VPT_FUZZ_REQUIRE(well_formed(xml));
    auto again = vpt::parse_identity_record(xml);
    VPT_FUZZ_REQUIRE(again);
    VPT_FUZZ_REQUIRE(same_records(*again, records));
}

void check_verdicts(const std::vector<DeviceIdentity>& records) {
    for (const auto& r : records) {
        VPT_FUZZ_REQUIRE(vpt::same_device(r, r));
        auto verdict = vpt::compare_identity(r, host);
        VPT_FUZZ_REQUIRE(same_record(verdict.recorded, r));
        const DeviceIdentity* now = at(host, r.address);
        VPT_FUZZ_REQUIRE(verdict.now.has_value() == (now != nullptr));
        VPT_FUZZ_REQUIRE(verdict.matches_elsewhere <= host.size() - (now ? 1 : 0));
        VPT_FUZZ_REQUIRE(verdict.moved_to.has_value() == (verdict.status == IdentityStatus::moved));
        switch (verdict.status) {
            case IdentityStatus::ok: VPT_FUZZ_REQUIRE(now && vpt::same_device(r, *now)); break;
            case IdentityStatus::drift: VPT_FUZZ_REQUIRE(now && !vpt::same_device(r, *now)); break;
            case IdentityStatus::gone: VPT_FUZZ_REQUIRE(!now); break;
            case IdentityStatus::moved: {
                const DeviceIdentity* there = at(host, *verdict.moved_to);
                VPT_FUZZ_REQUIRE(*verdict.moved_to != r.address && there && vpt::same_device(r, *there));
                VPT_FUZZ_REQUIRE(!now || !vpt::same_device(r, *now));
                VPT_FUZZ_REQUIRE(verdict.matches_elsewhere >= 1);
                break;
            }
        }
        // The device itself, alone and elsewhere: ok where it is, moved when it is elsewhere.
        VPT_FUZZ_REQUIRE(vpt::compare_identity(r, {r}).ok());
        VPT_FUZZ_REQUIRE(vpt::compare_identity(r, {}).status == IdentityStatus::gone);
        DeviceIdentity elsewhere = r;
        elsewhere.address.function = (r.address.function + 1) % 8;
        auto moved = vpt::compare_identity(r, {elsewhere});
        VPT_FUZZ_REQUIRE(moved.status == IdentityStatus::moved && moved.moved_to == elsewhere.address);
    }
}

void check_records(const std::vector<DeviceIdentity>& records) {
    check_fields(records);
    check_round_trip(records);
    check_verdicts(records);
}

// The guest's record rewritten by update_identity_records (as assign does)
// holds the same records; removing each of them leaves none.
void check_update(std::string_view domain_xml, const std::vector<DeviceIdentity>& records) {
    if (!as_libvirt_stores(domain_xml)) return;
    auto loaded = vpt::DomainEditor::load(domain_xml);
    VPT_FUZZ_REQUIRE(loaded);
    auto editor = std::move(loaded).value();
    VPT_FUZZ_REQUIRE(vpt::update_identity_records(editor, records, {}));
    VPT_FUZZ_REQUIRE(well_formed(editor.xml()));
    auto rewritten = vpt::read_identity_records(editor.xml());
    VPT_FUZZ_REQUIRE(rewritten);
    VPT_FUZZ_REQUIRE(same_records(*rewritten, records));

    std::vector<PciAddress> all;
    for (const auto& r : records) all.push_back(r.address);
    VPT_FUZZ_REQUIRE(vpt::update_identity_records(editor, {}, all));
    VPT_FUZZ_REQUIRE(well_formed(editor.xml()));
    auto emptied = vpt::read_identity_records(editor.xml());
    VPT_FUZZ_REQUIRE(emptied && emptied->empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    if (auto records = vpt::parse_identity_record(xml)) {
        check_records(*records);
        check_serials_as_written(xml, *records);
    }
    if (auto records = vpt::read_identity_records(xml)) {
        check_records(*records);
        if (as_libvirt_stores(xml)) check_serials_as_written(xml, *records);
        check_update(xml, *records);
    }
    return 0;
}
