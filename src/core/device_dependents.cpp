#include "core/device_dependents.hpp"

#include <algorithm>

#include "core/text_list.hpp"

namespace vpt {
namespace {

template <typename T>
bool contains(const std::vector<T>& list, const T& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// A pool's users, each guest once: running when any of its interfaces on
// the pool is in the running guest.
std::vector<NetworkUse> users_by_guest(const HostState& state, const std::string& pool) {
    std::vector<NetworkUse> users;
    for (const NetworkUse* use : state.users_of(pool)) {
        auto same = std::find_if(users.begin(), users.end(),
                                 [&](const NetworkUse& u) { return u.guest == use->guest; });
        if (same == users.end()) users.push_back(*use);
        else same->active = same->active || use->active;
    }
    return users;
}

// What takes a guest's interface off a pool network. libvirt picks the VF,
// so the guest's XML names no PCI address: libvirt's own command.
std::string take_off_command(const NetworkUse& use) {
    return release_command(Holder{use.guest, Holder::Kind::network, use.network, use.active}, PciAddress{});
}

std::string guest_text(const std::string& guest, bool running) {
    return "guest '" + guest + "' (" + (running ? "running" : "in its config") + ")";
}

Dependent held_vf(const PciAddress& device, const PciAddress& vf, const Holder& holder) {
    Dependent d;
    d.kind = Dependent::Kind::guest_holds_vf;
    d.device = device;
    d.vf = vf;
    d.guest = holder.guest;
    d.running = holder.active;
    d.pool = holder.network.value_or("");
    d.text = vf.str() + " is held by " + holder_text(holder) + (d.pool.empty() ? "" : " through pool '" + d.pool + "'");
    d.release = release_command(holder, vf);
    return d;
}

// Whether the pool hands out VFs of the taken PF: those of its interface
// (<pf dev=.../>), or a list that names one of them.
bool pool_on(const PoolNetwork& pool, const Inventory& inventory, const Taken& taken) {
    const PciDevice* pf = inventory.find(taken.device);
    if (pf && pf->netdev && pool.info.pf_dev == pf->netdev) return true;
    return std::any_of(taken.vfs.begin(), taken.vfs.end(), [&](const PciAddress& vf) {
        return contains(pool.vfs, vf) || contains(pool.info.addresses, vf);
    });
}

// Whether `guest` is already named as holding a VF through `pool`.
bool named_through(const std::vector<Dependent>& items, const std::string& guest, const std::string& pool) {
    return std::any_of(items.begin(), items.end(), [&](const Dependent& d) {
        return d.kind == Dependent::Kind::guest_holds_vf && d.guest == guest && d.pool == pool;
    });
}

std::string vfs_word(size_t count) { return plural(count, "VF", "VFs"); }

// "taking 0000:03:00.0 from its driver removes its 4 VFs"
std::string change_text(const Dependents& dependents) {
    if (dependents.loss == Loss::delete_pool) return "deleting pool network '" + dependents.pool + "'";
    std::vector<std::string> parts;
    for (const auto& taken : dependents.taken) {
        std::string pf = taken.device.str();
        std::string count = vfs_word(taken.vfs.size());
        switch (dependents.loss) {
            case Loss::unbind: parts.push_back("taking " + pf + " from its driver removes its " + count); break;
            case Loss::reset: parts.push_back("resetting " + pf + " resets its " + count + " with it"); break;
            case Loss::remove_vfs: parts.push_back("changing the VF count of " + pf + " removes its " + count); break;
            case Loss::delete_pool: break;
        }
    }
    return join(parts, " and ");
}

std::string item_text(const Dependent& d) {
    if (!d.release) return d.text;
    std::string verb =
        d.kind == Dependent::Kind::guest_uses_pool ? "take the interface off with '" : "release it with '";
    return d.text + ": " + verb + *d.release + "'";
}

}  // namespace

const char* dependent_kind_name(Dependent::Kind kind) {
    switch (kind) {
        case Dependent::Kind::guest_holds_vf: return "guest-holds-vf";
        case Dependent::Kind::guest_uses_pool: return "guest-uses-pool";
        case Dependent::Kind::host_uses_vf: return "host-uses-vf";
    }
    return "guest-holds-vf";
}

std::vector<PciAddress> Dependents::vfs() const {
    std::vector<PciAddress> all;
    for (const auto& t : taken)
        for (const auto& vf : t.vfs)
            if (!contains(all, vf)) all.push_back(vf);
    return all;
}

std::vector<std::string> Dependents::guests() const {
    std::vector<std::string> names;
    for (const auto& item : items)
        if (!item.guest.empty() && !contains(names, item.guest)) names.push_back(item.guest);
    return names;
}

std::vector<Taken> vfs_taken_with(const Inventory& inventory, const std::vector<PciAddress>& devices) {
    std::vector<Taken> taken;
    for (const auto& address : devices) {
        const PciDevice* device = inventory.find(address);
        if (!device || !device->sriov || device->sriov->role != SriovInfo::Role::pf || device->sriov->vfs.empty())
            continue;
        if (std::any_of(taken.begin(), taken.end(), [&](const Taken& t) { return t.device == address; })) continue;
        taken.push_back({address, device->sriov->vfs});
    }
    return taken;
}

Dependents find_dependents(const HostState& state, Loss loss, const std::vector<Taken>& taken,
                           const VfHostUseFacts& host) {
    Dependents dependents;
    dependents.loss = loss;
    for (const auto& t : taken)
        if (!t.vfs.empty()) dependents.taken.push_back(t);
    auto& items = dependents.items;
    for (const auto& t : dependents.taken) {
        for (const auto& vf : t.vfs) {
            std::vector<std::string> named;  // a guest holding it live and in its config is named once
            for (const auto& holder : state.inventory.holders(vf)) {
                if (contains(named, holder.guest)) continue;
                named.push_back(holder.guest);
                items.push_back(held_vf(t.device, vf, holder));
            }
        }
        for (const auto& pool : state.pools) {
            if (!pool_on(pool, state.inventory, t)) continue;
            for (const auto& use : users_by_guest(state, pool.info.name)) {
                if (named_through(items, use.guest, pool.info.name)) continue;
                Dependent d;
                d.kind = Dependent::Kind::guest_uses_pool;
                d.device = t.device;
                d.guest = use.guest;
                d.running = use.active;
                d.pool = pool.info.name;
                d.text = "pool '" + d.pool + "' hands out VFs of " + t.device.str() + " and " +
                         guest_text(use.guest, use.active) + " uses it";
                d.release = take_off_command(use);
                items.push_back(std::move(d));
            }
        }
        for (const auto& use : host.uses) {
            if (!contains(t.vfs, use.vf)) continue;
            Dependent d;
            d.kind = Dependent::Kind::host_uses_vf;
            d.device = t.device;
            d.vf = use.vf;
            d.text = "the host uses " + use.reason;
            items.push_back(std::move(d));
        }
        if (host.why_unchecked) {
            Dependent d;
            d.kind = Dependent::Kind::host_uses_vf;
            d.device = t.device;
            d.text = "cannot check whether the host uses the VFs of " + t.device.str() + " (" +
                     *host.why_unchecked + ")";
            items.push_back(std::move(d));
        }
    }
    return dependents;
}

Dependents pool_dependents(const HostState& state, const std::string& pool) {
    Dependents dependents;
    dependents.loss = Loss::delete_pool;
    dependents.pool = pool;
    const PoolNetwork* network = state.pool(pool);
    for (const auto& use : users_by_guest(state, pool)) {
        Dependent d;
        d.kind = Dependent::Kind::guest_uses_pool;
        d.guest = use.guest;
        d.running = use.active;
        d.pool = pool;
        d.text = guest_text(use.guest, use.active) + " has an interface on it";
        // The VF it got, when the hypervisor says (the live XML names it).
        if (network)
            for (const auto& vf : network->vfs)
                for (const auto& holder : state.inventory.holders(vf))
                    if (!d.vf && holder.guest == use.guest && holder.kind == Holder::Kind::network &&
                        holder.network == pool)
                        d.vf = vf;
        if (d.vf) d.text += ", holding " + d.vf->str();
        d.release = take_off_command(use);
        dependents.items.push_back(std::move(d));
    }
    return dependents;
}

std::string dependents_refusal(const Dependents& dependents) {
    if (dependents.empty()) return "";
    std::vector<std::string> items;
    bool interface_off = false;
    for (const auto& item : dependents.items) {
        items.push_back(item_text(item));
        interface_off = interface_off || item.kind == Dependent::Kind::guest_uses_pool ||
                        (item.release && item.release->starts_with("virsh detach-interface"));
    }
    std::string text = change_text(dependents) +
                       (dependents.loss == Loss::delete_pool  ? ", which guests use: "
                        : dependents.vfs().size() == 1 ? ", which is in use: "
                                                       : ", which are in use: ") +
                       join(items, "; ");
    // virsh picks the interface by type alone, and refuses to guess between several.
    if (interface_off) text += " (add --mac MAC to virsh detach-interface when the guest has several)";
    return text + "; use --force to go ahead anyway";
}

std::string dependents_loss(const Dependents& dependents) {
    if (dependents.empty()) return "";
    std::vector<std::string> guests = dependents.guests();
    std::string who = std::string(guests.size() == 1 ? "guest " : "guests ") + join(guests);
    if (dependents.loss == Loss::delete_pool)
        return "--force: " + who + (guests.size() == 1 ? " loses" : " lose") + " pool network '" + dependents.pool +
               "': an interface on it has no network to start with";
    std::vector<std::string> parts;
    for (const auto& t : dependents.taken) {
        std::vector<std::string> vfs;
        for (const auto& vf : t.vfs) vfs.push_back(vf.str());
        parts.push_back(std::string(vfs.size() == 1 ? "the VF " : "the VFs ") + join(vfs) + " of " + t.device.str());
    }
    bool one = dependents.vfs().size() == 1;
    std::string verb = dependents.loss == Loss::reset ? (one ? " is reset" : " are reset")
                                                      : (one ? " vanishes" : " vanish");
    std::string text = "--force: " + join(parts, " and ") + verb;
    if (!guests.empty()) text += ", and " + who + (guests.size() == 1 ? " loses them" : " lose them");
    bool host = std::any_of(dependents.items.begin(), dependents.items.end(),
                            [](const Dependent& d) { return d.kind == Dependent::Kind::host_uses_vf; });
    if (host) text += ", and the host loses its own use of them";
    return text;
}

void add_dependents(Plan& plan, const Dependents& dependents, bool force) {
    if (dependents.empty()) return;
    if (force) plan.warnings.push_back(dependents_loss(dependents));
    else plan.refusals.push_back(dependents_refusal(dependents));
}

}  // namespace vpt
