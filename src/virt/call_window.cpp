#include "virt/call_window.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <system_error>
#include <thread>

namespace vpt {

void run_in_window(const std::vector<std::function<void()>>& calls, std::size_t window) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex failure_lock;
    std::size_t failed_index = std::numeric_limits<std::size_t>::max();
    std::exception_ptr failure;

    auto work = [&] {
        while (!failed.load(std::memory_order_relaxed)) {
            std::size_t i = next.fetch_add(1);
            if (i >= calls.size()) return;
            try {
                calls[i]();
            } catch (...) {
                std::lock_guard lock(failure_lock);
                if (i < failed_index) {
                    failed_index = i;
                    failure = std::current_exception();
                }
                failed.store(true);
            }
        }
    };

    std::size_t threads = std::min(std::max<std::size_t>(window, 1), calls.size());
    std::vector<std::jthread> helpers;
    helpers.reserve(threads > 0 ? threads - 1 : 0);
    for (std::size_t t = 1; t < threads; ++t) {
        try {
            helpers.emplace_back(work);
        } catch (const std::system_error&) {
            break;  // no more threads to be had: a narrower window, not a failure
        }
    }
    work();
    helpers.clear();  // joins
    if (failure) std::rethrow_exception(failure);
}

}  // namespace vpt
