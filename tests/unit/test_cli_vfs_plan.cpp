#include <doctest/doctest.h>

#include "test_host_tree.hpp"

#include "cli/vfs_plan.hpp"
#include "core/error.hpp"

using namespace vpt;
using vpt::test::has_text;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

PciDevice pci(const char* address, std::optional<std::string> driver = std::nullopt) {
    PciDevice d;
    d.address = addr(address);
    d.name = d.address.nodedev_name();
    d.driver = std::move(driver);
    d.class_code = 0x020000;
    return d;
}

PciDevice pf_device(const char* address, const char* netdev, std::vector<const char*> vfs, int max) {
    PciDevice d = pci(address, "igb");
    d.netdev = netdev;
    d.sriov = SriovInfo{SriovInfo::Role::pf, max, {}, std::nullopt};
    for (auto* vf : vfs) d.sriov->vfs.push_back(addr(vf));
    return d;
}

PciDevice vf_device(const char* address, const char* pf, const char* driver) {
    PciDevice d = pci(address, driver);
    d.sriov = SriovInfo{SriovInfo::Role::vf, std::nullopt, {}, addr(pf)};
    return d;
}

HeldDevice held(const char* address, const char* guest, Holder::Kind kind, bool active,
                std::optional<std::string> network = std::nullopt) {
    return {addr(address), Holder{guest, kind, std::move(network), active}};
}

PoolNetwork pool(const char* name, std::optional<std::string> pf_dev, std::vector<const char*> addresses,
                 bool active, bool autostart = false, std::optional<unsigned> vlan = std::nullopt) {
    PoolNetwork p;
    p.info.name = name;
    p.info.forward_mode = "hostdev";
    p.info.pf_dev = std::move(pf_dev);
    for (auto* a : addresses) p.info.addresses.push_back(addr(a));
    p.info.vlan = vlan;
    p.active = active;
    p.autostart = autostart;
    p.vfs = p.info.addresses;
    return p;
}

// A host like the demo's 82576: PF0 (enp3s0f0) with VFs 10.0 and 10.2, PF1 with 10.1.
struct Host {
    HostState state;
    Host(std::vector<HeldDevice> holds = {}, std::vector<PoolNetwork> pools = {},
         std::vector<NetworkUse> uses = {}) {
        std::vector<PciDevice> devices = {
            pf_device("03:00.0", "enp3s0f0", {"03:10.0", "03:10.2"}, 7),
            pf_device("03:00.1", "enp3s0f1", {"03:10.1"}, 7),
            vf_device("03:10.0", "03:00.0", "vfio-pci"),
            vf_device("03:10.2", "03:00.0", "igbvf"),
            vf_device("03:10.1", "03:00.1", "igbvf"),
        };
        state.inventory = Inventory(std::move(devices), holds);
        state.pools = std::move(pools);
        for (auto& p : state.pools)
            if (p.vfs.empty() && p.info.pf_dev == "enp3s0f0") p.vfs = {addr("03:10.0"), addr("03:10.2")};
        state.network_uses = std::move(uses);
    }
    const PciDevice& pf0() const { return *state.inventory.find(addr("03:00.0")); }

    VfsView view(std::optional<SriovState> sysfs = std::nullopt, std::optional<int> persisted = std::nullopt) const {
        return build_vfs_view(state, pf0(), sysfs, {}, {}, persisted);
    }
};

SriovState sysfs_state(int current, std::vector<const char*> vfs, int total = 7) {
    SriovState s;
    s.total_vfs = total;
    s.current_vfs = current;
    s.driver = "igb";
    for (auto* vf : vfs) s.vfs.push_back(addr(vf));
    return s;
}

}  // namespace

TEST_CASE("require_sriov_pf") {
    CHECK_NOTHROW(require_sriov_pf(pf_device("03:00.0", "enp3s0f0", {}, 7)));
    CHECK_THROWS_WITH(require_sriov_pf(vf_device("03:10.0", "03:00.0", "igbvf")),
                      doctest::Contains("give its physical function 0000:03:00.0"));
    CHECK_THROWS_WITH(require_sriov_pf(pci("02:00.0")), doctest::Contains("not an SR-IOV physical function"));
}

