#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "host/sriov.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::has_text;
using vpt::test::fixture;
using vpt::test::TempTree;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

const char* pf1_numvfs = "/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.1/sriov_numvfs";

}  // namespace

TEST_CASE("read_sriov_state: the PFs of the fixture tree") {
    auto fs = fixture("sriov");
    SUBCASE("82576 PF0: 4 of 7, in virtfn order") {
        auto state = read_sriov_state(fs, addr("03:00.0"));
        REQUIRE_MESSAGE(state, state.error());
        CHECK(state->total_vfs == 7);
        CHECK(state->current_vfs == 4);
        CHECK(state->drivers_autoprobe == true);
        CHECK(state->driver == "igb");
        CHECK(state->vfs == std::vector<PciAddress>{addr("03:10.0"), addr("03:10.2"), addr("03:10.4"),
                                                    addr("03:10.6")});
    }
    SUBCASE("XL710: 0 of 64, autoprobe off") {
        auto state = read_sriov_state(fs, addr("5e:00.0"));
        REQUIRE_MESSAGE(state, state.error());
        CHECK(state->total_vfs == 64);
        CHECK(state->current_vfs == 0);
        CHECK(state->drivers_autoprobe == false);
        CHECK(state->driver == "i40e");
        CHECK(state->vfs.empty());
    }
    SUBCASE("not a PF, a VF, no such device") {
        auto nvme = read_sriov_state(fs, addr("02:00.0"));
        REQUIRE_FALSE(nvme);
        CHECK(has_text(nvme.error(), "0000:02:00.0 is not an SR-IOV physical function"));
        auto vf = read_sriov_state(fs, addr("03:10.0"));
        REQUIRE_FALSE(vf);
        CHECK(has_text(vf.error(), "is a virtual function"));
        auto missing = read_sriov_state(fs, addr("99:00.0"));
        REQUIRE_FALSE(missing);
        CHECK(has_text(missing.error(), "no sysfs entry /sys/bus/pci/devices/0000:99:00.0"));
    }
    CHECK(sysfs_driver(fs, addr("03:10.0")) == "vfio-pci");
    CHECK(sysfs_driver(fs, addr("03:10.4")) == "igbvf");
    CHECK_FALSE(sysfs_driver(fs, addr("99:00.0")));
}

TEST_CASE("read_sriov_state: virtfn10 comes after virtfn9, and bad numbers fail") {
    TempTree tree;
    std::string pf = "/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0";
    tree.link("/sys/bus/pci/devices/0000:01:00.0", pf);
    tree.write(pf + "/sriov_totalvfs", "16\n");
    tree.write(pf + "/sriov_numvfs", "12\n");
    for (int i = 0; i < 12; ++i) {
        char vf[32];
        std::snprintf(vf, sizeof vf, "0000:01:%02x.%d", 0x10 + i / 8, i % 8);
        tree.link(pf + "/virtfn" + std::to_string(i), "/sys/devices/pci0000:00/0000:00:01.0/" + std::string(vf));
    }
    auto state = read_sriov_state(tree.fs(), addr("01:00.0"));
    REQUIRE_MESSAGE(state, state.error());
    REQUIRE(state->vfs.size() == 12);
    CHECK(state->vfs[9] == addr("01:11.1"));
    CHECK(state->vfs[10] == addr("01:11.2"));
    CHECK_FALSE(state->drivers_autoprobe);  // no such file: kernels before 4.12
    CHECK_FALSE(state->driver);

    tree.write(pf + "/sriov_numvfs", "twelve\n");
    auto bad = read_sriov_state(tree.fs(), addr("01:00.0"));
    REQUIRE_FALSE(bad);
    CHECK(has_text(bad.error(), "unexpected sriov_numvfs of 0000:01:00.0: 'twelve'"));
}

