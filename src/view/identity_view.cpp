#include "view/identity_view.hpp"

#include "core/text_list.hpp"

namespace vpt {
namespace {

using json = nlohmann::ordered_json;

json identity_json(const DeviceIdentity& identity) {
    json serial = nullptr;
    if (auto strongest = identity.strongest_serial())
        serial = {{"type", serial_kind_name(strongest->kind)}, {"value", strongest->value}};
    auto members = json::array();
    for (const auto& member : identity.group_members) members.push_back(member.str());
    auto optional_hex = [](const std::optional<uint32_t>& value, int digits) {
        return value ? json(hex_id(*value, digits)) : json(nullptr);
    };
    return {{"address", identity.address.str()},
            {"vendor", hex_id(identity.vendor, 4)},
            {"device", hex_id(identity.device, 4)},
            {"subsystem_vendor", optional_hex(identity.subsystem_vendor, 4)},
            {"subsystem_device", optional_hex(identity.subsystem_device, 4)},
            {"class", optional_hex(identity.class_code, 6)},
            {"serial", serial},
            {"iommu_group", identity.iommu_group ? json(*identity.iommu_group) : json(nullptr)},
            {"group_members", members}};
}

}  // namespace

std::string verdict_finding(const IdentityVerdict& verdict) {
    const DeviceIdentity& recorded = verdict.recorded;
    std::string text = recorded.address.str() + " " + identity_status_name(verdict.status) + ": ";
    std::string now = verdict.now ? "now holds " + describe_identity(*verdict.now) : "nothing is there now";
    switch (verdict.status) {
        case IdentityStatus::ok: text += describe_identity(recorded); break;
        case IdentityStatus::drift: text += "recorded " + describe_identity(recorded) + ", " + now; break;
        case IdentityStatus::gone: text += "recorded " + describe_identity(recorded) + ", " + now; break;
        case IdentityStatus::moved:
            text += describe_identity(recorded) + " is now at " + verdict.moved_to->str() + " (the old address " +
                    (verdict.now ? "holds " + describe_identity(*verdict.now) : "is empty") + ")";
            if (recorded.companion) text += "; an IOMMU-group companion, it follows the device it came with";
            break;
    }
    if (verdict.status != IdentityStatus::moved && verdict.matches_elsewhere > 1)
        text += "; " + std::to_string(verdict.matches_elsewhere) + " devices elsewhere match it and none tells apart";
    return text;
}

json verdict_json(const std::string& guest, const IdentityVerdict& verdict, const std::vector<std::string>& commands) {
    return {{"guest", guest},
            {"address", verdict.recorded.address.str()},
            {"status", identity_status_name(verdict.status)},
            {"companion", verdict.recorded.companion},
            {"recorded", identity_json(verdict.recorded)},
            {"now", verdict.now ? identity_json(*verdict.now) : json(nullptr)},
            {"moved_to", verdict.moved_to ? json(verdict.moved_to->str()) : json(nullptr)},
            {"matches_elsewhere", verdict.matches_elsewhere},
            {"commands", commands},
            {"finding", verdict_finding(verdict)}};
}

std::string problems_line(const std::vector<GuestVerdicts>& guests) {
    std::vector<std::string> parts;
    for (const auto& guest : guests)
        for (const auto& verdict : guest.verdicts)
            if (!verdict.ok()) parts.push_back("guest '" + guest.guest + "' " + verdict_finding(verdict));
    return join_limited(parts, 3);
}

}  // namespace vpt
