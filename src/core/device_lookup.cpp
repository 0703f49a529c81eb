#include "core/device_lookup.hpp"

#include <algorithm>
#include <set>

#include "core/device_selector.hpp"
#include "core/error.hpp"
#include "core/text_list.hpp"
#include "core/text_match.hpp"
#include "core/viability.hpp"

namespace vpt {
namespace {

// How many matches a refusal lists before "and N more".
constexpr size_t listed_matches = 8;

std::string unknown_device_message(const Inventory& inventory, const std::string& text) {
    std::string message = "unknown PCI device '" + text + "'";
    auto matches = close_matches(inventory, text);
    message += matches.empty() ? " (see 'vpt list')" : "; did you mean " + join(matches) + "?";
    return message;
}

Error too_many(const std::string& text, const std::vector<const PciDevice*>& devices, const std::string& why) {
    std::vector<std::string> addresses;
    for (const auto* device : devices) addresses.push_back(device->address.str());
    return bad_input(text + " matches " + plural(devices.size(), "device", "devices") + why + ": " +
                     join_limited(addresses, listed_matches) + "; name one");
}

bool one_group(const std::vector<const PciDevice*>& devices) {
    const auto& group = devices.front()->iommu_group;
    return group && std::all_of(devices.begin(), devices.end(),
                                [&](const PciDevice* device) { return device->iommu_group == group; });
}

// What a close match is compared by: the inventory in the selector's form.
struct Candidates {
    std::vector<std::string> texts;  // each once
    bool short_form = false;         // addresses or slots without their domain
};

// Compare like with like: a name against names, vendor:device against
// vendor:device pairs, a slot against slots, an address against addresses,
// each with or without the domain as typed.
Candidates candidates_like(const Inventory& inventory, const std::string& text) {
    auto selector = DeviceSelector::parse(text);
    auto kind = selector ? selector->kind : DeviceSelector::Kind::address;
    bool looks_like_name = text.find('_') != std::string::npos;
    Candidates candidates;
    candidates.short_form = !looks_like_name && kind != DeviceSelector::Kind::ids &&
                            text.size() == (kind == DeviceSelector::Kind::slot ? 5 : 7);
    size_t from = candidates.short_form ? 5 : 0;
    std::set<std::string> seen;
    for (const auto& device : inventory.devices()) {
        std::string candidate = looks_like_name                     ? device.name
                                : kind == DeviceSelector::Kind::ids  ? ids_str(device.vendor_id, device.product_id)
                                : kind == DeviceSelector::Kind::slot ? device.address.str().substr(from, 10 - from)
                                                                     : device.address.str().substr(from);
        if (seen.insert(candidate).second) candidates.texts.push_back(candidate);
    }
    return candidates;
}

}  // namespace

std::vector<std::string> close_matches(const Inventory& inventory, const std::string& text, size_t limit) {
    Candidates candidates = candidates_like(inventory, text);
    auto matches = closest_strings(text, candidates.texts, limit);
    if (candidates.short_form)
        for (auto& match : matches) match = "0000:" + match;
    return matches;
}

std::vector<const PciDevice*> select_devices(const Inventory& inventory, const std::string& text) {
    if (const auto* by_name = inventory.find_by_name(text)) return {by_name};
    auto selector = DeviceSelector::parse(text);
    if (!selector) {
        // pci_1002_71c4-style names are valid nodedev names but not addresses.
        if (text.starts_with("pci_")) throw bad_input(unknown_device_message(inventory, text));
        throw bad_input(selector.error());
    }
    std::vector<const PciDevice*> devices;
    for (const auto& device : inventory.devices())
        if (selector->matches(device)) devices.push_back(&device);
    if (devices.empty()) throw bad_input(unknown_device_message(inventory, text));
    return devices;
}

std::vector<const PciDevice*> select_each(const Inventory& inventory, const std::vector<std::string>& texts) {
    std::vector<const PciDevice*> devices;
    std::set<const PciDevice*> named_one;  // named by a form that names one device
    for (const auto& text : texts) {
        auto matches = select_devices(inventory, text);
        auto selector = DeviceSelector::parse(text);
        bool names_one = !selector || selector->names_one();
        for (const auto* device : matches) {
            if (names_one && !named_one.insert(device).second) throw bad_input(describe(*device) + " is named twice");
            if (std::find(devices.begin(), devices.end(), device) == devices.end()) devices.push_back(device);
        }
    }
    return devices;
}

const PciDevice& lookup_device(const Inventory& inventory, const std::string& text) {
    auto devices = select_devices(inventory, text);
    if (devices.size() > 1) throw too_many(text, devices, "");
    return *devices.front();
}

const PciDevice& lookup_pf_interface(const Inventory& inventory, const std::string& interface) {
    std::vector<std::string> known;
    for (const auto& device : inventory.devices()) {
        if (!device.sriov || device.sriov->role != SriovInfo::Role::pf || !device.netdev) continue;
        if (*device.netdev == interface) return device;
        known.push_back(*device.netdev);
    }
    throw bad_input("no SR-IOV PF has the interface '" + interface + "'" +
                    (known.empty() ? " (this host has none)" : " (SR-IOV PF interfaces: " + join(known, ", ") + ")"));
}

std::vector<const PciDevice*> lookup_group(const Inventory& inventory, const std::string& text) {
    auto devices = select_devices(inventory, text);
    if (!one_group(devices) && devices.size() > 1) throw too_many(text, devices, " in different IOMMU groups");
    return devices;
}

}  // namespace vpt
