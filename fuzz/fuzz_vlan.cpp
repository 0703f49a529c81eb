// A VLAN id reaches vpt as the text of --vlan (assign, xml interface): the
// option parsing that commands register, then the interface generator. No
// text may crash it, and any text it accepts is a tag from 1 to 4094 that
// ends up, as that number, in the XML.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/device_options.hpp"
#include "require.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    // A command line argument cannot hold a NUL byte.
    if (text.find('\0') != std::string::npos) return 0;

    CLI::App app;
    vpt::DeviceOptions options;
    vpt::add_interface_options(app, options, true);
    std::string program = "vpt", flag = "--vlan";
    char* argv[] = {program.data(), flag.data(), text.data()};
    try {
        app.parse(3, argv);
    } catch (const CLI::ParseError&) {
        return 0;
    }
    VPT_FUZZ_REQUIRE(app.count("--vlan") == 1);
    VPT_FUZZ_REQUIRE(options.vlan >= 1 && options.vlan <= 4094);

    options.mac = "52:54:00:00:00:01";  // not a generated one: every run the same
    auto spec = vpt::interface_spec(options, vpt::PciAddress{0, 3, 0x10, 2});
    VPT_FUZZ_REQUIRE(spec && spec->vlan == options.vlan);
    auto xml = vpt::hostdev_interface_xml(*spec);
    VPT_FUZZ_REQUIRE(xml && xml->find("<tag id='" + std::to_string(options.vlan) + "'/>") != std::string::npos);
    return 0;
}
