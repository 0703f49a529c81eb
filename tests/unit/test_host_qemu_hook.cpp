#include <doctest/doctest.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "host/daemon_reload.hpp"
#include "host/qemu_hook.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::TempDir;
using vpt::test::TempTree;
namespace stdfs = std::filesystem;

namespace {

std::string read_file(const stdfs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const stdfs::path& path, const std::string& text, stdfs::perms mode = stdfs::perms(0644)) {
    stdfs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    stdfs::permissions(path, mode);
}

// A stand-in for vpt that writes the arguments it was given, one a line.
stdfs::path fake_vpt(const TempDir& dir) {
    auto binary = dir.path / "bin" / "vpt";
    write_file(binary, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + (dir.path / "args").string() + "\n",
               stdfs::perms(0755));
    return binary;
}

struct ScriptRun {
    int status = -1;
    std::string err;
};

// Runs the hook script as libvirt does: GUEST OPERATION SUB-OPERATION EXTRA,
// the guest's XML on stdin.
ScriptRun run_script(const TempDir& dir, const std::string& script, const std::string& guest,
                     const std::string& operation, const std::string& xml, const std::string& audit = "") {
    write_file(dir.path / "hook", script, stdfs::perms(0755));
    write_file(dir.path / "guest.xml", xml);
    std::string command = "cd '" + dir.path.string() + "' && " + (audit.empty() ? "" : "VPT_AUDIT_FILE='" + audit + "' ") +
                          "./hook '" + guest + "' " + operation + " begin - < guest.xml 2> err";
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(dir.path / "err")};
}

const std::string with_records =
    "<domain type='kvm'><name>g</name><metadata>\n<vpt:identity xmlns:vpt='urn:vpt:identity:1'>"
    "<vpt:device address='0000:01:00.0' vendor='0x10de' device='0x2204'/></vpt:identity>\n</metadata></domain>";
const std::string without_records = "<domain type='kvm'><name>g</name>\n<devices/>\n</domain>";

// A process that waits for a signal, named `name` as /proc/PID/comm shows.
pid_t named_process(const char* name) {
    pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_NAME, name);
        for (;;) ::pause();
    }
    // Until the child has renamed itself, its comm is ours.
    for (int i = 0; i < 200; ++i) {
        if (read_file("/proc/" + std::to_string(pid) + "/comm") == std::string(name) + "\n") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return pid;
}

// How a child ended: at once if it has, else killed after two seconds (a
// test that fails must not hang on it).
int end_of(pid_t child) {
    int status = 0;
    for (int i = 0; i < 400; ++i) {
        if (::waitpid(child, &status, WNOHANG) == child) return status;
        ::usleep(5000);
    }
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    return status;
}

}  // namespace

TEST_CASE("hook_script runs vpt only before a guest starts, the guest's name after --, the binary quoted") {
    std::string script = hook_script("/opt/it's/vpt");
    CHECK(script.starts_with("#!/bin/sh\n"));
    CHECK(is_vpt_hook(script));
    CHECK(script.find("[ \"$2\" = prepare ] && [ \"$3\" = begin ] || exit 0\n") != std::string::npos);
    CHECK(script.find("exec '/opt/it'\\''s/vpt' verify --hook -- \"$1\"\n") != std::string::npos);
    CHECK_FALSE(is_vpt_hook("#!/bin/sh\necho someone else's hook\n"));

    SUBCASE("a guest named like an option reaches vpt as a name") {
        TempDir dir("hook-script");
        auto binary = fake_vpt(dir);
        auto run = run_script(dir, hook_script(binary.string()), "--help", "prepare", without_records);
        CHECK(run.status == 0);
        CHECK(read_file(dir.path / "args") == "verify\n--hook\n--\n--help\n");
    }
}