TEST_CASE("build_vfs_view") {
    SUBCASE("from libvirt alone: counts from the nodedev XML, VFs in its order") {
        Host host({}, {pool("pool0", "enp3s0f0", {}, true, false, 42)});
        auto view = host.view();
        CHECK_FALSE(view.from_sysfs);
        CHECK(view.total_vfs == 7);
        CHECK(view.current_vfs == 2);
        REQUIRE(view.vfs.size() == 2);
        CHECK(view.vfs[1].index == 1);
        CHECK(view.vfs[0].driver == "vfio-pci");
        CHECK(view.vfs[0].pool == "pool0");
        CHECK(view.vfs[0].vlan == 42u);
        REQUIRE(view.pools.size() == 1);
        CHECK(view.pools[0].why == "<pf dev='enp3s0f0'/>");
    }
    SUBCASE("sysfs first: a VF libvirt has not listed yet is shown as such") {
        Host host;
        auto view = host.view(sysfs_state(3, {"03:10.0", "03:10.2", "03:10.4"}), 3);
        CHECK(view.from_sysfs);
        CHECK(view.current_vfs == 3);
        CHECK(view.persisted_count == 3);
        REQUIRE(view.vfs.size() == 3);
        CHECK(view.vfs[2].address == addr("03:10.4"));
        CHECK_FALSE(view.vfs[2].listed);
        CHECK(view.vfs[2].index == 2);
        CHECK_FALSE(view.vfs[2].driver_known);
    }
    SUBCASE("drivers and MACs from where they are known") {
        Host host;
        HostState state = host.state;
        std::vector<PciDevice> devices = state.inventory.devices();
        state.inventory = Inventory(devices, {}, DriverReporting::not_reported);
        std::map<std::string, NetChild> nets = {{"pci_0000_03_10_2", {"enp3s16f2", "52:54:00:00:00:02"}}};
        std::map<PciAddress, std::optional<std::string>> drivers = {{addr("03:10.0"), "vfio-pci"}};
        auto view = build_vfs_view(state, *state.inventory.find(addr("03:00.0")), std::nullopt, nets, drivers,
                                   std::nullopt);
        CHECK(view.vfs[0].driver == "vfio-pci");
        CHECK_FALSE(view.vfs[1].driver_known);
        CHECK(view.vfs[1].netdev == "enp3s16f2");
        CHECK(view.vfs[1].mac == "52:54:00:00:00:02");
    }
    SUBCASE("a pool listing VFs of this PF belongs to it; one of another PF does not") {
        Host host({}, {pool("mine", std::nullopt, {"03:10.2"}, true), pool("theirs", std::nullopt, {"03:10.1"}, true),
                       pool("other-pf", "enp3s0f1", {}, true)});
        auto view = host.view();
        REQUIRE(view.pools.size() == 1);
        CHECK(view.pools[0].name == "mine");
        CHECK(view.pools[0].why == "lists VFs of 0000:03:00.0");
    }
}

TEST_CASE("plan_vfs_change: the writes") {
    Host host;
    SUBCASE("from 0: one write") {
        auto plan = plan_vfs_change(host.view(sysfs_state(0, {})), host.state, 4, false);
        REQUIRE(plan.writes.size() == 1);
        CHECK(plan.writes[0].value == 4);
        CHECK(plan.writes[0].path == "/sys/bus/pci/devices/0000:03:00.0/sriov_numvfs");
        CHECK(plan.removed.empty());
    }
    SUBCASE("from a non-zero count: through 0, and every VF goes for a moment") {
        auto plan = plan_vfs_change(host.view(sysfs_state(2, {"03:10.0", "03:10.2"})), host.state, 5, false);
        REQUIRE(plan.writes.size() == 2);
        CHECK(plan.writes[0].value == 0);
        CHECK(plan.writes[1].value == 5);
        CHECK(plan.removed == std::vector<PciAddress>{addr("03:10.0"), addr("03:10.2")});
    }
    SUBCASE("to 0: one write") {
        auto plan = plan_vfs_change(host.view(sysfs_state(2, {"03:10.0", "03:10.2"})), host.state, 0, false);
        REQUIRE(plan.writes.size() == 1);
        CHECK(plan.writes[0].value == 0);
    }
    SUBCASE("the same count: nothing, unless --persist") {
        auto view = host.view(sysfs_state(2, {"03:10.0", "03:10.2"}));
        CHECK_FALSE(plan_vfs_change(view, host.state, 2, false).changes_anything());
        auto persist = plan_vfs_change(view, host.state, 2, true);
        CHECK_FALSE(persist.changes_count());
        CHECK(persist.persist == PersistAction::write);
        CHECK(persist.persist_file == "/etc/udev/rules.d/70-vpt-sriov-0000:03:00.0.rules");
        CHECK(plan_vfs_change(host.view(sysfs_state(0, {})), host.state, 0, true).persist == PersistAction::remove);
    }
    SUBCASE("more than sriov_totalvfs is bad input") {
        try {
            plan_vfs_change(host.view(sysfs_state(0, {})), host.state, 8, false);
            FAIL("accepted 8 of 7");
        } catch (const Error& error) {
            CHECK(error.code() == ExitCode::bad_input);
            CHECK(std::string(error.what()) == "0000:03:00.0 supports at most 7 VFs (sriov_totalvfs), not 8");
        }
    }
}

