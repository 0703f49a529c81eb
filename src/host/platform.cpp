#include "host/platform.hpp"

#include <sstream>

namespace vpt {

CpuVendor parse_cpu_vendor(std::string_view cpuinfo) {
    if (cpuinfo.find("GenuineIntel") != std::string_view::npos) return CpuVendor::intel;
    if (cpuinfo.find("AuthenticAMD") != std::string_view::npos ||
        cpuinfo.find("HygonGenuine") != std::string_view::npos)
        return CpuVendor::amd;
    return CpuVendor::other;
}

CpuVendor cpu_vendor(const HostFs& fs) {
    if (auto cpuinfo = fs.read_text("/proc/cpuinfo")) {
        CpuVendor vendor = parse_cpu_vendor(*cpuinfo);
        if (vendor != CpuVendor::other) return vendor;
    }
    if (fs.exists("/sys/firmware/acpi/tables/DMAR")) return CpuVendor::intel;
    if (fs.exists("/sys/firmware/acpi/tables/IVRS")) return CpuVendor::amd;
    return CpuVendor::other;
}

CpuVendor iommu_vendor(const HostFs& fs) {
    if (fs.exists("/sys/firmware/acpi/tables/DMAR")) return CpuVendor::intel;
    if (fs.exists("/sys/firmware/acpi/tables/IVRS")) return CpuVendor::amd;
    return cpu_vendor(fs);
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
        std::string key = trim(line.substr(0, eq));
        std::string value = trim(line.substr(eq + 1));
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
