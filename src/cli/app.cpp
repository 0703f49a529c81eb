#include "cli/app.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/host_list.hpp"
#include "core/text_match.hpp"
#include "cli/version_info.hpp"
#include "core/command_text.hpp"
#include "core/error.hpp"
#include "core/text_escape.hpp"
#include "core/text_fields.hpp"
#include "core/text_list.hpp"
#include "virt/connection.hpp"
#include "virt/open_deadline.hpp"
#include "xml/xml_library.hpp"

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

// A name vpt does not know, as one error line: `message` quotes the user's
// word, `hint` is the suggestion or where to look.
struct UnknownName {
    std::string message;
    std::string hint;
};

// `vpt --version`, however late --json comes.
struct VersionRequested {};

bool listed(const std::string& group) { return !group.empty(); }  // group "": hidden

// "vpt", "vpt pool": how the user calls `cmd`.
std::string command_path(const CLI::App* cmd) {
    std::string path = cmd->get_name();
    for (const CLI::App* up = cmd->get_parent(); up; up = up->get_parent()) path = up->get_name() + " " + path;
    return path;
}

std::vector<std::string> subcommand_names(const CLI::App& cmd) {
    std::vector<std::string> names;
    for (const CLI::App* sub : cmd.get_subcommands([](const CLI::App*) { return true; }))
        if (!sub->get_name().empty() && !sub->get_disabled() && listed(sub->get_group()))
            names.push_back(sub->get_name());
    return names;
}

// The long options `cmd` takes, its own and, as global options may follow
// a command, those of the commands above it.
std::vector<std::string> long_option_names(const CLI::App& cmd) {
    std::vector<std::string> names;
    for (const CLI::App* app = &cmd; app; app = app->get_parent())
        for (const CLI::Option* opt : app->get_options())
            if (listed(opt->get_group()))
                for (const auto& name : opt->get_lnames()) names.push_back("--" + name);
    return names;
}

std::string see_help(const CLI::App& cmd) { return " (see " + command_path(&cmd) + " --help)"; }

// "vpt vfs [OPTIONS] PF [COUNT]": CLI11's usage line of `cmd`, without its label.
std::string usage_of(const CLI::App& cmd) {
    auto formatter = std::dynamic_pointer_cast<CLI::Formatter>(cmd.get_formatter());
    if (!formatter) return command_path(&cmd);
    std::string usage = formatter->make_usage(&cmd, command_path(&cmd));
    if (auto colon = usage.find(": "); colon != std::string::npos) usage.erase(0, colon + 2);
    return std::string(trimmed(usage));
}

// A parser error's hint: how the command the user got to is called.
std::string usage_hint(const CLI::App& cmd) {
    return " (usage: " + usage_of(cmd) + "; see " + command_path(&cmd) + " --help)";
}

// `vpt` or `vpt pool` alone: a command that needs a subcommand and got none.
bool lacks_subcommand(const CLI::App& cmd) {
    return cmd.get_require_subcommand_min() > 0 && cmd.get_subcommands().empty() && !subcommand_names(cmd).empty();
}

UnknownName unknown_command(const CLI::App& cmd, const std::string& word) {
    std::string prefix = cmd.get_parent() ? command_path(&cmd).substr(command_path(&cmd).find(' ') + 1) + " " : "";
    UnknownName error{"unknown command '" + prefix + word + "'", see_help(cmd)};
    if (auto near = nearest_name(word, subcommand_names(cmd))) error.hint = "; did you mean '" + prefix + *near + "'?";
    return error;
}

// The command the parse got to: vpt, vpt pool, vpt pool create.
CLI::App* deepest_command(CLI::App& app) {
    CLI::App* cmd = &app;
    while (!cmd->get_subcommands().empty()) cmd = cmd->get_subcommands().front();
    return cmd;
}

