// The kernel command line (/proc/cmdline) and how to change it for good on
// this host: which file the boot loader reads and what regenerates it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/host_fs.hpp"

namespace vpt {

class KernelCmdline {
public:
    // Splits at spaces (double quotes group), stops at "--" (what follows
    // belongs to init). As the kernel does, '-' and '_' in names are the same.
    static KernelCmdline parse(std::string_view text);

    bool has(std::string_view name) const;
    // The value of the last occurrence; "" for a bare flag; nothing when absent.
    std::optional<std::string> value(std::string_view name) const;
    // The last occurrence as written: "pcie_acs_override=downstream,multifunction".
    std::optional<std::string> written(std::string_view name) const;

private:
    struct Param {
        std::string name;  // normalised: '-' becomes '_'
        std::optional<std::string> value;
        std::string text;  // as written
    };
    const Param* find(std::string_view name) const;

    std::vector<Param> params_;
};

// A parameter or module name with every '-' made '_': the kernel treats the
// two as the same ("vfio-pci" is the module vfio_pci).
std::string normalise_name(std::string_view name);

// /proc/cmdline; an empty command line when it cannot be read.
KernelCmdline read_cmdline(const HostFs& fs);

enum class ParamChange { add, remove };

// The exact steps that add (or remove) `params` on this host's kernel
// command line: the boot loader's file and its regeneration command for the
// distribution, then the UEFI variants (systemd-boot, kernelstub). Spans lines.
std::string kernel_param_fix(const HostFs& fs, ParamChange change, const std::string& params);

}  // namespace vpt
