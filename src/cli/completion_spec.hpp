// What shell completion needs to know of vpt's command line, read from the
// CLI11 definitions themselves so the completion scripts cannot drift from
// the commands: each command's subcommands, options and positionals, and
// which of them name a device, a guest or a pool, or take one of a fixed set
// of values.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace vpt {

// The host objects a value can be completed to (`vpt completion --candidates`).
// pfs: the devices with SR-IOV capability (physical functions).
enum class ValueKind { none, devices, pfs, guests, pools };

// "devices", "pfs", "guests", "pools"; "-" for none.
std::string kind_name(ValueKind kind);

struct OptionSpec {
    std::vector<std::string> names;  // "--connect", "-c"
    bool takes_value = false;
    bool listed = true;              // false: hidden (group ""), never offered
    ValueKind kind = ValueKind::none;
    std::vector<std::string> values;  // the only values it takes ("text", "dot", "svg"), if a fixed set
};

struct PositionalSpec {
    std::string name;  // "DEV"
    ValueKind kind = ValueKind::none;
    bool repeats = false;  // a list: DEV...
    std::vector<std::string> values;  // as OptionSpec's: vpt help's COMMAND, the command names
};

struct CommandSpec {
    std::string path;  // "" for vpt itself, "pool create"
    std::vector<std::string> subcommands;
    std::vector<OptionSpec> options;  // its own, then the global ones
    std::vector<PositionalSpec> positionals;
};

// Every command vpt lists, vpt itself first, parents before children.
// Hidden commands (group "") are left out, and so are the global options a
// command refuses (topo's --json). Throws std::logic_error for a
// positional whose name says nothing of its kind, so a new argument is
// classified when it is added rather than quietly completed to nothing.
std::vector<CommandSpec> completion_specs(const CLI::App& root);

// The words vpt list --class takes. Its validator cannot give them back (it
// takes a hex class too), so they are listed here; a unit test holds them
// to the parser's.
const std::vector<std::string>& device_class_words();

// The commands that refuse a global option, by path and long name: each
// refuses it when run, which CLI11 cannot tell. A unit test runs each.
const std::vector<std::pair<std::string, std::string>>& refused_global_options();

}  // namespace vpt
