#include "host/kernel_cmdline.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "host/platform.hpp"

namespace vpt {

std::string normalise_name(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

namespace {

// The command that rebuilds GRUB's configuration on this distribution.
std::string grub_regeneration(const OsRelease& os) {
    if (os.is("debian") || os.is("ubuntu")) return "update-grub";
    if (os.is("arch")) return "grub-mkconfig -o /boot/grub/grub.cfg";
    if (os.is("suse") || os.is("opensuse")) return "grub2-mkconfig -o /boot/grub2/grub.cfg";
    return "update-grub (Debian, Ubuntu) or grub2-mkconfig -o /boot/grub2/grub.cfg (SUSE, older "
           "Fedora/RHEL)";
}

bool is_red_hat_family(const OsRelease& os) {
    return os.is("fedora") || os.is("rhel") || os.is("centos");
}

}  // namespace

KernelCmdline KernelCmdline::parse(std::string_view text) {
    KernelCmdline cmdline;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i >= text.size()) break;
        std::string token;
        bool quoted = false;
        for (; i < text.size(); ++i) {
            char c = text[i];
            if (c == '"') {
                quoted = !quoted;
                continue;
            }
            if (!quoted && std::isspace(static_cast<unsigned char>(c))) break;
            token += c;
        }
        if (token == "--") break;
        Param param;
        param.text = token;
        auto eq = token.find('=');
        param.name = normalise_name(token.substr(0, eq));
        if (eq != std::string::npos) param.value = token.substr(eq + 1);
        cmdline.params_.push_back(std::move(param));
    }
    return cmdline;
}

const KernelCmdline::Param* KernelCmdline::find(std::string_view name) const {
    std::string wanted = normalise_name(name);
    for (auto it = params_.rbegin(); it != params_.rend(); ++it)
        if (it->name == wanted) return &*it;
    return nullptr;
}

bool KernelCmdline::has(std::string_view name) const { return find(name) != nullptr; }

std::optional<std::string> KernelCmdline::value(std::string_view name) const {
    const Param* param = find(name);
    if (!param) return std::nullopt;
    return param->value.value_or("");
}

std::optional<std::string> KernelCmdline::written(std::string_view name) const {
    const Param* param = find(name);
    if (!param) return std::nullopt;
    return param->text;
}

KernelCmdline read_cmdline(const HostFs& fs) {
    auto text = fs.read_text("/proc/cmdline");
    return KernelCmdline::parse(text ? *text : "");
}

std::string kernel_param_fix(const HostFs& fs, ParamChange change, const std::string& params) {
    const bool add = change == ParamChange::add;
    OsRelease os = read_os_release(fs);
    bool has_grub = fs.exists("/etc/default/grub");
    bool has_kernel_cmdline = fs.exists("/etc/kernel/cmdline");
    bool has_kernelstub = fs.exists("/etc/kernelstub/configuration") || os.is("pop");

    std::string kernelstub = std::string("kernelstub ") + (add ? "-a" : "-d") + " \"" + params +
                             "\", and reboot";
    std::string systemd_boot =
        (add ? "add " + params + " to" : "remove " + params + " from") +
        std::string(" /etc/kernel/cmdline, run kernel-install add \"$(uname -r)\" "
                    "\"/boot/vmlinuz-$(uname -r)\" (Proxmox: proxmox-boot-tool refresh), and reboot");
    std::string grub;
    if (is_red_hat_family(os) && !has_kernel_cmdline)
        grub = std::string("run grubby --update-kernel=ALL ") + (add ? "--args" : "--remove-args") +
               "=\"" + params + "\" (it updates every boot entry and GRUB_CMDLINE_LINUX in "
               "/etc/default/grub), and reboot";
    else
        grub = (add ? "add " + params + " to" : "remove " + params + " from") +
               std::string(" GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, run ") +
               grub_regeneration(os) + ", and reboot";

    if (has_kernelstub)
        return kernelstub + "\n(GRUB: " + grub + ")";
    if (has_kernel_cmdline && !has_grub)
        return systemd_boot + "\n(GRUB: " + grub + ")";
    return grub + "\n(UEFI with systemd-boot: " + systemd_boot + "; Pop!_OS: " + kernelstub + ")";
}

}  // namespace vpt
