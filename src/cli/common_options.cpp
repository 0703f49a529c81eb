#include "cli/common_options.hpp"

#include <CLI/CLI.hpp>

#include "core/command_text.hpp"

namespace vpt {

std::string same_command_waiting(const GlobalOptions& global, int seconds) {
    GlobalOptions without = global;
    without.args.clear();
    for (size_t i = 0; i < global.args.size(); ++i) {
        const std::string& arg = global.args[i];
        if (arg == "--wait") ++i;  // and its value
        else if (arg.rfind("--wait=", 0) != 0) without.args.push_back(arg);
    }
    return same_command_with(without, {"--wait", std::to_string(seconds)});
}

std::string same_command_with(const GlobalOptions& global, const std::vector<std::string>& more) {
    std::vector<std::string> words = {"vpt"};
    words.insert(words.end(), global.args.begin(), global.args.end());
    words.insert(words.end(), more.begin(), more.end());
    return command_text(words);
}

CLI::Validator non_empty() {
    return CLI::Validator([](std::string& value) { return value.empty() ? std::string("empty value") : std::string(); },
                          "", "non-empty");
}

CLI::Validator decimal() {
    return CLI::Validator(
        [](std::string& value) {
            std::string_view digits = value;
            bool negative = digits.starts_with('-');
            if (negative) digits.remove_prefix(1);
            if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
                return value + " is not a decimal number";
            size_t first = digits.find_first_not_of('0');
            value = first == std::string_view::npos ? "0" : (negative ? "-" : "") + std::string(digits.substr(first));
            return std::string();
        },
        "", "decimal");
}

std::string device_help(const std::string& what, const std::string& matches) {
    return what + ": 01:00.0, 0000:01:00.0, pci_0000_01_00_0, a slot 01:00 or vendor:device 10de:2204; " + matches;
}

void add_wait_option(CLI::App& cmd, int& seconds) {
    cmd.add_option("--wait", seconds, "Seconds to wait for another vpt that is changing the host")
        ->capture_default_str()
        ->transform(decimal())->check(CLI::Range(0, 3600));
}

}  // namespace vpt