TEST_CASE("the hook with its vpt binary gone refuses a guest with records, and only such a guest") {
    TempDir dir("hook-script");
    std::string script = hook_script((dir.path / "gone" / "vpt").string());
    auto audit = (dir.path / "audit.log").string();

    auto refused = run_script(dir, script, "g", "prepare", with_records, audit);
    CHECK(refused.status == 1);
    CHECK(refused.err.find("vpt: refusing to start guest 'g': its devices cannot be checked: ") == 0);
    CHECK(refused.err.find("/gone/vpt is missing") != std::string::npos);
    CHECK(read_file(audit).find("event=end op=verify-hook target=g outcome=refused error=\"its devices cannot be "
                                "checked: ") == 0);

    CHECK(run_script(dir, script, "g", "prepare", without_records).status == 0);
    CHECK(run_script(dir, script, "g", "release", with_records).status == 0);  // other phases: nothing
}

TEST_CASE("install_hook and remove_hook below a root") {
    TempTree tree;
    auto fs = tree.fs();
    TempDir bin("hook-bin");
    std::string vpt = fake_vpt(bin).string();
    auto script_path = tree.path / "etc/libvirt/hooks/qemu.d/00-vpt-verify";

    SUBCASE("a first hook: installed executable; idempotent; removed") {
        auto dry = install_hook(fs, vpt, true);
        REQUIRE(dry);
        CHECK(dry->change == HookChange::installed);
        CHECK(dry->summary() == "would install /etc/libvirt/hooks/qemu.d/00-vpt-verify");
        CHECK_FALSE(stdfs::exists(script_path));

        auto done = install_hook(fs, vpt, false);
        REQUIRE(done);
        CHECK(done->change == HookChange::installed);
        REQUIRE(stdfs::exists(script_path));
        struct stat info {};
        REQUIRE(::stat(script_path.c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0755);
        CHECK(*fs.read_head("/etc/libvirt/hooks/qemu.d/00-vpt-verify", 65536) == hook_script(vpt));

        CHECK(install_hook(fs, vpt, false)->change == HookChange::unchanged);
        auto other = bin.path / "bin" / "vpt2";
        stdfs::copy_file(vpt, other);
        CHECK(install_hook(fs, other.string(), false)->change == HookChange::updated);

        CHECK(remove_hook(fs, true)->change == HookChange::removed);
        CHECK(stdfs::exists(script_path));
        CHECK(remove_hook(fs, false)->change == HookChange::removed);
        CHECK_FALSE(stdfs::exists(script_path));
        CHECK(remove_hook(fs, false)->change == HookChange::absent);
    }
    SUBCASE("an existing hooks/qemu stays untouched") {
        tree.write("/etc/libvirt/hooks/qemu", "#!/bin/sh\nexit 0\n");
        REQUIRE(install_hook(fs, vpt, false));
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu") == "#!/bin/sh\nexit 0");
        REQUIRE(remove_hook(fs, false));
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu") == "#!/bin/sh\nexit 0");
    }
    SUBCASE("a file at vpt's path that is not vpt's is neither overwritten nor removed") {
        tree.write("/etc/libvirt/hooks/qemu.d/00-vpt-verify", "#!/bin/sh\necho mine\n");
        CHECK_FALSE(install_hook(fs, vpt, false));
        CHECK_FALSE(remove_hook(fs, false));
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu.d/00-vpt-verify") == "#!/bin/sh\necho mine");
    }
}

TEST_CASE("vpt's script runs first in qemu.d, and replaces the one under its old name") {
    TempTree tree;
    auto fs = tree.fs();
    TempDir bin("hook-bin");
    std::string vpt = fake_vpt(bin).string();
    tree.write("/etc/libvirt/hooks/qemu.d/vpt-verify", hook_script("/usr/bin/vpt"));  // an older vpt's
    tree.write("/etc/libvirt/hooks/qemu.d/01-gpu-handover", "#!/bin/sh\nexit 0\n");
    tree.write("/etc/libvirt/hooks/qemu.d/10-hugepages", "#!/bin/sh\nexit 0\n");

    auto done = install_hook(fs, vpt, false);
    REQUIRE(done);
    CHECK(done->removed_old == std::optional<std::string>("/etc/libvirt/hooks/qemu.d/vpt-verify"));
    CHECK(done->summary() == "installed /etc/libvirt/hooks/qemu.d/00-vpt-verify; removed "
                             "/etc/libvirt/hooks/qemu.d/vpt-verify (its old name)");
    // libvirt sorts the names with strcmp: fs.list sorts the same way.
    auto names = fs.list("/etc/libvirt/hooks/qemu.d");
    CHECK(names == std::vector<std::string>{"00-vpt-verify", "01-gpu-handover", "10-hugepages"});

    SUBCASE("remove takes both names away, and nothing else") {
        tree.write("/etc/libvirt/hooks/qemu.d/vpt-verify", hook_script("/usr/bin/vpt"));
        auto removed = remove_hook(fs, false);
        REQUIRE(removed);
        CHECK(removed->summary() == "removed /etc/libvirt/hooks/qemu.d/00-vpt-verify and "
                                    "/etc/libvirt/hooks/qemu.d/vpt-verify");
        CHECK(fs.list("/etc/libvirt/hooks/qemu.d") == std::vector<std::string>{"01-gpu-handover", "10-hugepages"});
    }
    SUBCASE("a file of someone else's under the old name is left alone") {
        tree.write("/etc/libvirt/hooks/qemu.d/vpt-verify", "#!/bin/sh\necho mine\n");
        REQUIRE(install_hook(fs, vpt, false));
        CHECK(*fs.read_text("/etc/libvirt/hooks/qemu.d/vpt-verify") == "#!/bin/sh\necho mine");
    }
}

TEST_CASE("install_hook refuses a vpt binary others could replace, unless forced") {
    TempTree tree;
    auto fs = tree.fs();
    TempDir bin("hook-bin");
    auto vpt = fake_vpt(bin);
    auto script_path = tree.path / "etc/libvirt/hooks/qemu.d/00-vpt-verify";
    REQUIRE_FALSE(unsafe_hook_binary(vpt));

    SUBCASE("writable by others") {
        stdfs::permissions(vpt, stdfs::perms::others_write, stdfs::perm_options::add);
        auto refused = install_hook(fs, vpt.string(), false);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().find(vpt.string() + " is writable by other users") != std::string::npos);
        CHECK(refused.error().find("--force") != std::string::npos);
        CHECK_FALSE(stdfs::exists(script_path));
        CHECK(install_hook(fs, vpt.string(), false, true));
        CHECK(stdfs::exists(script_path));
    }
    SUBCASE("in a directory its group can write") {
        stdfs::permissions(vpt.parent_path(), stdfs::perms::group_write, stdfs::perm_options::add);
        auto refused = install_hook(fs, vpt.string(), false);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().find("its directory " + vpt.parent_path().string() + " is writable by other users") !=
              std::string::npos);
        CHECK_FALSE(stdfs::exists(script_path));
    }
    SUBCASE("owned by another user") {
        if (::geteuid() != 0) return;  // only root can give a file away
        REQUIRE(::chown(vpt.c_str(), 65534, 65534) == 0);
        auto refused = install_hook(fs, vpt.string(), false);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().find("is owned by uid 65534, not by root") != std::string::npos);
        CHECK_FALSE(stdfs::exists(script_path));
    }
}

TEST_CASE("reload_hook_daemons tells a running daemon to look for hooks again, and nothing else") {
    TempTree tree;
    pid_t daemon = named_process("virtqemud");
    pid_t stranger = named_process("sleeper");
    tree.write("/run/virtqemud.pid", std::to_string(daemon) + "\n");
    tree.write("/run/libvirtd.pid", std::to_string(stranger) + "\n");  // stale: names another process

    auto told = reload_hook_daemons(tree.fs());
    int status = end_of(daemon);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGHUP);
    // The stranger got nothing: it is still there.
    CHECK(::waitpid(stranger, &status, WNOHANG) == 0);
    ::kill(stranger, SIGKILL);
    ::waitpid(stranger, &status, 0);
    REQUIRE(told.size() == 1);
    CHECK(told[0].daemon == "virtqemud");
    CHECK(told[0].pid == daemon);
    CHECK_FALSE(told[0].error);

    CHECK(reload_hook_daemons(TempTree().fs()).empty());  // none running: none told
    CHECK(reload_command("virtqemud") == "systemctl reload virtqemud");
}
