#include "xml/schema_validator.hpp"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vpt {
namespace {

// libxml2's messages, gathered instead of printed.
struct Messages {
    std::vector<std::string> lines;

    void add(const xmlError* error) {
        if (!error || !error->message) return;
        std::string text = error->message;
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        std::string where;
        if (error->node) {
            auto* node = static_cast<xmlNodePtr>(error->node);
            if (node->type == XML_ELEMENT_NODE && node->name)
                where = "<" + std::string(reinterpret_cast<const char*>(node->name)) + ">";
        }
        if (error->line > 0)
            where += (where.empty() ? "line " : " line ") + std::to_string(error->line);
        lines.push_back(where.empty() ? text : where + ": " + text);
    }

    // The first few messages on one line.
    std::string joined() const {
        std::string out;
        size_t shown = 0;
        for (const auto& line : lines) {
            if (shown == 4) {
                out += "; ...";
                break;
            }
            out += (out.empty() ? "" : "; ") + line;
            ++shown;
        }
        return out.empty() ? "no details from libxml2" : out;
    }
};

void collect_structured(void* context, xmlErrorPtr error) { static_cast<Messages*>(context)->add(error); }
void ignore_generic(void*, const char*, ...) {}

// Routes libxml2's process-global (per-thread) error output to `messages`
// while it lives, and restores the previous handlers after.
class CaptureErrors {
public:
    explicit CaptureErrors(Messages& messages)
        : old_structured_(xmlStructuredError), old_structured_context_(xmlStructuredErrorContext),
          old_generic_(xmlGenericError), old_generic_context_(xmlGenericErrorContext) {
        xmlSetStructuredErrorFunc(&messages, collect_structured);
        xmlSetGenericErrorFunc(nullptr, ignore_generic);
    }
    ~CaptureErrors() {
        xmlSetStructuredErrorFunc(old_structured_context_, old_structured_);
        xmlSetGenericErrorFunc(old_generic_context_, old_generic_);
    }
    CaptureErrors(const CaptureErrors&) = delete;
    CaptureErrors& operator=(const CaptureErrors&) = delete;

private:
    xmlStructuredErrorFunc old_structured_;
    void* old_structured_context_;
    xmlGenericErrorFunc old_generic_;
    void* old_generic_context_;
};

struct DocFree {
    void operator()(xmlDocPtr doc) const { xmlFreeDoc(doc); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

struct SchemaFree {
    void operator()(xmlRelaxNGPtr schema) const { xmlRelaxNGFree(schema); }
};

// Parsed schemas by path, for the life of the process.
std::mutex cache_mutex;
std::map<std::string, std::unique_ptr<xmlRelaxNG, SchemaFree>>& schema_cache() {
    static std::map<std::string, std::unique_ptr<xmlRelaxNG, SchemaFree>> cache;
    return cache;
}

Result<xmlRelaxNGPtr> load_schema(const std::string& dir, const char* file) {
    std::string path = dir + "/" + file;
    std::lock_guard lock(cache_mutex);
    auto& cache = schema_cache();
    if (auto found = cache.find(path); found != cache.end()) return found->second.get();

    xmlInitParser();
    Messages messages;
    CaptureErrors capture(messages);
    xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt(path.c_str());
    if (!parser) return Failure{"cannot load libvirt schema " + path};
    xmlRelaxNGSetParserStructuredErrors(parser, collect_structured, &messages);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(parser);
    xmlRelaxNGFreeParserCtxt(parser);
    if (!schema) return Failure{"cannot load libvirt schema " + path + ": " + messages.joined()};
    cache.emplace(path, schema);
    return schema;
}

Result<Doc> parse_document(std::string_view xml, const char* what) {
    xmlInitParser();
    Messages messages;
    CaptureErrors capture(messages);
    Doc doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                          XML_PARSE_NONET | XML_PARSE_NOBLANKS));
    if (!doc || !xmlDocGetRootElement(doc.get()))
        return Failure{std::string("malformed ") + what + ": " + messages.joined()};
    return doc;
}

Result<bool> validate(xmlDocPtr doc, xmlRelaxNGPtr schema, const char* file) {
    Messages messages;
    CaptureErrors capture(messages);
    xmlRelaxNGValidCtxtPtr context = xmlRelaxNGNewValidCtxt(schema);
    if (!context) return Failure{"cannot validate against libvirt schema " + std::string(file)};
    xmlRelaxNGSetValidStructuredErrors(context, collect_structured, &messages);
    int rc = xmlRelaxNGValidateDoc(context, doc);
    xmlRelaxNGFreeValidCtxt(context);
    if (rc != 0) return Failure{messages.joined()};
    return true;
}

Result<bool> validate_text(const std::string& dir, std::string_view xml, const char* file,
                           const char* what) {
    auto schema = load_schema(dir, file);
    if (!schema) return Failure{schema.error()};
    auto doc = parse_document(xml, what);
    if (!doc) return Failure{doc.error()};
    if (auto valid = validate(doc->get(), *schema, file); !valid)
        return Failure{std::string(what) + " does not match libvirt's schema " + file + ": " + valid.error()};
    return true;
}

// Enough of a guest for domain.rng: the device is checked inside it.
constexpr std::string_view minimal_domain =
    "<domain type='kvm'><name>vpt-schema-check</name><memory unit='MiB'>1024</memory>"
    "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices/></domain>";

}  // namespace

