// vpt topo: the host's PCI tree, with IOMMU groups, drivers, holders and
// NUMA nodes, as text, Graphviz DOT or SVG.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/host_session.hpp"
#include "core/error.hpp"
#include "core/pci_tree.hpp"
#include "view/svg_render.hpp"
#include "view/terminal_width.hpp"
#include "view/topo_dot.hpp"
#include "view/topo_text.hpp"

namespace vpt {
namespace {

struct TopoOptions {
    std::string format = "text";
    std::string output;  // empty: stdout
};

// Refused before connecting: a missing directory is the user's typo, and
// nothing should be read for a file that cannot be written.
void check_output_path(const std::string& path) {
    if (path.empty()) return;
    auto directory = std::filesystem::path(path).parent_path();
    std::error_code error;
    if (!directory.empty() && !std::filesystem::is_directory(directory, error))
        throw bad_input("-o " + path + ": no such directory " + directory.string());
}

void write_output(const std::string& path, const std::string& text) {
    if (path.empty()) {
        std::cout << text;
        return;
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (file) file << text;
    if (!file || !file.flush()) throw refused("cannot write " + path + ": " + std::strerror(errno));
}

void run_topo(const GlobalOptions& global, const TopoOptions& options) {
    // A picture has no JSON form; the facts in it do, in list's.
    if (global.json) throw bad_input("topo has no JSON output: vpt --json list has the same facts");
    if (options.format == "svg" && !svg_available()) throw bad_input(render_svg("").error());
    check_output_path(options.output);
    HostSession session(global, Access::read_only);
    const auto& inventory = session.inventory();
    PciTree tree = build_pci_tree(inventory.devices());
    bool show_numa = reports_numa(inventory.devices());
    if (options.format == "text") {
        auto width = options.output.empty() ? terminal_width() : std::nullopt;
        write_output(options.output, topo_text(tree, inventory, show_numa, width));
        return;
    }
    std::string dot = topo_dot(tree, inventory, show_numa);
    if (options.format == "dot") {
        write_output(options.output, dot);
        return;
    }
    auto svg = render_svg(dot);
    if (!svg) throw refused(svg.error());
    write_output(options.output, *svg);
}

}  // namespace

void add_topo_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<TopoOptions>();
    auto* cmd = app.add_subcommand("topo", "Show the host's PCI tree: root complexes, ports, switches, bridges "
                                           "and endpoints, with IOMMU groups, drivers, holders and NUMA nodes");
    cmd->add_option("--format", options->format, "text (an indented tree, the default), dot (Graphviz) or svg")
        ->check(CLI::IsMember({"text", "dot", "svg"}));
    cmd->add_option("-o,--output", options->output, "Write to FILE instead of stdout")
        ->type_name("FILE")
        ->check(non_empty());
    cmd->footer("Examples:\n  vpt topo\n  vpt topo --format svg -o host.svg\n  vpt topo --format dot | dot -Tpng -o host.png");
    cmd->callback([&global, options] { run_topo(global, *options); });
}

}  // namespace vpt
