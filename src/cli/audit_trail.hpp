// The audit trail: every change vpt makes to the host or a guest, as lines
// for the system log, each naming who ran it, so an admin can read back
// what vpt did (journalctl -t vpt). A line is space-separated key=value
// fields, a value quoted when it holds a space, a quote or a backslash:
//   event=start op=detach target=0000:01:00.0 uri=qemu:///system cmd="vpt detach 01:00.0" user=root sudo_user=alice loginuid=1000
//   event=applied op=detach target=0000:01:00.0 step="detach 0000:01:00.0 (GPU) to vfio-pci" user=root ...
//   event=end op=detach target=0000:01:00.0 outcome=ok user=root ...
// Formatting only: where the lines go is audit_sink's job.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/executor.hpp"
#include "core/plan.hpp"

namespace vpt {

// Who ran vpt.
struct AuditIdentity {
    std::string user;                      // the real uid's user name (its number when it has none)
    std::optional<std::string> sudo_user;  // $SUDO_USER, when vpt runs under sudo
    std::optional<unsigned> loginuid;      // /proc/self/loginuid, when the session has one
};

using AuditField = std::pair<std::string, std::string>;

// A value as a field holds it: escaped onto one line (a newline in a guest
// name cannot forge a second audit line, a quote cannot forge a field),
// quoted when needed, cut when huge.
std::string audit_value(std::string_view value);

// One audit line: `fields` in order, then who.
std::string audit_line(const std::vector<AuditField>& fields, const AuditIdentity& who);

// How a run ended: ok (every step done), undone (it failed and every change
// was undone), failed (a change is left: vpt recover is needed).
const char* audit_outcome(const ExecutionReport& report);

using AuditSink = std::function<void(const std::string& line)>;

// Writes one operation's lines to `sink`: begin(), then a line per step
// applied, undone or failed (as the executor's observer), then end().
class AuditTrail : public ExecutionObserver {
public:
    // `op` and `target` name the operation ("detach", "0000:01:00.0");
    // `plan` is the one the executor runs, for describing its steps.
    AuditTrail(AuditSink sink, AuditIdentity who, std::string op, std::string target, const Plan* plan = nullptr);

    // The first line: the command line and the libvirt URI.
    void begin(const std::string& command_line, const std::string& uri);
    // The last line: "ok", "undone" or "failed", and what went wrong.
    void end(const std::string& outcome, const std::string& error = "");

    void starting(size_t, Direction) override {}
    void finished(size_t index, Direction direction) override;
    void failed(size_t index, Direction direction, const std::string& error) override;

private:
    void write(std::vector<AuditField> fields);

    AuditSink sink_;
    AuditIdentity who_;
    std::string op_;
    std::string target_;
    const Plan* plan_;
};

}  // namespace vpt
