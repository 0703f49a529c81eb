#include "cli/hook_check.hpp"

#include "cli/identity_check.hpp"
#include "core/command_text.hpp"
#include "core/text_list.hpp"
#include "host/deadline_child.hpp"
#include "host/sysfs_identity.hpp"
#include "view/identity_view.hpp"

namespace vpt {
namespace {

// The devices at the recorded addresses as sysfs has them now. A device
// found elsewhere is not looked for: here it is drift or gone, and `vpt
// verify GUEST` tells where it went.
std::vector<DeviceIdentity> recorded_devices_now(const HostFs& fs, const std::vector<DeviceIdentity>& records) {
    std::vector<DeviceIdentity> now;
    for (const auto& record : records)
        if (auto device = read_sysfs_identity(fs, record.address)) now.push_back(*device);
    return now;
}

std::string addresses(const std::vector<DeviceIdentity>& records) {
    std::vector<std::string> parts;
    for (const auto& record : records) parts.push_back(record.address.str());
    return join_limited(parts, 3);
}

}  // namespace

std::optional<std::string> hook_refusal(const HostFs& fs, const std::string& guest,
                                        const std::vector<DeviceIdentity>& records,
                                        std::chrono::milliseconds deadline) {
    std::string refusing = "refusing to start guest '" + guest + "': ";
    std::string see = " (see '" + command_text({"vpt", "verify", guest}) + "')";
    // The child's text: empty when every device is ok, else the problems.
    auto problems = run_with_deadline(
        [&] {
            std::vector<GuestVerdicts> verdicts = {verify_records(guest, records, recorded_devices_now(fs, records))};
            return count_not_ok(verdicts) ? problems_line(verdicts) : std::string();
        },
        deadline);
    if (!problems)
        return refusing + "reading its recorded devices (" + addresses(records) + ") from sysfs " + problems.error() +
               ", so they cannot be checked" + see;
    if (problems->empty()) return std::nullopt;
    return refusing + *problems + see;
}

}  // namespace vpt
