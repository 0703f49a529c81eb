// Checks XML against libvirt's own RelaxNG schemas (domain.rng,
// network.rng) with libxml2, before vpt applies it. Each schema is parsed
// once per process and kept. libxml2's messages are captured into the
// Failure; nothing is printed.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace vpt {

// $VPT_SCHEMA_DIR when set, else /usr/share/libvirt/schemas.
std::string default_schema_dir();

// Every check returns true when the XML matches; otherwise a Failure that
// says why: malformed XML, the schema's complaints, or a schema that cannot
// be read (its message starts with "cannot load libvirt schema").
class SchemaValidator {
public:
    explicit SchemaValidator(std::string schema_dir = default_schema_dir());

    const std::string& schema_dir() const { return dir_; }

    // Loads (once) both schemas; a Failure when either cannot be read.
    Result<bool> available() const;

    // A whole <domain> against domain.rng.
    Result<bool> validate_domain_xml(std::string_view xml) const;
    // A whole <network> against network.rng.
    Result<bool> validate_network_xml(std::string_view xml) const;
    // A device element (<hostdev>, <interface>, ...) inside the guest's domain
    // XML it will become part of: appended to a copy of its <devices>, then
    // the whole domain is checked. The domain XML itself is not changed.
    Result<bool> validate_device_in_domain(std::string_view domain_xml,
                                           std::string_view device_xml) const;
    // A device element inside a minimal q35 KVM domain, when there is no
    // guest yet (vpt xml).
    Result<bool> validate_device_xml(std::string_view device_xml) const;

private:
    std::string dir_;
};

// The same checks against default_schema_dir().
Result<bool> validate_domain_xml(std::string_view xml);
Result<bool> validate_network_xml(std::string_view xml);
Result<bool> validate_device_in_domain(std::string_view domain_xml, std::string_view device_xml);
Result<bool> validate_device_xml(std::string_view device_xml);

}  // namespace vpt
