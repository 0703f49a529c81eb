// What depends on a device that a change takes away. An SR-IOV physical
// function takes its virtual functions with it: unbound from its driver
// (detach, assign, detach --persist), reset, or set to another VF count
// (the kernel changes a non-zero count only through 0), every VF vanishes,
// and with it what guests, VF pools and the host itself built on them. A
// deleted VF pool is taken from the guests that use it.
//
// Pure: facts in (the host state, what the change takes, what the host-use
// guard found on the VFs' network interfaces), the dependents out. Every
// command that takes a device away asks this one rule, and adds its answer
// to its plan with add_dependents: a refusal naming each dependent and the
// command that releases it, or with --force a warning saying what is lost.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/host_state.hpp"
#include "core/plan.hpp"

namespace vpt {

// What the change does to the device, for the words of its messages.
enum class Loss {
    unbind,       // taken from its host driver: its VFs vanish
    reset,        // reset: its VFs go down with it
    remove_vfs,   // sriov_numvfs written: its VFs vanish (for a moment, or for good)
    delete_pool,  // a VF pool undefined: the guests on it lose it
};

// A device the change takes, with the VFs that go with it.
struct Taken {
    PciAddress device;
    std::vector<PciAddress> vfs;
};

// What the host-use guard found on a VF that vanishes ("0000:03:10.4
// (Ethernet controller): enp3s16f4 has address 10.0.0.5").
struct VfHostUse {
    PciAddress vf;
    std::string reason;
};

// The facts about the host's own use of the VFs. Not checked (a remote
// host) is itself a reason to stop, as the host-use guard has it; on
// libvirt's test driver there is no host to check and nothing to say.
struct VfHostUseFacts {
    std::vector<VfHostUse> uses;
    std::optional<std::string> why_unchecked;
};

struct Dependent {
    enum class Kind {
        guest_holds_vf,   // a guest holds a VF that vanishes (live or in its config)
        guest_uses_pool,  // a guest has an interface on a pool that loses its VFs or is deleted
        host_uses_vf,     // the host uses a VF's network interface (or that cannot be checked)
    };
    Kind kind = Kind::guest_holds_vf;
    std::optional<PciAddress> device;    // the device the change takes (none for a deleted pool)
    std::optional<PciAddress> vf;        // the VF it depends on, when one is known
    std::string guest;                   // the guest kinds
    bool running = false;                // the guest kinds: the running guest, not only its config
    std::string pool;                    // the pool it goes through, if any
    std::string text;                    // one phrase naming it
    std::optional<std::string> release;  // the command that releases it (none for the host's own use)

    bool operator==(const Dependent&) const = default;
};

struct Dependents {
    Loss loss = Loss::unbind;
    std::vector<Taken> taken;          // the devices with VFs the change takes
    std::string pool;                  // delete_pool: the pool
    std::vector<Dependent> items;      // in the order of the devices, then VFs

    bool empty() const { return items.empty(); }
    // Every VF that vanishes (is reset) with the change, in order.
    std::vector<PciAddress> vfs() const;
    // Each guest that loses a VF or a pool, once, in order.
    std::vector<std::string> guests() const;
};

const char* dependent_kind_name(Dependent::Kind kind);  // "guest-holds-vf", ...

// The SR-IOV physical functions among `devices`, each with the VFs the
// inventory lists for it; a PF with no VFs is left out.
std::vector<Taken> vfs_taken_with(const Inventory& inventory, const std::vector<PciAddress>& devices);

// What depends on the VFs of `taken`: each guest holding one (live or in
// its config), each guest using a pool that hands one out (a pool on a
// taken PF's interface or listing one of its VFs; a guest already named
// as holding a VF through that pool is not named twice), and the host's
// own use of one (`host`).
Dependents find_dependents(const HostState& state, Loss loss, const std::vector<Taken>& taken,
                           const VfHostUseFacts& host);

// What depends on the pool `pool`: each guest with an interface on it,
// running or in its config, with the VF it holds through it when known.
Dependents pool_dependents(const HostState& state, const std::string& pool);

// One line: the change, each dependent with the command that releases it,
// and that --force goes ahead anyway. "" when there are none.
std::string dependents_refusal(const Dependents& dependents);

// One line: what going ahead loses (which VFs vanish, which guests lose
// them). "" when there are no dependents.
std::string dependents_loss(const Dependents& dependents);

// Adds the dependents to `plan`: the refusal, or with `force` the loss as
// a warning. Nothing when there are none.
void add_dependents(Plan& plan, const Dependents& dependents, bool force);

}  // namespace vpt
