#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "view/json_writer.hpp"

using namespace vpt;
using nlohmann::ordered_json;

namespace {

// Writes `value` through JsonWriter, member by member.
void write(JsonWriter& out, const ordered_json& value) {
    if (value.is_object()) {
        out.begin_object();
        for (const auto& [key, member] : value.items()) {
            out.key(key);
            write(out, member);
        }
        out.end_object();
    } else if (value.is_array()) {
        out.begin_array();
        for (const auto& element : value) write(out, element);
        out.end_array();
    } else if (value.is_string()) {
        out.string(value.get_ref<const std::string&>());
    } else if (value.is_boolean()) {
        out.boolean(value.get<bool>());
    } else if (value.is_number_integer()) {
        out.number(value.get<long long>());
    } else {
        out.null();
    }
}

std::string written(const ordered_json& value) {
    JsonWriter out;
    write(out, value);
    out.finish();
    return out.text();
}

// What the rest of vpt prints for the same value.
std::string dumped(const ordered_json& value) {
    return value.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

TEST_CASE("JsonWriter prints what nlohmann's dump(2) prints") {
    ordered_json device = {
        {"name", "pci_0000_01_00_0"},
        {"iommu_group", 12},
        {"negative", -7},
        {"vendor", nullptr},
        {"bridge", false},
        {"group_members", {"0000:01:00.0", "0000:01:00.1"}},
        {"sriov", {{"role", "pf"}, {"max_vfs", 7}, {"vfs", ordered_json::array()}}},
        {"held_by", ordered_json::array({{{"guest", "win10"}, {"active", true}}})},
        {"empty", ordered_json::object()},
        {"nested", {ordered_json::array(), {1, {2, {3}}}}},
    };
    CHECK(written(device) == dumped(device));
    CHECK(written(ordered_json::array()) == "[]\n");
    CHECK(written(ordered_json::object()) == "{}\n");
    CHECK(written({{"devices", ordered_json::array({device, device})}}) ==
          dumped({{"devices", ordered_json::array({device, device})}}));
}

TEST_CASE("JsonWriter escapes strings as nlohmann does") {
    for (std::string text : {std::string("quote \" backslash \\ slash /"),
                             std::string("\b\f\n\r\t and \x01\x1f\x7f"), std::string("nul \0 inside", 13),
                             std::string("GeForce\xc2\xae \xe2\x80\x94 \xf0\x9f\x96\xa5"), std::string()}) {
        CAPTURE(text);
        CHECK(written(text) == dumped(text));
        CHECK(written({{text, text}}) == dumped({{text, text}}));
    }
}

TEST_CASE("JsonWriter replaces invalid UTF-8 with U+FFFD, as nlohmann's replace mode does") {
    for (std::string text : {"lone continuation \x80 byte", "truncated \xe2\x80", "truncated at end \xf0\x9f\x96",
                             "overlong \xc0\xaf and \xe0\x80\xaf", "surrogate \xed\xa0\x80", "too high \xf4\x90\x80\x80",
                             "bad second byte \xe2\x28\xa1", "\xff\xfe"}) {
        CAPTURE(text);
        CHECK(written(text) == dumped(text));
        CHECK(written(text).find("\xef\xbf\xbd") != std::string::npos);
    }
}

TEST_CASE("JsonWriter writes to its stream in pieces, and all of it by finish()") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file);
    ordered_json many = ordered_json::array();
    for (int i = 0; i < 5000; ++i) many.push_back({{"index", i}, {"text", std::string(20, 'x')}});
    {
        JsonWriter out(file);
        write(out, many);
        CHECK(std::ftell(file) > 0);  // the first 64 KiB went out before the end
        out.finish();
        CHECK(out.text().empty());
    }
    std::rewind(file);
    std::string text;
    char chunk[4096];
    for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, file)) > 0;) text.append(chunk, n);
    std::fclose(file);
    CHECK(text == dumped(many));
}
