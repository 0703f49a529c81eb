#include <doctest/doctest.h>

#include "cli/audit_trail.hpp"

using namespace vpt;

namespace {

const AuditIdentity root_via_sudo{"root", std::string("alice"), 1000u};

}  // namespace

TEST_CASE("audit_value") {
    SUBCASE("a plain word stays as it is") { CHECK(audit_value("0000:01:00.0") == "0000:01:00.0"); }
    SUBCASE("a space, an equals sign or nothing at all is quoted") {
        CHECK(audit_value("vpt detach 01:00.0") == "\"vpt detach 01:00.0\"");
        CHECK(audit_value("a=b") == "\"a=b\"");
        CHECK(audit_value("") == "\"\"");
    }
    SUBCASE("a quote or a backslash cannot end the value early or forge a field") {
        CHECK(audit_value("x\" user=root") == "\"x\\\" user=root\"");
        CHECK(audit_value("x\\") == "\"x\\\\\"");
    }
    SUBCASE("a newline cannot forge a second line; other controls are spelled out") {
        CHECK(audit_value("web\nevent=end") == "\"web\\nevent=end\"");
        CHECK(audit_value("a\x1b[31m") == "\"a\\x1b[31m\"");
    }
    SUBCASE("a flood is cut") { CHECK(audit_value(std::string(5000, 'g')).size() < 1100); }
}

TEST_CASE("audit_line: the fields in order, then who") {
    SUBCASE("with sudo and a login uid") {
        CHECK(audit_line({{"event", "end"}, {"outcome", "ok"}}, root_via_sudo) ==
              "event=end outcome=ok user=root sudo_user=alice loginuid=1000");
    }
    SUBCASE("without them") {
        CHECK(audit_line({{"event", "end"}}, AuditIdentity{"1234", std::nullopt, std::nullopt}) ==
              "event=end user=1234");
    }
}

TEST_CASE("audit_outcome") {
    ExecutionReport report;
    report.completed = true;
    CHECK(std::string(audit_outcome(report)) == "ok");
    report.completed = false;
    report.undone = {{0, std::nullopt}};
    CHECK(std::string(audit_outcome(report)) == "undone");
    report.undone = {{0, std::string("libvirt said no")}};
    CHECK(std::string(audit_outcome(report)) == "failed");
}

TEST_CASE("AuditTrail: a line per step applied, undone or failed, between start and end") {
    std::vector<std::string> lines;
    Plan plan;
    plan.operation = Operation::pool_create;
    plan.target = "p1";
    plan.steps = {network_step("p1", StepAction::start_network)};
    AuditTrail trail([&](const std::string& line) { lines.push_back(line); }, root_via_sudo, "pool-create", "p1", &plan);
    trail.begin("vpt pool create p1 --pf eth0", "qemu:///system");
    trail.finished(0, Direction::forward);
    trail.failed(0, Direction::undo, "no\nforged");
    trail.end("failed", "no");
    const std::string who = " user=root sudo_user=alice loginuid=1000";
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "event=start op=pool-create target=p1 uri=qemu:///system cmd=\"vpt pool create p1 --pf eth0\"" + who);
    CHECK(lines[1] == "event=applied op=pool-create target=p1 step=\"start network 'p1'\"" + who);
    CHECK(lines[2] == "event=undo-failed op=pool-create target=p1 step=\"start network 'p1'\" error=\"no\\nforged\"" + who);
    CHECK(lines[3] == "event=end op=pool-create target=p1 outcome=failed error=no" + who);
}
