#include "host/config_space.hpp"

#include "core/device_selector.hpp"

namespace vpt {
namespace {

uint16_t le16(std::string_view bytes, size_t at) {
    return static_cast<uint16_t>(static_cast<unsigned char>(bytes[at]) |
                                 static_cast<unsigned char>(bytes[at + 1]) << 8);
}

}  // namespace

std::string ConfigSpaceAnswer::text() const {
    std::string ids = ids_str(vendor, device);
    switch (state) {
        case State::answers: return "answers as " + ids;
        case State::all_ones: return "reads as all ones (" + ids + "): it did not come back";
        case State::unreadable: break;
    }
    return "config space unreadable: " + error;
}

ConfigSpaceAnswer parse_config_head(std::string_view head) {
    ConfigSpaceAnswer answer;
    if (head.size() < 4) {
        answer.error = "fewer than 4 bytes";
        return answer;
    }
    answer.vendor = le16(head, 0);
    answer.device = le16(head, 2);
    answer.state = answer.vendor == 0xffff && answer.device == 0xffff ? ConfigSpaceAnswer::State::all_ones
                                                                      : ConfigSpaceAnswer::State::answers;
    return answer;
}

ConfigSpaceAnswer read_config_answer(const HostFs& fs, const PciAddress& address) {
    auto head = fs.read_head(pci_device_dir(address) / "config", 4);
    if (!head) {
        ConfigSpaceAnswer answer;
        answer.error = head.error();
        return answer;
    }
    return parse_config_head(*head);
}

}  // namespace vpt
