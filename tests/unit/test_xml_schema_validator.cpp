#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "test_xml_support.hpp"
#include "xml/schema_validator.hpp"

using namespace vpt;
using namespace vpt::test;

namespace {

std::string fixture(const std::string& name) { return read_text_file(std::string(VPT_FIXTURES) + "/" + name); }

const char* gpu_hostdev = "<hostdev mode='subsystem' type='pci' managed='yes'><source>"
                          "<address domain='0x0000' bus='0x19' slot='0x00' function='0x0'/>"
                          "</source></hostdev>";

// Captures what is written to stderr (fd 2) while it lives.
class StderrCapture {
public:
    StderrCapture() {
        std::fflush(stderr);
        saved_ = dup(2);
        file_ = std::tmpfile();
        dup2(fileno(file_), 2);
    }
    std::string finish() {
        std::fflush(stderr);
        dup2(saved_, 2);
        close(saved_);
        std::string text;
        std::rewind(file_);
        for (int c; (c = std::fgetc(file_)) != EOF;) text += char(c);
        std::fclose(file_);
        return text;
    }

private:
    int saved_ = -1;
    std::FILE* file_ = nullptr;
};

}  // namespace

TEST_CASE("validate_domain_xml") {
    SUBCASE("a real guest with much vpt does not know passes") {
        auto valid = validate_domain_xml(fixture("domains/rich-guest.xml"));
        CHECK_MESSAGE(valid.ok(), (valid.ok() ? "" : valid.error()));
    }
    SUBCASE("what libvirt's schema refuses fails with libxml2's reason") {
        auto valid = validate_domain_xml("<domain type='kvm'><name>x</name><bogus/></domain>");
        REQUIRE_FALSE(valid.ok());
        CHECK(valid.error().find("domain XML does not match libvirt's schema domain.rng") == 0);
    }
    SUBCASE("malformed XML") {
        auto valid = validate_domain_xml("<domain type='kvm'><name>x</name>");
        REQUIRE_FALSE(valid.ok());
        CHECK(valid.error().find("malformed domain XML") == 0);
        CHECK(valid.error().find('\n') == std::string::npos);
    }
}

TEST_CASE("validate_network_xml") {
    CHECK(validate_network_xml(golden("network-hostdev-pool.xml")).ok());
    auto bad = validate_network_xml("<network><name>p</name><forward mode='hostdev'><pf/></forward></network>");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().find("network XML does not match libvirt's schema network.rng") == 0);
}

TEST_CASE("validate_device_in_domain checks the device inside the guest") {
    auto domain = fixture("domains/rich-guest.xml");
    SUBCASE("a good device passes and the guest's XML is untouched") {
        auto copy = domain;
        CHECK(validate_device_in_domain(copy, golden("interface-hostdev.xml")).ok());
        CHECK(copy == domain);
    }
    SUBCASE("a bad device is named") {
        auto valid = validate_device_in_domain(
            domain, "<hostdev mode='subsystem' type='pci'><source><address bus='0x100' slot='0' "
                    "function='0'/></source></hostdev>");
        REQUIRE_FALSE(valid.ok());
        CHECK(valid.error().find("the <hostdev> device does not match libvirt's schema") == 0);
    }
    SUBCASE("a guest that is already invalid is said to be at fault") {
        auto valid = validate_device_in_domain("<domain type='kvm'><name>x</name><bogus/></domain>", gpu_hostdev);
        REQUIRE_FALSE(valid.ok());
        CHECK(valid.error().find("the guest's own XML does not match") == 0);
    }
    SUBCASE("a guest without <devices> gets one") {
        CHECK(validate_device_in_domain("<domain type='kvm'><name>x</name><memory>1024</memory><os>"
                                        "<type>hvm</type></os></domain>",
                                        gpu_hostdev)
                  .ok());
    }
    SUBCASE("malformed input on either side") {
        CHECK(validate_device_in_domain(domain, "<hostdev").error().find("malformed device XML") == 0);
        CHECK(validate_device_in_domain("<domain", gpu_hostdev).error().find("malformed domain XML") == 0);
        CHECK(validate_device_in_domain("<network/>", gpu_hostdev).error() == "domain XML has no <domain> root");
    }
    SUBCASE("validate_device_xml uses a minimal guest") {
        CHECK(validate_device_xml(gpu_hostdev).ok());
        CHECK_FALSE(validate_device_xml("<interface type='hostdev'><source/></interface>").ok());
    }
}

TEST_CASE("the schema directory is configurable and libxml2 prints nothing") {
    SUBCASE("a missing directory fails clearly, on stderr nothing") {
        StderrCapture capture;
        SchemaValidator validator("/nonexistent/schemas");
        auto available = validator.available();
        auto valid = validator.validate_device_xml(gpu_hostdev);
        auto printed = capture.finish();
        CHECK(printed.empty());
        REQUIRE_FALSE(available.ok());
        CHECK(available.error().find("cannot load libvirt schema /nonexistent/schemas/domain.rng") == 0);
        REQUIRE_FALSE(valid.ok());
        CHECK(valid.error().find("cannot load libvirt schema") == 0);
    }
    SUBCASE("another directory's schemas are the ones used") {
        auto dir = std::filesystem::temp_directory_path() / ("vpt-schemas-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "domain.rng")
            << "<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start><element name='domain'>"
               "<element name='devices'><zeroOrMore><element><anyName/><empty/></element></zeroOrMore>"
               "</element></element></start></grammar>";
        std::ofstream(dir / "network.rng") << "<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>"
                                              "<element name='network'><empty/></element></start></grammar>";
        SchemaValidator validator(dir.string());
        CHECK(validator.schema_dir() == dir.string());
        CHECK(validator.available().ok());
        CHECK(validator.validate_device_in_domain("<domain><devices/></domain>", "<thing/>").ok());
        CHECK(validator.validate_network_xml("<network/>").ok());
        CHECK_FALSE(validator.validate_network_xml(golden("network-hostdev-pool.xml")).ok());
        std::filesystem::remove_all(dir);
    }
    SUBCASE("a broken schema file fails with the parser's reason") {
        StderrCapture capture;
        auto dir = std::filesystem::temp_directory_path() / ("vpt-bad-schemas-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "domain.rng") << "<grammar xmlns='http://relaxng.org/ns/structure/1.0'><start>";
        auto valid = SchemaValidator(dir.string()).validate_domain_xml("<domain/>");
        std::filesystem::remove_all(dir);
        CHECK(capture.finish().empty());
        REQUIRE_FALSE(valid.ok());
        CHECK(valid.error().find("cannot load libvirt schema") == 0);
    }
    SUBCASE("invalid XML is reported in the result, not printed") {
        StderrCapture capture;
        auto valid = validate_domain_xml("<domain type='kvm'><bogus/></domain>");
        auto malformed = validate_domain_xml("<<<");
        CHECK(capture.finish().empty());
        CHECK_FALSE(valid.ok());
        CHECK_FALSE(malformed.ok());
    }
}

TEST_CASE("parsed schemas are kept for the process") {
    SchemaValidator validator;
    REQUIRE(validator.available().ok());
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) REQUIRE(validator.validate_device_xml(gpu_hostdev).ok());
    auto per_check = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start) / 20;
    CHECK(per_check.count() < 250);
}
