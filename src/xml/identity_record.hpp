// The identity record vpt keeps in a guest's persistent XML: for every PCI
// device it gave the guest, which physical device that was. It lives in
// <metadata>, in vpt's own namespace (one element, libvirt's rule), so
// libvirt keeps it across defines and nothing else needs a side file:
//
//   <metadata>
//     <vpt:identity xmlns:vpt='urn:vpt:identity:1'>
//       <vpt:device address='0000:19:00.0' vendor='0x10de' device='0x2204'
//                   subsystem_vendor='0x1458' subsystem_device='0x403b' class='0x030000'>
//         <vpt:serial type='dsn'>00-11-22-33-44-55-66-77</vpt:serial>
//         <vpt:iommuGroup number='14'>
//           <vpt:member address='0000:19:00.0'/>
//           <vpt:member address='0000:19:00.1'/>
//         </vpt:iommuGroup>
//       </vpt:device>
//     </vpt:identity>
//   </metadata>
//
// A guest's XML is input anyone with access to libvirt may have written:
// the parser accepts exactly this shape and refuses anything else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/device_identity.hpp"
#include "core/result.hpp"
#include "xml/domain_editor.hpp"

namespace vpt {

// The namespace of the record; its version is part of it.
inline constexpr const char* identity_namespace = "urn:vpt:identity:1";
inline constexpr const char* identity_prefix = "vpt";

// The <vpt:identity> element holding `records`, built as a DOM.
std::string identity_record_xml(const std::vector<DeviceIdentity>& records);

// The records of a <vpt:identity> element (any prefix bound to the
// namespace); fails on anything but the shape above.
Result<std::vector<DeviceIdentity>> parse_identity_record(std::string_view element_xml);

// The records in a guest's domain XML: none when it has no record; fails
// on malformed domain XML or a garbled record.
Result<std::vector<DeviceIdentity>> read_identity_records(std::string_view domain_xml);

// Edits the record in `editor`: each of `added` replaces any record at its
// address, and the records at `removed` go; the element goes when it is
// left empty. Fails (changing nothing) when the record there is garbled.
Result<bool> update_identity_records(DomainEditor& editor, const std::vector<DeviceIdentity>& added,
                                     const std::vector<PciAddress>& removed);

// The command that removes a garbled record from the guest's config, as a
// refusal names it: "virsh metadata GUEST urn:vpt:identity:1 --config --remove".
std::string remove_record_command(const std::string& guest);

}  // namespace vpt
