// Runs the real vpt binary and captures what it printed and how it exited.
#pragma once

#include <string>
#include <vector>

struct VptRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `vpt ARGS...` with LIBVIRT_DEFAULT_URI and COLUMNS unset, VPT_STATE_DIR set to
// `state_dir` (default: a private directory of this test process, so no
// journal of the machine's own leaks in) and VPT_AUDIT_FILE to
// audit_file(state_dir), so no test writes the machine's system log.
VptRun run_vpt(const std::vector<std::string>& args, const std::string& state_dir = "");

// The same with COLUMNS set to `columns` (run_vpt leaves COLUMNS unset).
VptRun run_vpt_with_columns(const std::vector<std::string>& args, const std::string& columns);

// The same with stdin read from `input_file` (as libvirt hands a hook the guest's XML).
VptRun run_vpt_with_input(const std::vector<std::string>& args, const std::string& input_file);

// Runs another program (by absolute path) the same way, e.g. the schema validator.
VptRun run_program(const std::string& program, const std::vector<std::string>& args);

// Where run_vpt's audit lines go.
std::string audit_file(const std::string& state_dir);

// The private state directory run_vpt uses by default.
std::string default_state_dir();

// "test:///ABS/examples/demo-host.xml" and friends.
std::string demo_uri();
std::string fixture_host_uri(const std::string& file);

// The number of lines in `text`.
size_t line_count(const std::string& text);
