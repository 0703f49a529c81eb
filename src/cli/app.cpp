#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/error.hpp"
#include "core/text_escape.hpp"
#include "virt/connection.hpp"

#ifndef VPT_VERSION
#define VPT_VERSION "0.0.0"
#endif

namespace vpt {
namespace {

void setup_logging(const GlobalOptions& options) {
    auto logger = spdlog::stderr_logger_mt("vpt");
    logger->set_pattern("vpt: %l: %v");
    logger->set_level(options.verbose ? spdlog::level::debug
                      : options.quiet ? spdlog::level::err
                                      : spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

// The one error line. A message may quote the user's input or libvirt's
// words, so it is escaped and cut here: a newline in a guest name must not
// forge a second line, nor a 100,000-character argument flood the terminal.
// `hint` is vpt's own text and is never cut.
void print_error(const std::string& message, const std::string& hint = "") {
    std::cerr << "vpt: " << error_line(message) << hint << '\n';
}

}  // namespace

int run_cli(int argc, char** argv) {
    GlobalOptions options;
    CLI::App app("vpt: safe PCI passthrough (VFIO) for KVM guests on a libvirt host", "vpt");
    app.set_version_flag("--version", VPT_VERSION);
    app.require_subcommand(1);
    app.fallthrough();  // global options may follow the subcommand: vpt list --json
    app.add_option("-c,--connect", options.uri,
                   "libvirt URI (default: $LIBVIRT_DEFAULT_URI, then libvirt's default)")
        ->check(non_empty());
    app.add_flag("--json", options.json, "Machine-readable JSON on stdout (fields: man vpt)");
    auto* verbose = app.add_flag("-v,--verbose", options.verbose, "Debug messages on stderr");
    app.add_flag("-q,--quiet", options.quiet, "Only errors on stderr")->excludes(verbose);
    app.add_option("--state-dir", options.state_dir,
                   "Where the journal and lock live (default: $VPT_STATE_DIR, then /var/lib/vpt)")
        ->check(non_empty());
    app.footer("Devices may be named pci_0000_01_00_0, 0000:01:00.0 or 01:00.0.\n"
               "Exit codes: 0 success, 1 refused or failed, 2 bad usage or input, "
               "3 cannot connect to libvirt.\nSee vpt(1) for details.");

    add_check_command(app, options);
    add_list_command(app, options);
    add_show_command(app, options);
    add_detach_command(app, options);
    add_reattach_command(app, options);
    add_recover_command(app, options);
    add_assign_command(app, options);
    add_unassign_command(app, options);
    add_prepare_command(app, options);
    add_xml_command(app, options);
    add_verify_command(app, options);
    add_vfs_command(app, options);
    add_pool_command(app, options);

    app.parse_complete_callback([&options] { setup_logging(options); });
    silence_libvirt_error_printing();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what(), " (see vpt --help)");
        return static_cast<int>(ExitCode::bad_input);
    } catch (const Error& e) {
        print_error(e.what());
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what());
        return static_cast<int>(ExitCode::failed);
    }
    return static_cast<int>(ExitCode::ok);
}

}  // namespace vpt
