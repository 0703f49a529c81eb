#include "host/pci_class_name.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace vpt {

namespace {

// Where Debian (pci.ids package) and Fedora (hwdata) keep the database.
const char* const system_ids_files[] = {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "0c" at `line`'s start, or -1.
int hex_byte(std::string_view line) {
    if (line.size() < 2 || hex_digit(line[0]) < 0 || hex_digit(line[1]) < 0) return -1;
    return hex_digit(line[0]) * 16 + hex_digit(line[1]);
}

// The name after "XX  " (two blanks, as pci.ids writes it), or "".
std::string_view name_after_id(std::string_view line) {
    return line.size() > 4 && line.substr(2, 2) == "  " ? line.substr(4) : std::string_view();
}

}  // namespace

PciClassNames::PciClassNames(const std::string& ids_file) : ids_file_(ids_file) {}

// Only the class section ("C 0c  Serial bus controller", then "\t03  USB
// controller" lines) is read: it is the file's last few hundred lines, so
// vpt skips the 30,000 vendor and device lines libpci would parse and hash
// on every run (a third of a text `vpt list`'s instructions).
void PciClassNames::load() const {
    std::string text;
    auto read = [&text](const std::string& path) {
        std::ifstream file(path, std::ios::binary);
        if (!file) return false;
        std::ostringstream content;
        content << file.rdbuf();
        text = content.str();
        return true;
    };
    if (!ids_file_.empty())
        read(ids_file_);
    else
        for (const char* path : system_ids_files)
            if (read(path)) break;

    // Vendor lines start with a hex id and device lines with a tab, so the
    // first line that starts "C " opens the class section.
    std::size_t start = text.compare(0, 2, "C ") == 0 ? 0 : text.find("\nC ");
    if (start == std::string::npos) return;

    int current_class = -1;
    std::string_view rest = std::string_view(text).substr(text[start] == '\n' ? start + 1 : start);
    while (!rest.empty()) {
        std::size_t end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line[0] == '#') continue;
        if (line.substr(0, 2) == "C ") {
            current_class = hex_byte(line.substr(2));
            auto name = name_after_id(line.substr(2));
            if (current_class >= 0 && !name.empty()) class_names_[current_class] = std::string(name);
        } else if (line[0] == '\t' && line.size() > 1 && line[1] != '\t') {
            int subclass = hex_byte(line.substr(1));
            auto name = name_after_id(line.substr(1));
            if (current_class >= 0 && subclass >= 0 && !name.empty())
                subclass_names_[current_class << 8 | subclass] = std::string(name);
        } else if (line[0] != '\t') {
            current_class = -1;  // another section
        }
    }
}

// As libpci answers lspci: the subclass's name; else the class's name with
// the number ("Mass storage controller [01ff]"); else "Class 0c03".
std::string PciClassNames::name(uint32_t class_code) const {
    std::call_once(loaded_, [this] { load(); });
    unsigned class_subclass = (class_code >> 8) & 0xffff;
    char buffer[64];
    if (auto sub = subclass_names_.find(class_subclass); sub != subclass_names_.end()) return sub->second;
    if (auto cls = class_names_.find(class_subclass >> 8); cls != class_names_.end()) {
        std::snprintf(buffer, sizeof buffer, " [%04x]", class_subclass);
        return cls->second + buffer;
    }
    std::snprintf(buffer, sizeof buffer, "Class %04x", class_subclass);
    return buffer;
}

std::string pci_class_name(uint32_t class_code) {
    static const PciClassNames system_names;
    return system_names.name(class_code);
}

}  // namespace vpt
