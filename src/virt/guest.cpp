#include "virt/guest.hpp"

#include <libvirt/virterror.h>

#include <pugixml.hpp>

#include <algorithm>
#include <stdexcept>

#include "core/text_list.hpp"
#include "core/text_match.hpp"
#include "virt/listings.hpp"
#include "virt/timed_call.hpp"
#include "xml/domain_devices.hpp"

namespace vpt {

std::vector<std::string> guest_names(const Connection& connection) {
    std::vector<std::string> names;
    for (const auto& domain : list_domains(connection, 0)) names.push_back(virDomainGetName(domain.get()));
    return names;
}

Guest::Guest(const Connection& connection, const std::string& name) : connection_(connection), name_(name) {
    domain_.reset(virDomainLookupByName(connection.get(), name.c_str()));
    if (domain_) return;
    virResetLastError();
    auto matches = closest_strings(name, guest_names(connection), 3);
    std::string message = "unknown guest '" + name + "'";
    if (!matches.empty()) message += "; did you mean " + join(matches) + "?";
    throw bad_input(message);
}

bool Guest::running() const { return virDomainIsActive(domain_.get()) == 1; }
bool Guest::persistent() const { return virDomainIsPersistent(domain_.get()) == 1; }

std::string Guest::live_xml() const {
    LibvirtString xml(virDomainGetXMLDesc(domain_.get(), 0));
    if (!xml) throw libvirt_failure("cannot read guest " + name_);
    return xml.get();
}

std::string Guest::config_xml() const {
    LibvirtString xml(virDomainGetXMLDesc(domain_.get(), VIR_DOMAIN_XML_INACTIVE));
    if (!xml) throw libvirt_failure("cannot read the config of guest " + name_);
    return xml.get();
}

void Guest::define(const std::string& xml) const {
    TimedCall timer("virDomainDefineXMLFlags " + name_);
    DomainHandle defined(virDomainDefineXMLFlags(connection_.get(), xml.c_str(), VIR_DOMAIN_DEFINE_VALIDATE));
    if (!defined) throw std::runtime_error("libvirt refused the new config: " + last_libvirt_error());
}

void Guest::attach_live(const std::string& device_xml) const {
    TimedCall timer("virDomainAttachDeviceFlags " + name_ + " (live)");
    if (virDomainAttachDeviceFlags(domain_.get(), device_xml.c_str(), VIR_DOMAIN_AFFECT_LIVE) < 0)
        throw std::runtime_error("live attach failed: " + last_libvirt_error());
}

void Guest::detach_live(const std::string& device_xml) const {
    TimedCall timer("virDomainDetachDeviceFlags " + name_ + " (live)");
    if (virDomainDetachDeviceFlags(domain_.get(), device_xml.c_str(), VIR_DOMAIN_AFFECT_LIVE) < 0)
        throw std::runtime_error("live detach failed: " + last_libvirt_error());
}

bool Guest::holds_live(const PciAddress& address) const {
    auto devices = parse_domain_devices(live_xml(), true);
    return devices && std::any_of(devices->held.begin(), devices->held.end(),
                                  [&](const HeldDevice& h) { return h.address == address; });
}

std::vector<PciAddress> Guest::held_live() const {
    std::vector<PciAddress> held;
    if (auto devices = parse_domain_devices(live_xml(), true))
        for (const auto& h : devices->held) held.push_back(h.address);
    return held;
}

std::string device_alias(const std::string& device_xml) {
    pugi::xml_document doc;
    if (!doc.load_string(device_xml.c_str())) return "";
    return doc.document_element().child("alias").attribute("name").as_string();
}

}  // namespace vpt
