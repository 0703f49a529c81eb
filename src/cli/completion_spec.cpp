#include "cli/completion_spec.hpp"

#include <CLI/CLI.hpp>
#include <map>
#include <stdexcept>

namespace vpt {
namespace {

// A positional's kind is its name, the one users see in --help and the man
// page: DEV and PF name a host PCI device, GUEST a libvirt domain, POOL an
// existing pool network. The free-form ones (a new name, a number, a
// command word) complete to nothing.
const std::map<std::string, ValueKind>& positional_kinds() {
    static const std::map<std::string, ValueKind> kinds = {
        {"DEV", ValueKind::devices},  {"PF", ValueKind::devices}, {"GUEST", ValueKind::guests},
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

std::string join_path(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + " " + name;
}

// `skip`: the option not to add (vpt's own --help, which each command has too).
void add_options(const CLI::App& cmd, std::vector<OptionSpec>& out, const CLI::Option* skip = nullptr) {
    for (const CLI::Option* option : cmd.get_options()) {
        if (!option->nonpositional() || option == skip) continue;
        OptionSpec spec;
        for (const auto& name : option->get_lnames()) spec.names.push_back("--" + name);
        for (const auto& name : option->get_snames()) spec.names.push_back("-" + name);
        spec.takes_value = option->get_items_expected_max() > 0;  // flags expect 0
        spec.listed = listed(option->get_group());
        spec.kind = option_kind(*option);
        out.push_back(spec);
    }
}

void add_command(const CLI::App& cmd, const std::string& path, const CLI::App& root,
                 std::vector<CommandSpec>& out) {
    CommandSpec spec;
    spec.path = path;
    add_options(cmd, spec.options);
    if (&cmd != &root) add_options(root, spec.options, root.get_help_ptr());  // global options may follow a command
    for (const CLI::Option* option : cmd.get_options()) {
        if (!option->get_positional() || option->nonpositional()) continue;
        std::string name = option->get_name(true);
        auto kind = positional_kinds().find(name);
        if (kind == positional_kinds().end())
            throw std::logic_error("completion: argument " + name + " of vpt " + path +
                                   " has no known kind; name it DEV, GUEST or POOL, or list it in "
                                   "completion_spec.cpp");
        spec.positionals.push_back({name, kind->second, option->get_items_expected_max() > 1});
    }
    std::vector<const CLI::App*> children;
    for (const CLI::App* sub : cmd.get_subcommands([](const CLI::App*) { return true; }))
        if (!sub->get_name().empty() && !sub->get_disabled() && listed(sub->get_group())) {
            spec.subcommands.push_back(sub->get_name());
            children.push_back(sub);
        }
    out.push_back(spec);
    for (const CLI::App* sub : children) add_command(*sub, join_path(path, sub->get_name()), root, out);
}

}  // namespace

std::string kind_name(ValueKind kind) {
    switch (kind) {
    case ValueKind::devices: return "devices";
    case ValueKind::guests: return "guests";
    case ValueKind::pools: return "pools";
    case ValueKind::none: break;
    }
    return "-";
}

std::vector<CommandSpec> completion_specs(const CLI::App& root) {
    std::vector<CommandSpec> specs;
    add_command(root, "", root, specs);
    return specs;
}

}  // namespace vpt
