// vpt xml hostdev|interface|pool against libvirt's test driver: the exact
// XML on stdout, or one line on stderr and exit 2 for bad input.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "run_vpt.hpp"

namespace {

VptRun xml(std::vector<std::string> args) {
    args.insert(args.begin(), {"-c", demo_uri(), "xml"});
    return run_vpt(args);
}

std::string ok_xml(const std::vector<std::string>& args) {
    auto run = xml(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.empty());
    return run.out;
}

void check_bad_input(const std::vector<std::string>& args, const std::string& expected) {
    auto run = xml(args);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(line_count(run.err) == 1);
    CHECK_MESSAGE(run.err.find(expected) != std::string::npos, run.err);
}

const std::string gpu_hostdev =
    "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
    "  <driver name='vfio'/>\n"
    "  <source>\n"
    "    <address domain='0x0000' bus='0x19' slot='0x00' function='0x0'/>\n"
    "  </source>\n"
    "</hostdev>\n";

}  // namespace

TEST_CASE("xml hostdev prints the element for any name of the device") {
    CHECK(ok_xml({"hostdev", "19:00.0"}) == gpu_hostdev);
    CHECK(ok_xml({"hostdev", "0000:19:00.0"}) == gpu_hostdev);
    CHECK(ok_xml({"hostdev", "pci_1002_73bf"}) == gpu_hostdev);  // the legacy nodedev name
}

TEST_CASE("xml hostdev with every option") {
    CHECK(ok_xml({"hostdev", "19:00.0", "--unmanaged", "--rom-bar", "off", "--rom-file",
                  "/usr/share/vgabios/rx6800.rom", "--boot-order", "2", "--guest-address", "05:00.0"}) ==
          "<hostdev mode='subsystem' type='pci' managed='no'>\n"
          "  <driver name='vfio'/>\n"
          "  <source>\n"
          "    <address domain='0x0000' bus='0x19' slot='0x00' function='0x0'/>\n"
          "  </source>\n"
          "  <boot order='2'/>\n"
          "  <rom bar='off' file='/usr/share/vgabios/rx6800.rom'/>\n"
          "  <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>\n"
          "</hostdev>\n");
    auto unassigned = ok_xml({"hostdev", "3f:00.0", "--unassigned"});
    CHECK(unassigned.find("  <address type='unassigned'/>\n</hostdev>\n") != std::string::npos);
}

TEST_CASE("xml hostdev: a hostile ROM path is escaped") {
    auto out = ok_xml({"hostdev", "19:00.0", "--rom-file", "/roms/<a> & 'b' \"c\".rom"});
    CHECK(out.find("<rom file='/roms/&lt;a> &amp; &apos;b&apos; \"c\".rom'/>") != std::string::npos);
}

TEST_CASE("xml --json wraps the same XML") {
    auto run = xml({"hostdev", "19:00.0", "--json"});
    REQUIRE(run.exit_code == 0);
    auto result = nlohmann::json::parse(run.out);
    CHECK(result.size() == 1);
    CHECK(result["xml"] == gpu_hostdev);
}

TEST_CASE("xml interface prints a VF with its MAC and VLAN") {
    CHECK(ok_xml({"interface", "03:10.4", "--mac", "52:54:00:6D:90:02", "--vlan", "42"}) ==
          "<interface type='hostdev' managed='yes'>\n"
          "  <driver name='vfio'/>\n"
          "  <source>\n"
          "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x4'/>\n"
          "  </source>\n"
          "  <mac address='52:54:00:6d:90:02'/>\n"
          "  <vlan>\n"
          "    <tag id='42'/>\n"
          "  </vlan>\n"
          "</interface>\n");
    auto generated = ok_xml({"interface", "pci_0000_03_10_6", "--boot-order", "1"});
    CHECK(generated.find("<mac address='52:54:00:") != std::string::npos);
    CHECK(generated.find("<boot order='1'/>") != std::string::npos);
    auto profile = ok_xml({"interface", "03:10.6", "--virtualport", "802.1Qbh", "--virtualport-param",
                           "profileid=fin'<&>"});
    CHECK(profile.find("<virtualport type='802.1Qbh'>\n    <parameters profileid='fin&apos;&lt;&amp;>'/>") !=
          std::string::npos);
}

TEST_CASE("xml pool prints a VF pool network") {
    const std::string by_pf =
        "<network>\n"
        "  <name>new-pool</name>\n"
        "  <forward mode='hostdev' managed='yes'>\n"
        "    <driver name='vfio'/>\n"
        "    <pf dev='enp3s0f0'/>\n"
        "  </forward>\n"
        "</network>\n";
    CHECK(ok_xml({"pool", "new-pool", "--pf", "enp3s0f0"}) == by_pf);
    CHECK(ok_xml({"pool", "new-pool", "--pf", "03:00.0"}) == by_pf);  // the PF by address
    CHECK(ok_xml({"pool", "web-pool", "--vf", "03:10.4", "--vf", "0000:03:10.6", "--vlan", "100"}) ==
          "<network>\n"
          "  <name>web-pool</name>\n"
          "  <forward mode='hostdev' managed='yes'>\n"
          "    <driver name='vfio'/>\n"
          "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x4'/>\n"
          "    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x6'/>\n"
          "  </forward>\n"
          "  <vlan>\n"
          "    <tag id='100'/>\n"
          "  </vlan>\n"
          "</network>\n");
    CHECK(ok_xml({"pool", "a <b> & 'c'", "--pf", "enp3s0f0"}).find("<name>a &lt;b&gt; &amp; 'c'</name>") !=
          std::string::npos);
}