// After a failed parse: the first word CLI11 could place nowhere, named as
// an unknown command or option, with the nearest known one. None for other
// mistakes (a missing argument, a bad value, one word too many).
std::optional<UnknownName> unknown_name(CLI::App& app) {
    auto leftover = app.remaining(true);
    if (leftover.empty()) return std::nullopt;
    const std::string& word = leftover.front();
    CLI::App* cmd = deepest_command(app);
    if (word.rfind("--", 0) == 0 && word.size() > 2) {
        std::string name = word.substr(0, word.find('='));
        UnknownName error{"unknown option '" + name + "'", see_help(*cmd)};
        if (auto near = nearest_name(name, long_option_names(*cmd))) error.hint = "; did you mean '" + *near + "'?";
        return error;
    }
    if (word.empty() || word[0] == '-' || subcommand_names(*cmd).empty()) return std::nullopt;
    return unknown_command(*cmd, word);
}

// vpt help [COMMAND [SUBCOMMAND]]: what `vpt COMMAND SUBCOMMAND --help` prints.
void add_help_command(CLI::App& app) {
    auto words = std::make_shared<std::vector<std::string>>();
    auto* help = app.add_subcommand("help", "The same as vpt [COMMAND [SUBCOMMAND]] --help");
    help->add_option("COMMAND", *words, "A command, and a subcommand of it (vpt help pool create)");
    help->callback([&app, words] {
        CLI::App* cmd = &app;
        for (const auto& word : *words) {
            CLI::App* sub = nullptr;
            for (CLI::App* candidate : cmd->get_subcommands([](const CLI::App*) { return true; }))
                if (candidate->check_name(word) && !candidate->get_name().empty()) sub = candidate;
            if (!sub) throw unknown_command(*cmd, word);
            cmd = sub;
        }
        std::cout << cmd->get_formatter()->make_help(cmd, command_path(cmd), CLI::AppFormatMode::Normal);
    });
}

// The commands that read several hosts at once; `help` and the hidden
// `completion` take the global options but read no host.
bool reads_many_hosts(const std::string& command) {
    return command == "list" || command == "show" || command == "check" || command == "help" ||
           command == "completion";
}

// -c URI (each one given) then --hosts FILE's URIs: the first is the host
// every command acts on, the rest only list, show and check read.
void take_hosts(GlobalOptions& options, const std::vector<std::string>& connects, const std::string& hosts_file,
                CLI::App& app) {
    std::vector<std::string> uris = connects;
    if (!hosts_file.empty()) {
        auto more = read_hosts_file(hosts_file);
        uris.insert(uris.end(), more.begin(), more.end());
    }
    if (uris.empty()) return;
    options.uri = uris.front();
    options.more_uris.assign(uris.begin() + 1, uris.end());
    if (!options.many_hosts()) return;
    CLI::App* cmd = deepest_command(app);
    CLI::App* top = app.get_subcommands().empty() ? nullptr : app.get_subcommands().front();
    if (top && !reads_many_hosts(top->get_name()))
        throw bad_input(command_path(cmd).substr(4) + " acts on one host, not the " + std::to_string(uris.size()) +
                        " given with -c/--hosts (only list, show and check read several)");
}

}  // namespace

