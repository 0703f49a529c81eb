#include <doctest/doctest.h>

#include <CLI/CLI.hpp>
#include <stdexcept>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/completion_script.hpp"
#include "cli/completion_spec.hpp"
#include "cli/device_filter.hpp"
#include "core/error.hpp"

using vpt::CommandSpec;
using vpt::completion_specs;
using vpt::ValueKind;

namespace {

// A small vpt-like command line: globals, a command with a device and
// options, a hidden option and command, a nested command, options of a fixed
// set, vpt help, a PF, and topo, which refuses --json.
struct Sample {
    std::string uri, guest, root, name, format, rom_bar;
    std::vector<std::string> devices, words;
    bool json = false, dry_run = false;
    CLI::App app{"sample", "vpt"};

    Sample() {
        app.add_option("-c,--connect", uri, "URI");
        app.add_flag("--json", json, "JSON");
        auto* assign = app.add_subcommand("assign", "Assign");
        assign->add_option("GUEST", guest, "The guest");
        assign->add_option("DEV", devices, "Devices");
        assign->add_flag("--dry-run", dry_run, "Dry run");
        assign->add_option("--pool", name, "A pool");
        assign->add_option("--root", root, "Tests")->group("");
        app.add_subcommand("secret", "Hidden")->group("");
        auto* pool = app.add_subcommand("pool", "Pools");
        pool->add_subcommand("create", "Create")->add_option("NAME", name, "A new name");
        pool->add_subcommand("show", "Show")->add_option("POOL", name, "The pool");
        auto* topo = app.add_subcommand("topo", "Topology");
        topo->add_option("--format", format, "Format")->check(CLI::IsMember({"text", "dot", "svg"}));
        // A validator of no description before the set, a range after it.
        topo->add_option("--rom-bar", rom_bar, "ROM")
            ->check(CLI::Validator([](std::string&) { return std::string(); }, "", "plain"))
            ->check(CLI::IsMember({"on", "off"}))
            ->check(CLI::Range(0, 9));
        app.add_subcommand("vfs", "VFs")->add_option("PF", name, "A PF");
        app.add_subcommand("help", "Help")->add_option("COMMAND", words, "A command");
    }
};

const CommandSpec& spec_of(const std::vector<CommandSpec>& specs, const std::string& path) {
    for (const auto& spec : specs)
        if (spec.path == path) return spec;
    FAIL("no spec for '", path, "'");
    throw std::logic_error("unreachable");
}

const vpt::OptionSpec* option_of(const CommandSpec& spec, const std::string& name) {
    for (const auto& option : spec.options)
        for (const auto& n : option.names)
            if (n == name) return &option;
    return nullptr;
}

}  // namespace

TEST_CASE("completion specs: every listed command, parents first, hidden ones left out") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    std::vector<std::string> paths;
    for (const auto& spec : specs) paths.push_back(spec.path);
    CHECK(paths == std::vector<std::string>{"", "assign", "pool", "pool create", "pool show", "topo", "vfs", "help"});
    CHECK(spec_of(specs, "").subcommands == std::vector<std::string>{"assign", "pool", "topo", "vfs", "help"});
    CHECK(spec_of(specs, "pool").subcommands == std::vector<std::string>{"create", "show"});
}

TEST_CASE("completion specs: options, their values and kinds, the globals after a command's own") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    const auto& assign = spec_of(specs, "assign");
    REQUIRE(option_of(assign, "--dry-run"));
    CHECK_FALSE(option_of(assign, "--dry-run")->takes_value);
    REQUIRE(option_of(assign, "--pool"));
    CHECK(option_of(assign, "--pool")->takes_value);
    CHECK(option_of(assign, "--pool")->kind == ValueKind::pools);
    REQUIRE(option_of(assign, "--root"));
    CHECK_FALSE(option_of(assign, "--root")->listed);
    CHECK(option_of(assign, "--root")->takes_value);
    REQUIRE(option_of(assign, "-c"));  // global
    CHECK(option_of(assign, "-c")->takes_value);
    CHECK(option_of(assign, "--connect") == option_of(assign, "-c"));
    int helps = 0;
    for (const auto& option : assign.options)
        for (const auto& name : option.names) helps += name == "--help";
    CHECK(helps == 1);  // its own --help, not vpt's again
}

