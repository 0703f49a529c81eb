// Bad usage and bad input: one line on stderr, nothing on stdout, exit 2;
// an unreachable libvirt: exit 3.
#include <doctest/doctest.h>

#include "run_vpt.hpp"

TEST_CASE("help and version are not errors") {
    auto help = run_vpt({"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("list") != std::string::npos);
    CHECK(help.out.find("show") != std::string::npos);
    auto version = run_vpt({"--version"});
    CHECK(version.exit_code == 0);
    CHECK_FALSE(version.out.empty());
    CHECK(run_vpt({"show", "--help"}).out.find("01:00.0") != std::string::npos);
}

TEST_CASE("bad usage exits 2 with one line on stderr") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {}, {"frobnicate"}, {"show"}, {"list", "--bogus"}, {"-v", "-q", "list"}}) {
        CAPTURE(args.size());
        auto run = run_vpt(args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
    }
}

TEST_CASE("bad device names exit 2 with one clear line") {
    auto uri = demo_uri();
    struct Case {
        std::string device;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{{"zz:zz.z", "malformed PCI address"},
                                           {"00:20.0", "out of range"},
                                           {"0000:99:00.0", "unknown PCI device"},
                                           {"pci_dead_beef", "unknown PCI device"}}) {
        CAPTURE(c.device);
        auto run = run_vpt({"-c", uri, "show", c.device});
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(run.err.find(c.expected) != std::string::npos);
    }
}

TEST_CASE("a bad class filter exits 2") {
    auto run = run_vpt({"-c", demo_uri(), "list", "--class", "graphics"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("unknown device class") != std::string::npos);
}

TEST_CASE("an unreachable libvirt exits 3 naming the URI") {
    auto run = run_vpt({"-c", "test:///nonexistent/host.xml", "list"});
    CHECK(run.exit_code == 3);
    CHECK(run.out.empty());
    CHECK(line_count(run.err) == 1);
    CHECK(run.err.find("test:///nonexistent/host.xml") != std::string::npos);
}
