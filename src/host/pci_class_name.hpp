// Device class names as lspci prints them, from the PCI ID database
// (pci.ids) through libpci: "VGA compatible controller", "Non-Volatile
// memory controller". libvirt reports only the class code.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

struct pci_access;

namespace vpt {

class PciClassNames {
public:
    // Names from `ids_file`; "" means the system's database
    // (/usr/share/misc/pci.ids, from the pci.ids package).
    explicit PciClassNames(const std::string& ids_file = "");
    ~PciClassNames();
    PciClassNames(const PciClassNames&) = delete;
    PciClassNames& operator=(const PciClassNames&) = delete;

    // The name of the 24-bit class code's class and subclass, exactly as
    // lspci shows it: "USB controller"; "Mass storage controller [01ff]"
    // for a subclass the database lacks; "Class 0c03" when it has neither
    // or there is no database.
    std::string name(uint32_t class_code) const;

private:
    std::string ids_file_;  // libpci keeps a pointer to it
    pci_access* access_;
};

// name() from the system's database, opened once.
std::string pci_class_name(uint32_t class_code);

}  // namespace vpt
