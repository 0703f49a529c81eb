// Bad input across every command, one table row each (the rows are in
// test_bad_input.cpp). Every row gets a fresh writable host (a copy of the
// demo host, of the SR-IOV sysfs tree and a state directory) and must end
// with its exit code from the documented set (1 refused or failed, 2 bad
// usage or input, 3 cannot connect), exactly one line on stderr naming the
// problem, nothing on stdout, and every file of that host as it was.
#pragma once

#include <string>
#include <vector>

// What the state directory holds before the row runs.
enum class Journal { none, unfinished, damaged };

struct Row {
    std::vector<std::string> args;  // after "-c {uri}", unless the row starts with its own -c
    int exit_code;
    std::string expected;           // a part of the error line
    Journal journal = Journal::none;
    bool warnings = false;          // "vpt: warning:" lines may come before the error line
};

// Runs every row and checks it. Arguments may name the parts of the host:
// {uri} {root} (the sysfs tree) {state} {file} (a regular file) {broken}
// {empty} {missing} (URIs of a broken, an empty and a missing host file)
// {dir} (a URI naming a directory) {hostile} (the URI of the demo host with
// ci-runner named "x;reboot" and media-server "wi$(touch${IFS}x)").
void check_rows(const std::vector<Row>& rows);
