#include <doctest/doctest.h>

#include <fstream>

#include "host/pci_class_name.hpp"
#include "temp_dir.hpp"

using namespace vpt;

TEST_CASE("pci_class_name: the names lspci prints, from the system's pci.ids") {
    // lspci's "00:1f.0 ISA bridge: ...", "01:00.0 Non-Volatile memory controller: ..." and so on.
    CHECK(pci_class_name(0x060000) == "Host bridge");
    CHECK(pci_class_name(0x060100) == "ISA bridge");
    CHECK(pci_class_name(0x060400) == "PCI bridge");
    CHECK(pci_class_name(0x010802) == "Non-Volatile memory controller");
    CHECK(pci_class_name(0x010601) == "SATA controller");
    CHECK(pci_class_name(0x020000) == "Ethernet controller");
    CHECK(pci_class_name(0x030000) == "VGA compatible controller");
    CHECK(pci_class_name(0x030200) == "3D controller");
    CHECK(pci_class_name(0x040300) == "Audio device");
    CHECK(pci_class_name(0x0c0330) == "USB controller");
    CHECK(pci_class_name(0x0c0500) == "SMBus");
    SUBCASE("a subclass the database lacks: its class and the code") {
        CHECK(pci_class_name(0x01ff00) == "Mass storage controller [01ff]");
    }
    SUBCASE("a class it lacks: the code") { CHECK(pci_class_name(0x2a0100) == "Class 2a01"); }
}

TEST_CASE("PciClassNames with another database") {
    vpt::test::TempDir dir("pci-ids");
    SUBCASE("no database: the code, as lspci shows it") {
        PciClassNames names((dir.path / "absent.ids").string());
        CHECK(names.name(0x0c0330) == "Class 0c03");
        CHECK(names.name(0x030000) == "Class 0300");
    }
    SUBCASE("names come from the file given") {
        std::ofstream((dir.path / "pci.ids")) << "# test\nC 0c  Serial bus controller\n\t03  Universal serial bus\n";
        PciClassNames names((dir.path / "pci.ids").string());
        CHECK(names.name(0x0c0330) == "Universal serial bus");
        CHECK(names.name(0x0c0500) == "Serial bus controller [0c05]");
    }
}

TEST_CASE("PciClassNames reads only the class section, whatever surrounds it") {
    vpt::test::TempDir dir("pci-ids");
    // Vendor and device lines first (a device named like a class line must
    // not count), programming interfaces under a subclass, CRLF line ends,
    // and a section after the classes.
    std::ofstream((dir.path / "pci.ids"))
        << "# header\n8086  Intel Corporation\n\t0c03  C 0c  not a class\n"
        << "C 01  Mass storage controller\r\n\t08  Non-Volatile memory controller\r\n\t\t02  NVM Express\r\n"
        << "C 02  Network controller\n\t00  Ethernet controller\n"
        << "X 99  another section\n\t00  not a subclass of 02\n";
    PciClassNames names((dir.path / "pci.ids").string());
    CHECK(names.name(0x010802) == "Non-Volatile memory controller");
    CHECK(names.name(0x020000) == "Ethernet controller");
    CHECK(names.name(0x0c0300) == "Class 0c03");
    CHECK(names.name(0x990000) == "Class 9900");
    CHECK(names.name(0x0201ff) == "Network controller [0201]");
}
