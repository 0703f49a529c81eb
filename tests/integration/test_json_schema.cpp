// Every --json form vpt prints, on the demo host and the fixture hosts,
// validated against its schema in man/schemas (draft 2020-12) by
// tests/json_schema_check.py under Debian's /usr/bin/python3 with
// python3-jsonschema: the schemas are the contract man/vpt.1 describes, and
// these tests keep the real output to it. Dry runs, refusals and real
// changes on the test driver (done, rolled back) are all covered.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <functional>
#include <sstream>

#include "journal_fixture.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;
using vpt::test::TempDir;

namespace {

const std::string python = "/usr/bin/python3";  // Debian's, where python3-jsonschema is

// The validator's verdict on `document` against man/schemas/NAME.schema.json:
// exit 0 when valid, 1 with one stderr line per problem when not.
VptRun validate(const std::string& schema, const std::string& document, const std::string& schema_dir = VPT_SCHEMAS) {
    TempDir dir("itest-json");
    std::ofstream(dir / "out.json") << document;
    return run_program(python, {VPT_SCHEMA_CHECK, schema_dir, schema, dir / "out.json"});
}

std::string fixture_host(const std::string& file) { return fixture_host_uri(file); }

// The demo host without the pool over PF 03:00.1, so a pool can be created on it.
struct HostWithoutPf1Pool : TempDir {
    HostWithoutPf1Pool() : TempDir("itest-host") {
        std::ifstream in(VPT_EXAMPLES "/demo-host.xml");
        std::stringstream text;
        text << in.rdbuf();
        std::string host = text.str();
        auto name = host.find("<name>sriov-pool-pf1</name>");
        auto start = host.rfind("<network", name);
        auto end = host.find("</network>", name) + std::string("</network>").size();
        host.erase(start, end - start);
        std::ofstream(*this / "host.xml") << host;
    }
    std::string uri() const { return "test://" + (*this / "host.xml"); }
};

// A writable copy of the SR-IOV sysfs fixture, for vfs changes.
struct SriovRoot : TempDir {
    SriovRoot() : TempDir("itest-sriov") {
        fs::copy(fs::path(VPT_FIXTURES) / "sysfs" / "sriov", path,
                 fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    }
};

struct Case {
    std::string schema;
    std::vector<std::string> args;
    int exit_code = 0;
    std::string state_dir = "";
};

// Runs each case, requires its exit code and JSON on stdout, and validates it.
void check_cases(const std::vector<Case>& cases) {
    for (const auto& c : cases) {
        std::string line = "vpt";
        for (const auto& a : c.args) line += " " + a;
        CAPTURE(line);
        auto run = run_vpt(c.args, c.state_dir);
        CHECK_MESSAGE(run.exit_code == c.exit_code, run.err);
        REQUIRE_FALSE(run.out.empty());
        auto verdict = validate(c.schema, run.out);
        CHECK_MESSAGE(verdict.exit_code == 0, verdict.err);
    }
}

std::vector<std::string> schema_names() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(VPT_SCHEMAS)) {
        std::string file = entry.path().filename().string();
        if (file.size() > 12 && file.substr(file.size() - 12) == ".schema.json")
            names.push_back(file.substr(0, file.size() - 12));
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> on(const std::string& uri, std::vector<std::string> args) {
    args.insert(args.begin(), {"-c", uri, "--json"});
    return args;
}

}  // namespace

TEST_CASE("json schemas: each is a valid draft 2020-12 schema, and a broken one is caught") {
    // One per command with --json (each used by the cases below), and the shared definitions.
    CHECK(schema_names() == std::vector<std::string>{"assign", "check", "common", "detach", "list", "pool-create",
                                                     "pool-delete", "pool-list", "pool-show", "prepare", "reattach",
                                                     "recover", "reset", "show", "unassign", "verify", "version", "vfs",
                                                     "xml"});
    auto run = run_program(python, {VPT_SCHEMA_CHECK, VPT_SCHEMAS, "--check-schemas"});
    CHECK_MESSAGE(run.exit_code == 0, run.err);

    TempDir broken("itest-schemas");
    std::ofstream(broken / "bad.schema.json")
        << R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 12})";
    auto bad = run_program(python, {VPT_SCHEMA_CHECK, broken.path.string(), "--check-schemas"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("bad.schema.json: not a valid schema") != std::string::npos);
}

