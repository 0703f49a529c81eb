// Bad usage and bad input: one line on stderr, nothing on stdout, exit 2
// (a bare vpt or vpt pool prints its help too); an unreachable libvirt: exit 3.
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
    // every way to name a device
    for (const char* form : {"0000:01:00.0", "01:00.0,", "pci_0000_01_00_0", "slot (01:00", "vendor:device (10de:2204"})
        CHECK_MESSAGE(help.out.find(form) != std::string::npos, form);
}

TEST_CASE("bad usage exits 2 with one line on stderr") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"frobnicate"}, {"show"}, {"list", "--bogus"}, {"-v", "-q", "list"}}) {  // bare vpt: below
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

TEST_CASE("an explicit empty value is bad usage, not the default") {
    auto uri = demo_uri();
    struct Case {
        std::vector<std::string> args;
        std::string option;
    };
    for (const auto& c : std::vector<Case>{
             {{"-c", "", "list"}, "--connect"},
             {{"--state-dir", "", "-c", uri, "list"}, "--state-dir"},
             {{"-c", uri, "list", "--class", ""}, "--class"},
             {{"-c", uri, "list", "--driver", ""}, "--driver"},
             {{"-c", uri, "show", ""}, "DEV"},
             {{"-c", uri, "check", ""}, "DEV"},
             {{"-c", uri, "detach", "", "--dry-run"}, "DEV"},
             {{"-c", uri, "reattach", "", "--dry-run"}, "DEV"},
             {{"-c", uri, "assign", "", "19:00.0", "--dry-run"}, "GUEST"},
             {{"-c", uri, "assign", "ci-runner", "", "--dry-run"}, "DEV"},
             {{"-c", uri, "assign", "ci-runner", "--pool", "", "--dry-run"}, "--pool"},
             {{"-c", uri, "assign", "ci-runner", "19:00.0", "--rom-file", "", "--dry-run"}, "--rom-file"},
             {{"-c", uri, "assign", "ci-runner", "19:00.0", "--rom-bar", "", "--dry-run"}, "--rom-bar"},
             {{"-c", uri, "assign", "ci-runner", "19:00.0", "--guest-address", "", "--dry-run"}, "--guest-address"},
             {{"-c", uri, "assign", "ci-runner", "03:10.1", "--as-interface", "--mac", "", "--dry-run"}, "--mac"},
             {{"-c", uri, "assign", "ci-runner", "03:10.1", "--as-interface", "--virtualport", "", "--dry-run"},
              "--virtualport"},
             {{"-c", uri, "unassign", "", "19:00.0", "--dry-run"}, "GUEST"},
             {{"-c", uri, "unassign", "media-server", "", "--dry-run"}, "DEV"},
             {{"-c", uri, "prepare", "", "--dry-run"}, "GUEST"},
             {{"-c", uri, "vfs", ""}, "PF"},
             {{"-c", uri, "pool", "create", "", "--pf", "enp3s0f0", "--dry-run"}, "NAME"},
             {{"-c", uri, "pool", "create", "p", "--pf", "", "--dry-run"}, "--pf"},
             {{"-c", uri, "pool", "create", "p", "--vf", "", "--dry-run"}, "--vf"},
             {{"-c", uri, "pool", "show", ""}, "POOL"},
             {{"-c", uri, "pool", "delete", "", "--dry-run"}, "POOL"},
             {{"-c", uri, "xml", "hostdev", ""}, "DEV"},
             {{"-c", uri, "xml", "interface", "03:10.4", "--mac", ""}, "--mac"},
             {{"-c", uri, "xml", "interface", "03:10.4", "--virtualport", ""}, "--virtualport"},
             {{"-c", uri, "xml", "interface", "03:10.4", "--virtualport", "802.1Qbh", "--virtualport-param", ""},
              "--virtualport-param"},
             {{"-c", uri, "xml", "pool", "", "--pf", "enp3s0f0"}, "NAME"},
             {{"-c", uri, "xml", "pool", "p", "--pf", ""}, "--pf"},
             {{"-c", uri, "xml", "pool", "p", "--vf", ""}, "--vf"}}) {
        CAPTURE(c.args);
        auto run = run_vpt(c.args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK_MESSAGE(run.err.find(c.option + ": empty value") != std::string::npos, run.err);
    }
}

TEST_CASE("an option that does not apply is bad usage, not ignored") {
    auto uri = demo_uri();
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"19:00.0", "--mac", "52:54:00:00:00:01"}, "--mac requires --as-interface or --pool"},
             {{"19:00.0", "--vlan", "7"}, "--vlan requires --as-interface or --pool"},
             {{"19:00.0", "--virtualport", "802.1Qbh"}, "--virtualport requires --as-interface"},
             {{"19:00.0", "--virtualport-param", "profileid=x"}, "--virtualport-param requires --as-interface"},
             {{"03:10.1", "--as-interface", "--rom-bar", "off"}, "excludes --rom-bar"},
             {{"03:10.1", "--as-interface", "--rom-file", "/x.rom"}, "excludes --rom-file"},
             {{"--pool", "sriov-pool", "--as-interface"}, "excludes --as-interface"},
             {{"--pool", "sriov-pool", "--rom-file", "/x.rom"}, "excludes --rom-file"},
             {{"--pool", "sriov-pool", "--rom-bar", "on"}, "excludes --rom-bar"},
             {{"--pool", "sriov-pool", "--boot-order", "1"}, "excludes --boot-order"},
             {{"--pool", "sriov-pool", "--guest-address", "00:05.0"}, "excludes --guest-address"},
             {{"--pool", "sriov-pool", "--unmanaged"}, "excludes --unmanaged"},
             {{"--pool", "sriov-pool", "--with-group"}, "excludes --with-group"},
             {{"--pool", "sriov-pool", "--no-companions"}, "excludes --no-companions"},
             {{"--pool", "sriov-pool", "--force"}, "excludes --force"},
             {{"--pool", "sriov-pool", "--virtualport", "802.1Qbh"}, "requires --as-interface"}}) {
        CAPTURE(c.args);
        std::vector<std::string> args = {"-c", uri, "assign", "ci-runner", "--dry-run"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        auto run = run_vpt(args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK_MESSAGE(run.err.find(c.expected) != std::string::npos, run.err);
    }
    // Where they apply they are taken: a pool VF with a MAC and a VLAN, and a
    // VF as an interface (refused only because the demo host's VFs are pooled).
    auto pool = run_vpt({"-c", uri, "assign", "ci-runner", "--dry-run", "--pool", "sriov-pool", "--mac",
                         "52:54:00:00:00:01", "--vlan", "7"});
    CHECK_MESSAGE(pool.exit_code == 0, pool.err);
    CHECK(pool.out.find("<mac address='52:54:00:00:00:01'/>") != std::string::npos);
    auto vf = run_vpt({"-c", uri, "assign", "ci-runner", "03:10.1", "--dry-run", "--as-interface", "--mac",
                       "52:54:00:00:00:01", "--vlan", "7", "--boot-order", "1"});
    CHECK(vf.exit_code == 1);
    CHECK(vf.err.find("--pool sriov-pool-pf1") != std::string::npos);
}

TEST_CASE("numbers are decimal: a leading zero is not octal, 0x is refused") {
    auto uri = demo_uri();
    auto vlan = run_vpt({"-c", uri, "xml", "interface", "03:10.4", "--vlan", "010"});
    CHECK_MESSAGE(vlan.exit_code == 0, vlan.err);
    CHECK(vlan.out.find("<tag id='10'/>") != std::string::npos);
    auto boot = run_vpt({"-c", uri, "xml", "hostdev", "19:00.0", "--boot-order", "0007"});
    CHECK(boot.out.find("<boot order='7'/>") != std::string::npos);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"xml", "interface", "03:10.4", "--vlan", "0x10"},
             {"xml", "hostdev", "19:00.0", "--boot-order", "+1"},
             {"prepare", "ci-runner", "--root-ports", "1e1", "--dry-run"},
             {"vfs", "03:00.1", "0b11", "--dry-run"},
             {"detach", "19:00.0", "--wait", " 5", "--dry-run"}}) {
        CAPTURE(args.size());
        std::vector<std::string> full = {"-c", uri};
        full.insert(full.end(), args.begin(), args.end());
        auto run = run_vpt(full);
        CHECK(run.exit_code == 2);
        CHECK(line_count(run.err) == 1);
        CHECK_MESSAGE(run.err.find("is not a decimal number") != std::string::npos, run.err);
    }
}

