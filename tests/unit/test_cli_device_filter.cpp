#include <doctest/doctest.h>

#include "cli/device_filter.hpp"

using namespace vpt;

namespace {

PciDevice device(const char* address, uint32_t class_code, std::optional<std::string> driver) {
    PciDevice d;
    d.address = *PciAddress::parse(address);
    d.class_code = class_code;
    d.driver = std::move(driver);
    return d;
}

}  // namespace

TEST_CASE("DeviceFilter selects by class, driver and holder") {
    HostState host;
    host.inventory = Inventory({device("01:00.0", 0x030000, "nvidia"), device("01:00.1", 0x040300, "snd_hda_intel"),
                                device("02:00.0", 0x010802, std::nullopt), device("03:00.0", 0x020000, "vfio-pci")},
                               {{*PciAddress::parse("03:00.0"), Holder{"g", Holder::Kind::hostdev, {}, true}}});
    auto count = [&](const DeviceFilter& filter) {
        int n = 0;
        for (const auto& d : host.inventory.devices()) n += filter.matches(host, d);
        return n;
    };
    CHECK(count(DeviceFilter{}) == 4);
    CHECK(count(*parse_class_filter("gpu", {})) == 1);
    CHECK(count(*parse_class_filter("nvme", {})) == 1);
    CHECK(count(*parse_class_filter("0x0403", {})) == 1);
    CHECK(count(*parse_class_filter("010802", {})) == 1);
    CHECK(count(*parse_class_filter("0x02", {})) == 1);
    CHECK_FALSE(parse_class_filter("0x0", {}).ok());
    CHECK_FALSE(parse_class_filter("graphics", {}).ok());

    DeviceFilter by_driver;
    by_driver.driver = "none";
    CHECK(count(by_driver) == 1);
    by_driver.driver = "nvidia";
    CHECK(count(by_driver) == 1);

    DeviceFilter held;
    held.only_held = true;
    CHECK(count(held) == 1);
    DeviceFilter free_only;
    free_only.only_free = true;
    CHECK(count(free_only) == 3);

    // a VF that a pool hands out is not free, though no guest holds it
    host.pools.push_back(PoolNetwork{.vfs = {*PciAddress::parse("02:00.0")}});
    CHECK(count(free_only) == 2);
    CHECK(count(held) == 1);
}