TEST_CASE("json schemas: read-only commands on the demo host and the fixture hosts") {
    std::string demo = demo_uri();
    std::string sysfs = std::string(VPT_FIXTURES) + "/sysfs/";
    std::vector<Case> cases;
    for (const auto& uri : {demo, fixture_host("small-host.xml"), fixture_host("identity-host.xml"),
                            fixture_host("empty-host.xml")}) {
        cases.push_back({"list", on(uri, {"list"})});
        cases.push_back({"list", on(uri, {"list", "--groups"})});
        cases.push_back({"pool-list", on(uri, {"pool", "list"})});
        cases.push_back({"check", on(uri, {"check", "--root", sysfs + "intel-ir"})});
    }
    for (const auto& device : {"3e:00.0", "00:17.0", "00:00.0", "00:1f.4", "03:10.0", "18:00.0", "03:10", "8086:10ca"})
        cases.push_back({"show", on(demo, {"show", device})});
    for (const char* device : {"18:00.0", "19:00.0", "02:00.0", "3e:00.0"})
        cases.push_back({"show", on(demo, {"show", device, "--root", sysfs + "demo-host"})});
    cases.push_back({"show", on(fixture_host("small-host.xml"), {"show", "02:10.2"})});
    cases.push_back({"show", on(fixture_host("identity-host.xml"), {"show", "03:00.0"})});
    cases.push_back({"check", on(demo, {"check", "01:00.0", "--root", sysfs + "intel-ir"}), 1});
    cases.push_back({"check", on(fixture_host("identity-host.xml"), {"check", "--guest", "drifted"}), 1});
    cases.push_back({"verify", on(fixture_host("identity-host.xml"), {"verify", "steady"})});
    cases.push_back({"verify", on(fixture_host("identity-host.xml"), {"verify", "moved"}), 1});
    cases.push_back({"vfs", on(demo, {"vfs", "03:00.0"})});
    cases.push_back({"vfs", on(demo, {"vfs", "5e:00.0"})});
    cases.push_back({"vfs", on(demo, {"vfs", "03:00.0", "--root", sysfs + "sriov"})});
    cases.push_back({"pool-show", on(demo, {"pool", "show", "sriov-pool"})});
    cases.push_back({"pool-show", on(demo, {"pool", "show", "sriov-pool-pf1"})});
    cases.push_back({"xml", on(demo, {"xml", "hostdev", "02:00.0"})});
    cases.push_back({"xml", on(demo, {"xml", "interface", "03:10.1"})});
    cases.push_back({"xml", on(demo, {"xml", "pool", "p", "--pf", "enp3s0f0"})});
    cases.push_back({"version", {"-c", "test:///nonexistent/host.xml", "--version", "--json"}});
    cases.push_back({"version", {"-c", demo, "--version", "--json"}});
    check_cases(cases);
}