TEST_CASE("a mistyped command, subcommand or option names the nearest one") {
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"lst"}, "vpt: unknown command 'lst'; did you mean 'list'?\n"},
             {{"shwo", "01:00.0"}, "vpt: unknown command 'shwo'; did you mean 'show'?\n"},
             {{"pool", "lsit"}, "vpt: unknown command 'pool lsit'; did you mean 'pool list'?\n"},
             {{"xml", "hostdve", "19:00.0"}, "vpt: unknown command 'xml hostdve'; did you mean 'xml hostdev'?\n"},
             {{"list", "--grups"}, "vpt: unknown option '--grups'; did you mean '--groups'?\n"},
             {{"list", "--clas=gpu"}, "vpt: unknown option '--clas'; did you mean '--class'?\n"},
             {{"list", "--jsno"}, "vpt: unknown option '--jsno'; did you mean '--json'?\n"},
             {{"--conect", "test:///default", "list"}, "vpt: unknown option '--conect'; did you mean '--connect'?\n"},
             {{"help", "lst"}, "vpt: unknown command 'lst'; did you mean 'list'?\n"},
             {{"help", "pool", "crate"}, "vpt: unknown command 'pool crate'; did you mean 'pool create'?\n"}}) {
        CAPTURE(c.args);
        auto run = run_vpt(c.args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(run.err == c.expected);
    }
}

