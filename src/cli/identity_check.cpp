#include "cli/identity_check.hpp"

#include "core/command_text.hpp"
#include "host/sysfs_identity.hpp"
#include "xml/identity_record.hpp"

namespace vpt {

std::optional<HostFs> host_sysfs(const Connection& connection, const std::string& root) {
    if (!root.empty()) return HostFs(root);
    if (connection.locality().local()) return HostFs("/");
    return std::nullopt;
}

DeviceIdentity host_identity(const PciDevice& device, const std::optional<HostFs>& sysfs) {
    DeviceIdentity identity = identity_of(device);
    if (sysfs) add_sysfs_identity(*sysfs, identity);
    return identity;
}

std::vector<DeviceIdentity> host_identities(const HostSession& session, const std::optional<HostFs>& sysfs) {
    std::vector<DeviceIdentity> identities;
    for (const auto& device : session.inventory().devices()) identities.push_back(host_identity(device, sysfs));
    return identities;
}

std::vector<DeviceIdentity> guest_records(const Guest& guest) {
    auto records = read_identity_records(guest.config_xml());
    if (!records)
        throw bad_input("guest '" + guest.name() + "': " + records.error() + " (remove it with '" +
                        remove_record_command(guest.name()) + "')");
    return *records;
}

GuestVerdicts verify_records(const std::string& guest, const std::vector<DeviceIdentity>& records,
                             const std::vector<DeviceIdentity>& host) {
    GuestVerdicts result{guest, {}};
    for (const auto& record : records) result.verdicts.push_back(compare_identity(record, host));
    return result;
}

std::vector<std::string> follow_commands(const std::string& guest, const IdentityVerdict& verdict) {
    if (verdict.status != IdentityStatus::moved || verdict.recorded.companion) return {};
    return {command_text({"vpt", "unassign", guest, verdict.recorded.address.str()}),
            command_text({"vpt", "assign", guest, verdict.moved_to->str()})};
}

size_t count_not_ok(const std::vector<GuestVerdicts>& guests) {
    size_t count = 0;
    for (const auto& guest : guests)
        for (const auto& verdict : guest.verdicts) count += !verdict.ok();
    return count;
}

}  // namespace vpt
