#include "virt/event_loop.hpp"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <system_error>
#include <thread>

namespace vpt {
namespace {

std::atomic<bool> running{false};

}  // namespace

bool start_event_loop() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (virEventRegisterDefaultImpl() != 0) {
            spdlog::debug("libvirt's event loop could not be registered: no keepalive, no device events");
            virResetLastError();
            return;
        }
        try {
            // Detached: it runs until the process ends; nothing it touches is
            // torn down before that (libvirt's own state is never freed).
            std::thread([] {
                for (;;)
                    if (virEventRunDefaultImpl() < 0) virResetLastError();
            }).detach();
            running = true;
        } catch (const std::system_error&) {
            spdlog::debug("no thread for libvirt's event loop: no keepalive, no device events");
        }
    });
    return running;
}

bool event_loop_running() { return running; }

}  // namespace vpt