TEST_CASE("a command that needs a subcommand, given none, prints its help and one error line") {
    struct Case {
        std::vector<std::string> args;
        std::string error;
    };
    for (const auto& c : std::vector<Case>{
             {{}, "vpt: give a command, such as list, show or assign (above)\n"},
             {{"pool"}, "vpt: pool needs a subcommand: create, list, show, delete\n"},
             {{"xml"}, "vpt: xml needs a subcommand: hostdev, interface, pool\n"}}) {
        CAPTURE(c.args);
        auto run = run_vpt(c.args);
        std::vector<std::string> help_args = c.args;
        help_args.push_back("--help");
        CHECK(run.exit_code == 2);
        CHECK(run.err == c.error);
        CHECK(run.out == run_vpt(help_args).out);
    }
}

TEST_CASE("a parser error names the usage of the command it is about") {
    auto run = run_vpt({"vfs", "03:00.0", "1", "2"});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err == "vpt: The following argument was not expected: 2 (usage: vpt vfs [OPTIONS] PF [COUNT]; see vpt vfs --help)\n");
}

TEST_CASE("a name nothing is close to gets no suggestion") {
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"frobnicate"}, "vpt: unknown command 'frobnicate' (see vpt --help)\n"},
             {{"pool", "zzz"}, "vpt: unknown command 'pool zzz' (see vpt pool --help)\n"},
             {{"list", "--bogus"}, "vpt: unknown option '--bogus' (see vpt list --help)\n"},
             {{"help", "frobnicate"}, "vpt: unknown command 'frobnicate' (see vpt --help)\n"}}) {
        CAPTURE(c.args);
        auto run = run_vpt(c.args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(run.err == c.expected);
    }
}

TEST_CASE("vpt help COMMAND prints what COMMAND --help prints") {
    for (const auto& command : std::vector<std::vector<std::string>>{{}, {"list"}, {"pool"}, {"pool", "create"}}) {
        CAPTURE(command);
        std::vector<std::string> help_args = {"help"};
        help_args.insert(help_args.end(), command.begin(), command.end());
        std::vector<std::string> flag_args = command;
        flag_args.push_back("--help");
        auto help = run_vpt(help_args);
        auto flag = run_vpt(flag_args);
        CHECK(help.exit_code == 0);
        CHECK(flag.exit_code == 0);
        CHECK(help.err.empty());
        CHECK_FALSE(help.out.empty());
        CHECK(help.out == flag.out);
    }
    CHECK(run_vpt({"help", "list"}).out.find("--groups") != std::string::npos);
    CHECK(run_vpt({"help"}).out.find("help") != std::string::npos);  // listed among the commands
}

TEST_CASE("--version names vpt's commit, libvirt and the daemon") {
    auto run = run_vpt({"--version"});
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
    CHECK(run.out.rfind("vpt ", 0) == 0);
    CHECK(run.out.find("\ncommit: ") != std::string::npos);
    CHECK(run.out.find("\nlibvirt: ") != std::string::npos);
    CHECK(run.out.find("\ndaemon: ") != std::string::npos);
    CHECK(line_count(run.out) == 4);

    auto test_driver = run_vpt({"-c", demo_uri(), "--version"});
    CHECK(test_driver.exit_code == 0);
    CHECK_MESSAGE(test_driver.out.find("\ndaemon: libvirt ") != std::string::npos, test_driver.out);
    CHECK(test_driver.out.find("daemon: not connected") == std::string::npos);

    auto unreachable = run_vpt({"-c", "test:///nonexistent/host.xml", "--version"});
    CHECK(unreachable.exit_code == 0);
    CHECK(unreachable.err.empty());
    CHECK_MESSAGE(unreachable.out.find("\ndaemon: not connected (") != std::string::npos, unreachable.out);

    // After a command the flag still only prints the version: nothing runs.
    auto after = run_vpt({"-c", demo_uri(), "list", "--version"});
    CHECK(after.exit_code == 0);
    CHECK(after.out == test_driver.out);
}

TEST_CASE("--version --json is one object with the same facts") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"-c", demo_uri(), "--version", "--json"},
                                                                  {"--json", "-c", demo_uri(), "--version"}}) {
        auto run = run_vpt(args);
        CHECK(run.exit_code == 0);
        CHECK(run.out.rfind("{\n  \"vpt\": \"", 0) == 0);
        CHECK(run.out.find("\"commit\": \"") != std::string::npos);
        CHECK(run.out.find("\"libvirt\": \"") != std::string::npos);
        CHECK_MESSAGE(run.out.find("\"connected\": true") != std::string::npos, run.out);
        CHECK(run.out.find("\"version\": \"") != std::string::npos);
    }
    auto unreachable = run_vpt({"-c", "test:///nonexistent/host.xml", "--version", "--json"});
    CHECK(unreachable.out.find("\"connected\": false") != std::string::npos);
    CHECK(unreachable.out.find("\"reason\": \"") != std::string::npos);
}
