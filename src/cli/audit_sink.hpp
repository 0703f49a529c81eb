// Where the audit trail goes and who it names: the system log (journald or
// syslog, ident "vpt", facility LOG_AUTHPRIV), or for tests the file that
// $VPT_AUDIT_FILE names.
#pragma once

#include "cli/audit_trail.hpp"

namespace vpt {

// Who is running this vpt: the real uid's user name, $SUDO_USER, and the
// login uid of the session (/proc/self/loginuid), which survives sudo and su.
AuditIdentity current_identity();

// A sink for audit lines. LOG_AUTHPRIV, as sudo uses: the record of who
// changed the host with privileges belongs with the other such records
// (auth.log, readable by administrators only), not in the user facility
// any local program may write and flood. $VPT_AUDIT_FILE, when set,
// appends the lines to that file instead (a timestamp and vpt[PID] first).
AuditSink open_audit_sink();

}  // namespace vpt
