#include "view/device_view.hpp"

#include "core/device_identity.hpp"

#include <cstdio>

#include "core/device_selector.hpp"
#include "host/pci_class_name.hpp"
#include "view/placement_view.hpp"

namespace vpt {
namespace {

void write_addresses(JsonWriter& json, const std::vector<PciAddress>& addresses) {
    json.begin_array();
    for (const auto& address : addresses) json.string(address.str());
    json.end_array();
}

void write_sriov(JsonWriter& json, const std::optional<SriovInfo>& sriov) {
    if (!sriov) return json.null();
    json.begin_object();
    if (sriov->role == SriovInfo::Role::vf) {
        json.key("role");
        json.string("vf");
        json.key("pf");
        json.optional_string(sriov->pf ? std::optional(sriov->pf->str()) : std::nullopt);
    } else {
        json.key("role");
        json.string("pf");
        json.key("max_vfs");
        sriov->max_vfs ? json.number(*sriov->max_vfs) : json.null();
        json.key("vfs");
        write_addresses(json, sriov->vfs);
    }
    json.end_object();
}

void write_link(JsonWriter& json, const PciDevice& device) {
    if (!device.link_now && !device.link_max) return json.null();
    PcieLink now = device.link_now.value_or(PcieLink{}), max = device.link_max.value_or(PcieLink{});
    auto shortfall = link_shortfall(now, max);
    json.begin_object();
    json.key("speed");
    json.optional_string(now.speed);
    json.key("width");
    now.width ? json.number(*now.width) : json.null();
    json.key("max_speed");
    json.optional_string(max.speed);
    json.key("max_width");
    max.width ? json.number(*max.width) : json.null();
    json.key("below_max");
    shortfall ? json.boolean(*shortfall != LinkShortfall::none) : json.null();
    json.end_object();
}

void write_reset(JsonWriter& json, const std::optional<ResetMethods>& reset) {
    if (!reset) return json.null();
    json.begin_object();
    json.key("methods");
    json.begin_array();
    for (const auto& method : reset->methods) json.string(method);
    json.end_array();
    json.key("listed");
    json.boolean(reset->listed);
    json.end_object();
}

void write_bars(JsonWriter& json, const std::optional<BarTotals>& bars) {
    if (!bars) return json.null();
    json.begin_object();
    for (auto [name, bytes] : {std::pair{"mem32", bars->mem32}, {"mem64_prefetch", bars->mem64_prefetch},
                               {"mem64", bars->mem64}, {"io", bars->io}, {"rom", bars->rom}}) {
        json.key(name);
        json.number(static_cast<long long>(bytes));
    }
    json.end_object();
}

void write_health(JsonWriter& json, const PciDevice& device, const PciHealth& health) {
    json.key("link");
    write_link(json, device);
    json.key("reset");
    write_reset(json, health.reset);
    json.key("bars");
    write_bars(json, health.bars);
    json.key("power_state");
    json.optional_string(health.power_state);
}

}  // namespace

void write_holders_json(JsonWriter& json, const std::vector<Holder>& holders) {
    json.begin_array();
    for (const auto& holder : holders) {
        json.begin_object();
        json.key("guest");
        json.string(holder.guest);
        json.key("as");
        json.string(holder_kind_name(holder.kind));
        json.key("network");
        json.optional_string(holder.network);
        json.key("active");
        json.boolean(holder.active);
        json.end_object();
    }
    json.end_array();
}

nlohmann::ordered_json holders_json(const std::vector<Holder>& holders) {
    auto held_by = nlohmann::ordered_json::array();
    for (const auto& holder : holders)
        held_by.push_back({{"guest", holder.guest},
                           {"as", holder_kind_name(holder.kind)},
                           {"network", holder.network ? nlohmann::ordered_json(*holder.network) : nullptr},
                           {"active", holder.active}});
    return held_by;
}

void write_device_json(JsonWriter& json, const Inventory& inventory, const PciDevice& device,
                       const PciHealth* health) {
    json.begin_object();
    json.key("name");
    json.string(device.name);
    json.key("address");
    json.string(device.address.str());
    json.key("vendor_id");
    json.string(hex_id(device.vendor_id, 4));
    json.key("product_id");
    json.string(hex_id(device.product_id, 4));
    json.key("vendor");
    json.optional_string(device.vendor);
    json.key("product");
    json.optional_string(device.product);
    json.key("class");
    json.optional_string(device.class_code ? std::optional(class_code_text(*device.class_code)) : std::nullopt);
    json.key("driver");
    json.optional_string(device.driver);
    json.key("iommu_group");
    device.iommu_group ? json.number(*device.iommu_group) : json.null();
    json.key("group_members");
    write_addresses(json, device.group_members);
    json.key("bridge");
    json.boolean(device.is_bridge());
    json.key("sriov");
    write_sriov(json, device.sriov);
    json.key("netdev");
    json.optional_string(device.netdev);
    json.key("held_by");
    write_holders_json(json, inventory.holders(device.address));
    json.key("persistent");
    json.boolean(device.boot_bound);
    json.key("numa_node");
    device.numa_node ? json.number(*device.numa_node) : json.null();
    if (health) write_health(json, device, *health);
    json.end_object();
}

void write_verdict_members(JsonWriter& json, const GroupVerdict& verdict) {
    json.key("viable");
    if (verdict.state() == Viability::unknown)
        json.null();
    else
        json.boolean(verdict.viable);
    json.key("reasons");
    json.begin_array();
    for (const auto& reason : verdict.reasons) {
        json.begin_object();
        json.key("code");
        json.string(reason_code_name(reason.code));
        json.key("text");
        json.string(reason.text);
        json.key("member");
        json.string(reason.member.str());
        json.key("guest");
        json.optional_string(reason.guest);
        json.end_object();
    }
    json.end_array();
}

std::string class_code_text(uint32_t class_code) { return hex_id(class_code, 6); }

std::string ids_text(const PciDevice& device) { return ids_str(device.vendor_id, device.product_id); }

std::string class_text(const PciDevice& device) {
    return device.class_code ? pci_class_name(*device.class_code) : "-";
}

std::string driver_text(const PciDevice& device, bool drivers_reported) {
    std::string driver = device.driver.value_or(drivers_reported ? "-" : "unknown");
    return device.boot_bound ? driver + " [boot]" : driver;
}

std::string group_text(const PciDevice& device) {
    return device.iommu_group ? std::to_string(*device.iommu_group) : "-";
}

std::string sriov_text(const PciDevice& device) {
    if (!device.sriov) return "-";
    const auto& sriov = *device.sriov;
    if (sriov.role == SriovInfo::Role::vf)
        return "VF of " + (sriov.pf ? sriov.pf->str() : std::string("?"));
    return "PF " + std::to_string(sriov.vfs.size()) + "/" +
           (sriov.max_vfs ? std::to_string(*sriov.max_vfs) : std::string("?"));
}

std::string holders_text(const std::vector<Holder>& holders) {
    if (holders.empty()) return "-";
    std::string text;
    for (const auto& holder : holders) {
        if (!text.empty()) text += ", ";
        text += holder.guest + " (" + holder_kind_name(holder.kind) +
                (holder.network ? " " + *holder.network : "") +
                (holder.active ? "" : ", config") + ")";
    }
    return text;
}

std::string holder_names_text(const std::vector<Holder>& holders) {
    std::string text;
    for (const auto& holder : holders) text += (text.empty() ? "" : ", ") + holder.guest;
    return text;
}

std::string product_text(const PciDevice& device) { return device.vendor && device.product ? *device.product : ""; }

std::string name_text(const PciDevice& device) {
    std::string text = device.vendor.value_or("");
    if (device.product) text += (text.empty() ? "" : " ") + *device.product;
    return text.empty() ? "-" : text;
}

}  // namespace vpt
