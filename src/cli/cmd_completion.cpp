// vpt completion bash|zsh: the shell completion script, written from the
// command definitions (run at build time to make the installed scripts).
// vpt completion --candidates devices|pfs|guests|pools: what a device, a
// physical function (SR-IOV), a guest or a pool argument can be, one per
// line, for those scripts. Hidden (group ""):
// users get the scripts from the package, not from --help.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/completion_script.hpp"
#include "cli/completion_spec.hpp"
#include "cli/completion_uri.hpp"
#include "virt/connection.hpp"
#include "virt/guest.hpp"
#include "virt/inventory_reader.hpp"

namespace vpt {
namespace {

std::vector<std::string> candidates(const std::string& uri, const std::string& kind) {
    Connection connection(uri, Access::read_only);
    std::vector<std::string> values;
    // Addresses from the devices' XML: a node device's name need not be its
    // address (pci_1002_73bf). A PF is a device libvirt reports with SR-IOV
    // capability of its own (a VF's is its PF's).
    if (kind == "devices" || kind == "pfs") {
        const HostState host = read_host_state(connection);  // named: devices() refers into it
        for (const auto& device : host.inventory.devices())
            if (kind == "devices" || (device.sriov && device.sriov->role == SriovInfo::Role::pf))
                values.push_back(device.address.str());
    } else if (kind == "guests") {
        values = guest_names(connection);
    } else {
        for (const auto& pool : read_host_state(connection).pools) values.push_back(pool.info.name);
    }
    std::sort(values.begin(), values.end());
    return values;
}

// A completion must never print into the user's command line: any failure
// (no libvirt, a bad URI, a half-typed one) is an empty list and exit 0.
// A URI completion may not open (one that runs a program) is not opened.
// A value with a control character is left out: a newline would make two
// candidates of it, and none can be typed as it is.
void print_candidates(const std::string& uri, const std::string& kind) {
    spdlog::set_level(spdlog::level::off);
    if (completion_refuses_uri(uri)) return;
    try {
        for (const auto& value : candidates(uri, kind))
            if (std::none_of(value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
                std::cout << value << '\n';
    } catch (const std::exception&) {
    }
}

}  // namespace

void add_completion_command(CLI::App& app, const GlobalOptions& global) {
    struct Options {
        std::string shell;
        std::string kind;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("completion", "Print the bash or zsh completion script")->group("");
    auto* shell = cmd->add_option("SHELL", options->shell, "bash or zsh")->check(CLI::IsMember({"bash", "zsh"}));
    cmd->add_option("--candidates", options->kind,
                    "Print the host's devices, physical functions, guests or pools, one per line")
        ->check(CLI::IsMember({"devices", "pfs", "guests", "pools"}))
        ->excludes(shell);
    cmd->callback([&app, &global, options] {
        if (!options->kind.empty()) return print_candidates(global.uri, options->kind);
        if (options->shell.empty()) throw CLI::RequiredError("SHELL or --candidates");
        auto specs = completion_specs(app);
        std::cout << (options->shell == "bash" ? bash_completion_script(specs) : zsh_completion_script(specs));
    });
}

}  // namespace vpt