TEST_CASE("plan_vfs_change: the VFs that disappear; a guest holding the PF itself is refused") {
    auto two = sysfs_state(2, {"03:10.0", "03:10.2"});
    SUBCASE("VFs held by guests are the dependents rule's: the plan names them as removed") {
        Host host({held("03:10.0", "router", Holder::Kind::interface, true),
                   held("03:10.2", "backup", Holder::Kind::hostdev, false)},
                  {pool("pool0", "enp3s0f0", {}, true)}, {NetworkUse{"web", "pool0", true}});
        for (int count : {0, 4}) {
            CAPTURE(count);
            auto plan = plan_vfs_change(host.view(two), host.state, count, false);
            CHECK(plan.removed == std::vector<PciAddress>{addr("03:10.0"), addr("03:10.2")});
            CHECK(plan.refusals.empty());
        }
        // Growing from 0 removes nothing.
        CHECK(plan_vfs_change(host.view(sysfs_state(0, {})), host.state, 2, false).removed.empty());
    }
    SUBCASE("the PF itself held by a guest: a refusal the steps carry") {
        Host host({held("03:00.0", "nfv", Holder::Kind::hostdev, true)});
        auto view = host.view(sysfs_state(0, {}));
        auto plan = plan_vfs_change(view, host.state, 1, false);
        REQUIRE(plan.refusals.size() == 1);
        CHECK(has_text(plan.refusals[0], "0000:03:00.0 itself is held by nfv (hostdev)"));
        CHECK(has_text(plan.refusals[0], "'vpt unassign nfv 0000:03:00.0'"));
        CHECK(vfs_change_steps(view, plan).refusals == plan.refusals);
        CHECK(plan_vfs_change(view, host.state, 0, false).refusals.empty());  // no change, nothing to refuse
    }
}

TEST_CASE("plan_vfs_change: what happens to the pools") {
    Host host({}, {pool("running", "enp3s0f0", {}, true), pool("autostarted", std::nullopt, {"03:10.2"}, false, true),
                   pool("stopped", std::nullopt, {"03:10.0"}, false, false)});
    auto two = sysfs_state(2, {"03:10.0", "03:10.2"});
    SUBCASE("more VFs: restart the running pool, start the autostarted one, leave the other") {
        auto plan = plan_vfs_change(host.view(two), host.state, 4, false);
        REQUIRE(plan.pool_actions.size() == 2);
        CHECK(plan.pool_actions[0].name == "running");
        CHECK(plan.pool_actions[0].step == PoolStep::restart);
        CHECK(plan.pool_actions[1].name == "autostarted");
        CHECK(plan.pool_actions[1].step == PoolStep::start);
        CHECK(plan.pools_left == std::vector<std::string>{"stopped"});
    }
    SUBCASE("no VFs: stop the running pool, start nothing") {
        auto plan = plan_vfs_change(host.view(two), host.state, 0, false);
        REQUIRE(plan.pool_actions.size() == 1);
        CHECK(plan.pool_actions[0].step == PoolStep::stop);
        CHECK(plan.pools_left == std::vector<std::string>{"autostarted", "stopped"});
    }
    SUBCASE("the same count: no pool is touched") {
        auto plan = plan_vfs_change(host.view(two), host.state, 2, false);
        CHECK(plan.pool_actions.empty());
    }
    CHECK(std::string(pool_step_name(PoolStep::stop)) == "stop");
}
