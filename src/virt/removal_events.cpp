#include "virt/removal_events.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <utility>

#include "virt/event_loop.hpp"

namespace vpt {

struct RemovalEvents::Inbox {
    std::mutex lock;
    std::condition_variable arrived;
    std::vector<RemovalEvent> events;

    void add(RemovalEvent event) {
        {
            std::lock_guard guard(lock);
            events.push_back(std::move(event));
        }
        arrived.notify_all();
    }
};

namespace {

using Inbox = RemovalEvents::Inbox;

// Each registration holds its own reference to the inbox, dropped by libvirt.
void* inbox_reference(const std::shared_ptr<Inbox>& inbox) { return new std::shared_ptr<Inbox>(inbox); }
void drop_inbox_reference(void* opaque) { delete static_cast<std::shared_ptr<Inbox>*>(opaque); }
Inbox& inbox_of(void* opaque) { return **static_cast<std::shared_ptr<Inbox>*>(opaque); }

void on_removed(virConnectPtr, virDomainPtr, const char* alias, void* opaque) {
    inbox_of(opaque).add({alias ? alias : "", false});
}

void on_removal_failed(virConnectPtr, virDomainPtr, const char* alias, void* opaque) {
    inbox_of(opaque).add({alias ? alias : "", true});
}

}  // namespace

RemovalEvents::RemovalEvents(const Connection& connection, virDomainPtr domain)
    : conn_(connection.get()), inbox_(std::make_shared<Inbox>()) {
    if (!event_loop_running()) return;
    // libvirt frees the reference when the callback is deregistered; a
    // registration that failed leaves it to the caller.
    auto listen = [&](int event, virConnectDomainEventGenericCallback callback) {
        void* reference = inbox_reference(inbox_);
        int id = virConnectDomainEventRegisterAny(conn_, domain, event, callback, reference, drop_inbox_reference);
        if (id < 0) drop_inbox_reference(reference);
        return id;
    };
    removed_id_ = listen(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, VIR_DOMAIN_EVENT_CALLBACK(on_removed));
    failed_id_ = listen(VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED, VIR_DOMAIN_EVENT_CALLBACK(on_removal_failed));
    if (!active()) {
        spdlog::debug("no device removal events from libvirt; polling the live XML");
        virResetLastError();
    }
}

RemovalEvents::~RemovalEvents() {
    if (removed_id_ >= 0) virConnectDomainEventDeregisterAny(conn_, removed_id_);
    if (failed_id_ >= 0) virConnectDomainEventDeregisterAny(conn_, failed_id_);
    virResetLastError();
}

std::vector<RemovalEvent> RemovalEvents::run_for(std::chrono::milliseconds limit) {
    std::unique_lock guard(inbox_->lock);
    inbox_->arrived.wait_for(guard, limit, [&] { return !inbox_->events.empty(); });
    return std::exchange(inbox_->events, {});
}

}  // namespace vpt
