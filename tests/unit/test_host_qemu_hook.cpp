#include <doctest/doctest.h>

#include <sys/stat.h>

#include "host/qemu_hook.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::TempTree;
namespace stdfs = std::filesystem;

TEST_CASE("hook_script runs vpt only before a guest starts, and quotes the binary") {
    std::string script = hook_script("/opt/it's/vpt");
    CHECK(script.starts_with("#!/bin/sh\n"));
    CHECK(is_vpt_hook(script));
    CHECK(script.find("[ \"$2\" = prepare ] && [ \"$3\" = begin ] || exit 0\n") != std::string::npos);
    CHECK(script.find("exec '/opt/it'\\''s/vpt' verify --hook \"$1\"\n") != std::string::npos);
    CHECK_FALSE(is_vpt_hook("#!/bin/sh\necho someone else's hook\n"));
}

TEST_CASE("install_hook and remove_hook below a root") {
    TempTree tree;
    auto fs = tree.fs();
    auto script_path = tree.path / "etc/libvirt/hooks/qemu.d/vpt-verify";

    SUBCASE("a first hook: installed executable, the daemon must be restarted; idempotent; removed") {
        auto dry = install_hook(fs, "/usr/bin/vpt", true);
        REQUIRE(dry);
        CHECK(dry->change == HookChange::installed);
        CHECK(dry->summary() == "would install /etc/libvirt/hooks/qemu.d/vpt-verify");
        CHECK_FALSE(stdfs::exists(script_path));

        auto done = install_hook(fs, "/usr/bin/vpt", false);
        REQUIRE(done);
        CHECK(done->change == HookChange::installed);
        CHECK(done->restart_needed);
        REQUIRE(stdfs::exists(script_path));
        struct stat info {};
        REQUIRE(::stat(script_path.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0755);
        CHECK(*fs.read_head("/etc/libvirt/hooks/qemu.d/vpt-verify", 65536) == hook_script("/usr/bin/vpt"));

        CHECK(install_hook(fs, "/usr/bin/vpt", false)->change == HookChange::unchanged);
        CHECK(install_hook(fs, "/usr/local/bin/vpt", false)->change == HookChange::updated);

        CHECK(remove_hook(fs, true)->change == HookChange::removed);
        CHECK(stdfs::exists(script_path));
        CHECK(remove_hook(fs, false)->change == HookChange::removed);
        CHECK_FALSE(stdfs::exists(script_path));
        CHECK(remove_hook(fs, false)->change == HookChange::absent);
    }
    SUBCASE("an existing hooks/qemu stays untouched, and libvirt already watches the place") {
        tree.write("/etc/libvirt/hooks/qemu", "#!/bin/sh\nexit 0\n");
        auto done = install_hook(fs, "/usr/bin/vpt", false);
        REQUIRE(done);
        CHECK_FALSE(done->restart_needed);
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu") == "#!/bin/sh\nexit 0");
        REQUIRE(remove_hook(fs, false));
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu") == "#!/bin/sh\nexit 0");
    }
    SUBCASE("a file at vpt's path that is not vpt's is neither overwritten nor removed") {
        tree.write("/etc/libvirt/hooks/qemu.d/vpt-verify", "#!/bin/sh\necho mine\n");
        CHECK_FALSE(install_hook(fs, "/usr/bin/vpt", false));
        CHECK_FALSE(remove_hook(fs, false));
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu.d/vpt-verify") == "#!/bin/sh\necho mine");
    }
}
