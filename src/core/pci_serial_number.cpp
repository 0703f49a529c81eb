#include "core/pci_serial_number.hpp"

#include <cstdint>
#include <cstdio>

namespace vpt {
namespace {

constexpr size_t extended_start = 0x100;  // extended capabilities begin here
constexpr size_t config_size = 0x1000;
constexpr uint32_t dsn_capability = 0x0003;

uint32_t dword_at(std::string_view bytes, size_t offset) {
    auto b = [&](size_t i) { return uint32_t(static_cast<unsigned char>(bytes[offset + i])); };
    return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;  // configuration space is little-endian
}

}  // namespace

std::optional<std::string> find_device_serial_number(std::string_view config) {
    if (config.size() < extended_start + 4) return std::nullopt;
    size_t offset = extended_start;
    // Each step moves to a later dword; a list that loops or points back is
    // garbled, and the bound stops it either way.
    for (size_t hops = 0; hops < (config_size - extended_start) / 4; ++hops) {
        if (offset + 4 > config.size()) return std::nullopt;
        uint32_t header = dword_at(config, offset);
        if (header == 0 || header == 0xffffffff) return std::nullopt;
        if ((header & 0xffff) == dsn_capability) {
            if (offset + 12 > config.size()) return std::nullopt;
            uint32_t low = dword_at(config, offset + 4), high = dword_at(config, offset + 8);
            if ((low == 0 && high == 0) || (low == 0xffffffff && high == 0xffffffff)) return std::nullopt;
            char text[24];
            std::snprintf(text, sizeof text, "%02x-%02x-%02x-%02x-%02x-%02x-%02x-%02x", high >> 24,
                          (high >> 16) & 0xff, (high >> 8) & 0xff, high & 0xff, low >> 24, (low >> 16) & 0xff,
                          (low >> 8) & 0xff, low & 0xff);
            return std::string(text);
        }
        size_t next = header >> 20;
        if (next < extended_start || next <= offset || next % 4 != 0) return std::nullopt;
        offset = next;
    }
    return std::nullopt;
}

bool is_device_serial_number(std::string_view text) {
    if (text.size() != 23) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool ok = i % 3 == 2 ? c == '-' : ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (!ok) return false;
    }
    return true;
}

}  // namespace vpt