TEST_CASE("json schemas: plans, refusals and real changes on the test driver") {
    std::string demo = demo_uri();
    std::string sysfs = std::string(VPT_FIXTURES) + "/sysfs/";
    TempDir state("itest-state"), hooks("itest-root"), boot("itest-root");
    SriovRoot sriov;
    HostWithoutPf1Pool free_pf1;
    std::string s = state.path.string();
    check_cases({
        {"detach", on(demo, {"detach", "3e:00.0", "--dry-run"}), 0, s},
        {"detach", on(demo, {"detach", "3e:00.0", "--persist", "--root", boot.path.string(), "--dry-run"}), 0, s},
        {"detach", on(demo, {"detach", "01:00.0", "--root", sysfs + "host-uses", "--dry-run"}), 1, s},
        {"detach", on(demo, {"detach", "19:00.1", "--force"}), 1, s},  // libvirt's test driver cannot: rolled back
        {"reattach", on(demo, {"reattach", "3d:00.0", "--dry-run"}), 0, s},
        {"reset", on(demo, {"reset", "19:00.0", "--dry-run"}), 0, s},
        {"reset", on(demo, {"reset", "18:00.0", "--dry-run"}), 1, s},  // held by a running guest
        {"reset", on(demo, {"reset", "19:00.0"}), 1, s},  // libvirt's test driver cannot: failed, nothing changed
        {"assign", on(demo, {"assign", "web-frontend", "02:00.0", "--dry-run"}), 0, s},
        {"assign", on(demo, {"assign", "ci-runner", "--pool", "sriov-pool", "--dry-run"}), 0, s},
        {"assign", on(demo, {"assign", "media-server", "19:00.0"}), 0, s},  // done: the config is redefined
        {"assign", on(demo, {"assign", "web-frontend", "02:00.0"}), 1, s},  // a live attach: rolled back
        {"unassign", on(demo, {"unassign", "media-server", "3d:00.0", "--dry-run"}), 0, s},
        {"unassign", on(demo, {"unassign", "media-server", "3d:00.0", "--config"}), 0, s},
        {"unassign", on(demo, {"unassign", "media-server", "3d:00.0", "--reattach"}), 1, s},
        {"prepare", on(demo, {"prepare", "nfv-router", "--viommu", "--config", "--dry-run"}), 0, s},
        {"prepare", on(demo, {"prepare", "ci-runner"}), 0, s},
        {"prepare", on(demo, {"prepare", "gpu-workstation", "--config", "--uefi", "--q35"}), 0, s},
        {"vfs", on(demo, {"vfs", "03:00.1", "3", "--dry-run", "--root", sriov.path.string()}), 0, s},
        {"vfs", on(demo, {"vfs", "03:00.1", "3", "--timeout", "0", "--root", sriov.path.string()}), 0, s},
        {"assign", on(free_pf1.uri(), {"assign", "ci-runner", "03:10.1", "--as-interface", "--mac",
                                        "52:54:00:12:34:56", "--vlan", "7", "--config", "--dry-run"}), 0, s},
        {"assign", on(free_pf1.uri(), {"assign", "ci-runner", "03:10.1", "--as-interface", "--config"}), 0, s},
        {"pool-create", on(free_pf1.uri(), {"pool", "create", "pf1-pool", "--pf", "enp3s0f1", "--dry-run"}), 0, s},
        {"pool-create", on(free_pf1.uri(), {"pool", "create", "pf1-pool", "--pf", "enp3s0f1", "--vlan", "100"}), 0, s},
        {"pool-delete", on(demo, {"pool", "delete", "sriov-pool-pf1", "--dry-run"}), 0, s},
        // What depends on PF 03:00.0's VFs: refused, or forced past.
        {"detach", on(demo, {"detach", "03:00.0", "--dry-run"}), 1, s},
        {"detach", on(demo, {"detach", "03:00.0", "--force"}), 1, s},  // the test driver cannot: rolled back
        {"assign", on(demo, {"assign", "ci-runner", "03:00.0", "--dry-run"}), 1, s},
        {"assign", on(demo, {"assign", "ci-runner", "03:00.0", "--force", "--dry-run"}), 0, s},
        {"reset", on(demo, {"reset", "03:00.0", "--dry-run"}), 1, s},
        {"reset", on(demo, {"reset", "03:00.0", "--force"}), 1, s},  // the test driver cannot: failed
        {"vfs", on(demo, {"vfs", "03:00.0", "6", "--dry-run", "--root", sriov.path.string()}), 1, s},
        {"vfs", on(demo, {"vfs", "03:00.0", "6", "--force", "--dry-run", "--root", sriov.path.string()}), 0, s},
        {"pool-delete", on(demo, {"pool", "delete", "sriov-pool", "--dry-run"}), 1, s},
        {"pool-delete", on(demo, {"pool", "delete", "sriov-pool", "--force", "--dry-run"}), 0, s},
        {"pool-delete", on(demo, {"pool", "delete", "sriov-pool-pf1"}), 0, s},
        {"verify", {"--json", "verify", "--install-hook", "--dry-run", "--root", hooks.path.string()}, 0, s},
        {"verify", {"--json", "verify", "--install-hook", "--root", hooks.path.string()}, 0, s},
        {"verify", {"--json", "verify", "--remove-hook", "--root", hooks.path.string()}, 0, s},
        {"recover", {"--json", "recover"}, 0, s},
    });
}

