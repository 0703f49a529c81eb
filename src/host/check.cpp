#include "host/check.hpp"

#include <algorithm>

namespace vpt {

const char* status_name(CheckStatus status) {
    switch (status) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::warn: return "warn";
    case CheckStatus::fail: return "fail";
    case CheckStatus::skip: return "skip";
    case CheckStatus::unknown: return "unknown";
    }
    return "skip";
}

const char* source_name(CheckSource source) { return source == CheckSource::host ? "host" : "libvirt"; }

Verdict pass(std::string finding) { return {CheckStatus::pass, std::move(finding), {}}; }
Verdict warn(std::string finding, std::string fix) {
    return {CheckStatus::warn, std::move(finding), std::move(fix)};
}
Verdict fail(std::string finding, std::string fix) {
    return {CheckStatus::fail, std::move(finding), std::move(fix)};
}
Verdict skip(std::string reason) { return {CheckStatus::skip, std::move(reason), {}}; }
Verdict unknown(std::string reason) { return {CheckStatus::unknown, std::move(reason), {}}; }

bool is_ready(const std::vector<CheckResult>& results) {
    return std::none_of(results.begin(), results.end(), [](const CheckResult& r) {
        return r.verdict.status == CheckStatus::fail;
    });
}

}  // namespace vpt
