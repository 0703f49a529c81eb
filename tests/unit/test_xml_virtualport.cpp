#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <vector>

#include "xml/virtualport.hpp"
#include "xml/xml_dom.hpp"

using namespace vpt;

TEST_CASE("check_virtualport accepts what formatdomain allows") {
    CHECK(check_virtualport({"802.1Qbg", {{"managerid", "11"}, {"typeid", "1193047"},
                                          {"typeidversion", "2"},
                                          {"instanceid", "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"}}})
              .ok());
    CHECK(check_virtualport({"802.1Qbg", {{"managerid", "0xb"}, {"typeid", "0x123456"},
                                          {"typeidversion", "0x02"}}})
              .ok());
    CHECK(check_virtualport({"802.1Qbh", {{"profileid", "finance"}}}).ok());
    CHECK(check_virtualport({"openvswitch", {}}).ok());
    CHECK(check_virtualport({"openvswitch", {{"interfaceid", "09b11c538b5c4eeb8f00d84eaa0aaa4f"},
                                             {"profileid", "menial"}}})
              .ok());
    CHECK(check_virtualport({"midonet", {{"interfaceid", "0b2d64da-3d0e-431e-afdd-804415d6ebbb"}}}).ok());
}

TEST_CASE("check_virtualport refuses unknown types, keys and bad values") {
    struct Case {
        VirtualPortSpec spec;
        const char* expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"802.1qbh", {{"profileid", "x"}}}, "unknown virtualport type '802.1qbh'"},
             {{"", {}}, "unknown virtualport type"},
             {{"802.1Qbh", {{"interfaceid", "09b11c538b5c4eeb8f00d84eaa0aaa4f"}}},
              "802.1Qbh has no parameter 'interfaceid' (it takes profileid)"},
             {{"802.1Qbh", {}}, "needs the parameter profileid"},
             {{"802.1Qbh", {{"profileid", std::string(40, 'p')}}}, "1 to 39 characters"},
             {{"802.1Qbh", {{"profileid", "a\nb"}}}, "no control characters"},
             {{"802.1Qbg", {{"managerid", "256"}, {"typeid", "1"}, {"typeidversion", "1"}}},
              "managerid='256'"},
             {{"802.1Qbg", {{"managerid", "0x100"}, {"typeid", "1"}, {"typeidversion", "1"}}},
              "managerid='0x100'"},
             {{"802.1Qbg", {{"managerid", "1"}, {"typeid", "16777216"}, {"typeidversion", "1"}}},
              "typeid='16777216'"},
             {{"802.1Qbg", {{"managerid", "1"}, {"typeid", "1"}}}, "needs the parameter typeidversion"},
             {{"802.1Qbg", {{"managerid", "-1"}, {"typeid", "1"}, {"typeidversion", "1"}}},
              "managerid='-1'"},
             {{"openvswitch", {{"interfaceid", "not-a-uuid"}}}, "expected a UUID"},
             {{"openvswitch", {{"x'><evil/>", "1"}}}, "has no parameter 'x'><evil/>'"},
             {{"midonet", {}}, "needs the parameter interfaceid"},
         }) {
        CAPTURE(c.spec.type);
        auto checked = check_virtualport(c.spec);
        REQUIRE_FALSE(checked.ok());
        CHECK_MESSAGE(checked.error().find(c.expected) != std::string::npos, checked.error());
        CHECK(checked.error().find('\n') == std::string::npos);
    }
}

TEST_CASE("append_virtualport writes the type and one <parameters>") {
    pugi::xml_document doc;
    auto interface = doc.append_child("interface");
    append_virtualport(interface, {"802.1Qbh", {{"profileid", "a'\"<&>"}}});
    append_virtualport(interface, {"openvswitch", {}});
    auto text = element_text(interface);
    CHECK(*canonical_xml(text) ==
          *canonical_xml("<interface><virtualport type='802.1Qbh'><parameters profileid='a&apos;&quot;&lt;&amp;&gt;'/>"
                         "</virtualport><virtualport type='openvswitch'/></interface>"));
}
