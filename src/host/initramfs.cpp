#include "host/initramfs.hpp"

#include <sstream>

#include "host/boot_binding.hpp"
#include "host/run_program.hpp"

namespace vpt {
namespace {

namespace fs = std::filesystem;

std::optional<fs::path> first_present(const HostFs& fs, std::initializer_list<const char*> paths) {
    for (const char* path : paths)
        if (fs.exists(path)) return fs::path(path);
    return std::nullopt;
}

const char* initramfs_tools_hook =
    "#!/bin/sh\n"
    "# Written by vpt: puts vfio-pci and the devices bound to it from boot on\n"
    "# (/etc/vpt/boot-bindings, /etc/modprobe.d/vpt-vfio-*.conf; an older vpt's\n"
    "# /etc/driverctl.d) into the initramfs, so that a host driver loaded there\n"
    "# cannot claim them first. vpt removes it with the last such binding\n"
    "# (vpt reattach DEV --persist).\n"
    "PREREQ=\"\"\n"
    "prereqs() { echo \"$PREREQ\"; }\n"
    "case \"$1\" in prereqs) prereqs; exit 0 ;; esac\n"
    ". /usr/share/initramfs-tools/hook-functions\n"
    "manual_add_modules vfio-pci\n"
    "for f in /etc/vpt/boot-bindings/pci-* /etc/modprobe.d/vpt-vfio-*.conf /etc/driverctl.d/pci-*; do\n"
    "    [ -f \"$f\" ] && copy_file config \"$f\"\n"
    "done\n"
    "exit 0\n";

const char* dracut_conf =
    "# Written by vpt: puts vfio-pci and the devices bound to it from boot on\n"
    "# (/etc/vpt/boot-bindings, /etc/modprobe.d/vpt-vfio-*.conf; an older vpt's\n"
    "# /etc/driverctl.d) into the initramfs, so that a host driver loaded there\n"
    "# cannot claim them first. vpt removes it with the last such binding\n"
    "# (vpt reattach DEV --persist).\n"
    "add_drivers+=\" vfio-pci \"\n"
    "install_items+=\" $(ls /etc/vpt/boot-bindings/pci-* /etc/modprobe.d/vpt-vfio-*.conf /etc/driverctl.d/pci-* "
    "2>/dev/null | tr '\\n' ' ') \"\n";

}  // namespace

std::string Initramfs::name() const {
    switch (tool) {
        case InitramfsTool::initramfs_tools: return "update-initramfs";
        case InitramfsTool::dracut: return "dracut";
        case InitramfsTool::none: break;
    }
    return "none";
}

std::vector<std::string> Initramfs::rebuild_command() const {
    if (tool == InitramfsTool::initramfs_tools) return {program.string(), "-u", "-k", "all"};
    if (tool == InitramfsTool::dracut) return {program.string(), "--regenerate-all", "-f"};
    return {};
}

fs::path Initramfs::hook_path() const {
    if (tool == InitramfsTool::dracut) return "/etc/dracut.conf.d/90-vpt-vfio.conf";
    return "/etc/initramfs-tools/hooks/vpt-vfio";
}

std::string Initramfs::hook_text() const { return tool == InitramfsTool::dracut ? dracut_conf : initramfs_tools_hook; }

unsigned Initramfs::hook_mode() const { return tool == InitramfsTool::dracut ? 0644 : 0755; }

Initramfs detect_initramfs(const HostFs& fs) {
    if (auto program = first_present(fs, {"/usr/sbin/update-initramfs", "/sbin/update-initramfs"}))
        return {InitramfsTool::initramfs_tools, *program};
    if (auto program = first_present(fs, {"/usr/bin/dracut", "/usr/sbin/dracut", "/sbin/dracut"}))
        return {InitramfsTool::dracut, *program};
    return {};
}

std::optional<Initramfs> initramfs_named(const HostFs& fs, const std::string& name) {
    Initramfs found = detect_initramfs(fs);
    if (found.tool != InitramfsTool::none && found.name() == name) return found;
    return std::nullopt;
}

Result<std::set<std::string>> initramfs_contents(const HostFs& fs, const Initramfs& initramfs) {
    if (!fs.is_live()) return Failure{"the initramfs is listed only on the live host"};
    auto release = fs.read_text("/proc/sys/kernel/osrelease");
    if (!release) return Failure{"cannot read the kernel release: " + release.error()};
    std::vector<std::string> command;
    if (initramfs.tool == InitramfsTool::initramfs_tools)
        command = {"/usr/bin/lsinitramfs", "/boot/initrd.img-" + *release};
    else if (initramfs.tool == InitramfsTool::dracut)
        command = {"/usr/bin/lsinitrd", "--kver", *release};
    else
        return Failure{"no initramfs tool"};
    ProgramOutput listed = run_program(command);
    if (!listed.succeeded()) return Failure{"cannot list the initramfs: " + listed.last_line()};
    std::set<std::string> contents;
    std::istringstream lines(listed.output);
    std::string line;
    while (std::getline(lines, line)) {
        // lsinitrd prints `ls -l` lines: the path is the last word.
        auto space = line.rfind(' ');
        std::string path = space == std::string::npos ? line : line.substr(space + 1);
        if (!path.empty()) contents.insert(path);
    }
    return contents;
}

bool initramfs_has_module(const std::set<std::string>& contents, const std::string& module) {
    const std::string wanted = module_name(module) + ".ko";
    for (const auto& path : contents) {
        std::string file = module_name(fs::path(path).filename().string());
        if (file == wanted || file.rfind(wanted + ".", 0) == 0) return true;
    }
    return false;
}

bool initramfs_has_file(const std::set<std::string>& contents, const fs::path& path) {
    std::string relative = path.relative_path().string();
    return contents.count(relative) > 0 || contents.count("./" + relative) > 0;
}

}  // namespace vpt
