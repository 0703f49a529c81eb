// The XML shapes vpt emits, embedded at build time from xml-templates/*.xml
// (the generated source is written by xml-templates/embed_templates.cmake).
// Generators load one of these as a DOM and fill it; they never paste text.
#pragma once

#include <string_view>
#include <vector>

namespace vpt::xml_templates {

// xml-templates/hostdev-pci.xml: <hostdev mode='subsystem' type='pci'>
extern const std::string_view hostdev_pci;
// xml-templates/interface-hostdev.xml: <interface type='hostdev'> (an SR-IOV VF)
extern const std::string_view interface_hostdev;
// xml-templates/interface-network.xml: <interface type='network'> (a VF pool)
extern const std::string_view interface_network;
// xml-templates/network-hostdev-pool.xml: <network> with <forward mode='hostdev'>
extern const std::string_view network_hostdev_pool;

struct Entry {
    std::string_view file;  // e.g. "hostdev-pci.xml"
    std::string_view text;
};

// Every embedded template, in file name order.
std::vector<Entry> all();

}  // namespace vpt::xml_templates
