#include <doctest/doctest.h>

#include "xml/host_uuid_xml.hpp"

using namespace vpt;

TEST_CASE("parse_host_uuid") {
    SUBCASE("<capabilities><host><uuid> as written") {
        auto uuid = parse_host_uuid("<capabilities><host><uuid>677a0a19-ebdc-417b-a08c-a928a2d04749</uuid>"
                                    "<cpu><arch>x86_64</arch></cpu></host></capabilities>");
        REQUIRE(uuid);
        CHECK(*uuid == "677a0a19-ebdc-417b-a08c-a928a2d04749");
    }
    SUBCASE("none, or no document: a failure") {
        CHECK_FALSE(parse_host_uuid("<capabilities><host><cpu/></host></capabilities>"));
        CHECK_FALSE(parse_host_uuid("<capabilities><guest><uuid>x</uuid></guest></capabilities>"));
        CHECK_FALSE(parse_host_uuid("<capabilities"));
    }
}
