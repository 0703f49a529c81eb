#include <doctest/doctest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>

#include "virt/timed_call.hpp"

using namespace vpt;

namespace {

// Sends spdlog's default logger to a string at `level` while it lives.
struct CapturedLog {
    std::ostringstream text;
    std::shared_ptr<spdlog::logger> before = spdlog::default_logger();
    explicit CapturedLog(spdlog::level::level_enum level) {
        auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_st>(text));
        logger->set_pattern("%l: %v");
        logger->set_level(level);
        spdlog::set_default_logger(logger);
    }
    ~CapturedLog() { spdlog::set_default_logger(before); }
};

}  // namespace

TEST_CASE("timed_call_line") {
    SUBCASE("the call, then its duration") {
        CHECK(timed_call_line("virDomainDetachDeviceFlags web (live)", 12, false, "") ==
              "virDomainDetachDeviceFlags web (live) 12 ms");
    }
    SUBCASE("an outcome follows the duration") {
        CHECK(timed_call_line("run /usr/sbin/update-initramfs -u", 4100, false, "exit 0") ==
              "run /usr/sbin/update-initramfs -u 4100 ms: exit 0");
    }
    SUBCASE("a failure says so") {
        CHECK(timed_call_line("virNetworkCreate p1", 3, true, "ignored") == "virNetworkCreate p1 failed after 3 ms");
    }
    SUBCASE("a guest name cannot forge a second line, nor flood one") {
        CHECK(timed_call_line("virDomainDefineXMLFlags a\nvpt: error: x", 1, false, "") ==
              "virDomainDefineXMLFlags a\\nvpt: error: x 1 ms");
        CHECK(timed_call_line(std::string(5000, 'g'), 1, false, "").size() < 400);
    }
}

TEST_CASE("TimedCall logs at debug level when it ends") {
    SUBCASE("under -v: one line") {
        CapturedLog log(spdlog::level::debug);
        { TimedCall call("virNodeDeviceReAttach pci_0000_01_00_0"); }
        CHECK(log.text.str().rfind("debug: virNodeDeviceReAttach pci_0000_01_00_0 ", 0) == 0);
        CHECK(log.text.str().find(" ms\n") != std::string::npos);
    }
    SUBCASE("a call that throws is logged as failed") {
        CapturedLog log(spdlog::level::debug);
        try {
            TimedCall call("virNetworkCreate p1");
            throw std::runtime_error("no");
        } catch (const std::exception&) {
        }
        CHECK(log.text.str().find("virNetworkCreate p1 failed after ") != std::string::npos);
    }
    SUBCASE("timed(): a false result is a failure") {
        CapturedLog log(spdlog::level::debug);
        bool ok = timed("write /etc/x", [] { return false; });
        CHECK_FALSE(ok);
        CHECK(log.text.str().find("write /etc/x failed after ") != std::string::npos);
    }
    SUBCASE("without -v: nothing") {
        CapturedLog log(spdlog::level::warn);
        { TimedCall call("virNodeDeviceReAttach pci_0000_01_00_0"); }
        CHECK(log.text.str().empty());
    }
}
