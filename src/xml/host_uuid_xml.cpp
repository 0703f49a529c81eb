#include "xml/host_uuid_xml.hpp"

#include <pugixml.hpp>

namespace vpt {

Result<std::string> parse_host_uuid(std::string_view capabilities_xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(capabilities_xml.data(), capabilities_xml.size()))
        return Failure{"cannot parse the host capabilities"};
    std::string uuid = doc.child("capabilities").child("host").child("uuid").text().as_string();
    if (uuid.empty()) return Failure{"the host capabilities have no <host><uuid>"};
    return uuid;
}

}  // namespace vpt
