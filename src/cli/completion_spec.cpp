#include "cli/completion_spec.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace vpt {
namespace {

// A positional's kind is its name, the one users see in --help and the man
// page: DEV names a host PCI device, PF one with SR-IOV, GUEST a libvirt
// domain, POOL an existing pool network. The free-form ones (a new name, a
// number) complete to nothing; COMMAND (vpt help's) to the command names.
const std::map<std::string, ValueKind>& positional_kinds() {
    static const std::map<std::string, ValueKind> kinds = {
        {"DEV", ValueKind::devices},  {"PF", ValueKind::pfs},     {"GUEST", ValueKind::guests},
        {"POOL", ValueKind::pools},   {"NAME", ValueKind::none},  {"COUNT", ValueKind::none},
        {"COMMAND", ValueKind::none},
    };
    return kinds;
}

// Options that name an existing host object, by long name.
ValueKind option_kind(const CLI::Option& option) {
    static const std::map<std::string, ValueKind> kinds = {
        {"guest", ValueKind::guests}, {"pool", ValueKind::pools}, {"vf", ValueKind::devices}};
    for (const auto& name : option.get_lnames())
        if (auto it = kinds.find(name); it != kinds.end()) return it->second;
    return ValueKind::none;
}

bool listed(const std::string& group) { return !group.empty(); }  // group "": hidden

// The set an IsMember validator allows, read back from the option: CLI11
// gives it back only as the validator's description, "{text,dot,svg}",
// which the type name carries after the type ("TEXT:{text,dot,svg}"). A
// member with a ',' would read as two: the unit tests hold vpt's sets to
// their validators.
std::vector<std::string> member_values(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const auto open = type.find(":{");
    const auto close = open == std::string::npos ? open : type.find('}', open);
    if (close == std::string::npos) return {};
    std::vector<std::string> values;
    std::istringstream set(type.substr(open + 2, close - open - 2));
    for (std::string value; std::getline(set, value, ',');) values.push_back(value);
    return values;
}

// An option's fixed values: its validator's set, or, for the options whose
// validator cannot give them back, the words listed here.
std::vector<std::string> option_values(const CLI::Option& option) {
    if (option.check_lname("class")) return device_class_words();
    return member_values(option);
}

std::vector<const CLI::App*> listed_subcommands(const CLI::App& cmd) {
    std::vector<const CLI::App*> listed_ones;
    for (const CLI::App* sub : cmd.get_subcommands([](const CLI::App*) { return true; }))
        if (!sub->get_name().empty() && !sub->get_disabled() && listed(sub->get_group())) listed_ones.push_back(sub);
    return listed_ones;
}

// vpt help COMMAND takes vpt's command names; any other positional the
// values of its validator.
std::vector<std::string> positional_values(const CLI::Option& positional, const CLI::App& root) {
    if (positional.get_name(true) != "COMMAND") return member_values(positional);
    std::vector<std::string> names;
    for (const CLI::App* sub : listed_subcommands(root)) names.push_back(sub->get_name());
    return names;
}

// Whether the command at `path` refuses the global `option` when run.
bool refuses(const std::string& path, const CLI::Option& option) {
    for (const auto& [command, name] : refused_global_options())
        if (command == path && option.check_lname(name)) return true;
    return false;
}

std::string join_path(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + " " + name;
}

// `skip`: the options not to add (of vpt's own, for a command: --help,
// which each command has too, and the ones it refuses).
void add_options(const CLI::App& cmd, std::vector<OptionSpec>& out,
                 const std::function<bool(const CLI::Option&)>& skip) {
    for (const CLI::Option* option : cmd.get_options()) {
        if (!option->nonpositional() || skip(*option)) continue;
        OptionSpec spec;
        for (const auto& name : option->get_lnames()) spec.names.push_back("--" + name);
        for (const auto& name : option->get_snames()) spec.names.push_back("-" + name);
        spec.takes_value = option->get_items_expected_max() > 0;  // flags expect 0
        spec.listed = listed(option->get_group());
        spec.kind = option_kind(*option);
        if (spec.takes_value) spec.values = option_values(*option);
        out.push_back(spec);
    }
}

void add_command(const CLI::App& cmd, const std::string& path, const CLI::App& root,
                 std::vector<CommandSpec>& out) {
    CommandSpec spec;
    spec.path = path;
    add_options(cmd, spec.options, [](const CLI::Option&) { return false; });
    if (&cmd != &root)  // global options may follow a command
        add_options(root, spec.options, [&](const CLI::Option& option) {
            return &option == root.get_help_ptr() || refuses(path, option);
        });
    for (const CLI::Option* option : cmd.get_options()) {
        if (!option->get_positional() || option->nonpositional()) continue;
        std::string name = option->get_name(true);
        auto kind = positional_kinds().find(name);
        if (kind == positional_kinds().end())
            throw std::logic_error("completion: argument " + name + " of vpt " + path +
                                   " has no known kind; name it DEV, GUEST or POOL, or list it in "
                                   "completion_spec.cpp");
        spec.positionals.push_back(
            {name, kind->second, option->get_items_expected_max() > 1, positional_values(*option, root)});
    }
    const auto children = listed_subcommands(cmd);
    for (const CLI::App* sub : children) spec.subcommands.push_back(sub->get_name());
    out.push_back(spec);
    for (const CLI::App* sub : children) add_command(*sub, join_path(path, sub->get_name()), root, out);
}

}  // namespace

std::string kind_name(ValueKind kind) {
    switch (kind) {
    case ValueKind::devices: return "devices";
    case ValueKind::pfs: return "pfs";
    case ValueKind::guests: return "guests";
    case ValueKind::pools: return "pools";
    case ValueKind::none: break;
    }
    return "-";
}

// As parse_class_filter (device_filter.cpp) and list --class's help name
// them; its alias "network" is left out, as there.
const std::vector<std::string>& device_class_words() {
    static const std::vector<std::string> words = {"storage", "nvme",  "net",    "display",
                                                   "gpu",     "audio", "bridge", "usb"};
    return words;
}

// topo draws a picture, which has no JSON form (cmd_topo.cpp).
const std::vector<std::pair<std::string, std::string>>& refused_global_options() {
    static const std::vector<std::pair<std::string, std::string>> refused = {{"topo", "json"}};
    return refused;
}

std::vector<CommandSpec> completion_specs(const CLI::App& root) {
    std::vector<CommandSpec> specs;
    add_command(root, "", root, specs);
    return specs;
}

}  // namespace vpt
