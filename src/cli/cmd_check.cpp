// vpt check [DEV]: is this host ready for PCI passthrough? One line per
// check, the fix under every failure and warning, a summary; with DEV, the
// device's group, host use, reset and SR-IOV too. Exit 0 when ready, 1 not.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/change_guard.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/host_session.hpp"
#include "cli/identity_check.hpp"
#include "cli/multi_host.hpp"
#include "core/command_text.hpp"
#include "core/text_list.hpp"
#include "core/text_width.hpp"
#include "core/viability.hpp"
#include "host/check_runner.hpp"
#include "host/libvirt_probe.hpp"
#include "view/identity_view.hpp"
#include "view/json_output.hpp"
#include "view/table.hpp"

namespace vpt {
namespace {

struct CheckOptions {
    std::string device;  // empty: the host only
    std::string guest;   // also the identity of the devices this guest was given
    std::string root;    // hidden --root: read sysfs/procfs below this directory (tests)
};

std::string upper(const char* word) {
    std::string text = word;
    for (char& c : text) c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// One row per check, its fix in rows of their own under the finding. Nothing
// gives way to the terminal's width: a cut fix command would be no use.
// `name_width` lines the sections' tables up with each other.
void print_results(const std::vector<CheckResult>& results, size_t name_width) {
    TableLayout layout;
    layout.headings = false;
    Table table({{"STATUS"}, {"CHECK", Shrink::never, name_width}, {"FINDING"}}, layout);
    for (const auto& result : results) {
        const Verdict& v = result.verdict;
        table.add_row({upper(status_name(v.status)), result.name, v.finding});
        if (v.fix.empty() || v.status == CheckStatus::pass || v.status == CheckStatus::skip ||
            v.status == CheckStatus::unknown)
            continue;
        std::string prefix = "fix: ";
        size_t start = 0;
        while (start <= v.fix.size()) {
            size_t end = v.fix.find('\n', start);
            if (end == std::string::npos) end = v.fix.size();
            table.add_row({"", "", prefix + v.fix.substr(start, end - start)});
            prefix = "     ";
            start = end + 1;
        }
    }
    table.print(std::cout, 2);
}

std::string summary(const std::vector<CheckResult>& results, HostFiles files) {
    size_t counts[5] = {};
    for (const auto& result : results) ++counts[static_cast<int>(result.verdict.status)];
    size_t unknowns = counts[int(CheckStatus::unknown)];
    // Over a remote connection "ready" only covers what libvirt could tell.
    std::string text = !is_ready(results) ? "Not ready for PCI passthrough: "
                       : unknowns         ? "Ready for PCI passthrough as far as libvirt tells: "
                                          : "Ready for PCI passthrough: ";
    std::vector<std::string> parts;
    if (counts[int(CheckStatus::fail)]) parts.push_back(plural(counts[int(CheckStatus::fail)], "failure", "failures"));
    if (counts[int(CheckStatus::warn)]) parts.push_back(plural(counts[int(CheckStatus::warn)], "warning", "warnings"));
    parts.push_back(std::to_string(counts[int(CheckStatus::pass)]) + " passed");
    if (counts[int(CheckStatus::skip)]) parts.push_back(std::to_string(counts[int(CheckStatus::skip)]) + " skipped");
    if (unknowns)
        parts.push_back(std::to_string(unknowns) +
                        (files == HostFiles::none ? " unknown (libvirt's test driver has no host whose files they read)"
                                                  : " unknown (they need the host's own files: run 'vpt check' on the host)"));
    return text + join(parts) + ".";
}

nlohmann::ordered_json results_json(const std::vector<CheckResult>& results) {
    auto checks = nlohmann::ordered_json::array();
    for (const auto& result : results) {
        nlohmann::ordered_json check;
        check["id"] = result.id;
        check["status"] = status_name(result.verdict.status);
        check["source"] = source_name(result.source);
        check["finding"] = result.verdict.finding;
        check["fix"] = result.verdict.fix.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(result.verdict.fix);
        checks.push_back(check);
    }
    nlohmann::ordered_json out;
    out["ready"] = is_ready(results);
    out["checks"] = checks;
    return out;
}

// One result per recorded device of the guest: as `vpt verify GUEST`.
std::vector<CheckResult> identity_results(const HostSession& session, const std::string& name,
                                          const std::string& root) {
    Guest guest(session.connection(), name);
    auto host = host_identities(session, host_sysfs(session.connection(), root));
    auto verdicts = verify_records(name, guest_records(guest), host);
    std::vector<CheckResult> results;
    if (verdicts.verdicts.empty())
        results.push_back({"identity", "device identity",
                           skip("guest '" + name + "' has no identity record (vpt assign makes one)")});
    for (const auto& verdict : verdicts.verdicts) {
        std::string finding = verdict_finding(verdict);
        Verdict v = verdict.ok() ? pass(finding) : fail(finding, "");
        if (!verdict.ok()) {
            auto commands = follow_commands(name, verdict);
            v.fix = commands.empty() ? "see '" + command_text({"vpt", "verify", name}) + "'; reassign the device the guest should have"
                                     : join(commands, "\n");
        }
        results.push_back({"identity:" + verdict.recorded.address.str(), "device identity", v});
    }
    return results;
}

// One host's checks, in report order: the host's, then DEV's, then the
// guest's devices' identity.
struct CheckReport {
    LibvirtFacts facts;
    std::vector<CheckResult> results;
    size_t host_end = 0;    // results before this are the host's
    size_t device_end = 0;  // then DEV's, up to this; then the guest's
    std::string device;     // DEV described, when given
    HostFiles files = HostFiles::readable;  // whether the host's own files were read
};

// The checks on `uri`; `process` holds this process's facts (probe_process).
// With DEV or --guest a connection is required (as for vpt show): it throws
// when there is none or DEV is not there. Without, an unreachable libvirt is
// one failed check among the others.
CheckReport build_report(const std::string& uri, const CheckOptions& options, const LibvirtFacts& process) {
    HostFs fs(options.root);
    std::optional<HostSession> session;
    const PciDevice* device = nullptr;
    CheckReport report;
    LibvirtFacts& facts = report.facts;
    if (!options.device.empty() || !options.guest.empty()) {
        session.emplace(uri, Access::read_only);
        if (!options.device.empty()) device = &session->device(options.device);
        facts = probe_libvirt(session->connection());
    } else {
        try {
            Connection connection(uri, Access::read_only);
            facts = probe_libvirt(connection);
        } catch (const ConnectError& error) {
            facts = unreachable_libvirt(uri, error.detail());
        }
    }
    facts.memlock = process.memlock;
    facts.user = process.user;

    // An explicit --root is the host's files whatever libvirt's host is.
    HostFiles files = !options.root.empty() ? HostFiles::readable
                      : facts.test_driver   ? HostFiles::none
                      : facts.local         ? HostFiles::readable
                                            : HostFiles::remote;
    report.files = files;
    auto& results = report.results;
    results = run_host_checks(fs, facts, files);
    report.host_end = results.size();
    if (device) {
        auto more = run_device_checks(fs, session->inventory(), *device, files);
        results.insert(results.end(), more.begin(), more.end());
        report.device = describe(*device);
    }
    report.device_end = results.size();
    if (!options.guest.empty()) {
        auto more = identity_results(*session, options.guest, options.root);
        results.insert(results.end(), more.begin(), more.end());
    }
    return report;
}

void print_report(const CheckReport& report, const CheckOptions& options) {
    const auto& results = report.results;
    size_t width = 0;
    for (const auto& result : results) width = std::max(width, text_width(result.name));
    const auto& uri = report.facts.uri;
    std::cout << "Host " << (uri.empty() ? std::string("(default URI)") : uri) << ":\n";
    print_results({results.begin(), results.begin() + long(report.host_end)}, width);
    if (!report.device.empty()) {
        std::cout << "\nDevice " << report.device << ":\n";
        print_results({results.begin() + long(report.host_end), results.begin() + long(report.device_end)}, width);
    }
    if (!options.guest.empty()) {
        std::cout << "\nGuest '" << options.guest << "', its devices' identity:\n";
        print_results({results.begin() + long(report.device_end), results.end()}, width);
    }
    std::cout << '\n' << summary(results, report.files) << '\n';
}

void check_one(const GlobalOptions& global, const CheckOptions& options, const LibvirtFacts& process) {
    if (!options.device.empty() || !options.guest.empty()) warn_if_unfinished(global);  // as every session does
    auto report = build_report(global.uri, options, process);
    if (global.json)
        print_json(results_json(report.results));
    else
        print_report(report, options);
    if (!is_ready(report.results)) {
        size_t failed = 0;
        for (const auto& result : report.results) failed += result.verdict.status == CheckStatus::fail;
        throw refused("not ready for PCI passthrough: " + plural(failed, "check", "checks") + " failed");
    }
}

// Several hosts, checked at once: each host's report in turn, or
// {"hosts": [{"uri", "ready", "checks", "error"}]}. A host that cannot be
// reached, or lacks DEV, is an error line and an "error".
void check_many(const GlobalOptions& global, const CheckOptions& options, const LibvirtFacts& process) {
    auto uris = global.all_uris();
    std::vector<std::optional<CheckReport>> reports(uris.size());
    auto runs = run_on_hosts(uris, [&](size_t i) {
        reports[i] = build_report(uris[i], options, process);
        const auto& facts = reports[i]->facts;
        if (!facts.connected)  // without DEV: reported as a failed check, and here
            throw Error(ExitCode::no_connect, "cannot connect to libvirt at '" + uris[i] + "': " + facts.connect_error);
        return is_ready(reports[i]->results) ? HostOutcome::done : HostOutcome::failed;
    });
    if (!options.device.empty() || !options.guest.empty()) warn_if_unfinished(global);
    report_host_errors(runs);
    if (global.json) {
        nlohmann::ordered_json hosts = nlohmann::ordered_json::array();
        for (size_t i = 0; i < uris.size(); ++i) {
            nlohmann::ordered_json host;
            host["uri"] = uris[i];
            auto results = reports[i] ? results_json(reports[i]->results)
                                      : nlohmann::ordered_json{{"ready", false}, {"checks", nlohmann::ordered_json::array()}};
            host.update(results);
            host["error"] = runs[i].error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(runs[i].error);
            hosts.push_back(host);
        }
        print_json({{"hosts", hosts}});
    } else {
        bool first = true;
        for (size_t i = 0; i < uris.size(); ++i) {
            if (!reports[i]) continue;  // its error line said why
            std::cout << (first ? "" : "\n");
            print_report(*reports[i], options);
            first = false;
        }
    }
    finish_hosts(runs, "check", {"ready", "without it", "not ready", "unreachable"});
}

void run_check(const GlobalOptions& global, const CheckOptions& options) {
    if (!options.root.empty() && !std::filesystem::is_directory(options.root))
        throw bad_input("--root " + options.root + ": not a directory");
    LibvirtFacts process;
    probe_process(process);
    if (global.many_hosts())
        check_many(global, options, process);
    else
        check_one(global, options, process);
}

}  // namespace

void add_check_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<CheckOptions>();
    auto* cmd = app.add_subcommand(
        "check", "Check that the host is ready for PCI passthrough (and DEV, if given), with fixes");
    cmd->add_option("DEV", options->device,
                    device_help("Also check this device", "it must match one"))
        ->check(non_empty());
    cmd->add_option("--guest", options->guest,
                    "Also check that the devices this guest was given are still the ones recorded (vpt verify)")
        ->check(non_empty());
    // Hidden (empty group): read sysfs and procfs below a fixture tree.
    cmd->add_option("--root", options->root, "Read host files below DIR")->check(non_empty())->group("");
    cmd->footer("Exit codes: 0 ready (no check failed), 1 not ready, 2 bad usage, 3 cannot connect "
                "(with DEV or --guest).\nExamples:\n  vpt check\n  vpt check 01:00.0\n  vpt check --guest win10\n  vpt check --json\n"
                "  vpt check -c qemu+ssh://root@kvm1/system -c qemu+ssh://root@kvm2/system");
    cmd->callback([&global, options] { run_check(global, *options); });
}

}  // namespace vpt
