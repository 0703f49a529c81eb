// A unicast Ethernet MAC address for a guest interface: strict parsing, one
// printed form (lower-case, colon-separated) and generation in libvirt's
// own 52:54:00 range.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace vpt {

class MacAddress {
public:
    // 00:00:00:00:00:00, which parse() never returns: "no address yet".
    MacAddress() = default;
    explicit MacAddress(const std::array<uint8_t, 6>& octets) : octets_(octets) {}

    auto operator<=>(const MacAddress&) const = default;

    // "52:54:00:6d:90:02": lower-case, always six pairs.
    std::string str() const;
    const std::array<uint8_t, 6>& octets() const { return octets_; }
    // False for the all-zero default.
    bool is_set() const { return octets_ != std::array<uint8_t, 6>{}; }

    // Exactly six two-digit hex pairs separated by ':' (either case). Fails on
    // anything else, on a multicast address (odd first octet; broadcast
    // included) and on 00:00:00:00:00:00: a guest NIC cannot use those.
    static Result<MacAddress> parse(std::string_view text);

    // 52:54:00 followed by the low 24 bits of `suffix`.
    static MacAddress in_libvirt_range(uint32_t suffix);
    // A random address in libvirt's 52:54:00 range (std::random_device).
    static MacAddress generate();

private:
    std::array<uint8_t, 6> octets_{};
};

}  // namespace vpt
