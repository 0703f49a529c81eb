// list, show and check on several hosts at once (-c given more than once,
// --hosts FILE), each a test-driver host file read by the real vpt binary.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string unreachable = "test:///nonexistent.xml";

std::string small_uri() { return fixture_host_uri("small-host.xml"); }
std::string identity_uri() { return fixture_host_uri("identity-host.xml"); }

// The addresses `vpt list --json` shows for one host alone.
std::vector<std::string> addresses_alone(const std::string& uri) {
    auto run = run_vpt({"-c", uri, "list", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto out = json::parse(run.out);
    std::vector<std::string> found;
    for (const auto& device : out["devices"]) found.push_back(device["address"]);
    return found;
}

std::vector<std::string> addresses(const json& devices) {
    std::vector<std::string> out;
    for (const auto& device : devices) out.push_back(device["address"]);
    return out;
}

// The text lines of `text` that start with `prefix`.
size_t lines_starting(const std::string& text, const std::string& prefix) {
    size_t count = 0;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (text.compare(start, prefix.size(), prefix) == 0) ++count;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return count;
}

}  // namespace

TEST_CASE("list on two and three hosts: each host's devices, in the order given") {
    std::vector<std::vector<std::string>> uri_sets = {{demo_uri(), small_uri()},
                                                      {small_uri(), demo_uri(), identity_uri()}};
    for (const auto& uris : uri_sets) {
        std::vector<std::string> args;
        for (const auto& uri : uris) args.insert(args.end(), {"-c", uri});
        CAPTURE(uris.size());

        SUBCASE("json: {\"hosts\": [{uri, devices, error}]}, the devices as for one host") {
            args.insert(args.end(), {"list", "--json"});
            auto run = run_vpt(args);
            REQUIRE_MESSAGE(run.exit_code == 0, run.err);
            CHECK(run.err.empty());
            auto out = json::parse(run.out);
            REQUIRE(out.size() == 1);
            REQUIRE(out["hosts"].size() == uris.size());
            for (size_t i = 0; i < uris.size(); ++i) {
                const auto& host = out["hosts"][i];
                CHECK(host["uri"] == uris[i]);
                CHECK(host["error"].is_null());
                CHECK(addresses(host["devices"]) == addresses_alone(uris[i]));
            }
        }
        SUBCASE("text: one table with HOST first, every host's rows") {
            args.emplace_back("list");
            auto run = run_vpt(args);
            REQUIRE_MESSAGE(run.exit_code == 0, run.err);
            CHECK(run.out.starts_with("HOST "));
            size_t rows = 0;
            for (const auto& uri : uris) {
                // A test:/// URI names no host: its label is the whole URI.
                size_t mine = lines_starting(run.out, uri + " ");
                CHECK(mine == addresses_alone(uri).size());
                rows += mine;
            }
            CHECK(line_count(run.out) == rows + 1);
            CHECK(run.out.find(uris[0] + " ") < run.out.find(uris[1] + " "));
        }
    }
}

TEST_CASE("list on one host keeps its shape; -o may name HOST") {
    auto one = run_vpt({"-c", demo_uri(), "list", "--json"});
    REQUIRE(one.exit_code == 0);
    CHECK(json::parse(one.out).contains("devices"));
    auto text = run_vpt({"-c", demo_uri(), "list"});
    CHECK(text.out.starts_with("ADDRESS "));

    auto picked = run_vpt({"-c", demo_uri(), "-c", small_uri(), "list", "-o", "host,address", "--noheadings"});
    REQUIRE_MESSAGE(picked.exit_code == 0, picked.err);
    CHECK(lines_starting(picked.out, small_uri() + "  0000:") == addresses_alone(small_uri()).size());
    auto alone = run_vpt({"-c", small_uri(), "list", "-o", "host,address", "--noheadings"});
    CHECK(lines_starting(alone.out, small_uri() + "  0000:") == addresses_alone(small_uri()).size());
}

TEST_CASE("list --groups on several hosts: each host's groups under its URI") {
    auto run = run_vpt({"-c", demo_uri(), "-c", small_uri(), "list", "--groups", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto hosts = json::parse(run.out)["hosts"];
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[1]["groups"].size() > 0);
    CHECK(hosts[1]["error"].is_null());
    auto text = run_vpt({"-c", demo_uri(), "-c", small_uri(), "list", "--groups"});
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.starts_with("Host " + demo_uri() + ":\nIOMMU group 0"));
    CHECK(text.out.find("\nHost " + small_uri() + ":\n") != std::string::npos);
}

TEST_CASE("list with an unreachable host: the others shown, its error, exit 1") {
    auto run = run_vpt({"-c", demo_uri(), "-c", unreachable, "-c", small_uri(), "list", "--json"});
    CHECK(run.exit_code == 1);
    auto hosts = json::parse(run.out)["hosts"];
    REQUIRE(hosts.size() == 3);
    CHECK(addresses(hosts[0]["devices"]) == addresses_alone(demo_uri()));
    CHECK(hosts[1]["uri"] == unreachable);
    CHECK(hosts[1]["devices"] == json::array());
    REQUIRE(hosts[1]["error"].is_string());
    CHECK(hosts[1]["error"].get<std::string>().find("failed to parse xml document '/nonexistent.xml'") !=
          std::string::npos);
    CHECK(addresses(hosts[2]["devices"]) == addresses_alone(small_uri()));
    // One line naming the URI and libvirt's reason, one summing up; nothing else.
    CHECK(run.err ==
          "vpt: cannot connect to libvirt at '" + unreachable + "': XML error: failed to parse xml document "
          "'/nonexistent.xml'\nvpt: list on 3 hosts: 2 read, 1 unreachable\n");

    auto text = run_vpt({"-c", demo_uri(), "-c", unreachable, "list"});
    CHECK(text.exit_code == 1);
    CHECK(lines_starting(text.out, demo_uri() + " ") == addresses_alone(demo_uri()).size());
    CHECK(text.out.find("nonexistent") == std::string::npos);
}

TEST_CASE("list with no host reachable: exit 3") {
    auto run = run_vpt({"-c", unreachable, "-c", "test:///nonexistent-2.xml", "list", "--json"});
    CHECK(run.exit_code == 3);
    auto hosts = json::parse(run.out)["hosts"];
    REQUIRE(hosts.size() == 2);
    for (const auto& host : hosts) CHECK(host["error"].is_string());
    CHECK(lines_starting(run.err, "vpt: cannot connect to libvirt at 'test:///nonexistent") == 2);
}

TEST_CASE("--hosts FILE: its URIs after those of -c, comments and blank lines ignored") {
    vpt::test::TempDir dir("itest-hosts");
    std::ofstream(dir / "hosts") << "# the lab\n\n" << small_uri() << "   # seven devices\n  \n" << identity_uri() << "\n";
    auto run = run_vpt({"-c", demo_uri(), "--hosts", dir / "hosts", "list", "--json"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto hosts = json::parse(run.out)["hosts"];
    REQUIRE(hosts.size() == 3);
    CHECK(hosts[0]["uri"] == demo_uri());
    CHECK(hosts[1]["uri"] == small_uri());
    CHECK(hosts[2]["uri"] == identity_uri());
    CHECK(addresses(hosts[2]["devices"]) == addresses_alone(identity_uri()));

    SUBCASE("a file of one host alone is one host") {
        std::ofstream(dir / "one") << small_uri() << "\n";
        auto one = run_vpt({"list", "--json", "--hosts", dir / "one"});
        REQUIRE_MESSAGE(one.exit_code == 0, one.err);
        CHECK(addresses(json::parse(one.out)["devices"]) == addresses_alone(small_uri()));
    }
    SUBCASE("a missing or bad file: one line, exit 2") {
        std::ofstream(dir / "bad") << "test:///a.xml test:///b.xml\n";
        std::ofstream(dir / "empty") << "# nothing\n";
        for (const auto& [file, reason] : std::vector<std::pair<std::string, std::string>>{
                 {dir / "missing", "No such file or directory"},
                 {dir / "bad", "line 1: one URI a line"},
                 {dir / "empty", "no URI in it"}}) {
            CAPTURE(file);
            auto bad = run_vpt({"list", "--hosts", file});
            CHECK(bad.exit_code == 2);
            CHECK(bad.out.empty());
            CHECK(line_count(bad.err) == 1);
            CHECK(bad.err.find("vpt: --hosts " + file + ": " + reason) == 0);
        }
    }
}

TEST_CASE("show DEV on several hosts: shown where it is, each other host's error says it is not there") {
    auto run = run_vpt({"-c", demo_uri(), "-c", small_uri(), "show", "18:00.0", "--json"});
    CHECK_MESSAGE(run.exit_code == 0, run.err);
    auto hosts = json::parse(run.out)["hosts"];
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[0]["show"]["device"]["address"] == "0000:18:00.0");
    CHECK(hosts[0]["error"].is_null());
    CHECK(hosts[1]["show"].is_null());
    CHECK(hosts[1]["error"].get<std::string>().starts_with("unknown PCI device '18:00.0'"));
    CHECK(run.err.starts_with("vpt: " + small_uri() + ": unknown PCI device '18:00.0'"));

    SUBCASE("a selector gives each host's list") {
        auto slot = run_vpt({"-c", demo_uri(), "-c", demo_uri(), "show", "18:00", "--json"});
        REQUIRE_MESSAGE(slot.exit_code == 0, slot.err);
        auto hosts_of_slot = json::parse(slot.out)["hosts"];
        for (const auto& host : hosts_of_slot) CHECK(host["show"].size() == 2);
    }
    SUBCASE("text: each host's show under its URI") {
        auto text = run_vpt({"-c", demo_uri(), "-c", small_uri(), "show", "18:00.0"});
        CHECK(text.exit_code == 0);
        CHECK(text.out.starts_with("Host " + demo_uri() + ":\n0000:18:00.0  "));
        CHECK(text.out.find(small_uri()) == std::string::npos);
    }
    SUBCASE("no host has it: exit 1") {
        auto none = run_vpt({"-c", demo_uri(), "-c", small_uri(), "show", "7f:00.0", "--json"});
        CHECK(none.exit_code == 1);
        CHECK(lines_starting(none.err, "vpt: test://") == 2);
    }
    SUBCASE("an unreachable host: exit 1; only unreachable ones: exit 3") {
        CHECK(run_vpt({"-c", demo_uri(), "-c", unreachable, "show", "18:00.0"}).exit_code == 1);
        CHECK(run_vpt({"-c", unreachable, "-c", unreachable, "show", "18:00.0"}).exit_code == 3);
    }
}

TEST_CASE("check on several hosts: each host's report; an unreachable one is an error") {
    std::string root = std::string(VPT_FIXTURES) + "/sysfs/intel-ir";
    auto run = run_vpt({"-c", demo_uri(), "-c", small_uri(), "check", "--root", root, "--json"});
    CHECK_MESSAGE(run.exit_code == 0, run.err);
    auto hosts = json::parse(run.out)["hosts"];
    REQUIRE(hosts.size() == 2);
    for (const auto& host : hosts) {
        CHECK(host["ready"] == true);
        CHECK(host["checks"].size() > 10);
        CHECK(host["error"].is_null());
    }
    auto text = run_vpt({"-c", demo_uri(), "-c", small_uri(), "check", "--root", root});
    CHECK(lines_starting(text.out, "Host test://") == 2);
    CHECK(lines_starting(text.out, "Ready for PCI passthrough") == 2);

    auto bad = run_vpt({"-c", demo_uri(), "-c", unreachable, "check", "--root", root, "--json"});
    CHECK(bad.exit_code == 1);
    auto second = json::parse(bad.out)["hosts"][1];
    CHECK(second["ready"] == false);
    CHECK(second["error"].get<std::string>().starts_with("cannot connect to libvirt at '" + unreachable + "'"));
    CHECK(run_vpt({"-c", unreachable, "-c", unreachable, "check", "--root", root}).exit_code == 3);

    SUBCASE("check DEV: a host without it is an error") {
        auto dev = run_vpt({"-c", demo_uri(), "-c", small_uri(), "check", "18:00.0", "--root", root, "--json"});
        auto both = json::parse(dev.out)["hosts"];
        CHECK(both[0]["error"].is_null());
        CHECK(both[1]["checks"] == json::array());
        CHECK(both[1]["error"].get<std::string>().starts_with("unknown PCI device"));
    }
}

TEST_CASE("commands other than list, show and check take one host: exit 2, nothing done") {
    vpt::test::TempDir state("itest-state");
    vpt::test::TempDir dir("itest-hosts");
    std::ofstream(dir / "hosts") << small_uri() << "\n";
    std::vector<std::vector<std::string>> commands = {
        {"-c", demo_uri(), "-c", small_uri(), "detach", "01:00.0"},
        {"detach", "01:00.0", "-c", demo_uri(), "-c", small_uri()},
        {"-c", demo_uri(), "--hosts", dir / "hosts", "detach", "01:00.0"},
        {"-c", demo_uri(), "-c", small_uri(), "reattach", "01:00.0"},
        {"-c", demo_uri(), "-c", small_uri(), "assign", "web", "01:00.0"},
        {"-c", demo_uri(), "-c", small_uri(), "vfs", "03:00.0"},
        {"-c", demo_uri(), "-c", small_uri(), "pool", "list"},
        {"-c", demo_uri(), "-c", small_uri(), "xml", "hostdev", "01:00.0"},
        {"-c", demo_uri(), "-c", small_uri(), "verify"},
        {"-c", demo_uri(), "-c", small_uri(), "recover"},
    };
    for (const auto& args : commands) {
        CAPTURE(args);
        auto run = run_vpt(args, state.path.string());
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(run.err.find("acts on one host, not the 2 given with -c/--hosts") != std::string::npos);
    }
    // No lock taken, no journal, no audit line.
    CHECK(fs::is_empty(state.path));
}

TEST_CASE("list on several hosts in a narrow terminal: HOST is never shortened") {
    auto run = run_vpt_with_columns({"-c", demo_uri(), "-c", small_uri(), "list"}, "100");
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    // The long test:/// URIs are whole on every row; the product names gave way.
    CHECK(lines_starting(run.out, demo_uri() + " ") == addresses_alone(demo_uri()).size());
    CHECK(lines_starting(run.out, small_uri() + " ") == addresses_alone(small_uri()).size());
    CHECK(run.out.find("\u2026") != std::string::npos);
}
