// Whether a guest has an installed system: a disk with something on it. An
// OS is installed for one firmware (BIOS or UEFI) and one chipset, so
// `prepare` changes neither for such a guest unless it is asked to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vpt {

// The first <disk device='disk'> of the domain XML that has a <source> (an
// image, a block device, a volume or a network disk), named by its target
// ("vda") or, without one, its source; nullopt when there is none (an empty
// guest, a CD-ROM only) or the XML cannot be read.
std::optional<std::string> installed_disk(std::string_view domain_xml);

}  // namespace vpt
