#include "host/proc_tables.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace vpt {
namespace {

// "\040" -> " ": how /proc/self/mounts escapes spaces, tabs, newlines, backslashes.
std::string unescape(const std::string& field) {
    std::string out;
    for (size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() &&
            std::all_of(field.begin() + long(i) + 1, field.begin() + long(i) + 4,
                        [](char c) { return c >= '0' && c <= '7'; })) {
            out += char(std::stoi(field.substr(i + 1, 3), nullptr, 8));
            i += 3;
        } else {
            out += field[i];
        }
    }
    return out;
}

// Each line of a /proc table as its whitespace-separated words.
std::vector<std::vector<std::string>> lines_of_words(std::string_view text) {
    std::vector<std::vector<std::string>> lines;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) {
        std::istringstream line_in(line);
        auto& words = lines.emplace_back();
        for (std::string word; line_in >> word;) words.push_back(word);
    }
    return lines;
}

// The bytes of a 32-bit value as /proc/net/route printed it (its in-memory order).
bool parse_route_address(const std::string& hex, Ipv4& out) {
    if (hex.size() != 8) return false;
    uint32_t value = 0;
    try {
        value = uint32_t(std::stoul(hex, nullptr, 16));
    } catch (const std::exception&) {
        return false;
    }
    std::memcpy(out.data(), &value, 4);
    return true;
}

bool parse_dotted(const std::string& text, Ipv4& out) {
    unsigned parts[4];
    char tail = 0;
    if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &parts[0], &parts[1], &parts[2], &parts[3],
                    &tail) != 4)
        return false;
    for (int i = 0; i < 4; ++i) {
        if (parts[i] > 255) return false;
        out[size_t(i)] = uint8_t(parts[i]);
    }
    return true;
}

}  // namespace

std::vector<MountEntry> parse_mounts(std::string_view text) {
    std::vector<MountEntry> mounts;
    for (const auto& words : lines_of_words(text)) {
        if (words.size() < 3) continue;
        mounts.push_back({unescape(words[0]), unescape(words[1]), words[2]});
    }
    return mounts;
}

// "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the
// optional fields before "-" vary in number.
std::vector<MountInfoEntry> parse_mountinfo(std::string_view text) {
    std::vector<MountInfoEntry> mounts;
    for (const auto& words : lines_of_words(text)) {
        auto separator = std::find(words.begin(), words.end(), "-");
        if (words.size() < 5 || separator - words.begin() < 5 || words.end() - separator < 3) continue;
        mounts.push_back({words[2], {unescape(separator[2]), unescape(words[4]), separator[1]}});
    }
    return mounts;
}

std::vector<std::string> parse_swaps(std::string_view text) {
    std::vector<std::string> swaps;
    for (const auto& words : lines_of_words(text)) {
        if (words.empty() || words[0] == "Filename") continue;
        swaps.push_back(unescape(words[0]));
    }
    return swaps;
}

std::string ipv4_text(const Ipv4& address) {
    return std::to_string(address[0]) + "." + std::to_string(address[1]) + "." +
           std::to_string(address[2]) + "." + std::to_string(address[3]);
}

bool Ipv4Route::contains(const Ipv4& address) const {
    for (size_t i = 0; i < 4; ++i)
        if ((address[i] & mask[i]) != destination[i]) return false;
    return true;
}

int Ipv4Route::prefix_length() const {
    int bits = 0;
    for (uint8_t byte : mask) bits += std::popcount(byte);
    return bits;
}

std::vector<Ipv4Route> parse_ipv4_routes(std::string_view text) {
    std::vector<Ipv4Route> routes;
    for (const auto& words : lines_of_words(text)) {
        // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
        if (words.size() < 8 || words[0] == "Iface") continue;
        Ipv4Route route;
        route.iface = words[0];
        if (!parse_route_address(words[1], route.destination) ||
            !parse_route_address(words[7], route.mask))
            continue;
        routes.push_back(route);
    }
    return routes;
}

std::vector<Ipv4> parse_fib_trie_local(std::string_view text) {
    // A leaf is "|-- 192.168.1.10" followed by lines such as "/32 host LOCAL".
    std::vector<Ipv4> locals;
    Ipv4 leaf{};
    bool have_leaf = false;
    for (const auto& words : lines_of_words(text)) {
        if (words.size() >= 2 && words[0] == "|--") {
            have_leaf = parse_dotted(words[1], leaf);
        } else if (words.size() >= 3 && words[0] == "/32" && words[1] == "host" &&
                   words[2] == "LOCAL" && have_leaf) {
            if (std::find(locals.begin(), locals.end(), leaf) == locals.end()) locals.push_back(leaf);
        } else if (!words.empty() && words[0] == "+--") {
            have_leaf = false;
        }
    }
    return locals;
}

std::string iface_of(const Ipv4& address, const std::vector<Ipv4Route>& routes) {
    const Ipv4Route* best = nullptr;
    for (const auto& route : routes) {
        if (route.is_default() || !route.contains(address)) continue;
        if (!best || route.prefix_length() > best->prefix_length()) best = &route;
    }
    return best ? best->iface : std::string();
}

std::vector<Ipv6Address> parse_if_inet6(std::string_view text) {
    // 20010db8000000000000000000000010 02 40 00 80 enp3s0
    std::vector<Ipv6Address> addresses;
    for (const auto& words : lines_of_words(text)) {
        if (words.size() < 6 || words[0].size() != 32) continue;
        Ipv6Address address;
        for (size_t i = 0; i < 32; i += 4)
            address.address += (i ? ":" : "") + words[0].substr(i, 4);
        try {
            address.scope = unsigned(std::stoul(words[3], nullptr, 16));
        } catch (const std::exception&) {
            continue;
        }
        address.iface = words[5];
        addresses.push_back(address);
    }
    return addresses;
}

std::vector<std::string> parse_ipv6_default_ifaces(std::string_view text) {
    // dest(32 hex) dest_len src(32) src_len next_hop(32) metric refcnt use flags iface
    std::vector<std::string> ifaces;
    for (const auto& words : lines_of_words(text)) {
        if (words.size() < 10) continue;
        bool default_route = words[0] == std::string(32, '0') && words[1] == "00";
        if (default_route && words[9] != "lo" &&
            std::find(ifaces.begin(), ifaces.end(), words[9]) == ifaces.end())
            ifaces.push_back(words[9]);
    }
    return ifaces;
}

}  // namespace vpt
