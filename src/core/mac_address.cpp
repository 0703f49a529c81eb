#include "core/mac_address.hpp"

#include <cstdio>
#include <random>

#include "core/text_escape.hpp"

namespace vpt {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The text as it may be shown on one line: escaped, long text cut.
std::string shown(std::string_view text) { return one_line(text, 40); }

}  // namespace

std::string MacAddress::str() const {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", octets_[0], octets_[1],
                  octets_[2], octets_[3], octets_[4], octets_[5]);
    return buf;
}

Result<MacAddress> MacAddress::parse(std::string_view text) {
    auto malformed = [&] {
        return Failure{"malformed MAC address '" + shown(text) +
                       "' (expected six hex pairs like 52:54:00:6d:90:02)"};
    };
    if (text.size() != 17) return malformed();
    std::array<uint8_t, 6> octets{};
    for (size_t i = 0; i < 6; ++i) {
        size_t at = i * 3;
        int high = hex_value(text[at]), low = hex_value(text[at + 1]);
        if (high < 0 || low < 0 || (i < 5 && text[at + 2] != ':')) return malformed();
        octets[i] = static_cast<uint8_t>(high * 16 + low);
    }
    MacAddress mac(octets);
    if (!mac.is_set())
        return Failure{"MAC address 00:00:00:00:00:00 cannot be given to a guest interface"};
    if (octets[0] & 0x01)
        return Failure{"MAC address " + mac.str() +
                       " is a multicast address (odd first octet); a guest interface needs a "
                       "unicast one"};
    return mac;
}

MacAddress MacAddress::in_libvirt_range(uint32_t suffix) {
    return MacAddress({0x52, 0x54, 0x00, static_cast<uint8_t>(suffix >> 16),
                       static_cast<uint8_t>(suffix >> 8), static_cast<uint8_t>(suffix)});
}

MacAddress MacAddress::generate() {
    std::random_device random;
    std::uniform_int_distribution<uint32_t> suffix(0, 0xffffff);
    return in_libvirt_range(suffix(random));
}

}  // namespace vpt
