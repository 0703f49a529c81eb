#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "host/config_file.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::TempTree;
namespace stdfs = std::filesystem;

TEST_CASE("write_config_file never writes through a link planted in its directory") {
    TempTree tree;
    tree.write("/etc/modprobe.d/other.conf", "kept\n");
    tree.write("/victim", "secret\n");
    // The temporary name an earlier vpt used, planted as a link.
    stdfs::create_symlink(tree.path / "victim", tree.path / "etc/modprobe.d/.vpt.conf.tmp");

    auto written = write_config_file(tree.fs(), "/etc/modprobe.d/vpt.conf", "options vfio-pci ids=10de:2204\n");
    REQUIRE_MESSAGE(written, written.error());
    CHECK(*tree.fs().read_text("/etc/modprobe.d/vpt.conf") == "options vfio-pci ids=10de:2204");
    CHECK(*tree.fs().read_text("/victim") == "secret");
    // Nothing left behind but the file, the planted link and what was there.
    CHECK(tree.fs().list("/etc/modprobe.d") == std::vector<std::string>{".vpt.conf.tmp", "other.conf", "vpt.conf"});

    SUBCASE("the file itself a link: replaced, the target untouched") {
        stdfs::remove(tree.path / "etc/modprobe.d/vpt.conf");
        stdfs::create_symlink(tree.path / "victim", tree.path / "etc/modprobe.d/vpt.conf");
        REQUIRE(write_config_file(tree.fs(), "/etc/modprobe.d/vpt.conf", "new\n"));
        CHECK_FALSE(stdfs::is_symlink(tree.path / "etc/modprobe.d/vpt.conf"));
        CHECK(*tree.fs().read_text("/victim") == "secret");
    }
}

TEST_CASE("write_config_file refuses a directory others could write, or a link as the directory") {
    TempTree tree;
    tree.write("/etc/udev/rules.d/keep", "");
    SUBCASE("writable by others") {
        stdfs::permissions(tree.path / "etc/udev/rules.d", stdfs::perms::others_write, stdfs::perm_options::add);
        auto written = write_config_file(tree.fs(), "/etc/udev/rules.d/70-vpt.rules", "x\n");
        REQUIRE_FALSE(written);
        CHECK(written.error() == "cannot write /etc/udev/rules.d/70-vpt.rules: its directory /etc/udev/rules.d is "
                                 "writable by other users (vpt writes host files only where no one but root can)");
        CHECK_FALSE(stdfs::exists(tree.path / "etc/udev/rules.d/70-vpt.rules"));
    }
    SUBCASE("owned by another user") {
        if (::geteuid() != 0) return;  // only root can give a directory away
        REQUIRE(::chown((tree.path / "etc/udev/rules.d").c_str(), 65534, 65534) == 0);
        auto written = write_config_file(tree.fs(), "/etc/udev/rules.d/70-vpt.rules", "x\n");
        REQUIRE_FALSE(written);
        CHECK(written.error().find("is owned by uid 65534") != std::string::npos);
    }
    SUBCASE("not one it makes itself, whatever the umask") {
        mode_t before = ::umask(0002);
        auto written = write_config_file(tree.fs(), "/etc/dracut.conf.d/90-vpt.conf", "x\n");
        ::umask(before);
        REQUIRE_MESSAGE(written, written.error());
        struct stat info {};
        REQUIRE(::stat((tree.path / "etc/dracut.conf.d").c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0755);
    }
    SUBCASE("the directory a link") {
        tree.write("/elsewhere/keep", "");
        stdfs::remove_all(tree.path / "etc/udev/rules.d");
        stdfs::create_directory_symlink(tree.path / "elsewhere", tree.path / "etc/udev/rules.d");
        auto written = write_config_file(tree.fs(), "/etc/udev/rules.d/70-vpt.rules", "x\n");
        REQUIRE_FALSE(written);
        CHECK(written.error().find("symbolic link") != std::string::npos);
        CHECK_FALSE(stdfs::exists(tree.path / "elsewhere/70-vpt.rules"));
    }
}
