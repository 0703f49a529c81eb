#include "host/platform.hpp"

#include <sstream>

#include "core/text_fields.hpp"

namespace vpt {

CpuVendor parse_cpu_vendor(std::string_view cpuinfo) {
    if (cpuinfo.find("GenuineIntel") != std::string_view::npos) return CpuVendor::intel;
    if (cpuinfo.find("AuthenticAMD") != std::string_view::npos ||
        cpuinfo.find("HygonGenuine") != std::string_view::npos)
        return CpuVendor::amd;
    return CpuVendor::other;
}

namespace {

// From the ACPI table the firmware provides: DMAR is Intel's, IVRS is AMD's.
CpuVendor acpi_vendor(const HostFs& fs) {
    if (fs.exists("/sys/firmware/acpi/tables/DMAR")) return CpuVendor::intel;
    if (fs.exists("/sys/firmware/acpi/tables/IVRS")) return CpuVendor::amd;
    return CpuVendor::other;
}

std::string read_cpuinfo(const HostFs& fs) { return fs.read_text("/proc/cpuinfo").value_or(""); }

}  // namespace

CpuVendor cpu_vendor(const HostFs& fs, std::string_view cpuinfo) {
    CpuVendor vendor = parse_cpu_vendor(cpuinfo);
    return vendor != CpuVendor::other ? vendor : acpi_vendor(fs);
}

CpuVendor cpu_vendor(const HostFs& fs) { return cpu_vendor(fs, read_cpuinfo(fs)); }

// Without a DMAR or IVRS table, the CPU's vendor from /proc/cpuinfo alone:
// cpu_vendor() would look for the tables again.
CpuVendor iommu_vendor(const HostFs& fs) {
    CpuVendor vendor = acpi_vendor(fs);
    return vendor != CpuVendor::other ? vendor : parse_cpu_vendor(read_cpuinfo(fs));
}

bool OsRelease::is(std::string_view family) const {
    if (id == family) return true;
    for (const auto& like : id_like)
        if (like == family) return true;
    return false;
}

OsRelease parse_os_release(std::string_view text) {
    OsRelease release;
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos || line.starts_with('#')) continue;
        std::string key(trimmed(line.substr(0, eq)));
        std::string value(trimmed(line.substr(eq + 1)));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        if (key == "ID") {
            release.id = value;
        } else if (key == "ID_LIKE") {
            std::istringstream words(value);
            std::string word;
            while (words >> word) release.id_like.push_back(word);
        } else if (key == "PRETTY_NAME") {
            release.pretty_name = value;
        }
    }
    return release;
}

OsRelease read_os_release(const HostFs& fs) {
    for (const char* path : {"/etc/os-release", "/usr/lib/os-release"})
        if (auto text = fs.read_text(path)) return parse_os_release(*text);
    return {};
}

}  // namespace vpt
