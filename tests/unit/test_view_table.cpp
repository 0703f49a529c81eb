#include <doctest/doctest.h>

#include <sstream>

#include "core/text_width.hpp"
#include "view/table.hpp"
#include "view/terminal_width.hpp"

using namespace vpt;

namespace {

const std::vector<TableColumn> columns = {
    {"ADDRESS"}, {"CLASS", Shrink::later}, {"HELD BY", Shrink::later}, {"DEVICE", Shrink::first}};

Table sample(TableLayout layout = {}) {
    Table table(columns, layout);
    table.add_row({"0000:01:00.0", "Ethernet controller", "router (interface)",
                   "Intel Corporation 82576 Gigabit Network Connection"});
    table.add_row({"0000:02:00.0", "VGA compatible controller", "-", "NVIDIA Corporation GA102 [GeForce RTX 3090]"});
    return table;
}

std::string print(const Table& table, std::optional<size_t> width, size_t indent = 0) {
    std::ostringstream out;
    table.print(out, indent, width);
    return out.str();
}

size_t widest(const std::string& text) {
    size_t widest = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) widest = std::max(widest, text_width(line));
    return widest;
}

}  // namespace

TEST_CASE("Table::print without a limit: padded columns, two spaces apart, nothing cut") {
    CHECK(print(sample(), std::nullopt) ==
          "ADDRESS       CLASS                      HELD BY             DEVICE\n"
          "0000:01:00.0  Ethernet controller        router (interface)  Intel Corporation 82576 Gigabit Network "
          "Connection\n"
          "0000:02:00.0  VGA compatible controller  -                   NVIDIA Corporation GA102 [GeForce RTX 3090]\n");
}

TEST_CASE("Table::print with a limit") {
    SUBCASE("DEVICE gives way first, the rest stays whole") {
        std::string text = print(sample(), 90);
        CHECK(widest(text) == 90);
        CHECK(text.find("Ethernet controller        router (interface)  Intel Corporation 82576 Giga…\n") !=
              std::string::npos);
    }
    SUBCASE("then the other free text, widest first") {
        std::string text = print(sample(), 70);
        CHECK(widest(text) <= 70);
        CHECK(text.find("0000:01:00.0  ") == 0 + text.find('\n') + 1);
        CHECK(text.find("…") != std::string::npos);
    }
    SUBCASE("never-shrinking columns stay whole even when nothing fits") {
        std::string text = print(sample(), 20);
        CHECK(text.find("0000:01:00.0 ") != std::string::npos);
        CHECK(text.find("0000:02:00.0 ") != std::string::npos);
    }
    SUBCASE("the indent counts") {
        std::string text = print(sample(), 60, 2);
        CHECK(widest(text) <= 60);
        CHECK(text.rfind("  ADDRESS", 0) == 0);
    }
}

TEST_CASE("Table::print gives way in order: shorter forms, the long name, low-value columns, then cuts") {
    const std::vector<TableColumn> ranked = {{"ADDRESS"},
                                             {"IDS", Shrink::never, 0, 2},
                                             {"NUMA", Shrink::never, 0, 1},
                                             {"HELD BY", Shrink::later},
                                             {"DEVICE", Shrink::first}};
    auto table = [&](TableLayout layout = {}) {
        Table t(ranked, layout);
        t.add_row({"0000:01:00.0", "8086:10ca", "0", "a-long-guest-name (interface, config)",
                   "Intel Corporation 82576 Virtual Function"},
                  {"", "", "", "a-long-guest-name", "82576 Virtual Function"});
        return t;
    };
    // room for everything: nothing changes
    CHECK(print(table(), 200) == print(table(), std::nullopt));
    // the product without its vendor first
    CHECK(print(table(), 95) == "ADDRESS       IDS        NUMA  HELD BY                                DEVICE\n"
                                "0000:01:00.0  8086:10ca  0     a-long-guest-name (interface, config)  82576 Virtual Function\n");
    // then the guest's name alone, then NUMA is left out (drop 1)
    CHECK(print(table(), 70) == "ADDRESS       IDS        HELD BY            DEVICE\n"
                                "0000:01:00.0  8086:10ca  a-long-guest-name  82576 Virtual Function\n");
    // then IDS (drop 2), and DEVICE is cut; the guest's name never is
    CHECK(print(table(), 40) == "ADDRESS       HELD BY            DEVICE\n"
                                "0000:01:00.0  a-long-guest-name  82576 …\n");
    // columns the user chose are never left out
    TableLayout chosen;
    chosen.columns = std::vector<size_t>{0, 1, 2, 4};
    chosen.chosen = true;
    CHECK(print(table(chosen), 40).find("NUMA") != std::string::npos);
}

TEST_CASE("Table::print: a wrap column continues on more lines instead of being cut") {
    TableLayout layout;
    layout.headings = false;
    Table table({{"FIELD"}, {"VALUE", Shrink::wrap}}, layout);
    table.add_row({"VFs", "4 of at most 7 (from libvirt: libvirt's test driver has no host sysfs)"});
    table.add_row({"pools", "-"});
    CHECK(print(table, 40, 2) ==
          "  VFs    4 of at most 7 (from libvirt:\n"
          "         libvirt's test driver has no\n"
          "         host sysfs)\n"
          "  pools  -\n");
}

TEST_CASE("Table layouts: -o columns and no headings") {
    TableLayout layout;
    layout.columns = std::vector<size_t>{3, 0};
    layout.headings = false;
    CHECK(print(sample(layout), std::nullopt) ==
          "Intel Corporation 82576 Gigabit Network Connection  0000:01:00.0\n"
          "NVIDIA Corporation GA102 [GeForce RTX 3090]         0000:02:00.0\n");
}

TEST_CASE("pick_columns") {
    SUBCASE("names in any case, spaces as dashes, in the order given") {
        auto picked = pick_columns(columns, "device,Held-By,ADDRESS");
        REQUIRE(picked.ok());
        CHECK(*picked == std::vector<size_t>{3, 2, 0});
    }
    SUBCASE("a name as its header reads, or with '_', and spaces around names") {
        for (const char* list : {"HELD BY,address", "held_by, Address", " held by , ADDRESS "}) {
            auto picked = pick_columns(columns, list);
            CAPTURE(list);
            REQUIRE(picked.ok());
            CHECK(*picked == std::vector<size_t>{2, 0});
        }
    }
    SUBCASE("an unknown or empty name fails, naming the valid ones") {
        for (const char* bad : {"vendor", "address,", "", "HELD  BY", "HELDBY"}) {
            auto picked = pick_columns(columns, bad);
            CAPTURE(bad);
            REQUIRE_FALSE(picked.ok());
            CHECK(picked.error().find("(columns: ADDRESS,CLASS,HELD-BY,DEVICE)") != std::string::npos);
        }
    }
}

TEST_CASE("choose_width: COLUMNS, then the terminal, else no limit") {
    CHECK(choose_width("80", 200) == 80u);
    CHECK(choose_width(nullptr, 132) == 132u);
    CHECK(choose_width("", 132) == 132u);
    CHECK(choose_width("wide", 132) == 132u);
    CHECK(choose_width("0", std::nullopt) == std::nullopt);
    CHECK(choose_width(nullptr, std::nullopt) == std::nullopt);
    CHECK(choose_width("100", std::nullopt) == 100u);
}