TEST_CASE("xml refuses bad input with one line and exit 2") {
    SUBCASE("devices that cannot be used so") {
        check_bad_input({"hostdev", "3c:01.0"}, "0000:3c:01.0 is a PCI bridge or root port");
        check_bad_input({"hostdev", "00:00.0"}, "0000:00:00.0 is a host bridge");
        check_bad_input({"interface", "00:1f.0"}, "0000:00:1f.0 is an ISA/LPC bridge");
        check_bad_input({"hostdev", "77:00.0"}, "unknown PCI device");
        check_bad_input({"hostdev", "zz:00.0"}, "malformed PCI address");
        check_bad_input({"interface", "19:00.0"}, "0000:19:00.0 is not an SR-IOV virtual function");
        check_bad_input({"interface", "03:00.0"}, "0000:03:00.0 is not an SR-IOV virtual function");
    }
    SUBCASE("bad values") {
        check_bad_input({"interface", "03:10.4", "--mac", "01:00:5e:00:00:01"}, "multicast");
        check_bad_input({"interface", "03:10.4", "--mac", "52:54:00:6d:90"}, "malformed MAC address");
        check_bad_input({"interface", "03:10.4", "--mac", "00:00:00:00:00:00"}, "00:00:00:00:00:00");
        check_bad_input({"interface", "03:10.4", "--vlan", "4095"}, "--vlan");
        check_bad_input({"interface", "03:10.4", "--virtualport", "openvswitch"}, "not supported on a hostdev interface");
        check_bad_input({"interface", "03:10.4", "--virtualport", "802.1Qbh"}, "needs the parameter profileid");
        check_bad_input({"interface", "03:10.4", "--virtualport", "802.1Qbh", "--virtualport-param", "nope=1"},
                        "has no parameter 'nope'");
        check_bad_input({"interface", "03:10.4", "--virtualport-param", "profileid=x"}, "needs --virtualport");
        check_bad_input({"interface", "03:10.4", "--vlan", "7", "--virtualport", "802.1Qbh",
                         "--virtualport-param", "profileid=x"},
                        "both a VLAN and a virtualport");
        check_bad_input({"hostdev", "19:00.0", "--rom-file", "vbios.rom"}, "must be an absolute path");
        check_bad_input({"hostdev", "19:00.0", "--rom-bar", "maybe"}, "--rom-bar");
        check_bad_input({"hostdev", "19:00.0", "--boot-order", "0"}, "--boot-order");
        check_bad_input({"hostdev", "19:00.0", "--guest-address", "00:99.0"}, "--guest-address");
        check_bad_input({"hostdev", "3f:00.0", "--unassigned", "--guest-address", "00:05.0"}, "excludes");
        check_bad_input({"hostdev", "3f:00.0", "--unassigned", "--rom-bar", "on"}, "no ROM");
    }
    SUBCASE("bad pools") {
        check_bad_input({"pool", "p"}, "needs --pf IFACE or --vf DEV");
        check_bad_input({"pool", "p", "--pf", "enp3s0f0", "--vf", "03:10.4"}, "excludes");
        check_bad_input({"pool", "p", "--pf", "eno1"}, "not an SR-IOV physical function");
        check_bad_input({"pool", "p", "--pf", "nosuch0"}, "no SR-IOV physical function with interface 'nosuch0'");
        check_bad_input({"pool", "p", "--pf", "bad'/>"}, "--pf: invalid interface name");
        check_bad_input({"pool", "p", "--pf", "19:00.0"}, "not an SR-IOV physical function");
        check_bad_input({"pool", "p", "--vf", "19:00.0"}, "not an SR-IOV virtual function");
        check_bad_input({"pool", "p", "--vf", "03:10.4", "--vf", "03:10.4"}, "is named twice");
        check_bad_input({"pool", "a/b", "--pf", "enp3s0f0"}, "must not contain '/'");
        check_bad_input({"pool", "", "--pf", "enp3s0f0"}, "NAME: empty value");
        check_bad_input({"pool", "p", "--pf", "enp3s0f0", "--vlan", "0"}, "--vlan");
    }
    SUBCASE("usage") {
        check_bad_input({"hostdev"}, "DEV");
        check_bad_input({"frobnicate", "19:00.0"}, "unknown command 'xml frobnicate'");
    }
}
