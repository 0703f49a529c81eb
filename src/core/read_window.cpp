#include "core/read_window.hpp"

#include <algorithm>

namespace vpt {
namespace {

// In-process, or over a socket whose round trip is short, more threads only
// share the parsing and contend for the driver: three readers beside a
// fourth were measured best on a 2-CPU machine (bench/README.md).
constexpr std::size_t least_window = 4;

// A remote link's round trip varies from call to call: a window a little
// wider than the measured one keeps the link busy when a reply is late.
constexpr std::size_t least_remote_window = 8;

// The round trip one more call in flight hides. 64 calls in flight hide a
// 20 ms round trip (bench/README.md); a local socket's, measured while the
// listings go out on a busy machine, reads up to a millisecond or so, and
// keeps the least window there.
constexpr std::chrono::microseconds cost_per_call{300};

}  // namespace

std::size_t read_window(Transport transport, std::chrono::microseconds round_trip, std::size_t items) {
    std::size_t window = least_window;
    if (transport != Transport::in_process) {
        auto trip = std::max(round_trip, std::chrono::microseconds(0));
        auto hidden = static_cast<std::size_t>((trip + cost_per_call - std::chrono::microseconds(1)) / cost_per_call);
        std::size_t least = transport == Transport::remote ? least_remote_window : least_window;
        window = std::clamp(hidden, least, max_read_window);
    }
    return std::clamp<std::size_t>(std::min(window, items), 1, max_read_window);
}

}  // namespace vpt
