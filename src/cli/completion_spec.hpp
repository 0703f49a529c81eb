// What shell completion needs to know of vpt's command line, read from the
// CLI11 definitions themselves so the completion scripts cannot drift from
// the commands: each command's subcommands, options and positionals, and
// which of them name a device, a guest or a pool.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace vpt {

// The host objects a value can be completed to (`vpt completion --candidates`).
enum class ValueKind { none, devices, guests, pools };

// "devices", "guests", "pools"; "-" for none.
std::string kind_name(ValueKind kind);

struct OptionSpec {
    std::vector<std::string> names;  // "--connect", "-c"
    bool takes_value = false;
    bool listed = true;              // false: hidden (group ""), never offered
    ValueKind kind = ValueKind::none;
};

struct PositionalSpec {
    std::string name;  // "DEV"
    ValueKind kind = ValueKind::none;
    bool repeats = false;  // a list: DEV...
};

struct CommandSpec {
    std::string path;  // "" for vpt itself, "pool create"
    std::vector<std::string> subcommands;
    std::vector<OptionSpec> options;  // its own, then the global ones
    std::vector<PositionalSpec> positionals;
};

// Every command vpt lists, vpt itself first, parents before children.
// Hidden commands (group "") are left out. Throws std::logic_error for a
// positional whose name says nothing of its kind, so a new argument is
// classified when it is added rather than quietly completed to nothing.
std::vector<CommandSpec> completion_specs(const CLI::App& root);

}  // namespace vpt
