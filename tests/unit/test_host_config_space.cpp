#include <doctest/doctest.h>

#include "host/config_space.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::TempTree;

TEST_CASE("parse_config_head: vendor and device IDs, little-endian; all ones did not come back") {
    auto e1000e = parse_config_head(std::string("\x86\x80\xd3\x10", 4));
    CHECK(e1000e.ok());
    CHECK(e1000e.text() == "answers as 8086:10d3");
    auto gone = parse_config_head(std::string(4, '\xff'));
    CHECK(gone.state == ConfigSpaceAnswer::State::all_ones);
    CHECK(gone.text().find("all ones (ffff:ffff)") != std::string::npos);
    CHECK(parse_config_head("\x86\x80").state == ConfigSpaceAnswer::State::unreadable);
}

TEST_CASE("read_config_answer reads the device's sysfs config") {
    TempTree tree;
    tree.write("/sys/bus/pci/devices/0000:00:10.0/config", std::string("\x86\x80\xd3\x10\x07\x04", 6));
    CHECK(read_config_answer(tree.fs(), *PciAddress::parse("00:10.0")).text() == "answers as 8086:10d3");
    auto missing = read_config_answer(tree.fs(), *PciAddress::parse("00:11.0"));
    CHECK(missing.state == ConfigSpaceAnswer::State::unreadable);
    CHECK_FALSE(missing.error.empty());
}
