#include <doctest/doctest.h>

#include "host/proc_tables.hpp"

using namespace vpt;

TEST_CASE("parse_mounts decodes octal escapes") {
    auto mounts = parse_mounts("/dev/nvme0n1p2 / ext4 rw,relatime 0 0\n"
                               "/dev/sdb1 /media/My\\040Disk vfat rw 0 0\n"
                               "proc /proc proc rw 0 0\n");
    REQUIRE(mounts.size() == 3);
    CHECK(mounts[0].source == "/dev/nvme0n1p2");
    CHECK(mounts[0].target == "/");
    CHECK(mounts[0].type == "ext4");
    CHECK(mounts[1].target == "/media/My Disk");
}

TEST_CASE("parse_mountinfo reads the device number, and the fields after the optional ones") {
    auto mounts = parse_mountinfo(
        "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/root rw,errors=remount-ro\n"
        "40 22 0:35 /@home /home rw,relatime shared:20 master:3 - btrfs /dev/sdb rw,space_cache=v2\n"
        "41 22 8:17 / /media/My\\040Disk rw - vfat /dev/sdb1 rw\n"
        "42 22 0:5 / /dev rw,nosuid - devtmpfs udev rw\n"
        "43 22 8:1 / /broken rw\n");  // no separator: skipped
    REQUIRE(mounts.size() == 4);
    CHECK(mounts[0].device_number == "259:2");
    CHECK(mounts[0].mount.source == "/dev/root");
    CHECK(mounts[0].mount.target == "/");
    CHECK(mounts[0].mount.type == "ext4");
    CHECK(mounts[1].device_number == "0:35");
    CHECK(mounts[1].mount.source == "/dev/sdb");
    CHECK(mounts[1].mount.type == "btrfs");
    CHECK(mounts[2].mount.target == "/media/My Disk");
    CHECK(mounts[3].mount.source == "udev");
}

TEST_CASE("parse_swaps skips the header") {
    auto swaps = parse_swaps("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                             "/dev/sda1                               partition\t8388604\t0\t-2\n"
                             "/swapfile                               file\t\t2097148\t0\t-3\n");
    CHECK(swaps == std::vector<std::string>{"/dev/sda1", "/swapfile"});
}

TEST_CASE("parse_ipv4_routes reads the in-memory hex of /proc/net/route") {
    auto routes = parse_ipv4_routes(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        "eno1\t00000000\t010AA8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        "eno1\t000AA8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
        "br0\t0000000A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n");
    REQUIRE(routes.size() == 3);
    CHECK(routes[0].is_default());
    CHECK(routes[0].iface == "eno1");
    CHECK(ipv4_text(routes[1].destination) == "192.168.10.0");
    CHECK(routes[1].prefix_length() == 24);
    CHECK(routes[2].prefix_length() == 16);
    CHECK(routes[1].contains({192, 168, 10, 5}));
    CHECK_FALSE(routes[1].contains({192, 168, 11, 5}));
    CHECK(iface_of({192, 168, 10, 5}, routes) == "eno1");
    CHECK(iface_of({10, 0, 3, 4}, routes) == "br0");
    CHECK(iface_of({172, 16, 0, 1}, routes) == "");
}

TEST_CASE("iface_of prefers the most specific route") {
    auto routes = parse_ipv4_routes("a\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n"
                                    "b\t0001000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n");
    CHECK(iface_of({10, 0, 1, 7}, routes) == "b");
    CHECK(iface_of({10, 9, 1, 7}, routes) == "a");
}

TEST_CASE("parse_fib_trie_local finds the host's own addresses once") {
    const char* trie = R"(Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.168.10.0/24 2 0 2
        |-- 192.168.10.0
           /24 link UNICAST
        |-- 192.168.10.5
           /32 host LOCAL
        |-- 192.168.10.255
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/0 3 0 5
     +-- 192.168.10.0/24 2 0 2
        |-- 192.168.10.5
           /32 host LOCAL
)";
    auto locals = parse_fib_trie_local(trie);
    REQUIRE(locals.size() == 2);
    CHECK(ipv4_text(locals[0]) == "127.0.0.1");
    CHECK(ipv4_text(locals[1]) == "192.168.10.5");
}

TEST_CASE("parse_if_inet6 and parse_ipv6_default_ifaces") {
    auto addresses = parse_if_inet6("00000000000000000000000000000001 01 80 10 80       lo\n"
                                    "20010db8000000000000000000000010 02 40 00 00 enp3s0f0\n"
                                    "fe80000000000000525400fffe123456 02 40 20 80 enp3s0f0\n");
    REQUIRE(addresses.size() == 3);
    CHECK(addresses[1].address == "2001:0db8:0000:0000:0000:0000:0000:0010");
    CHECK(addresses[1].iface == "enp3s0f0");
    CHECK(addresses[1].is_global());
    CHECK_FALSE(addresses[0].is_global());
    CHECK_FALSE(addresses[2].is_global());
    auto defaults = parse_ipv6_default_ifaces(
        "20010db8000000000000000000000000 40 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 00000100 00000001 00000000 00000001 enp3s0f0\n"
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "fe800000000000000000000000000001 00000400 00000001 00000000 00000003 enp3s0f0\n"
        "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
        "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n");
    CHECK(defaults == std::vector<std::string>{"enp3s0f0"});
}
