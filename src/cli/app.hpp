// The command line: global options, subcommands, and the error boundary
// that turns every failure into one line on stderr and an exit code.
#pragma once

namespace vpt {

int run_cli(int argc, char** argv);

}  // namespace vpt