int run_cli(int argc, char** argv) {
    // Before any thread: list, show and check read several hosts at once.
    init_xml_library();
    GlobalOptions options;
    options.command_line = command_text(std::vector<std::string>(argv, argv + argc));
    if (argc > 1) options.args.assign(argv + 1, argv + argc);
    CLI::App app("vpt: safe PCI passthrough (VFIO) for KVM guests on a libvirt host", "vpt");
    bool version = false;
    app.add_flag("--version", version, "vpt's version and commit, libvirt's and its daemon's");
    app.require_subcommand(1);
    app.fallthrough();  // global options may follow the subcommand: vpt list --json
    std::vector<std::string> connects;
    std::string hosts_file;
    // Each -c takes one URI (CLI11 would let a list option swallow the
    // command after it); given again, list, show and check read every host.
    app.add_option("-c,--connect", connects,
                   "libvirt URI (default: $LIBVIRT_DEFAULT_URI, then libvirt's default); "
                   "list, show and check take it more than once")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->check(non_empty());
    app.add_option("--hosts", hosts_file,
                   "More hosts for list, show and check: a file of libvirt URIs, one a line ('#' comments)")
        ->check(non_empty());
    app.add_flag("--json", options.json, "Machine-readable JSON on stdout (fields: man vpt)");
    auto* verbose = app.add_flag("-v,--verbose", options.verbose, "Debug messages on stderr");
    app.add_flag("-q,--quiet", options.quiet, "Only errors on stderr")->excludes(verbose);
    app.add_option("--state-dir", options.state_dir,
                   "Where the journal and lock live (default: $VPT_STATE_DIR, then /var/lib/vpt)")
        ->check(non_empty());
    // unassign, recover and vfs have a --timeout of their own (how long to
    // wait for a guest or for libvirt to list VFs): after those commands the
    // word is theirs, so this one goes before the command there.
    app.add_option("--timeout", options.timeout_seconds,
                   "Seconds to wait for a libvirt daemon that does not answer, then exit 3 (0: wait for ever; "
                   "default 30); before the command for unassign, recover and vfs")
        ->check(CLI::Range(0, 86400));
    app.footer("Devices may be named 0000:01:00.0, 01:00.0, pci_0000_01_00_0, by a slot (01:00: its functions)\n"
               "or by vendor:device (10de:2204: every such device); vfs and pool create --pf also take a PF's\n"
               "interface (enp3s0f0).\n"
               "Exit codes: 0 success, 1 refused or failed, 2 bad usage or input, "
               "3 cannot connect to libvirt.\nSee vpt(1) for details.");

    add_check_command(app, options);
    add_list_command(app, options);
    add_show_command(app, options);
    add_topo_command(app, options);
    add_detach_command(app, options);
    add_reattach_command(app, options);
    add_reset_command(app, options);
    add_recover_command(app, options);
    add_assign_command(app, options);
    add_unassign_command(app, options);
    add_prepare_command(app, options);
    add_xml_command(app, options);
    add_verify_command(app, options);
    add_vfs_command(app, options);
    add_pool_command(app, options);
    add_help_command(app);
    add_completion_command(app, options);

    app.parse_complete_callback([&options, &version, &connects, &hosts_file, &app] {
        if (!connects.empty()) options.uri = connects.front();  // --version asks that daemon
        if (version) throw VersionRequested{};  // before any command runs
        setup_logging(options);
        set_libvirt_timeout(std::chrono::seconds(options.timeout_seconds));
        take_hosts(options, connects, hosts_file, app);
    });
    silence_libvirt_error_printing();
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const VersionRequested&) {
        print_version(options);
    } catch (const CLI::ParseError& e) {
        // `vpt --version` alone: the flag is taken before CLI11 asks for a command.
        if (version) {
            if (!connects.empty()) options.uri = connects.front();
            print_version(options);
            return static_cast<int>(ExitCode::ok);
        }
        auto unknown = unknown_name(app);
        CLI::App* cmd = deepest_command(app);
        if (unknown) {
            print_error(unknown->message, unknown->hint);
        } else if (lacks_subcommand(*cmd) && app.remaining(true).empty()) {
            // The help is what such a person wants; the one error line, still
            // on stderr, and the exit code tell a script it asked for nothing.
            std::cout << cmd->get_formatter()->make_help(cmd, command_path(cmd), CLI::AppFormatMode::Normal);
            print_error(cmd->get_parent() ? command_path(cmd).substr(4) + " needs a subcommand: " +
                                                join(subcommand_names(*cmd), ", ")
                                          : "give a command, such as list, show or assign (above)");
        } else {
            print_error(e.what(), usage_hint(*cmd));
        }
        return static_cast<int>(ExitCode::bad_input);
    } catch (const UnknownName& e) {
        print_error(e.message, e.hint);
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
