#include <doctest/doctest.h>

#include <fstream>

#include "cli/host_list.hpp"
#include "core/error.hpp"
#include "temp_dir.hpp"

using namespace vpt;

TEST_CASE("host_label") {
    SUBCASE("the host name of a remote URI, without user and port") {
        CHECK(host_label("qemu+ssh://root@kvm1/system") == "kvm1");
        CHECK(host_label("qemu+ssh://kvm2.example.org/system?keyfile=/k") == "kvm2.example.org");
        CHECK(host_label("qemu+tcp://kvm3:16509/system") == "kvm3");
        CHECK(host_label("qemu+tls://admin@[fe80::1]:16514/system") == "fe80::1");
        CHECK(host_label("qemu://kvm4?no_verify=1") == "kvm4");
    }
    SUBCASE("a URI naming no host is shown whole") {
        CHECK(host_label("qemu:///system") == "qemu:///system");
        CHECK(host_label("test:///path/a.xml") == "test:///path/a.xml");
        CHECK(host_label("qemu+unix:///system?socket=/run/s") == "qemu+unix:///system?socket=/run/s");
        CHECK(host_label("") == "");
    }
}

TEST_CASE("parse_hosts_text") {
    SUBCASE("one URI a line, comments and blank lines ignored, order kept") {
        auto uris = parse_hosts_text("# the rack\n\nqemu+ssh://kvm1/system\n  qemu+ssh://kvm2/system  # spare\r\n"
                                     "\t\n#qemu+ssh://kvm9/system\ntest:///a.xml");
        REQUIRE(uris);
        CHECK(*uris == std::vector<std::string>{"qemu+ssh://kvm1/system", "qemu+ssh://kvm2/system", "test:///a.xml"});
    }
    SUBCASE("a '#' inside a word is kept") {
        auto uris = parse_hosts_text("test:///a#b.xml\n");
        REQUIRE(uris);
        CHECK(uris->front() == "test:///a#b.xml");
    }
    SUBCASE("two words on a line fail, naming the line") {
        auto uris = parse_hosts_text("qemu:///system\n\nqemu+ssh://a/system qemu+ssh://b/system\n");
        REQUIRE_FALSE(uris);
        CHECK(uris.error() == "line 3: one URI a line, not 'qemu+ssh://a/system qemu+ssh://b/system'");
    }
    SUBCASE("no URI at all fails") {
        for (const char* text : {"", "\n\n", "# only a comment\n"}) {
            CAPTURE(text);
            auto uris = parse_hosts_text(text);
            REQUIRE_FALSE(uris);
            CHECK(uris.error().starts_with("no URI in it"));
        }
    }
}

TEST_CASE("read_hosts_file") {
    vpt::test::TempDir dir("unit-hosts");
    SUBCASE("a file's URIs") {
        std::ofstream(dir / "hosts") << "# two\nqemu+ssh://kvm1/system\nqemu+ssh://kvm2/system\n";
        CHECK(read_hosts_file(dir / "hosts") ==
              std::vector<std::string>{"qemu+ssh://kvm1/system", "qemu+ssh://kvm2/system"});
    }
    SUBCASE("a missing file is bad input naming it") {
        std::string path = dir / "missing";
        try {
            read_hosts_file(path);
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == ExitCode::bad_input);
            CHECK(std::string(error.what()) == "--hosts " + path + ": No such file or directory");
        }
    }
    SUBCASE("bad text is bad input naming the file and line") {
        std::ofstream(dir / "hosts") << "a b\n";
        try {
            read_hosts_file(dir / "hosts");
            FAIL("no error");
        } catch (const Error& error) {
            CHECK(error.code() == ExitCode::bad_input);
            CHECK(std::string(error.what()).ends_with("hosts: line 1: one URI a line, not 'a b'"));
        }
    }
}