TEST_CASE("write_sriov_numvfs writes below the root and reads the value back") {
    TempTree tree("sriov");
    auto fs = tree.fs();
    auto written = write_sriov_numvfs(fs, addr("03:00.1"), 0);
    REQUIRE_MESSAGE(written, written.error());
    CHECK(*written == "/sys/bus/pci/devices/0000:03:00.1/sriov_numvfs");
    CHECK(file_text(tree.path / std::filesystem::path(pf1_numvfs).relative_path()) == "0\n");
    REQUIRE(write_sriov_numvfs(fs, addr("03:00.1"), 5));
    CHECK(read_sriov_state(fs, addr("03:00.1"))->current_vfs == 5);
    CHECK(sriov_numvfs_path(addr("03:00.1")) == "/sys/bus/pci/devices/0000:03:00.1/sriov_numvfs");

    SUBCASE("the attribute is never created") {
        auto nvme = write_sriov_numvfs(fs, addr("02:00.0"), 1);
        REQUIRE_FALSE(nvme);
        CHECK(nvme.error() == "cannot write 1 to /sys/bus/pci/devices/0000:02:00.0/sriov_numvfs: "
                              "No such file or directory");
        CHECK_FALSE(fs.exists("/sys/bus/pci/devices/0000:02:00.0/sriov_numvfs"));
    }
    SUBCASE("an address out of range never becomes a path") {
        PciAddress bad{0, 0x100, 0, 0};
        auto result = write_sriov_numvfs(fs, bad, 1);
        REQUIRE_FALSE(result);
        CHECK(has_text(result.error(), "invalid PCI address"));
        CHECK_FALSE(write_sriov_numvfs(fs, addr("03:00.1"), -1));
    }
    SUBCASE("the kernel's refusal comes with what it means") {
        if (!std::filesystem::exists("/dev/full")) return;
        tree.remove(pf1_numvfs);
        std::filesystem::create_symlink("/dev/full", tree.path / std::filesystem::path(pf1_numvfs).relative_path());
        auto full = write_sriov_numvfs(fs, addr("03:00.1"), 3);
        REQUIRE_FALSE(full);
        CHECK(has_text(full.error(), "cannot write 3 to /sys/bus/pci/devices/0000:03:00.1/sriov_numvfs: "));
        CHECK(has_text(full.error(), "not enough PCI resources"));
    }
    SUBCASE("a value that does not stick is a failure") {
        if (!std::filesystem::exists("/dev/null")) return;
        tree.remove(pf1_numvfs);
        std::filesystem::create_symlink("/dev/null", tree.path / std::filesystem::path(pf1_numvfs).relative_path());
        auto lost = write_sriov_numvfs(fs, addr("03:00.1"), 3);
        REQUIRE_FALSE(lost);
        CHECK(has_text(lost.error(), "wrote 3 to /sys/bus/pci/devices/0000:03:00.1/sriov_numvfs but it reads"));
    }
}

TEST_CASE("the persistent count: one udev rule file per PF") {
    auto pf = addr("03:00.1");
    CHECK(persist_rule_path(pf) == "/etc/udev/rules.d/70-vpt-sriov-0000:03:00.1.rules");
    std::string text = persist_rule_text(pf, 3);
    CHECK(has_text(text, "\nACTION==\"add|bind\", SUBSYSTEM==\"pci\", KERNEL==\"0000:03:00.1\", "
                         "ATTR{sriov_numvfs}=\"3\"\n"));
    // Every other line is a comment.
    std::istringstream lines(text);
    int rules = 0;
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] != '#') ++rules;
    CHECK(rules == 1);

    TempTree tree;  // no /etc at all: the directory is created
    auto fs = tree.fs();
    CHECK_FALSE(read_persisted_count(fs, pf));
    auto written = write_persist_rule(fs, pf, 3);
    REQUIRE_MESSAGE(written, written.error());
    CHECK(*written == persist_rule_path(pf));
    auto real = tree.path / "etc/udev/rules.d/70-vpt-sriov-0000:03:00.1.rules";
    CHECK(file_text(real) == text);
    struct stat info {};
    REQUIRE(::stat(real.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0644);
    CHECK(read_persisted_count(fs, pf) == 3);

    REQUIRE(write_persist_rule(fs, pf, 6));
    CHECK(read_persisted_count(fs, pf) == 6);
    CHECK(fs.list("/etc/udev/rules.d") == std::vector<std::string>{"70-vpt-sriov-0000:03:00.1.rules"});

    auto removed = remove_persist_rule(fs, pf);
    REQUIRE(removed);
    CHECK(*removed);
    CHECK_FALSE(read_persisted_count(fs, pf));
    auto again = remove_persist_rule(fs, pf);
    REQUIRE(again);
    CHECK_FALSE(*again);
}

TEST_CASE("read_persisted_count reads a hand-written rule of the same form") {
    TempTree tree;
    tree.write("/etc/udev/rules.d/70-vpt-sriov-0000:5e:00.0.rules",
               "KERNEL==\"0000:5e:00.0\", SUBSYSTEM==\"pci\", ATTR{sriov_numvfs}=\"16\"\n");
    CHECK(read_persisted_count(tree.fs(), addr("5e:00.0")) == 16);
    tree.write("/etc/udev/rules.d/70-vpt-sriov-0000:5e:00.0.rules", "# nothing\n");
    CHECK_FALSE(read_persisted_count(tree.fs(), addr("5e:00.0")));
}
