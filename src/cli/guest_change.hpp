// Applying device XML to a guest the right way for its state: the
// persistent config by editing the guest's own inactive XML and redefining
// it, the running guest by live attach/detach. Validated against libvirt's
// schemas first; run as one transaction so a failed half is undone.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"
#include "core/transaction.hpp"
#include "virt/guest.hpp"

namespace vpt {

// The guest PCI slot a hot-plugged device takes in a q35 guest.
enum class GuestSlot {
    none,  // a placeholder: <address type='unassigned'/>
    pcie,  // a PCIe function: a pcie-root-port
    pci,   // a conventional PCI function: a slot on a PCI bridge
};

// One device element vpt adds or removes.
struct GuestDevice {
    std::optional<PciAddress> address;  // the host device (none for a pool interface)
    std::string label;                  // how messages name it
    std::string as;                     // "hostdev", "interface", "placeholder", "network"
    bool companion = false;
    std::string xml;                    // the element
    GuestSlot slot = GuestSlot::pcie;   // what it occupies in a q35 guest
};

// Which halves of the guest change: --config, --live, or by default the
// config plus the running guest when it runs.
struct GuestTargets {
    bool config = false;
    bool live = false;
};
GuestTargets choose_targets(const Guest& guest, bool live_flag, bool config_flag);

struct GuestChangeOutcome {
    Transaction::Report report;
    bool verified = false;  // the config read back holds what was applied
};

// Checks the additions (schema, q35 hot-plug slots) and applies them.
// Throws before changing anything when a check fails.
GuestChangeOutcome add_guest_devices(const Guest& guest, const GuestTargets& targets,
                                     const std::vector<GuestDevice>& devices, bool dry_run);

// Takes devices (by host address) out of the guest. A live removal is
// waited for up to `timeout`; `released` says, per address, whether the
// guest let go in time.
struct GuestRemovalOutcome {
    Transaction::Report report;
    std::vector<std::pair<PciAddress, bool>> released;
};
GuestRemovalOutcome remove_guest_devices(const Guest& guest, const GuestTargets& targets,
                                         const std::vector<PciAddress>& addresses,
                                         std::chrono::milliseconds timeout, bool dry_run);

// The report as JSON fields: result, done, error, undone, undo_failures.
void add_transaction_json(nlohmann::ordered_json& out, const Transaction::Report& report);
// The report for people, one line per fact.
void print_transaction_text(const Transaction::Report& report);
// Throws refused when the transaction did not complete.
void fail_unless_completed(const Transaction::Report& report, const std::string& what);

}  // namespace vpt
