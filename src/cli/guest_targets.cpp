#include "cli/guest_targets.hpp"

#include "core/error.hpp"
#include "xml/domain_devices.hpp"
#include "xml/identity_record.hpp"

namespace vpt {

GuestTargets choose_targets(const Guest& guest, bool live_flag, bool config_flag) {
    GuestTargets targets;
    bool running = guest.running(), persistent = guest.persistent();
    if (live_flag && !running) throw bad_input("guest '" + guest.name() + "' is not running; drop --live");
    if (config_flag && !persistent) throw bad_input("guest '" + guest.name() + "' is transient: it has no config; drop --config");
    targets.live = running && (live_flag || !config_flag);
    targets.config = persistent && (config_flag || !live_flag);
    return targets;
}

GuestXml read_guest_xml(const Guest& guest, const GuestTargets& targets) {
    GuestXml xml{guest.name(), std::nullopt, std::nullopt};
    if (targets.config) xml.config = guest.config_xml();
    if (targets.live) xml.live = guest.live_xml();
    return xml;
}

bool config_holds(const Guest& guest, const std::vector<GuestDevice>& devices) {
    auto held = parse_domain_devices(guest.config_xml(), false);
    if (!held) return false;
    for (const auto& device : devices) {
        if (!device.address) continue;
        bool found = false;
        for (const auto& h : held->held) found = found || h.address == *device.address;
        if (!found) return false;
    }
    return true;
}

bool config_records(const Guest& guest, const std::vector<GuestDevice>& devices) {
    auto records = read_identity_records(guest.config_xml());
    if (!records) return false;
    for (const auto& device : devices) {
        if (!device.identity) continue;
        bool found = false;
        for (const auto& record : *records) found = found || record.address == device.identity->address;
        if (!found) return false;
    }
    return true;
}

}  // namespace vpt