TEST_CASE("json schemas: every change the test driver lets succeed, its report done and valid") {
    // libvirt's test driver redefines guests and defines, starts and destroys networks, so these changes
    // really succeed; detach, reattach and reset it cannot do (the lab validates those reports).
    std::string demo = demo_uri();
    TempDir state("itest-state");
    SriovRoot sriov;
    HostWithoutPf1Pool free_pf1;
    struct Change {
        std::string schema;
        std::vector<std::string> args;
        std::string result;
    };
    for (const auto& c : std::vector<Change>{
             {"assign", on(demo, {"assign", "media-server", "19:00.0"}), "done"},
             {"assign", on(demo, {"assign", "media-server", "19:00.0", "--with-group", "--config"}), "done"},
             {"assign", on(free_pf1.uri(), {"assign", "ci-runner", "03:10.1", "--as-interface", "--config"}), "done"},
             {"assign", on(demo, {"assign", "ci-runner", "--pool", "sriov-pool", "--config"}), "done"},
             {"unassign", on(demo, {"unassign", "media-server", "3d:00.0", "--config"}), "done"},
             {"prepare", on(demo, {"prepare", "ci-runner", "--uefi"}), "done"},
             {"prepare", on(demo, {"prepare", "nfv-router", "--viommu", "--config"}), "done"},
             // written to the sysfs fixture; with --timeout 0 nothing waits for libvirt to list the new VFs
             {"vfs", on(demo, {"vfs", "03:00.1", "3", "--timeout", "0", "--root", sriov.path.string()}), "not-confirmed"},
             {"pool-create", on(free_pf1.uri(), {"pool", "create", "pf1-pool", "--pf", "enp3s0f1", "--vlan", "100"}),
              "done"},
             {"pool-delete", on(demo, {"pool", "delete", "sriov-pool-pf1"}), "done"},
         }) {
        std::string line = "vpt";
        for (const auto& a : c.args) line += " " + a;
        CAPTURE(line);
        auto run = run_vpt(c.args, state.path.string());
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto report = json::parse(run.out);
        CHECK(report.value("result", "") == c.result);
        auto verdict = validate(c.schema, run.out);
        CHECK_MESSAGE(verdict.exit_code == 0, verdict.err);
    }
}

TEST_CASE("json schemas: recover's plan and its failure") {
    TempDir state("itest-state");
    using namespace journal_fixture;
    std::ofstream(state / "journal.json")
        << journal("detach", demo_uri(), "0000:19:00.0",
                   {step({"detach", "reattach", "applied", "0000:19:00.0", "", "", "", 0, 0, "pci_0000_19_00_0"}),
                    step({"detach", "reattach", "pending", "0000:19:00.1", "", "", "", 0, 0, "pci_0000_19_00_1"})})
               .dump();
    check_cases({{"recover", {"--json", "recover", "--dry-run"}, 0, state.path.string()},
                 {"recover", {"-c", demo_uri(), "--json", "recover"}, 1, state.path.string()}});
}

