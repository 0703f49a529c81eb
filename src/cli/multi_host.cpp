#include "cli/multi_host.hpp"

#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>

#include "core/text_escape.hpp"
#include "view/json_writer.hpp"
#include "virt/connection.hpp"
#include "xml/xml_library.hpp"

namespace vpt {

std::vector<HostRun> run_on_hosts(const std::vector<std::string>& uris,
                                  const std::function<HostOutcome(size_t)>& read, size_t at_once) {
    std::vector<HostRun> runs(uris.size());
    for (size_t i = 0; i < uris.size(); ++i) runs[i].uri = uris[i];
    std::atomic<size_t> next{0};
    // Each worker takes the next host until none is left, and writes only
    // that host's run; libvirt keeps its last error per thread, so each
    // host's message is its own.
    auto work = [&] {
        // libxml2's error handler is per thread: without this, a host
        // file that fails to parse prints libxml2's own warning.
        silence_libvirt_error_printing();
        for (size_t i = next++; i < uris.size(); i = next++) {
            try {
                runs[i].outcome = read(i);
            } catch (const Error& error) {
                runs[i].outcome = outcome_of(error);
                runs[i].error = error.what();
            } catch (const std::exception& error) {
                runs[i].outcome = HostOutcome::failed;
                runs[i].error = std::string("internal error: ") + error.what();
            }
        }
    };
    // Each worker's first touch of libxml2 (above) would set up its global
    // state lazily, unlocked, and one of two racing setups leaks: it is done
    // here first, before any worker starts (vpt's main does it too; this
    // keeps run_on_hosts safe wherever it is called from).
    init_xml_library();
    std::vector<std::thread> threads;
    size_t workers = std::min(std::max<size_t>(at_once, 1), uris.size());
    threads.reserve(workers);
    for (size_t t = 0; t < workers; ++t) threads.emplace_back(work);
    for (auto& thread : threads) thread.join();
    return runs;
}

void write_hosts_json(const std::vector<HostRun>& runs, const std::string& key,
                      const std::function<void(JsonWriter&, size_t)>& write_value) {
    JsonWriter out(stdout);
    out.begin_object();
    out.key("hosts");
    out.begin_array();
    for (size_t i = 0; i < runs.size(); ++i) {
        out.begin_object();
        out.key("uri");
        out.string(runs[i].uri);
        out.key(key);
        write_value(out, i);
        out.key("error");
        out.optional_string(runs[i].error.empty() ? std::nullopt : std::optional(runs[i].error));
        out.end_object();
    }
    out.end_array();
    out.end_object();
    out.finish();
}

void report_host_errors(const std::vector<HostRun>& runs) {
    for (const auto& run : runs) {
        if (run.error.empty()) continue;
        // A connection error names the URI already ("cannot connect to libvirt at '...'").
        bool named = run.error.find("'" + run.uri + "'") != std::string::npos;
        std::cerr << "vpt: " << error_line(named ? run.error : run.uri + ": " + run.error) << '\n';
    }
}

void finish_hosts(const std::vector<HostRun>& runs, const std::string& command, const OutcomeWords& words) {
    std::vector<HostOutcome> outcomes;
    size_t counts[4] = {};
    for (const auto& run : runs) {
        outcomes.push_back(run.outcome);
        ++counts[static_cast<int>(run.outcome)];
    }
    ExitCode code = exit_code_of(outcomes);
    if (code == ExitCode::ok) return;
    std::string text = command + " on " + std::to_string(runs.size()) + " hosts:";
    const char* separator = " ";
    for (int i = 0; i < 4; ++i) {
        if (!counts[i]) continue;
        text += separator + std::to_string(counts[i]) + " " + words[size_t(i)];
        separator = ", ";
    }
    throw Error(code, text);
}

}  // namespace vpt
