// How many libvirt calls a read keeps in flight at once: the window, sized
// from the connection. Pure logic; the calls themselves run in
// virt/call_window.
#pragma once

#include <chrono>
#include <cstddef>

namespace vpt {

// How a connection reaches its driver.
enum class Transport {
    in_process,    // the driver runs in this process (libvirt's test:///): no round trip
    local_socket,  // a daemon on this machine (qemu:///system, test+unix://)
    remote,        // a daemon on another host (qemu+ssh://, qemu+tls://)
};

// The largest window: as many threads as calls in flight, each waiting on
// its reply. Sixty-four hide a 20 ms round trip; more only add threads.
inline constexpr std::size_t max_read_window = 64;

// The window for reading `items` objects (one call each) over a connection of
// `transport` whose round trip was measured as `round_trip` (ignored
// in-process): at least 1, at most `items` (1 when there are none) and
// `max_read_window`.
std::size_t read_window(Transport transport, std::chrono::microseconds round_trip, std::size_t items);

}  // namespace vpt
