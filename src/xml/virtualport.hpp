// <virtualport type='...'><parameters .../></virtualport>: how a guest
// interface is associated with a switch port profile.
#pragma once

#include <map>
#include <string>

#include <pugixml.hpp>

#include "core/result.hpp"

namespace vpt {

struct VirtualPortSpec {
    std::string type;                              // 802.1Qbg, 802.1Qbh, openvswitch, midonet
    std::map<std::string, std::string> parameters; // attributes of <parameters>
};

// Checks the type and each parameter against libvirt's formatdomain and
// schema: 802.1Qbg takes managerid, typeid, typeidversion (required) and
// instanceid; 802.1Qbh profileid (required); openvswitch profileid and
// interfaceid; midonet interfaceid (required). Numbers are uint8/uint24
// (decimal or 0x hex), ids UUIDs, a profileid at most 39 characters.
Result<bool> check_virtualport(const VirtualPortSpec& spec);

// Appends the <virtualport> element to `parent`; call check_virtualport first.
void append_virtualport(pugi::xml_node parent, const VirtualPortSpec& spec);

}  // namespace vpt
