// The identity record as libvirt's XML parser, libxml2, reads it: what
// fuzz_identity_record holds vpt's own pugixml reading to.
#pragma once

#include <libxml/parser.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/identity_record.hpp"

namespace vpt::fuzz {

// What libvirt would store: libxml2 must read it. A NUL ends libvirt's C
// string, so text holding one is not what libvirt handed vpt.
inline bool well_formed(std::string_view xml) {
    if (xml.find('\0') != std::string_view::npos) return false;
    xmlDocPtr doc = xmlReadMemory(xml.data(), int(xml.size()), nullptr, nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlFreeDoc(doc);
    return doc != nullptr;
}

// Whether libvirt could hand vpt this guest: it keeps one <metadata> and,
// in it, the first element of each namespace only (virDomainDefParseXML,
// virXMLNodeSanitizeNamespaces). A second record behind the first is text
// libvirt never stores, and would surface once the first is removed.
inline bool as_libvirt_stores(std::string_view xml) {
    if (xml.find('\0') != std::string_view::npos) return false;
    xmlDocPtr doc = xmlReadMemory(xml.data(), int(xml.size()), nullptr, nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) return false;
    size_t metadata = 0, records = 0;
    for (xmlNodePtr child = xmlDocGetRootElement(doc)->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || xmlStrcmp(child->name, BAD_CAST "metadata") != 0) continue;
        ++metadata;
        for (xmlNodePtr element = child->children; element; element = element->next)
            if (element->type == XML_ELEMENT_NODE && element->ns &&
                xmlStrcmp(element->ns->href, BAD_CAST identity_namespace) == 0)
                ++records;
    }
    xmlFreeDoc(doc);
    return metadata <= 1 && records <= 1;
}

inline bool in_record_namespace(xmlNodePtr node) {
    return node->type == XML_ELEMENT_NODE && node->ns &&
           xmlStrcmp(node->ns->href, BAD_CAST identity_namespace) == 0;
}

// The serial of each <device>, as libxml2 (so libvirt, and anyone reading the
// guest's XML) reads the record: the text of the element, comments left out.
// None when libxml2 refuses the document or finds no record.
inline std::optional<std::vector<std::optional<std::string>>> serials_as_libxml2_reads(std::string_view xml) {
    if (xml.find('\0') != std::string_view::npos) return std::nullopt;
    xmlDocPtr doc = xmlReadMemory(xml.data(), int(xml.size()), nullptr, nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) return std::nullopt;
    xmlNodePtr record = xmlDocGetRootElement(doc);
    if (!in_record_namespace(record)) {
        xmlNodePtr metadata = record->children;
        while (metadata && (metadata->type != XML_ELEMENT_NODE || xmlStrcmp(metadata->name, BAD_CAST "metadata") != 0))
            metadata = metadata->next;
        record = metadata ? metadata->children : nullptr;
        while (record && !in_record_namespace(record)) record = record->next;
    }
    std::optional<std::vector<std::optional<std::string>>> serials;
    if (record) {
        serials.emplace();
        for (xmlNodePtr device = record->children; device; device = device->next) {
            if (device->type != XML_ELEMENT_NODE) continue;
            auto& serial = serials->emplace_back();
            for (xmlNodePtr child = device->children; child; child = child->next) {
                if (child->type != XML_ELEMENT_NODE || xmlStrcmp(child->name, BAD_CAST "serial") != 0) continue;
                xmlChar* text = xmlNodeGetContent(child);
                serial = reinterpret_cast<const char*>(text);
                xmlFree(text);
            }
        }
    }
    xmlFreeDoc(doc);
    return serials;
}

}  // namespace vpt::fuzz
