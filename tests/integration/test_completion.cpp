// The completion scripts vpt writes at build time, and the host values the
// scripts ask `vpt completion --candidates` for.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

using json = nlohmann::json;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string file_text(const std::string& path) {
    std::ifstream in(path);
    REQUIRE_MESSAGE(in, "cannot read ", path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The subcommands and long options `vpt WORDS... --help` lists (CLI11's
// layout: a section title at column 0, entries indented by two spaces).
struct HelpNames {
    std::vector<std::string> subcommands;
    std::vector<std::string> long_options;
};

HelpNames help_names(const std::vector<std::string>& words) {
    auto args = words;
    args.push_back("--help");
    auto run = run_vpt(args);
    REQUIRE(run.exit_code == 0);
    HelpNames names;
    std::string section;
    for (const auto& line : lines_of(run.out)) {
        if (line.empty() || line[0] != ' ') {
            section = line;
            continue;
        }
        if (line.size() < 3 || line[2] == ' ') continue;  // a continuation line
        std::istringstream entry(line.substr(2));
        std::string first;
        entry >> first;
        if (section == "Subcommands:") names.subcommands.push_back(first);
        if (section != "Options:") continue;
        std::istringstream each(first);
        for (std::string name; std::getline(each, name, ',');) {
            if (auto brace = name.find('{'); brace != std::string::npos) name.resize(brace);  // --managed{false}
            if (name.rfind("--", 0) == 0) names.long_options.push_back(name);
        }
    }
    return names;
}

// The words of every `FIELD='...'` line of the script's _vpt_spec:
// "subcommands", "offered", "value_options".
std::set<std::string> spec_words(const std::string& script, const std::string& field) {
    std::set<std::string> words;
    std::string start = "        " + field + "='";
    for (const auto& line : lines_of(script)) {
        if (line.rfind(start, 0) != 0 || line.back() != '\'') continue;
        std::istringstream in(line.substr(start.size(), line.size() - start.size() - 1));
        for (std::string word; in >> word;) words.insert(word);
    }
    return words;
}

std::set<std::string> candidates(const std::string& kind, const std::string& uri) {
    auto run = run_vpt({"-c", uri, "completion", "--candidates", kind});
    INFO("candidates ", kind, ": ", run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());
    auto lines = lines_of(run.out);
    return {lines.begin(), lines.end()};
}

}  // namespace

TEST_CASE("the built completion scripts name every command and long option --help shows") {
    for (const char* path : {VPT_BASH_COMPLETION, VPT_ZSH_COMPLETION}) {
        auto script = file_text(path);
        auto generated = run_vpt({"completion", path == std::string(VPT_BASH_COMPLETION) ? "bash" : "zsh"});
        CHECK_MESSAGE(generated.out == script, path, " is not what vpt completion writes now");

        auto subcommands = spec_words(script, "subcommands");
        auto options = spec_words(script, "offered");
        std::vector<std::vector<std::string>> todo = {{}};
        size_t commands = 0;
        while (!todo.empty()) {
            auto words = todo.back();
            todo.pop_back();
            ++commands;
            std::string command_path;
            for (const auto& w : words) command_path += (command_path.empty() ? "" : " ") + w;
            INFO(path, ": vpt ", command_path);
            CHECK_MESSAGE(script.find("    '" + command_path + "')\n") != std::string::npos, "no entry for the command");
            auto help = help_names(words);
            for (const auto& option : help.long_options) CHECK_MESSAGE(options.count(option), option);
            for (const auto& sub : help.subcommands) {
                CHECK_MESSAGE(subcommands.count(sub), sub);
                auto child = words;
                child.push_back(sub);
                todo.push_back(child);
            }
        }
        CHECK(commands > 15);  // vpt, its commands, pool's and xml's subcommands
        CHECK(subcommands.count("completion") == 0);  // hidden
        CHECK(options.count("--root") == 0);          // hidden, yet known to take a value
        CHECK(spec_words(script, "value_options").count("--root") == 1);
    }
}

TEST_CASE("completion --candidates lists the host's device addresses, guests and pools") {
    auto uri = demo_uri();
    auto list = run_vpt({"-c", uri, "list", "--json"});
    REQUIRE(list.exit_code == 0);
    auto devices = json::parse(list.out)["devices"];
    std::set<std::string> addresses;
    for (const auto& device : devices) addresses.insert(device["address"]);
    CHECK(addresses.count("0000:19:00.0") == 1);  // named pci_1002_73bf, not by its address
    CHECK(candidates("devices", uri) == addresses);

    auto pool_list = run_vpt({"-c", uri, "pool", "list", "--json"});
    REQUIRE(pool_list.exit_code == 0);
    auto pool_list_json = json::parse(pool_list.out)["pools"];
    std::set<std::string> pools;
    for (const auto& pool : pool_list_json) pools.insert(pool["name"]);
    CHECK(pools == std::set<std::string>{"sriov-pool", "sriov-pool-pf1"});
    CHECK(candidates("pools", uri) == pools);  // not the NAT network

    CHECK(candidates("guests", uri) ==
          std::set<std::string>{"ci-runner", "gpu-workstation", "media-server", "nfv-router", "web-frontend"});
}

TEST_CASE("completion --candidates prints nothing and succeeds when libvirt cannot answer") {
    for (const char* kind : {"devices", "guests", "pools"}) {
        auto run = run_vpt({"-c", "test:///nonexistent/host.xml", "completion", "--candidates", kind});
        CHECK(run.exit_code == 0);
        CHECK(run.out.empty());
        CHECK(run.err.empty());
    }
}

TEST_CASE("vpt completion is hidden and takes bash or zsh") {
    CHECK(run_vpt({"--help"}).out.find("completion") == std::string::npos);
    auto fish = run_vpt({"completion", "fish"});
    CHECK(fish.exit_code == 2);
    CHECK(fish.err.find("fish") != std::string::npos);
    CHECK(run_vpt({"completion"}).exit_code == 2);
    auto bash = run_vpt({"completion", "bash"});
    CHECK(bash.exit_code == 0);
    CHECK(bash.out.find("complete -F _vpt vpt") != std::string::npos);
    CHECK(run_vpt({"completion", "zsh"}).out.rfind("#compdef vpt\n", 0) == 0);
}

TEST_CASE("completion --candidates opens no URI that would run a program") {
    vpt::test::TempDir dir("itest-ext");
    auto marker = dir.path / "ran";
    auto program = dir.path / "command";
    std::ofstream(program) << "#!/bin/sh\ntouch " << marker.string() << "\n";
    std::filesystem::permissions(program, std::filesystem::perms::owner_all);
    std::string demo = demo_uri().substr(std::string("test://").size());
    for (const std::string& uri :
         {"qemu+ext:///system?command=" + program.string(), "test+ext://" + demo + "?command=" + program.string(),
          "qemu+ssh://localhost/system?command=" + program.string(),
          "qemu+ssh://localhost/system?netcat=" + program.string(), std::string("qemu+unix:///system?socket=/nonexistent")}) {
        for (const char* kind : {"devices", "guests", "pools"}) {
            auto run = run_vpt({"-c", uri, "completion", "--candidates", kind});
            CHECK(run.exit_code == 0);
            CHECK(run.out.empty());
            CHECK(run.err.empty());
        }
        CHECK_MESSAGE(!std::filesystem::exists(marker), uri, " ran ", program.string());
    }
    // Opened, such a URI runs the program: what the marker above would have shown.
    run_vpt({"-c", "test+ext://" + demo + "?command=" + program.string(), "list"});
    CHECK(std::filesystem::exists(marker));
}