TEST_CASE("completion specs: a positional's kind is its name") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    const auto& assign = spec_of(specs, "assign");
    REQUIRE(assign.positionals.size() == 2);
    CHECK(assign.positionals[0].kind == ValueKind::guests);
    CHECK_FALSE(assign.positionals[0].repeats);
    CHECK(assign.positionals[1].kind == ValueKind::devices);
    CHECK(assign.positionals[1].repeats);
    CHECK(spec_of(specs, "pool create").positionals.at(0).kind == ValueKind::none);
    CHECK(spec_of(specs, "pool show").positionals.at(0).kind == ValueKind::pools);
}

TEST_CASE("completion specs: an argument of no known kind is refused, not completed to nothing") {
    Sample sample;
    std::string device;
    sample.app.add_subcommand("frob", "Frob")->add_option("DEVICE", device, "A device");
    CHECK_THROWS_WITH_AS(completion_specs(sample.app), doctest::Contains("DEVICE of vpt frob"), std::logic_error);
}

TEST_CASE("completion scripts carry the specs in one _vpt_spec case per command") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    for (const auto& script : {vpt::bash_completion_script(specs), vpt::zsh_completion_script(specs)}) {
        CHECK(script.find("    'assign')\n"
                          "        subcommands=''\n"
                          "        offered='--help -h --dry-run --pool --connect -c --json'\n"
                          "        value_options='--pool --root --connect -c'\n"
                          "        option_kinds='--pool:pools'\n"
                          "        positionals='guests devices...'\n") != std::string::npos);
        CHECK(script.find("    'pool create')") != std::string::npos);
        CHECK(script.find("secret") == std::string::npos);
    }
    CHECK(vpt::bash_completion_script(specs).find("complete -F _vpt vpt\n") != std::string::npos);
    CHECK(vpt::zsh_completion_script(specs).rfind("#compdef vpt\n", 0) == 0);
}

TEST_CASE("completion specs: an option of a fixed set has its values, read back from CLI11") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    const auto& topo = spec_of(specs, "topo");
    REQUIRE(option_of(topo, "--format"));
    CHECK(option_of(topo, "--format")->values == std::vector<std::string>{"text", "dot", "svg"});
    REQUIRE(option_of(topo, "--rom-bar"));
    CHECK(option_of(topo, "--rom-bar")->values == std::vector<std::string>{"on", "off"});
    CHECK(option_of(spec_of(specs, "assign"), "--pool")->values.empty());
    CHECK(option_of(topo, "--help")->values.empty());
}

TEST_CASE("completion specs: vpt help takes the command names, vfs a PF") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    const auto& help = spec_of(specs, "help");
    REQUIRE(help.positionals.size() == 1);
    CHECK(help.positionals[0].values == spec_of(specs, "").subcommands);
    CHECK(help.positionals[0].repeats);
    CHECK(spec_of(specs, "vfs").positionals.at(0).kind == ValueKind::pfs);
    CHECK(vpt::kind_name(ValueKind::pfs) == "pfs");
}

TEST_CASE("completion specs: a command does not offer a global option it refuses") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    CHECK_FALSE(option_of(spec_of(specs, "topo"), "--json"));
    CHECK(option_of(spec_of(specs, "topo"), "--connect"));
    CHECK(option_of(spec_of(specs, "assign"), "--json"));
    CHECK(option_of(spec_of(specs, ""), "--json"));
}

