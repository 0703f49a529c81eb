#include "view/placement_view.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace vpt {
namespace {

std::optional<double> speed_value(const std::optional<std::string>& speed) {
    if (!speed || speed->empty()) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(speed->c_str(), &end);
    if (end != speed->c_str() + speed->size()) return std::nullopt;
    return value;
}

}  // namespace

std::string byte_size_text(uint64_t bytes) {
    static constexpr std::array<const char*, 6> units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    size_t unit = 0;
    uint64_t scale = 1;
    while (unit + 1 < units.size() && bytes >= scale * 1024) {
        scale *= 1024;
        ++unit;
    }
    if (bytes % scale == 0) return std::to_string(bytes / scale) + " " + units[unit];
    // Two decimals at most, trailing zeros dropped: 16 GiB and 32 MiB is
    // "16.03 GiB", not a rounded "16.0 GiB" that reads as exact.
    char number[32];
    std::snprintf(number, sizeof number, "%.2f", double(bytes) / double(scale));
    std::string text = number;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text + " " + units[unit];
}

std::string link_end_text(const PcieLink& link) {
    return link.speed.value_or("?") + " GT/s x" + (link.width ? std::to_string(*link.width) : "?");
}

std::optional<LinkShortfall> link_shortfall(const PcieLink& now, const PcieLink& max) {
    auto now_speed = speed_value(now.speed), max_speed = speed_value(max.speed);
    if (!now_speed || !max_speed || !now.width || !max.width) return std::nullopt;
    if (*now.width < *max.width) return LinkShortfall::width;
    if (*now_speed < *max_speed) return LinkShortfall::speed;
    return LinkShortfall::none;
}

std::optional<std::string> link_text(const PciDevice& device) {
    if (!device.link_now && !device.link_max) return std::nullopt;
    if (!device.link_now) return "can do " + link_end_text(*device.link_max) + " (current link not reported)";
    std::string text = link_end_text(*device.link_now);
    if (!device.link_max) return text;
    text += " (can do " + link_end_text(*device.link_max) + ")";
    // A bridge's downstream port trains to what sits below it: an x1 card
    // in an x4 port is no fault of the port.
    if (device.is_bridge()) return text;
    auto shortfall = link_shortfall(*device.link_now, *device.link_max);
    if (shortfall == LinkShortfall::width)
        text += "  ! fewer lanes than it can use: check the slot or riser";
    else if (shortfall == LinkShortfall::speed)
        text += "  ! below its maximum speed: idle power saving, or the slot or firmware";
    return text;
}

std::string bars_text(const BarTotals& bars) {
    std::string text;
    auto add = [&](const char* label, uint64_t bytes) {
        if (bytes == 0) return;
        text += (text.empty() ? "" : ", ") + std::string(label) + " " + byte_size_text(bytes);
    };
    add("32-bit", bars.mem32);
    add("64-bit prefetchable", bars.mem64_prefetch);
    add("64-bit", bars.mem64);
    add("I/O", bars.io);
    if (text.empty()) text = "none";
    return text + (bars.rom ? "; option ROM " + byte_size_text(bars.rom) : "; no option ROM");
}

std::string reset_text(const ResetMethods& reset) {
    if (!reset.listed) return "yes (this kernel does not say how)";
    if (reset.methods.empty()) return "none  ! state can carry over from one guest to the next";
    std::string text;
    for (const auto& method : reset.methods) text += (text.empty() ? "" : ", ") + method;
    return text;
}

const char* const libvirt_reset_text =
    "no API says beforehand whether a reset works; for a device on vfio-pci libvirt leaves "
    "reset to vfio-pci, which uses the kernel's methods when a guest takes or releases it";

}  // namespace vpt
