#include "virt/removal_events.hpp"

#include <libvirt/virterror.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>
#include <utility>

namespace vpt {
namespace {

bool loop_registered = false;

void on_removed(virConnectPtr, virDomainPtr, const char* alias, void* opaque) {
    static_cast<RemovalEvents*>(opaque)->arrived({alias ? alias : "", false});
}

void on_removal_failed(virConnectPtr, virDomainPtr, const char* alias, void* opaque) {
    static_cast<RemovalEvents*>(opaque)->arrived({alias ? alias : "", true});
}

void on_tick(int, void*) {}

}  // namespace

void register_event_loop() {
    static std::once_flag once;
    std::call_once(once, [] {
        loop_registered = virEventRegisterDefaultImpl() == 0;
        if (!loop_registered) virResetLastError();
    });
}

RemovalEvents::RemovalEvents(const Connection& connection, virDomainPtr domain) : conn_(connection.get()) {
    if (!loop_registered) return;
    removed_id_ = virConnectDomainEventRegisterAny(conn_, domain, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                                   VIR_DOMAIN_EVENT_CALLBACK(on_removed), this, nullptr);
    failed_id_ = virConnectDomainEventRegisterAny(conn_, domain, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED,
                                                  VIR_DOMAIN_EVENT_CALLBACK(on_removal_failed), this, nullptr);
    timer_ = virEventAddTimeout(1000, on_tick, nullptr, nullptr);
    if (!active()) {
        spdlog::debug("no device removal events from libvirt; polling the live XML");
        virResetLastError();
    }
}

RemovalEvents::~RemovalEvents() {
    if (removed_id_ >= 0) virConnectDomainEventDeregisterAny(conn_, removed_id_);
    if (failed_id_ >= 0) virConnectDomainEventDeregisterAny(conn_, failed_id_);
    if (timer_ >= 0) virEventRemoveTimeout(timer_);
    virResetLastError();
}

std::vector<RemovalEvent> RemovalEvents::run_for(std::chrono::milliseconds limit) {
    auto ms = std::max<long long>(1, std::min<long long>(limit.count(), 1000));
    virEventUpdateTimeout(timer_, static_cast<int>(ms));
    if (events_.empty() && virEventRunDefaultImpl() < 0) virResetLastError();
    return std::exchange(events_, {});
}

}  // namespace vpt
