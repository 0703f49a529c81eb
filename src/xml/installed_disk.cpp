#include "xml/installed_disk.hpp"

#include <pugixml.hpp>

namespace vpt {

std::optional<std::string> installed_disk(std::string_view domain_xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(domain_xml.data(), domain_xml.size())) return std::nullopt;
    for (auto disk : doc.child("domain").child("devices").children("disk")) {
        // device='disk' is libvirt's default: a <disk> without it is one.
        std::string_view device = disk.attribute("device").as_string("disk");
        auto source = disk.child("source");
        if (device != "disk" || !source) continue;
        if (std::string_view target = disk.child("target").attribute("dev").value(); !target.empty())
            return std::string(target);
        for (const char* name : {"file", "dev", "volume", "name"})
            if (auto value = source.attribute(name)) return std::string(value.value());
        return std::string("a disk");
    }
    return std::nullopt;
}

}  // namespace vpt
