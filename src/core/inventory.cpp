#include "core/inventory.hpp"

#include <algorithm>

namespace vpt {

Inventory::Inventory(std::vector<PciDevice> devices, const std::vector<HeldDevice>& held,
                     DriverReporting drivers)
    : devices_(std::move(devices)), drivers_(drivers) {
    std::sort(devices_.begin(), devices_.end(),
              [](const PciDevice& a, const PciDevice& b) { return a.address < b.address; });
    for (size_t i = 0; i < devices_.size(); ++i) {
        by_address_.emplace(devices_[i].address, i);
        by_name_.emplace(devices_[i].name, i);
    }
    for (const auto& h : held) {
        auto& list = holders_[h.address];
        if (std::find(list.begin(), list.end(), h.holder) == list.end()) list.push_back(h.holder);
    }
}

const PciDevice* Inventory::find(const PciAddress& address) const {
    auto it = by_address_.find(address);
    return it == by_address_.end() ? nullptr : &devices_[it->second];
}

const PciDevice* Inventory::find_by_name(const std::string& nodedev_name) const {
    auto it = by_name_.find(nodedev_name);
    return it == by_name_.end() ? nullptr : &devices_[it->second];
}

const std::vector<Holder>& Inventory::holders(const PciAddress& address) const {
    static const std::vector<Holder> none;
    auto it = holders_.find(address);
    return it == holders_.end() ? none : it->second;
}

bool Inventory::held_by(const PciAddress& address, const std::string& guest) const {
    const auto& list = holders(address);
    return std::any_of(list.begin(), list.end(), [&](const Holder& holder) { return holder.guest == guest; });
}

std::vector<const PciDevice*> Inventory::group_of(const PciDevice& device) const {
    std::vector<const PciDevice*> members;
    for (const auto& address : device.group_members)
        if (const auto* member = find(address)) members.push_back(member);
    if (std::find(members.begin(), members.end(), &device) == members.end()) {
        members.push_back(&device);
        std::sort(members.begin(), members.end(),
                  [](auto* a, auto* b) { return a->address < b->address; });
    }
    return members;
}

void Inventory::mark_boot_bound(const std::vector<PciAddress>& addresses) {
    for (const auto& address : addresses)
        if (auto it = by_address_.find(address); it != by_address_.end()) devices_[it->second].boot_bound = true;
}

}  // namespace vpt
