#include <doctest/doctest.h>

#include "core/read_window.hpp"

using namespace vpt;
using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST_CASE("in-process the window ignores the round trip and stays small") {
    CHECK(read_window(Transport::in_process, microseconds(0), 2000) == 4);
    CHECK(read_window(Transport::in_process, milliseconds(20), 2000) == 4);
}

TEST_CASE("over a local socket a short round trip keeps the least window") {
    CHECK(read_window(Transport::local_socket, microseconds(0), 2000) == 4);
    CHECK(read_window(Transport::local_socket, microseconds(60), 2000) == 4);
    CHECK(read_window(Transport::local_socket, microseconds(1200), 2000) == 4);
}

TEST_CASE("the window grows with the measured round trip, up to the largest") {
    CHECK(read_window(Transport::local_socket, microseconds(3000), 2000) == 10);
    CHECK(read_window(Transport::local_socket, microseconds(3001), 2000) == 11);
    CHECK(read_window(Transport::remote, milliseconds(6), 2000) == 20);
    CHECK(read_window(Transport::remote, microseconds(19200), 2000) == 64);
    CHECK(read_window(Transport::remote, microseconds(18900), 2000) == 63);
    CHECK(read_window(Transport::remote, milliseconds(20), 2000) == max_read_window);
    CHECK(read_window(Transport::local_socket, milliseconds(20), 2000) == max_read_window);
    CHECK(read_window(Transport::remote, std::chrono::seconds(2), 2000) == max_read_window);
}

TEST_CASE("a remote link keeps a wider least window than a local socket") {
    CHECK(read_window(Transport::remote, microseconds(100), 2000) == 8);
    CHECK(read_window(Transport::remote, microseconds(2400), 2000) == 8);
    CHECK(read_window(Transport::local_socket, microseconds(100), 2000) == 4);
}

TEST_CASE("the window never exceeds the items, and is at least one") {
    CHECK(read_window(Transport::remote, milliseconds(20), 10) == 10);
    CHECK(read_window(Transport::in_process, microseconds(0), 3) == 3);
    CHECK(read_window(Transport::remote, milliseconds(20), 1) == 1);
    CHECK(read_window(Transport::remote, milliseconds(20), 0) == 1);
    CHECK(read_window(Transport::local_socket, microseconds(-5), 100) == 4);
}
