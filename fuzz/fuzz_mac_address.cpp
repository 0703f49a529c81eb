// A MAC address is typed by users (--mac). The parser must not crash, and it
// accepts exactly one form: six hex pairs, which print back as typed (in
// lower case), unicast and not all zero.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/mac_address.hpp"
#include "require.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto mac = vpt::MacAddress::parse(text);
    if (!mac) return 0;
    std::string lower;
    for (char c : text) lower += char(std::tolower(static_cast<unsigned char>(c)));
    VPT_FUZZ_REQUIRE(mac->str() == lower);
    VPT_FUZZ_REQUIRE(mac->is_set() && (mac->octets()[0] & 0x01) == 0);
    return 0;
}
