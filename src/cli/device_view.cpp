#include "cli/device_view.hpp"

#include <cstdio>

namespace vpt {
namespace {

std::string hex_id(uint32_t value, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%0*x", digits, value);
    return buf;
}

nlohmann::ordered_json optional_json(const std::optional<std::string>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json addresses_json(const std::vector<PciAddress>& addresses) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& address : addresses) list.push_back(address.str());
    return list;
}

nlohmann::ordered_json sriov_json(const std::optional<SriovInfo>& sriov) {
    if (!sriov) return nullptr;
    if (sriov->role == SriovInfo::Role::vf)
        return {{"role", "vf"}, {"pf", sriov->pf ? nlohmann::ordered_json(sriov->pf->str()) : nullptr}};
    return {{"role", "pf"},
            {"max_vfs", sriov->max_vfs ? nlohmann::ordered_json(*sriov->max_vfs) : nullptr},
            {"vfs", addresses_json(sriov->vfs)}};
}

}  // namespace

nlohmann::ordered_json device_json(const Inventory& inventory, const PciDevice& device) {
    auto held_by = nlohmann::ordered_json::array();
    for (const auto& holder : inventory.holders(device.address))
        held_by.push_back({{"guest", holder.guest},
                           {"as", holder_kind_name(holder.kind)},
                           {"network", optional_json(holder.network)},
                           {"active", holder.active}});
    return {
        {"name", device.name},
        {"address", device.address.str()},
        {"vendor_id", hex_id(device.vendor_id, 4)},
        {"product_id", hex_id(device.product_id, 4)},
        {"vendor", optional_json(device.vendor)},
        {"product", optional_json(device.product)},
        {"class", device.class_code ? nlohmann::ordered_json(class_code_text(*device.class_code)) : nullptr},
        {"driver", optional_json(device.driver)},
        {"iommu_group", device.iommu_group ? nlohmann::ordered_json(*device.iommu_group) : nullptr},
        {"group_members", addresses_json(device.group_members)},
        {"bridge", device.is_bridge()},
        {"sriov", sriov_json(device.sriov)},
        {"netdev", optional_json(device.netdev)},
        {"held_by", held_by},
    };
}

nlohmann::ordered_json verdict_json(const GroupVerdict& verdict) {
    return {{"viable", verdict.viable}, {"reasons", verdict.reasons}};
}

std::string class_code_text(uint32_t class_code) { return hex_id(class_code, 6); }

std::string ids_text(const PciDevice& device) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04x:%04x", device.vendor_id, device.product_id);
    return buf;
}

std::string class_text(const PciDevice& device) {
    return device.class_code ? class_description(*device.class_code) : "-";
}

std::string driver_text(const PciDevice& device, bool drivers_reported) {
    return device.driver.value_or(drivers_reported ? "-" : "unknown");
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

std::string name_text(const PciDevice& device) {
    std::string text = device.vendor.value_or("");
    if (device.product) text += (text.empty() ? "" : " ") + *device.product;
    return text.empty() ? "-" : text;
}

}  // namespace vpt
