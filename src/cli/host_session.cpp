#include "cli/host_session.hpp"

#include <algorithm>
#include <cctype>
#include <future>

#include "cli/change_guard.hpp"
#include "core/device_lookup.hpp"
#include "core/device_selector.hpp"
#include "host/boot_binding.hpp"

namespace vpt {
namespace {

// Whether the connection reaches this machine takes up to three round trips
// of its own (virt/host_locality_probe). Asked beside the host's state, they
// overlap its reads instead of following them: over a slow link each round
// trip saved is the link's delay.
HostState read_state_and_locality(const Connection& connection) {
    auto probe = std::async(std::launch::async, [&connection] { connection.locality(); });
    HostState state = read_host_state(connection);
    probe.get();
    return state;
}

}  // namespace

HostSession::HostSession(const std::string& uri, Access access)
    : connection_(uri, access),
      state_(read_state_and_locality(connection_)) {
    // Boot bindings live in this machine's /etc: only a local host's are known.
    if (connection_.locality().local())
        state_.inventory.mark_boot_bound(persisted_vfio_bindings(HostFs("/")));
}

HostSession::HostSession(const GlobalOptions& options, Access access) : HostSession(options.uri, access) {
    warn_if_unfinished(options);
}

template <typename Lookup>
auto HostSession::explained(const std::string& text, Lookup lookup) const {
    try {
        return lookup(state_.inventory, text);
    } catch (const Error& error) {
        // A name like net_eth0 is a node device, just not a PCI one: say so.
        if (!DeviceSelector::parse(text)) {
            std::string non_pci = explain_non_pci_device(connection_, text);
            if (!non_pci.empty()) throw bad_input(non_pci);
        }
        throw;
    }
}

const PciDevice& HostSession::device(const std::string& text) const {
    return *explained(text, [](const Inventory& inventory, const std::string& t) { return &lookup_device(inventory, t); });
}

const PciDevice& HostSession::pf(const std::string& text) const {
    // What cannot be an interface name (longer than the kernel's 15
    // characters, or with a character no tool puts in one) is a device name
    // typed wrong, and gets the device lookup's error.
    bool interface_like = !text.empty() && text.size() <= 15 &&
                          std::all_of(text.begin(), text.end(), [](unsigned char c) {
                              return std::isalnum(c) || c == '_' || c == '-' || c == '.';
                          });
    if (DeviceSelector::parse(text) || !interface_like) return device(text);
    return lookup_pf_interface(state_.inventory, text);
}

std::vector<const PciDevice*> HostSession::devices(const std::string& text) const {
    return explained(text, select_devices);
}

std::vector<const PciDevice*> HostSession::devices(const std::vector<std::string>& texts) const {
    for (const auto& text : texts) devices(text);  // the first bad one, explained
    return select_each(state_.inventory, texts);
}

std::vector<const PciDevice*> HostSession::group(const std::string& text) const {
    return explained(text, lookup_group);
}

}  // namespace vpt
