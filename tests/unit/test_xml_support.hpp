// Helpers for the XML generator tests: golden files compared by content,
// and the schema check every generator output must pass.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "xml/schema_validator.hpp"
#include "xml/xml_dom.hpp"

namespace vpt::test {

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string golden(const std::string& name) {
    return read_text_file(std::string(VPT_GOLDEN) + "/" + name);
}

// `xml` has the content of tests/golden/NAME (compared canonically).
inline void check_golden(const std::string& xml, const std::string& name) {
    auto expected = canonical_xml(golden(name));
    REQUIRE_MESSAGE(expected.ok(), name << ": " << expected.error());
    auto actual = canonical_xml(xml);
    REQUIRE_MESSAGE(actual.ok(), actual.error());
    CHECK_MESSAGE(*actual == *expected, name << " differs; got:\n" << xml);
}

// A device element passes domain.rng inside a minimal guest.
inline void check_device_schema(const std::string& xml) {
    auto valid = validate_device_xml(xml);
    CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error()) << "\n" << xml);
}

inline void check_network_schema(const std::string& xml) {
    auto valid = validate_network_xml(xml);
    CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error()) << "\n" << xml);
}

}  // namespace vpt::test
