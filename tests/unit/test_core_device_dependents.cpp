#include <doctest/doctest.h>

#include "core/device_dependents.hpp"

using namespace vpt;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PciDevice pci(const char* address) {
    PciDevice d;
    d.address = addr(address);
    d.name = d.address.nodedev_name();
    d.class_code = 0x020000;
    return d;
}

PciDevice pf(const char* address, const char* netdev, std::vector<const char*> vfs) {
    PciDevice d = pci(address);
    d.netdev = netdev;
    d.sriov = SriovInfo{SriovInfo::Role::pf, 7, {}, std::nullopt};
    for (auto* vf : vfs) d.sriov->vfs.push_back(addr(vf));
    return d;
}

PciDevice vf(const char* address, const char* of) {
    PciDevice d = pci(address);
    d.sriov = SriovInfo{SriovInfo::Role::vf, std::nullopt, {}, addr(of)};
    return d;
}

HeldDevice held(const char* address, const char* guest, Holder::Kind kind, bool active,
                std::optional<std::string> network = std::nullopt) {
    return {addr(address), Holder{guest, kind, std::move(network), active}};
}

PoolNetwork pool(const char* name, std::optional<std::string> pf_dev, std::vector<const char*> vfs) {
    PoolNetwork p;
    p.info.name = name;
    p.info.forward_mode = "hostdev";
    p.info.pf_dev = std::move(pf_dev);
    if (!p.info.pf_dev)
        for (auto* a : vfs) p.info.addresses.push_back(addr(a));
    for (auto* a : vfs) p.vfs.push_back(addr(a));
    p.active = true;
    return p;
}

// The demo host's 82576: PF0 (enp3s0f0) with VFs 10.0, 10.2 and 10.4; PF1
// (enp3s0f1) with 10.1; an NVMe without SR-IOV; an XL710 PF without VFs.
HostState host(std::vector<HeldDevice> holds = {}, std::vector<PoolNetwork> pools = {},
               std::vector<NetworkUse> uses = {}) {
    HostState state;
    state.inventory = Inventory({pf("03:00.0", "enp3s0f0", {"03:10.0", "03:10.2", "03:10.4"}),
                                 pf("03:00.1", "enp3s0f1", {"03:10.1"}), vf("03:10.0", "03:00.0"),
                                 vf("03:10.2", "03:00.0"), vf("03:10.4", "03:00.0"), vf("03:10.1", "03:00.1"),
                                 pci("02:00.0"), pf("5e:00.0", "enp94s0", {})},
                                holds);
    state.pools = std::move(pools);
    state.network_uses = std::move(uses);
    return state;
}

