#include "cli/audit_trail.hpp"

#include "core/text_escape.hpp"
#include "view/plan_view.hpp"

namespace vpt {
namespace {

constexpr size_t value_limit = 1000;  // a command line or a libvirt error, not a flood

}  // namespace

std::string audit_value(std::string_view value) {
    // Backslashes and quotes first, so that the \n and \xNN escape_text
    // writes stay the only single backslashes.
    std::string quoted;
    bool needs_quotes = value.empty();
    for (char c : value) {
        if (c == '\\' || c == '"') quoted += '\\';
        quoted += c;
        if (c == ' ' || c == '"' || c == '\\' || c == '=') needs_quotes = true;
    }
    std::string text = one_line(quoted, value_limit);
    if (text.find_first_of("\\ ") != std::string::npos) needs_quotes = true;  // an escape, or the cut's note
    return needs_quotes ? '"' + text + '"' : text;
}

std::string audit_line(const std::vector<AuditField>& fields, const AuditIdentity& who) {
    std::string line;
    auto add = [&line](const std::string& key, const std::string& value) {
        if (!line.empty()) line += ' ';
        line += key + '=' + audit_value(value);
    };
    for (const auto& [key, value] : fields) add(key, value);
    add("user", who.user);
    if (who.sudo_user) add("sudo_user", *who.sudo_user);
    if (who.loginuid) add("loginuid", std::to_string(*who.loginuid));
    return line;
}

const char* audit_outcome(const ExecutionReport& report) {
    if (report.completed) return "ok";
    return report.fully_restored() ? "undone" : "failed";
}

AuditTrail::AuditTrail(AuditSink sink, AuditIdentity who, std::string op, std::string target, const Plan* plan)
    : sink_(std::move(sink)), who_(std::move(who)), op_(std::move(op)), target_(std::move(target)), plan_(plan) {}

void AuditTrail::write(std::vector<AuditField> fields) {
    fields.insert(fields.begin() + 1, {{"op", op_}, {"target", target_}});
    sink_(audit_line(fields, who_));
}

void AuditTrail::begin(const std::string& command_line, const std::string& uri) {
    std::vector<AuditField> fields = {{"event", "start"}};
    if (!uri.empty()) fields.push_back({"uri", uri});
    fields.push_back({"cmd", command_line});
    write(std::move(fields));
}

void AuditTrail::end(const std::string& outcome, const std::string& error) {
    std::vector<AuditField> fields = {{"event", "end"}, {"outcome", outcome}};
    if (!error.empty()) fields.push_back({"error", error});
    write(std::move(fields));
}

void AuditTrail::finished(size_t index, Direction direction) {
    std::string step = plan_ ? describe_step(plan_->steps.at(index)) : std::to_string(index);
    write({{"event", direction == Direction::forward ? "applied" : "undone"}, {"step", step}});
}

void AuditTrail::failed(size_t index, Direction direction, const std::string& error) {
    std::string step = plan_ ? describe_step(plan_->steps.at(index)) : std::to_string(index);
    write({{"event", direction == Direction::forward ? "failed" : "undo-failed"}, {"step", step}, {"error", error}});
}

}  // namespace vpt
