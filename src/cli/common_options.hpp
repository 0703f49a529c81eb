// Options several commands share, registered the same way everywhere.
#pragma once

#include <string>
#include <vector>

#include "cli/options.hpp"

namespace CLI {
class App;
class Validator;
}

namespace vpt {

// --wait SECONDS: how long a changing command waits for another vpt's lock.
void add_wait_option(CLI::App& cmd, int& seconds);

// Refuses an explicit empty value ("--mac: empty value", exit 2). vpt reads
// an empty string as "not given", so without it `--mac ''` would quietly
// mean the default. For every option and argument with no meaningful empty
// value.
CLI::Validator non_empty();

// Takes a whole number written in decimal. CLI11 2.1 reads "010" as octal
// 8 and "0x10" as 16, so `vpt vfs PF 010` would make 8 VFs: leading zeros
// are dropped here and other forms refused. Register it with transform(),
// which runs it before the range check and the conversion.
CLI::Validator decimal();

// The command the user ran with `more` added, as a message names the way
// forward: "vpt prepare web --uefi --config".
std::string same_command_with(const GlobalOptions& global, const std::vector<std::string>& more);

// The command the user ran, waiting `seconds` for another vpt's lock
// (any --wait given replaced): "vpt detach 01:00.0 --wait 600".
std::string same_command_waiting(const GlobalOptions& global, int seconds);

// The help line of a DEV argument: `what`, every form a device may be named
// in, then `matches`: what the command does with a selector (a slot,
// vendor:device) that matches several devices.
std::string device_help(const std::string& what, const std::string& matches);

}  // namespace vpt
