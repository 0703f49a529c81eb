// DOM helpers the XML generators share: a template loaded as a document,
// attributes set in place, libvirt's layout on output, and a canonical form
// for comparing XML by content.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "core/pci_address.hpp"
#include "core/result.hpp"

namespace vpt {

// Parses an embedded template (its comments and layout whitespace dropped).
// A malformed template is a build defect: throws std::logic_error.
std::unique_ptr<pugi::xml_document> load_template(std::string_view text);

// Adds layout text so that the element children of `element` sit one level
// (`unit`) deeper than `indent`, recursively; text-only elements stay inline.
void lay_out(pugi::xml_node element, const std::string& indent, const std::string& unit = "  ");

// The element as libvirt writes it: single-quoted attributes, two-space
// indentation, no XML declaration, a trailing newline. Values are escaped
// by the DOM, so none can end an attribute or open an element.
std::string element_text(const pugi::xml_node& element);

// Sets `name` to `value`, appending the attribute when it is missing.
void set_attribute(pugi::xml_node element, const char* name, std::string_view value);

// Sets domain/bus/slot/function in libvirt's hex form, in place when the
// attributes exist (a template's empty placeholders), else appended.
void set_pci_address(pugi::xml_node address, const PciAddress& pci);

// Appends <vlan><tag id='ID'/></vlan>.
void append_vlan(pugi::xml_node parent, unsigned id);

// Appends <address type='pci' domain=... bus=... slot=... function=.../>.
void append_pci_address(pugi::xml_node parent, const PciAddress& pci);

// A form of `xml` for comparing content: comments, processing instructions
// and layout whitespace dropped, attributes sorted by name, entities
// resolved and re-escaped one way. Fails on malformed XML.
Result<std::string> canonical_xml(std::string_view xml);

// Whether `current` holds all of `written`: every element of it, with its
// attributes and text, and anything beside them. So a config libvirt stored
// after a define of `written` reads: libvirt adds its defaults (addresses,
// controllers, firmware paths) and may order elements its own way. False
// when either is malformed.
bool holds_all_of(std::string_view current, std::string_view written);

}  // namespace vpt
