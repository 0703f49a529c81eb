#include "host/pci_class_name.hpp"

extern "C" {
#include <pci/pci.h>
}

#include <cstdio>
#include <mutex>

namespace vpt {

namespace {

// A damaged pci.ids makes libpci warn on stderr; a name it cannot find
// is shown as a number anyway, so the warning only adds noise.
void ignore_message(char*, ...) {}

std::mutex lookup_mutex;  // libpci loads and caches the database on first use

}  // namespace

PciClassNames::PciClassNames(const std::string& ids_file) : ids_file_(ids_file), access_(pci_alloc()) {
    access_->warning = ignore_message;
    access_->debug = ignore_message;
    if (!ids_file.empty()) pci_set_name_list_path(access_, ids_file_.data(), 0);
}

PciClassNames::~PciClassNames() { pci_cleanup(access_); }

std::string PciClassNames::name(uint32_t class_code) const {
    char buffer[256];
    std::lock_guard lock(lookup_mutex);
    // The flags lspci passes, less udev's hwdb: the answer comes from
    // pci.ids alone, the same on every host with the same file.
    const char* text = pci_lookup_name(access_, buffer, sizeof buffer, PCI_LOOKUP_CLASS | PCI_LOOKUP_NO_HWDB,
                                       int(class_code >> 8));
    if (text) return text;
    std::snprintf(buffer, sizeof buffer, "Class %04x", unsigned(class_code >> 8));  // what libpci says unknown
    return buffer;
}

std::string pci_class_name(uint32_t class_code) {
    static const PciClassNames system_names;
    return system_names.name(class_code);
}

}  // namespace vpt
