// Device class names as lspci prints them, from the PCI ID database
// (pci.ids): "VGA compatible controller", "Non-Volatile
// memory controller". libvirt reports only the class code.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace vpt {

class PciClassNames {
public:
    // Names from `ids_file`; "" means the system's database
    // (/usr/share/misc/pci.ids, from the pci.ids package).
    explicit PciClassNames(const std::string& ids_file = "");

    // The name of the 24-bit class code's class and subclass, exactly as
    // lspci shows it: "USB controller"; "Mass storage controller [01ff]"
    // for a subclass the database lacks; "Class 0c03" when it has neither
    // or there is no database.
    std::string name(uint32_t class_code) const;

private:
    void load() const;  // on the first name(): most commands print no class

    std::string ids_file_;
    mutable std::once_flag loaded_;
    mutable std::map<int, std::string> class_names_;     // 0x0c
    mutable std::map<int, std::string> subclass_names_;  // 0x0c03
};

// name() from the system's database, opened once.
std::string pci_class_name(uint32_t class_code);

}  // namespace vpt
