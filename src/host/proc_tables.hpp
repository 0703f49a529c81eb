// Parsers for the /proc tables the host-use guard reads. They take the
// text, so tests feed literal tables.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vpt {

// One line of /proc/self/mounts (octal escapes such as \040 decoded).
struct MountEntry {
    std::string source;  // "/dev/nvme0n1p2"
    std::string target;  // "/"
    std::string type;    // "ext4"
};
std::vector<MountEntry> parse_mounts(std::string_view text);

// One line of /proc/self/mountinfo, which also names the device by number:
// the only name of a root mounted as "/dev/root".
struct MountInfoEntry {
    std::string device_number;  // "259:2"
    MountEntry mount;
};
std::vector<MountInfoEntry> parse_mountinfo(std::string_view text);

// The files and devices of /proc/swaps ("/dev/sda1", "/swapfile").
std::vector<std::string> parse_swaps(std::string_view text);

// An IPv4 address as its four bytes in network order: {192, 168, 1, 10}.
using Ipv4 = std::array<uint8_t, 4>;
std::string ipv4_text(const Ipv4& address);

// One line of /proc/net/route.
struct Ipv4Route {
    std::string iface;
    Ipv4 destination{};
    Ipv4 mask{};
    bool is_default() const { return mask == Ipv4{} && destination == Ipv4{}; }
    bool contains(const Ipv4& address) const;
    int prefix_length() const;
};
// /proc/net/route prints each address as the hex of its in-memory 32-bit
// value (on x86 "0A01A8C0" is 192.168.1.10).
std::vector<Ipv4Route> parse_ipv4_routes(std::string_view text);

// The host's own IPv4 addresses: the "/32 host LOCAL" leaves of
// /proc/net/fib_trie, without duplicates, in order of appearance.
std::vector<Ipv4> parse_fib_trie_local(std::string_view text);

// The interface an address belongs to: the one whose most specific
// non-default route contains it; empty when none does.
std::string iface_of(const Ipv4& address, const std::vector<Ipv4Route>& routes);

// One line of /proc/net/if_inet6.
struct Ipv6Address {
    std::string address;  // "2001:0db8:0000:0000:0000:0000:0000:0010"
    std::string iface;
    unsigned scope = 0;   // 0x00 global, 0x20 link, 0x10 host
    bool is_global() const { return scope == 0; }
};
std::vector<Ipv6Address> parse_if_inet6(std::string_view text);

// Interfaces that carry an IPv6 default route (::/0 in /proc/net/ipv6_route).
std::vector<std::string> parse_ipv6_default_ifaces(std::string_view text);

}  // namespace vpt