TEST_CASE("json schemas: a real output that breaks the contract is rejected") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "show", "3e:00.0"});
    REQUIRE(run.exit_code == 0);
    const json good = json::parse(run.out);
    REQUIRE(validate("show", good.dump()).exit_code == 0);

    struct Mutation {
        std::string what;
        std::function<void(json&)> apply;
        std::string expected;  // in the validator's line
    };
    for (const auto& m : std::vector<Mutation>{
             {"viable as a string", [](json& j) { j["viable"] = "false"; }, "viable: 'false' is not of type"},
             {"a field dropped", [](json& j) { j["device"].erase("held_by"); }, "'held_by' is a required property"},
             {"an unknown reason code", [](json& j) { j["reasons"][0]["code"] = "busy"; }, "reasons/0/code"},
             {"held_by in pool's old shape", [](json& j) { j["device"]["held_by"] = json::array({"media-server"}); },
              "device/held_by/0"},
             {"a field no schema knows", [](json& j) { j["extra"] = 1; }, "'extra' was unexpected"},
             {"a malformed address", [](json& j) { j["device"]["address"] = "3e:00.0"; }, "device/address"},
         }) {
        CAPTURE(m.what);
        json bad = good;
        m.apply(bad);
        auto verdict = validate("show", bad.dump());
        CHECK(verdict.exit_code == 1);
        CHECK_MESSAGE(verdict.err.find(m.expected) != std::string::npos, verdict.err);
    }

    // A report without its fields, after a real run.
    auto failed = run_vpt({"-c", demo_uri(), "--json", "detach", "19:00.1", "--force"});
    json report = json::parse(failed.out);
    REQUIRE(validate("detach", report.dump()).exit_code == 0);
    report.erase("done");
    CHECK(validate("detach", report.dump()).exit_code == 1);
    // Not JSON at all.
    CHECK(validate("list", "{\"devices\": [").exit_code == 1);
}

TEST_CASE("json schemas: list, show and check on several hosts, one of them unreachable") {
    std::string demo = demo_uri();
    std::string small = fixture_host("small-host.xml");
    std::string root = std::string(VPT_FIXTURES) + "/sysfs/intel-ir";
    std::string none = "test:///nonexistent.xml";
    auto hosts = [](std::vector<std::string> uris, std::vector<std::string> args) {
        std::vector<std::string> all;
        for (const auto& uri : uris) all.insert(all.end(), {"-c", uri});
        all.insert(all.end(), args.begin(), args.end());
        all.push_back("--json");
        return all;
    };
    check_cases({
        {"list", hosts({demo, small}, {"list"})},
        {"list", hosts({demo, small, fixture_host("identity-host.xml")}, {"list", "--groups"})},
        {"list", hosts({demo, none, small}, {"list"}), 1},
        {"list", hosts({none, demo}, {"list", "--groups"}), 1},
        {"list", hosts({none, none}, {"list"}), 3},
        {"show", hosts({demo, small}, {"show", "18:00.0"})},
        {"show", hosts({demo, none, small}, {"show", "18:00"}), 1},
        {"show", hosts({small, small}, {"show", "7f:00.0"}), 1},
        {"check", hosts({demo, small}, {"check", "--root", root})},
        {"check", hosts({demo, none}, {"check", "--root", root}), 1},
        {"check", hosts({demo, small}, {"check", "18:00.0", "--root", root})},
        // A URI naming a host: the remote path, its host checks "unknown".
        {"check", {"-c", "test+tcp://127.0.0.1:1/host.xml", "check", "--json"}, 1},
        {"check", hosts({demo, "test+tcp://127.0.0.1:1/host.xml"}, {"check", "--root", root}), 1},
    });

    // A host without its "error", or with devices and groups both, breaks the contract.
    auto run = run_vpt(hosts({demo, none}, {"list"}));
    json good = json::parse(run.out);
    REQUIRE(validate("list", good.dump()).exit_code == 0);
    json no_error = good;
    no_error["hosts"][0].erase("error");
    CHECK(validate("list", no_error.dump()).exit_code == 1);
    json both = good;
    both["hosts"][1]["groups"] = json::array();
    CHECK(validate("list", both.dump()).exit_code == 1);
}