TEST_CASE("completion scripts write a fixed set as {a,b} where a host object's kind goes") {
    Sample sample;
    auto specs = completion_specs(sample.app);
    for (const auto& script : {vpt::bash_completion_script(specs), vpt::zsh_completion_script(specs)}) {
        CHECK(script.find("        option_kinds='--format:{text,dot,svg} --rom-bar:{on,off}'\n") != std::string::npos);
        CHECK(script.find("        positionals='{assign,pool,topo,vfs,help}...'\n") != std::string::npos);
        CHECK(script.find("        positionals='pfs'\n") != std::string::npos);
    }
}

TEST_CASE("completion scripts refuse a value they could not offer as it is") {
    for (const char* value : {"a b", "$(x)", "it's"}) {
        Sample sample;
        std::string mode;
        sample.app.add_subcommand("frob", "Frob")
            ->add_option("--mode", mode, "Mode")
            ->check(CLI::IsMember({"ok", value}));
        auto specs = completion_specs(sample.app);
        CAPTURE(value);
        CHECK_THROWS_AS(vpt::bash_completion_script(specs), std::logic_error);
    }
}

namespace {

// vpt's own commands, as run_cli defines them, with the global --json.
struct Vpt {
    vpt::GlobalOptions global;
    CLI::App app{"vpt", "vpt"};

    Vpt() {
        app.fallthrough();  // as run_cli: global options may follow the command
        app.add_flag("--json", global.json, "JSON");
        vpt::add_list_command(app, global);
        vpt::add_topo_command(app, global);
        vpt::add_assign_command(app, global);
        vpt::add_vfs_command(app, global);
    }
};

// Whether every validator of the option takes the value.
bool accepts(CLI::Option& option, std::string value) {
    for (int i = 0;; ++i) {
        CLI::Validator* validator = nullptr;
        try {
            validator = option.get_validator(i);
        } catch (const CLI::OptionNotFound&) {
            return true;
        }
        if (!(*validator)(value).empty()) return false;
    }
}

}  // namespace

TEST_CASE("completion specs of vpt's commands: the values each enumerated option takes") {
    Vpt vpt_cli;
    auto specs = completion_specs(vpt_cli.app);
    const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> expected = {
        {"topo", "--format", {"text", "dot", "svg"}},
        {"assign", "--rom-bar", {"on", "off"}},
        {"list", "--class", vpt::device_class_words()},
    };
    for (const auto& [path, name, values] : expected) {
        CAPTURE(path);
        CAPTURE(name);
        REQUIRE(option_of(spec_of(specs, path), name));
        CHECK(option_of(spec_of(specs, path), name)->values == values);
        CLI::Option* option = vpt_cli.app.get_subcommand(path)->get_option(name);
        for (const auto& value : values) CHECK_MESSAGE(accepts(*option, value), value);
    }
    CHECK(spec_of(specs, "vfs").positionals.at(0).kind == ValueKind::pfs);
}

TEST_CASE("completion of vpt list --class: the words offered are the parser's") {
    for (const auto& word : vpt::device_class_words()) CHECK_MESSAGE(vpt::parse_class_filter(word, {}), word);
    auto unknown = vpt::parse_class_filter("no-such-class", {});
    REQUIRE_FALSE(unknown);
    // The parser names its words in its refusal: "(use storage, ..., usb, or a hex ...".
    const auto& message = unknown.error();
    auto start = message.find("(use ");
    auto end = message.find(", or a hex");
    REQUIRE(start != std::string::npos);
    REQUIRE(end != std::string::npos);
    std::string listed;
    for (const auto& word : vpt::device_class_words()) listed += (listed.empty() ? "" : ", ") + word;
    CHECK(message.substr(start + 5, end - start - 5) == listed);
}

TEST_CASE("completion specs leave out only global options vpt's commands refuse") {
    for (const auto& [path, name] : vpt::refused_global_options()) {
        Vpt vpt_cli;
        CAPTURE(path);
        CHECK_THROWS_AS(vpt_cli.app.parse(path + " --" + name), vpt::Error);
        CHECK_FALSE(option_of(spec_of(completion_specs(vpt_cli.app), path), "--" + name));
        CHECK(option_of(spec_of(completion_specs(vpt_cli.app), "list"), "--" + name));
    }
}
