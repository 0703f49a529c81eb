#include <doctest/doctest.h>
#include <libvirt/libvirt.h>

#include <atomic>
#include <set>
#include <mutex>
#include <thread>

#include "virt/call_window.hpp"
#include "virt/connection.hpp"

using namespace vpt;

TEST_CASE("calls in a window keep their order and run on several threads") {
    std::vector<int> results(200, -1);
    std::mutex lock;
    std::set<std::thread::id> threads;
    std::atomic<int> running{0}, most{0};
    std::vector<std::function<void()>> calls;
    for (int i = 0; i < 200; ++i)
        calls.emplace_back([&, i] {
            int now = ++running;
            for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {}
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            results[i] = i * i;
            {
                std::lock_guard guard(lock);
                threads.insert(std::this_thread::get_id());
            }
            --running;
        });
    run_in_window(calls, 8);
    for (int i = 0; i < 200; ++i) CHECK(results[i] == i * i);
    CHECK(threads.size() > 1);
    CHECK(most.load() <= 8);
}

TEST_CASE("a window of one runs the calls on the calling thread") {
    std::vector<std::thread::id> ids;
    std::vector<std::function<void()>> calls(5, [&] { ids.push_back(std::this_thread::get_id()); });
    run_in_window(calls, 1);
    REQUIRE(ids.size() == 5);
    for (auto id : ids) CHECK(id == std::this_thread::get_id());
    run_in_window({}, 8);  // nothing to do is fine
}

TEST_CASE("the first failed call's error reaches the caller as thrown") {
    std::atomic<int> ran{0};
    std::vector<std::function<void()>> calls;
    for (int i = 0; i < 100; ++i)
        calls.emplace_back([&, i] {
            ++ran;
            if (i == 30) throw Error(ExitCode::no_connect, "call 30 failed");
            if (i == 31) throw Error(ExitCode::failed, "call 31 failed");
        });
    try {
        run_in_window(calls, 4);
        FAIL("no exception");
    } catch (const Error& error) {
        CHECK(error.code() == ExitCode::no_connect);
        CHECK(std::string(error.what()) == "call 30 failed");
    }
    // Which calls ran beside the failed ones depends on the threads' timing;
    // one after the other, none starts after the failure.
    ran = 0;
    CHECK_THROWS_AS(run_in_window(calls, 1), Error);
    CHECK(ran.load() == 31);
}

TEST_CASE("a libvirt error on a worker thread reaches the caller with libvirt's message") {
    // libvirt keeps its last error per thread: the message must be read on
    // the worker that failed, not on the caller after the fact.
    silence_libvirt_error_printing();
    std::vector<std::function<void()>> calls;
    std::thread::id caller = std::this_thread::get_id();
    std::atomic<bool> failed_off_caller{false};
    // The first call that runs on a worker fails; the caller's calls only wait.
    for (int i = 0; i < 64; ++i)
        calls.emplace_back([&] {
            if (std::this_thread::get_id() == caller || failed_off_caller.exchange(true)) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                return;
            }
            virConnectPtr conn = virConnectOpenReadOnly("test:///no/such/host-file.xml");
            if (conn) virConnectClose(conn);
            throw libvirt_failure("cannot connect");
        });
    std::string message;
    try {
        run_in_window(calls, 8);
    } catch (const Error& error) {
        message = error.what();
    }
    CHECK(failed_off_caller.load());
    CHECK(message.rfind("cannot connect: ", 0) == 0);
    CHECK(message.find("unknown libvirt error") == std::string::npos);
    CHECK(message.find("host-file.xml") != std::string::npos);
}

TEST_CASE("a URI's transport: in this process, a local socket, or a remote host") {
    CHECK(transport_of_uri("test:///tmp/host.xml") == Transport::in_process);
    CHECK(transport_of_uri("test:///default") == Transport::in_process);
    CHECK(transport_of_uri("test+unix:///tmp/host.xml?socket=/tmp/s") == Transport::local_socket);
    CHECK(transport_of_uri("qemu:///system") == Transport::local_socket);
    CHECK(transport_of_uri("qemu+unix:///system") == Transport::local_socket);
    CHECK(transport_of_uri("qemu+ssh://root@host/system") == Transport::remote);
    CHECK(transport_of_uri("qemu+tls://host/system") == Transport::remote);
    CHECK(transport_of_uri("test+tcp://host/default") == Transport::remote);
}