std::string default_schema_dir() {
    const char* dir = std::getenv("VPT_SCHEMA_DIR");
    return dir && *dir ? dir : "/usr/share/libvirt/schemas";
}

SchemaValidator::SchemaValidator(std::string schema_dir) : dir_(std::move(schema_dir)) {}

Result<bool> SchemaValidator::available() const {
    for (const char* file : {"domain.rng", "network.rng"})
        if (auto schema = load_schema(dir_, file); !schema) return Failure{schema.error()};
    return true;
}

Result<bool> SchemaValidator::validate_domain_xml(std::string_view xml) const {
    return validate_text(dir_, xml, "domain.rng", "domain XML");
}

Result<bool> SchemaValidator::validate_network_xml(std::string_view xml) const {
    return validate_text(dir_, xml, "network.rng", "network XML");
}

Result<bool> SchemaValidator::validate_device_in_domain(std::string_view domain_xml,
                                                        std::string_view device_xml) const {
    auto schema = load_schema(dir_, "domain.rng");
    if (!schema) return Failure{schema.error()};
    auto domain = parse_document(domain_xml, "domain XML");
    if (!domain) return Failure{domain.error()};
    auto device = parse_document(device_xml, "device XML");
    if (!device) return Failure{device.error()};

    xmlNodePtr root = xmlDocGetRootElement(domain->get());
    if (xmlStrcmp(root->name, BAD_CAST "domain") != 0)
        return Failure{"domain XML has no <domain> root"};
    xmlNodePtr devices = nullptr;
    for (xmlNodePtr child = root->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrcmp(child->name, BAD_CAST "devices") == 0)
            devices = child;
    if (!devices) devices = xmlNewChild(root, nullptr, BAD_CAST "devices", nullptr);
    xmlNodePtr device_root = xmlDocGetRootElement(device->get());
    std::string tag = "<" + std::string(reinterpret_cast<const char*>(device_root->name)) + ">";
    xmlNodePtr copy = xmlDocCopyNode(device_root, domain->get(), 1);
    if (!copy || !xmlAddChild(devices, copy)) {
        if (copy) xmlFreeNode(copy);
        return Failure{"cannot place the device in the domain XML"};
    }
    auto valid = validate(domain->get(), *schema, "domain.rng");
    if (valid) return true;

    // libxml2 blames the outermost element it could not match; say whether
    // the device or the guest's own XML is at fault.
    xmlUnlinkNode(copy);
    xmlFreeNode(copy);
    if (validate(domain->get(), *schema, "domain.rng"))
        return Failure{"the " + tag + " device does not match libvirt's schema domain.rng: " + valid.error()};
    return Failure{"the guest's own XML does not match libvirt's schema domain.rng here, so the " + tag +
                   " device cannot be checked inside it: " + valid.error()};
}

Result<bool> SchemaValidator::validate_device_xml(std::string_view device_xml) const {
    return validate_device_in_domain(minimal_domain, device_xml);
}

Result<bool> validate_domain_xml(std::string_view xml) {
    return SchemaValidator().validate_domain_xml(xml);
}

Result<bool> validate_network_xml(std::string_view xml) {
    return SchemaValidator().validate_network_xml(xml);
}

Result<bool> validate_device_in_domain(std::string_view domain_xml, std::string_view device_xml) {
    return SchemaValidator().validate_device_in_domain(domain_xml, device_xml);
}

Result<bool> validate_device_xml(std::string_view device_xml) {
    return SchemaValidator().validate_device_xml(device_xml);
}

}  // namespace vpt
