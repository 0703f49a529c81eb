#include "host/pci_health.hpp"

#include <charconv>
#include <sstream>

namespace vpt {
namespace {

// The kernel's resource flags (include/linux/ioport.h).
constexpr uint64_t io_resource = 0x00000100;
constexpr uint64_t mem_resource = 0x00000200;
constexpr uint64_t prefetch_resource = 0x00002000;
constexpr uint64_t mem64_resource = 0x00100000;

constexpr size_t bar_count = 6;  // lines 0-5 are the BARs, line 6 the ROM

bool read_hex(const std::string& word, uint64_t& out) {
    std::string_view digits = word;
    if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
    if (digits.empty()) return false;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out, 16);
    return error == std::errc() && end == digits.data() + digits.size();
}

// The size of one resource line; 0 when it is unused or unreadable.
uint64_t size_of(const std::string& line, uint64_t& flags) {
    std::istringstream words(line);
    std::string start_word, end_word, flags_word;
    uint64_t start = 0, end = 0;
    flags = 0;
    if (!(words >> start_word >> end_word >> flags_word)) return 0;
    if (!read_hex(start_word, start) || !read_hex(end_word, end) || !read_hex(flags_word, flags)) return 0;
    if (end <= start) return 0;  // an unused BAR is all zeros
    return end - start + 1;
}

}  // namespace

BarTotals parse_resource_table(std::string_view text) {
    BarTotals totals;
    std::istringstream lines{std::string(text)};
    std::string line;
    for (size_t index = 0; index <= bar_count && std::getline(lines, line); ++index) {
        uint64_t flags = 0;
        uint64_t size = size_of(line, flags);
        if (size == 0) continue;
        if (index == bar_count)
            totals.rom = size;
        else if (flags & io_resource)
            totals.io += size;
        else if (!(flags & mem_resource))
            continue;
        else if (!(flags & mem64_resource))
            totals.mem32 += size;
        else if (flags & prefetch_resource)
            totals.mem64_prefetch += size;
        else
            totals.mem64 += size;
    }
    return totals;
}

PciHealth read_pci_health(const HostFs& fs, const PciAddress& address) {
    PciHealth health;
    auto dir = pci_device_dir(address);
    if (auto resource = fs.read_text(dir / "resource")) health.bars = parse_resource_table(*resource);
    if (auto methods = fs.read_text(dir / "reset_method")) {
        ResetMethods reset;
        std::istringstream words(*methods);
        for (std::string word; words >> word;) reset.methods.push_back(word);
        health.reset = reset;
    } else if (fs.exists(dir / "resource")) {
        // A kernel before 5.15: a `reset` file means it can be reset somehow.
        health.reset = ResetMethods{.methods = {}, .listed = !fs.exists(dir / "reset")};
    }
    if (auto state = fs.read_text(dir / "power_state"); state && !state->empty()) health.power_state = *state;
    return health;
}

}  // namespace vpt
