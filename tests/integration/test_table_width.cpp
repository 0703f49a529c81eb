// Tables fit the terminal (COLUMNS here: the output is a pipe), in
// characters; -o/--output and --noheadings pick what is shown.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "run_vpt.hpp"

namespace {

size_t characters(const std::string& line) {
    size_t n = 0;
    for (unsigned char c : line) n += (c & 0xc0) != 0x80;
    return n;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

size_t widest_line(const std::string& text) {
    size_t widest = 0;
    for (const auto& line : lines_of(text)) widest = std::max(widest, characters(line));
    return widest;
}

std::vector<std::string> demo_addresses() {
    auto run = run_vpt({"-c", demo_uri(), "--json", "list"});
    REQUIRE(run.exit_code == 0);
    std::vector<std::string> addresses;
    auto listed = nlohmann::json::parse(run.out);
    for (const auto& device : listed["devices"]) addresses.push_back(device["address"]);
    return addresses;
}

// Where `needle` starts in `line`, in characters.
size_t column_of(const std::string& line, const std::string& needle) {
    return characters(line.substr(0, line.find(needle)));
}

}  // namespace

TEST_CASE("COLUMNS=80: list, list --groups, vfs and pool list fit, every address whole") {
    auto addresses = demo_addresses();
    REQUIRE(addresses.size() == 38);
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"list"}, {"list", "--groups"}, {"vfs", "03:00.0"}, {"pool", "list"}}) {
        std::vector<std::string> args = {"-c", demo_uri()};
        args.insert(args.end(), command.begin(), command.end());
        auto run = run_vpt_with_columns(args, "80");
        CAPTURE(command.front());
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(widest_line(run.out) <= 80);
        if (command.front() == "list")
            for (const auto& address : addresses) CHECK_MESSAGE(run.out.find(address + " ") != std::string::npos, address);
    }
    SUBCASE("the product name gives way first, with an ellipsis") {
        auto run = run_vpt_with_columns({"-c", demo_uri(), "list"}, "170");
        CHECK(widest_line(run.out) <= 170);
        CHECK(run.out.find("…") != std::string::npos);
        CHECK(run.out.find("Ethernet controller") != std::string::npos);          // CLASS whole
        CHECK(run.out.find("media-server (placeholder, config)") != std::string::npos);  // HELD BY whole
        CHECK(run.out.find("Switch, 19 x 19mm FCBGA") == std::string::npos);      // DEVICE cut
    }
    SUBCASE("vfs: the PF's fields continue on a second line rather than being cut") {
        auto run = run_vpt_with_columns({"-c", demo_uri(), "vfs", "03:00.0"}, "60");
        CHECK(run.out.find("  VFs         4 of at most 7 (from libvirt: libvirt's test\n"
                           "              driver has no host sysfs)\n") != std::string::npos);
    }
    SUBCASE("a wide terminal changes nothing") {
        CHECK(run_vpt_with_columns({"-c", demo_uri(), "list"}, "1000").out == run_vpt({"-c", demo_uri(), "list"}).out);
    }
}

TEST_CASE("a narrow table keeps what matters: guest names whole, products before vendors, low-value columns left out") {
    auto header = [](const std::string& out) { return lines_of(out).front(); };
    for (const char* width : {"80", "120"}) {
        CAPTURE(width);
        for (const std::vector<std::string>& command : {std::vector<std::string>{"list"}, {"list", "--held"}}) {
            std::vector<std::string> args = {"-c", demo_uri()};
            args.insert(args.end(), command.begin(), command.end());
            auto run = run_vpt_with_columns(args, width);
            REQUIRE_MESSAGE(run.exit_code == 0, run.err);
            CHECK(widest_line(run.out) <= size_t(std::stoi(width)));
            for (const char* guest : {"nfv-router ", "gpu-workstation ", "media-server "})
                CHECK_MESSAGE(run.out.find(guest) != std::string::npos, guest);
            CHECK(run.out.find("ADDRESS ") != std::string::npos);
            CHECK(run.out.find("GROUP ") != std::string::npos);
        }
    }
    auto at_120 = run_vpt_with_columns({"-c", demo_uri(), "list"}, "120").out;
    CHECK(at_120.find("GA102 [GeForce RTX 3090]") != std::string::npos);  // the product, without "NVIDIA Corporation"
    CHECK(at_120.find("Intel Corpo") == std::string::npos);
    CHECK(header(at_120).find("IDS") != std::string::npos);  // kept longer than the class
    CHECK(header(at_120).find("CLASS") == std::string::npos);
    CHECK(header(at_120).find("NUMA") == std::string::npos);
    auto at_80 = run_vpt_with_columns({"-c", demo_uri(), "list", "--held"}, "80").out;
    CHECK(header(at_80) == "ADDRESS       DRIVER   GROUP  SR-IOV              HELD BY          DEVICE");
    // columns -o names are the user's: cut if need be, never left out
    auto chosen = run_vpt_with_columns({"-c", demo_uri(), "list", "-o", "address,ids,class,numa,device"}, "60").out;
    CHECK(header(chosen).find("NUMA") != std::string::npos);
    CHECK(header(chosen).find("CLASS") != std::string::npos);
}

