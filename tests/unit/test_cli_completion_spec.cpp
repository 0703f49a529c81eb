#include <doctest/doctest.h>

#include <CLI/CLI.hpp>
#include <stdexcept>

#include "cli/completion_script.hpp"
#include "cli/completion_spec.hpp"

using vpt::CommandSpec;
using vpt::completion_specs;
using vpt::ValueKind;

namespace {

// A small vpt-like command line: globals, a command with a device and
// options, a hidden option and command, a nested command.
struct Sample {
    std::string uri, guest, root, name;
    std::vector<std::string> devices;
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
    CHECK(paths == std::vector<std::string>{"", "assign", "pool", "pool create", "pool show"});
    CHECK(spec_of(specs, "").subcommands == std::vector<std::string>{"assign", "pool"});
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
