#include "core/device_lookup.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace vpt {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string unknown_device_message(const Inventory& inventory, const std::string& text) {
    std::string message = "unknown PCI device '" + text + "'";
    auto matches = close_matches(inventory, text);
    if (!matches.empty()) {
        message += "; did you mean ";
        for (size_t i = 0; i < matches.size(); ++i)
            message += (i ? ", " : "") + matches[i];
        message += "?";
    } else {
        message += " (see 'vpt list')";
    }
    return message;
}

}  // namespace

std::vector<std::string> close_matches(const Inventory& inventory, const std::string& text,
                                       size_t limit) {
    // Compare like with like: an address against addresses, a name against names.
    bool looks_like_name = text.find('_') != std::string::npos;
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto& device : inventory.devices()) {
        std::string candidate = looks_like_name ? device.name : device.address.str();
        std::string probe = text;
        if (!looks_like_name && text.size() == 7) candidate = candidate.substr(5);  // 01:00.0 form
        scored.emplace_back(edit_distance(probe, candidate),
                            looks_like_name ? device.name : device.address.str());
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> result;
    size_t max_distance = std::max<size_t>(2, text.size() / 4);
    for (const auto& [distance, candidate] : scored) {
        if (result.size() == limit || distance > max_distance) break;
        result.push_back(candidate);
    }
    return result;
}

const PciDevice& lookup_device(const Inventory& inventory, const std::string& text) {
    if (const auto* by_name = inventory.find_by_name(text)) return *by_name;
    auto address = PciAddress::parse(text);
    if (!address) {
        // pci_1002_71c4-style names are valid nodedev names but not addresses.
        if (text.starts_with("pci_")) throw bad_input(unknown_device_message(inventory, text));
        throw bad_input(address.error());
    }
    if (const auto* device = inventory.find(*address)) return *device;
    throw bad_input(unknown_device_message(inventory, text));
}

}  // namespace vpt
