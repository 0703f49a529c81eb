#include "core/mmio_fit.hpp"
#include "core/command_text.hpp"

#include <charconv>

namespace vpt {

std::string size_text(uint64_t bytes) {
    static const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    size_t unit = 0;
    while (unit < 4 && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        ++unit;
    }
    return std::to_string(bytes) + " " + units[unit];
}

std::optional<uint64_t> parse_mmio64_size(const std::string& text) {
    if (text.size() < 2) return std::nullopt;
    uint64_t number = 0;
    const char* end = text.data() + text.size() - 1;
    auto [stop, error] = std::from_chars(text.data(), end, number);
    if (error != std::errc() || stop != end || number == 0) return std::nullopt;
    int shift = 0;  // to KiB
    switch (text.back()) {
        case 'K': case 'k': shift = 0; break;
        case 'M': case 'm': shift = 10; break;
        case 'G': case 'g': shift = 20; break;
        case 'T': case 't': shift = 30; break;
        default: return std::nullopt;
    }
    constexpr uint64_t max_kib = uint64_t(1) << 40;  // 1 PiB
    if (number > (max_kib >> shift)) return std::nullopt;
    return number << shift;
}

uint64_t suggested_mmio64_gib(uint64_t bar64_bytes) {
    uint64_t suggested = uint64_t(1) << 30;
    while (suggested < 2 * bar64_bytes) suggested <<= 1;
    return suggested >> 30;
}

std::optional<FitWarning> mmio64_warning(const std::string& device, uint64_t bar64_bytes, const std::string& guest,
                                         std::optional<uint64_t> window_kib) {
    uint64_t window = window_kib ? *window_kib << 10 : default_mmio64_bytes;
    if (bar64_bytes <= window) return std::nullopt;
    std::string whose = window_kib ? "the " + size_text(window) + " 64-bit PCI window " + guest + " sets"
                                   : "the " + size_text(window) + " 64-bit PCI window " + guest +
                                         "'s firmware maps by default";
    return FitWarning{"mmio64-window", device,
                      device + "'s 64-bit BARs total " + size_text(bar64_bytes) + ", more than " + whose +
                          ": the guest may not see it; widen it (" +
                          command_text({"vpt", "prepare", guest, "--mmio64",
                                        std::to_string(suggested_mmio64_gib(bar64_bytes)) + "G", "--config"}) +
                          ")"};
}

}  // namespace vpt
