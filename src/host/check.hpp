// The result of one readiness check: a status, one line saying what was
// found, and, for failures and warnings, the exact fix for this host.
#pragma once

#include <string>
#include <vector>

namespace vpt {

enum class CheckStatus {
    pass,  // ready as far as this check goes
    warn,  // works, but with a caveat the user should know
    fail,  // passthrough will not work until this is fixed
    skip,  // not checked here, with the reason as the finding
    unknown,  // cannot be known through this connection: it needs the host's own files
};

// "pass", "warn", "fail", "skip", "unknown": the words of the report and of --json.
const char* status_name(CheckStatus status);

// What a check needs to decide: the host's own files (sysfs, procfs, /etc:
// readable only on the host itself), or what libvirt tells, from anywhere.
enum class CheckSource { host, libvirt };

// "host", "libvirt": the words of --json.
const char* source_name(CheckSource source);

// What one check decided.
struct Verdict {
    CheckStatus status = CheckStatus::skip;
    std::string finding;  // one line
    std::string fix;      // what to do; empty when nothing is to be done; may span lines
};

Verdict pass(std::string finding);
Verdict warn(std::string finding, std::string fix);
Verdict fail(std::string finding, std::string fix);
Verdict skip(std::string reason);
Verdict unknown(std::string reason);

// A verdict with the check's stable id ("iommu-active"), its display name
// and what it was decided from.
struct CheckResult {
    std::string id;
    std::string name;
    Verdict verdict;
    CheckSource source = CheckSource::libvirt;
};

// Ready when no check failed (warnings, skips and unknowns do not block).
bool is_ready(const std::vector<CheckResult>& results);

}  // namespace vpt
