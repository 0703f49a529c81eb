// Reading several hosts at once (vpt list/show/check with -c given more
// than once or --hosts): each host on a thread of its own, with its own
// read-only connection, then one exit code for them all (core/host_outcome).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "core/host_outcome.hpp"

namespace vpt {

// How reading one host went.
struct HostRun {
    std::string uri;                         // as given
    HostOutcome outcome = HostOutcome::done;
    std::string error;                       // why not done; empty when done
};

// At most this many hosts are read at once: each is a thread with its own
// connection (and, to a daemon, a socket and a keepalive), so a --hosts
// file of hundreds does not open hundreds at a time.
inline constexpr size_t max_hosts_at_once = 8;

// Calls read(i) for every uris[i], at most `at_once` at a time, each on a
// thread of its own, and waits for them all; the runs keep the hosts'
// order whatever order they finish in. A vpt::Error thrown by read(i)
// becomes run i's outcome (as outcome_of says) and its error; otherwise the
// outcome is what read returns.
std::vector<HostRun> run_on_hosts(const std::vector<std::string>& uris,
                                  const std::function<HostOutcome(size_t)>& read,
                                  size_t at_once = max_hosts_at_once);

class JsonWriter;

// {"hosts": [{"uri", KEY: write_value(out, i), "error"}]} on stdout, in the
// hosts' order: the shape every many-host --json shares.
void write_hosts_json(const std::vector<HostRun>& runs, const std::string& key,
                      const std::function<void(JsonWriter&, size_t)>& write_value);

// One stderr line per run with an error, in the hosts' order, each naming
// its host's URI.
void report_host_errors(const std::vector<HostRun>& runs);

// What each outcome is called in the summary line, in HostOutcome's order:
// {"read", "without it", "failed", "unreachable"}.
using OutcomeWords = std::array<const char*, 4>;

// After the output: throws the vpt::Error of the runs' exit code with a
// summary ("list on 3 hosts: 2 read, 1 unreachable"); nothing when it is 0.
void finish_hosts(const std::vector<HostRun>& runs, const std::string& command, const OutcomeWords& words);

}  // namespace vpt
