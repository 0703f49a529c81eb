// vpt pool against libvirt's test driver, which defines, starts, stops and
// undefines hostdev networks for real (on the connection that asks).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_vpt.hpp"

using nlohmann::json;

namespace {

VptRun vpt(std::vector<std::string> args) {
    args.insert(args.begin(), {"-c", demo_uri()});
    return run_vpt(args);
}

}  // namespace

TEST_CASE("pool list and show report each pool's VFs and users") {
    auto list = vpt({"--json", "pool", "list"});
    REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    auto pools = json::parse(list.out)["pools"];
    REQUIRE(pools.size() == 2);
    CHECK(pools[0]["name"] == "sriov-pool");
    CHECK(pools[0]["pf"] == "enp3s0f0");
    CHECK(pools[0]["vfs"].size() == 4);
    CHECK(pools[0]["used_by"] == json::parse(R"([{"guest": "web-frontend", "active": true}])"));
    CHECK(pools[1]["name"] == "sriov-pool-pf1");
    CHECK(pools[1]["vlan"] == 100);
    CHECK(pools[1]["vfs"].size() == 2);

    auto show = vpt({"--json", "pool", "show", "sriov-pool"});
    REQUIRE(show.exit_code == 0);
    auto pool = json::parse(show.out);
    CHECK(pool["vfs"][0]["address"] == "0000:03:10.0");
    CHECK(pool["vfs"][0]["held_by"] ==
          json::parse(R"([{"guest": "nfv-router", "as": "interface", "network": null, "active": true}])"));
    CHECK(pool["vfs"][1]["held_by"].empty());

    auto text = vpt({"pool", "show", "sriov-pool"});
    CHECK(text.out.find("used by: web-frontend") != std::string::npos);
    CHECK(vpt({"pool", "show", "default"}).exit_code == 2);  // not a VF pool
}

TEST_CASE("pool create: defined, autostarted and started, or refused with the reason") {
    auto dry = vpt({"--json", "pool", "create", "new-pool", "--vf", "03:10.1", "--dry-run"});
    CHECK(dry.exit_code == 1);  // 03:10.1 is listed by sriov-pool-pf1
    CHECK(dry.err.find("already in pool network 'sriov-pool-pf1'") != std::string::npos);

    // After deleting sriov-pool-pf1 on a fresh connection the VFs are free
    // there, but each vpt process re-reads the host file: so create a pool
    // from a PF's interface that no pool uses yet... none is left free on the
    // demo host except the XL710, which has no VFs.
    auto no_vfs = vpt({"pool", "create", "xl-pool", "--pf", "enp94s0"});
    CHECK(no_vfs.exit_code == 1);
    CHECK(no_vfs.err.find("has no VFs") != std::string::npos);
    CHECK(no_vfs.err.find("vpt vfs 0000:5e:00.0") != std::string::npos);

    auto unknown = vpt({"pool", "create", "p", "--pf", "eth9"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("enp3s0f0") != std::string::npos);  // lists the PF interfaces

    auto exists = vpt({"pool", "create", "default", "--pf", "enp3s0f0"});
    CHECK(exists.exit_code == 1);
    CHECK(exists.err.find("already exists") != std::string::npos);

    auto bad_name = vpt({"pool", "create", "a/b", "--vf", "03:10.1"});
    CHECK(bad_name.exit_code != 0);
    CHECK(line_count(bad_name.err) == 1);

    auto both = vpt({"pool", "create", "p", "--pf", "enp3s0f0", "--vf", "03:10.1"});
    CHECK(both.exit_code == 2);
}

TEST_CASE("pool create on the small host: the whole transaction runs") {
    auto run = run_vpt({"-c", fixture_host_uri("small-host.xml"), "--json", "pool", "create", "gpu-less", "--vf",
                        "02:10.2", "--vlan", "9"});
    // 02:10.2 belongs to sriov-pool's PF there, so it is refused like above;
    // the refusal must name the pool.
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("sriov-pool") != std::string::npos);
}

TEST_CASE("pool delete: refused while a guest uses it, otherwise stopped and undefined") {
    auto used = vpt({"pool", "delete", "sriov-pool"});
    CHECK(used.exit_code == 1);
    CHECK(used.err.find("web-frontend") != std::string::npos);

    auto done = vpt({"--json", "pool", "delete", "sriov-pool-pf1"});
    REQUIRE_MESSAGE(done.exit_code == 0, done.err);
    auto result = json::parse(done.out);
    CHECK(result["result"] == "done");
    CHECK(result["done"].size() == 2);
}

TEST_CASE("pool create runs the whole transaction: defined, autostarted, started") {
    // The demo host without the pool over PF 03:00.1, so its VFs are free.
    std::ifstream in(VPT_EXAMPLES "/demo-host.xml");
    std::stringstream text;
    text << in.rdbuf();
    std::string host = text.str();
    auto name = host.find("<name>sriov-pool-pf1</name>");
    REQUIRE(name != std::string::npos);
    auto start = host.rfind("<network", name);
    auto end = host.find("</network>", name) + std::string("</network>").size();
    host.erase(start, end - start);
    char path[] = "/tmp/vpt-itest-host-XXXXXX.xml";
    int fd = mkstemps(path, 4);
    REQUIRE(fd >= 0);
    std::ofstream(path) << host;
    close(fd);

    auto run = run_vpt({"-c", std::string("test://") + path, "--json", "pool", "create", "pf1-pool", "--pf",
                        "enp3s0f1", "--vlan", "100"});
    std::remove(path);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto result = json::parse(run.out);
    CHECK(result["result"] == "done");
    CHECK(result["done"].size() == 3);
    CHECK(result["xml"].get<std::string>().find("<pf dev='enp3s0f1'/>") != std::string::npos);
}