Dependents of_pf0(const HostState& state, Loss loss = Loss::unbind, VfHostUseFacts facts = {}) {
    return find_dependents(state, loss, vfs_taken_with(state.inventory, {addr("03:00.0")}), facts);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("vfs_taken_with: each PF among the devices with its VFs; a PF without VFs and other devices take none") {
    HostState state = host();
    auto taken = vfs_taken_with(state.inventory, {addr("02:00.0"), addr("03:00.0"), addr("5e:00.0"),
                                                  addr("03:10.1"), addr("03:00.0"), addr("99:00.0")});
    REQUIRE(taken.size() == 1);
    CHECK(taken[0].device == addr("03:00.0"));
    CHECK(taken[0].vfs == std::vector<PciAddress>{addr("03:10.0"), addr("03:10.2"), addr("03:10.4")});
    CHECK(vfs_taken_with(state.inventory, {addr("02:00.0")}).empty());
}

TEST_CASE("find_dependents: the guests holding a VF, live or in a config, each with its release") {
    HostState state = host({held("03:10.0", "router", Holder::Kind::interface, true),
                            held("03:10.0", "router", Holder::Kind::interface, false),
                            held("03:10.2", "backup", Holder::Kind::hostdev, false),
                            held("03:10.1", "other", Holder::Kind::hostdev, true)});
    Dependents d = of_pf0(state);
    REQUIRE(d.items.size() == 2);  // router once; 03:10.1 is PF1's
    CHECK(d.items[0].kind == Dependent::Kind::guest_holds_vf);
    CHECK(d.items[0].device == addr("03:00.0"));
    CHECK(d.items[0].vf == addr("03:10.0"));
    CHECK(d.items[0].guest == "router");
    CHECK(d.items[0].running);
    CHECK(d.items[0].text == "0000:03:10.0 is held by guest 'router' (interface, running)");
    CHECK(d.items[0].release == "vpt unassign router 0000:03:10.0");
    CHECK(d.items[1].text == "0000:03:10.2 is held by guest 'backup' (hostdev, in its config)");
    CHECK_FALSE(d.items[1].running);
    CHECK(d.vfs() == std::vector<PciAddress>{addr("03:10.0"), addr("03:10.2"), addr("03:10.4")});
    CHECK(d.guests() == std::vector<std::string>{"router", "backup"});
}

TEST_CASE("find_dependents: the users of a pool that hands out the VFs, live or in a config") {
    SUBCASE("a pool on the PF's interface, and one listing a VF; a pool on PF1 is not in the way") {
        HostState state = host({}, {pool("on-pf", "enp3s0f0", {}), pool("listed", std::nullopt, {"03:10.4"}),
                                    pool("pf1", "enp3s0f1", {"03:10.1"})},
                               {{"web", "on-pf", true}, {"web", "on-pf", false}, {"idle", "listed", false},
                                {"far", "pf1", true}});
        Dependents d = of_pf0(state);
        REQUIRE(d.items.size() == 2);
        CHECK(d.items[0].kind == Dependent::Kind::guest_uses_pool);
        CHECK(d.items[0].guest == "web");
        CHECK(d.items[0].running);  // running, though its config has the interface too
        CHECK(d.items[0].pool == "on-pf");
        CHECK_FALSE(d.items[0].vf);
        CHECK(d.items[0].text == "pool 'on-pf' hands out VFs of 0000:03:00.0 and guest 'web' (running) uses it");
        CHECK(d.items[0].release == "virsh detach-interface web network --config --live");
        CHECK(d.items[1].guest == "idle");
        CHECK_FALSE(d.items[1].running);
        CHECK(d.items[1].release == "virsh detach-interface idle network --config");
    }
    SUBCASE("a guest named as holding a VF through the pool is not named again as its user") {
        HostState state = host({held("03:10.2", "web", Holder::Kind::network, true, "on-pf")},
                               {pool("on-pf", "enp3s0f0", {"03:10.0", "03:10.2", "03:10.4"})},
                               {{"web", "on-pf", true}, {"db", "on-pf", true}});
        Dependents d = of_pf0(state);
        REQUIRE(d.items.size() == 2);
        CHECK(d.items[0].text == "0000:03:10.2 is held by guest 'web' (network, running) through pool 'on-pf'");
        CHECK(d.items[0].pool == "on-pf");
        CHECK(d.items[0].release == "virsh detach-interface web network --config --live");
        CHECK(d.items[1].guest == "db");
        CHECK(d.items[1].kind == Dependent::Kind::guest_uses_pool);
    }
}

TEST_CASE("find_dependents: the host's own use of a VF, and a host that cannot be checked") {
    HostState state = host();
    SUBCASE("a use on PF0's VF counts, one on another device does not") {
        VfHostUseFacts facts{{{addr("03:10.4"), "0000:03:10.4 (Ethernet controller): enp3s16f4 has address 10.0.0.5"},
                              {addr("03:10.1"), "0000:03:10.1 (Ethernet controller): enp3s16f1 has address 10.0.0.6"}},
                             std::nullopt};
        Dependents d = of_pf0(state, Loss::remove_vfs, facts);
        REQUIRE(d.items.size() == 1);
        CHECK(d.items[0].kind == Dependent::Kind::host_uses_vf);
        CHECK(d.items[0].vf == addr("03:10.4"));
        CHECK(d.items[0].text == "the host uses 0000:03:10.4 (Ethernet controller): enp3s16f4 has address 10.0.0.5");
        CHECK_FALSE(d.items[0].release);
        CHECK(d.guests().empty());
    }
    SUBCASE("not checked") {
        Dependents d = of_pf0(state, Loss::unbind, {{}, "the host is remote"});
        REQUIRE(d.items.size() == 1);
        CHECK(d.items[0].text == "cannot check whether the host uses the VFs of 0000:03:00.0 (the host is remote)");
    }
    SUBCASE("nothing depends on free VFs") { CHECK(of_pf0(state).empty()); }
}

TEST_CASE("dependents_refusal: the change, each dependent with its release, one line") {
    HostState state = host({held("03:10.0", "router", Holder::Kind::interface, true)}, {pool("on-pf", "enp3s0f0", {})},
                           {{"web", "on-pf", true}});
    std::string text = dependents_refusal(of_pf0(state));
    CHECK(text ==
          "taking 0000:03:00.0 from its driver removes its 3 VFs, which are in use: 0000:03:10.0 is held by guest "
          "'router' (interface, running): release it with 'vpt unassign router 0000:03:10.0'; pool 'on-pf' hands "
          "out VFs of 0000:03:00.0 and guest 'web' (running) uses it: take the interface off with 'virsh "
          "detach-interface web network --config --live' (add --mac MAC to virsh detach-interface when the guest has "
          "several); use --force to go ahead anyway");
    CHECK(has(dependents_refusal(of_pf0(state, Loss::reset)), "resetting 0000:03:00.0 resets its 3 VFs with it, "));
    CHECK(has(dependents_refusal(of_pf0(state, Loss::remove_vfs)),
              "changing the VF count of 0000:03:00.0 removes its 3 VFs, "));
    CHECK(dependents_refusal(of_pf0(host())).empty());

    // A guest named with quotes is quoted for the shell in its command.
    HostState odd = host({held("03:10.2", "my vm", Holder::Kind::hostdev, false)});
    CHECK(has(dependents_refusal(of_pf0(odd)), "release it with 'vpt unassign 'my vm' 0000:03:10.2'"));
}

TEST_CASE("dependents_loss: which VFs vanish and which guests lose them") {
    HostState state = host({held("03:10.0", "router", Holder::Kind::interface, true),
                            held("03:10.2", "backup", Holder::Kind::hostdev, false)});
    CHECK(dependents_loss(of_pf0(state)) ==
          "--force: the VFs 0000:03:10.0, 0000:03:10.2, 0000:03:10.4 of 0000:03:00.0 vanish, and guests router, "
          "backup lose them");
    CHECK(has(dependents_loss(of_pf0(state, Loss::reset)), " are reset, "));
    VfHostUseFacts facts{{{addr("03:10.1"), "0000:03:10.1: enp3s16f1 has address 10.0.0.6"}}, std::nullopt};
    auto pf1 = find_dependents(state, Loss::remove_vfs, vfs_taken_with(state.inventory, {addr("03:00.1")}), facts);
    CHECK(dependents_loss(pf1) == "--force: the VF 0000:03:10.1 of 0000:03:00.1 vanishes, and the host loses its own "
                                  "use of them");
    CHECK(dependents_loss(of_pf0(host())).empty());
}

TEST_CASE("pool_dependents: each guest on the pool, with the VF it holds through it") {
    HostState state = host({held("03:10.2", "web", Holder::Kind::network, true, "on-pf"),
                            held("03:10.0", "router", Holder::Kind::interface, true)},
                           {pool("on-pf", "enp3s0f0", {"03:10.0", "03:10.2", "03:10.4"}), pool("free", "enp3s0f1", {})},
                           {{"web", "on-pf", true}, {"idle", "on-pf", false}});
    Dependents d = pool_dependents(state, "on-pf");
    REQUIRE(d.items.size() == 2);  // router holds its VF as an interface of its own, not through the pool
    CHECK(d.items[0].text == "guest 'web' (running) has an interface on it, holding 0000:03:10.2");
    CHECK(d.items[0].vf == addr("03:10.2"));
    CHECK_FALSE(d.items[0].device);
    CHECK(d.items[1].text == "guest 'idle' (in its config) has an interface on it");
    CHECK(dependents_refusal(d) ==
          "deleting pool network 'on-pf', which guests use: guest 'web' (running) has an interface on it, holding "
          "0000:03:10.2: take the interface off with 'virsh detach-interface web network --config --live'; guest "
          "'idle' (in its config) has an interface on it: take the interface off with 'virsh detach-interface idle "
          "network --config' (add --mac MAC to virsh detach-interface when the guest has several); use --force to go "
          "ahead anyway");
    CHECK(dependents_loss(d) == "--force: guests web, idle lose pool network 'on-pf': an interface on it has no "
                                "network to start with");
    CHECK(pool_dependents(state, "free").empty());
}

TEST_CASE("add_dependents: a refusal, or with force the loss as a warning; nothing when none") {
    HostState state = host({held("03:10.0", "router", Holder::Kind::interface, true)});
    Plan refused, forced, free;
    add_dependents(refused, of_pf0(state), false);
    CHECK(refused.refusals == std::vector<std::string>{dependents_refusal(of_pf0(state))});
    CHECK(refused.warnings.empty());
    add_dependents(forced, of_pf0(state), true);
    CHECK(forced.refusals.empty());
    CHECK(forced.warnings == std::vector<std::string>{dependents_loss(of_pf0(state))});
    add_dependents(free, of_pf0(host()), false);
    CHECK(free.refusals.empty());
    CHECK(free.warnings.empty());
    CHECK(std::string(dependent_kind_name(Dependent::Kind::host_uses_vf)) == "host-uses-vf");
}
