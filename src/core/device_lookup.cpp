#include "core/device_lookup.hpp"


#include "core/error.hpp"
#include "core/text_list.hpp"
#include "core/text_match.hpp"

namespace vpt {
namespace {

std::string unknown_device_message(const Inventory& inventory, const std::string& text) {
    std::string message = "unknown PCI device '" + text + "'";
    auto matches = close_matches(inventory, text);
    message += matches.empty() ? " (see 'vpt list')" : "; did you mean " + join(matches) + "?";
    return message;
}

}  // namespace

std::vector<std::string> close_matches(const Inventory& inventory, const std::string& text,
                                       size_t limit) {
    // Compare like with like: a name against names, an address against
    // addresses in the form typed (01:00.0 or 0000:01:00.0).
    bool looks_like_name = text.find('_') != std::string::npos;
    bool short_form = !looks_like_name && text.size() == 7;
    std::vector<std::string> candidates;
    for (const auto& device : inventory.devices())
        candidates.push_back(looks_like_name ? device.name
                                             : short_form ? device.address.str().substr(5) : device.address.str());
    auto matches = closest_strings(text, candidates, limit);
    if (short_form)
        for (auto& match : matches) match = "0000:" + match;
    return matches;
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