TEST_CASE("a pipe without COLUMNS gets whole product names") {
    auto run = run_vpt({"-c", demo_uri(), "list"});
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find("PLX Technology, Inc. PEX 8724 24-Lane, 6-Port PCI Express Gen 3 (8 GT/s) Switch, 19 x 19mm "
                       "FCBGA\n") != std::string::npos);
    CHECK(run.out.find("…") == std::string::npos);
    CHECK(widest_line(run.out) > 200);
}

TEST_CASE("UTF-8 names are aligned by characters, and cut between characters") {
    std::string uri = fixture_host_uri("utf8-host.xml");
    auto run = run_vpt({"-c", uri, "list", "-o", "address,device,held-by"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto lines = lines_of(run.out);
    REQUIRE(lines.size() == 8);
    REQUIRE(run.out.find("NVIDIA Ünïcödé Corporation Gräfikkarte GP107 «GeForce» — Ti") != std::string::npos);
    size_t held_by = column_of(lines[0], "HELD BY");
    for (const auto& line : lines)
        if (line.find("vm-") != std::string::npos) CHECK_MESSAGE(column_of(line, "vm-") == held_by, line);

    // narrow, the product without its vendor, cut right after a two-byte character
    auto narrow = run_vpt_with_columns({"-c", uri, "list", "-o", "address,device"}, "34");
    REQUIRE(narrow.exit_code == 0);
    CHECK(widest_line(narrow.out) <= 34);
    CHECK(narrow.out.find("0000:01:00.0  Gräfikkarte GP107 «…\n") != std::string::npos);
}

TEST_CASE("-o/--output and --noheadings") {
    SUBCASE("list: the columns asked for, in that order, any case") {
        auto run = run_vpt({"-c", demo_uri(), "list", "-o", "device,Address,held-by", "--noheadings"});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        auto lines = lines_of(run.out);
        REQUIRE(lines.size() == 38);
        CHECK(lines[0].rfind("Intel Corporation Sky Lake-E DMI3 Registers", 0) == 0);
        CHECK(lines[0].find("0000:00:00.0") != std::string::npos);
        CHECK(run.out.find("ADDRESS") == std::string::npos);
    }
    SUBCASE("list --groups: every group's table") {
        auto run = run_vpt({"-c", demo_uri(), "list", "--groups", "--output", "address"});
        REQUIRE(run.exit_code == 0);
        CHECK(run.out.find("  ADDRESS\n  0000:00:00.0\n") != std::string::npos);
    }
    SUBCASE("the default columns are today's") {
        auto run = run_vpt({"-c", demo_uri(), "list"});
        CHECK(lines_of(run.out)[0] ==
              "ADDRESS       IDS        CLASS                           DRIVER   GROUP  NUMA  SR-IOV              NETDEV     "
              "HELD BY                             DEVICE");
    }
    SUBCASE("vfs and pool list") {
        auto vfs = run_vpt({"-c", demo_uri(), "vfs", "03:00.0", "-o", "address,held-by", "--noheadings"});
        REQUIRE_MESSAGE(vfs.exit_code == 0, vfs.err);
        CHECK(vfs.out.find("  0000:03:10.0  nfv-router (interface)\n") != std::string::npos);
        CHECK(vfs.out.find("MAC") == std::string::npos);
        auto pools = run_vpt({"-c", demo_uri(), "pool", "list", "-o", "name,used-by", "--noheadings"});
        REQUIRE_MESSAGE(pools.exit_code == 0, pools.err);
        CHECK(pools.out == "sriov-pool      web-frontend\nsriov-pool-pf1  -\n");
    }
    SUBCASE("an unknown column: exit 2, one line naming the valid ones") {
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"list", "-o", "address,vendor"}, {"list", "-o", "address,"},
              {"vfs", "03:00.0", "-o", "foo"}, {"pool", "list", "-o", "foo"}}) {
            std::vector<std::string> full = {"-c", demo_uri()};
            full.insert(full.end(), args.begin(), args.end());
            auto run = run_vpt(full);
            CAPTURE(args.front());
            CHECK(run.exit_code == 2);
            CHECK(run.out.empty());
            CHECK(line_count(run.err) == 1);
            CHECK(run.err.find("columns: ") != std::string::npos);
        }
        CHECK(run_vpt({"-c", demo_uri(), "list", "-o", "vendor"}).err.find("ADDRESS,IDS,CLASS,DRIVER,GROUP,NUMA,SR-IOV,NETDEV,HELD-BY,DEVICE") != std::string::npos);
    }
}
