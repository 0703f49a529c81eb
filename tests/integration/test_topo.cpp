// vpt topo against the demo host: the tree as text, DOT and SVG.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "run_vpt.hpp"

namespace {

// Every PCI address and IOMMU group of the demo host, as list reports them.
struct DemoFacts {
    std::vector<std::string> addresses;
    std::set<int> groups;
};

DemoFacts demo_facts() {
    auto run = run_vpt({"-c", demo_uri(), "list", "--json"});
    REQUIRE(run.exit_code == 0);
    DemoFacts facts;
    auto list = nlohmann::json::parse(run.out);
    for (const auto& d : list["devices"]) {
        facts.addresses.push_back(d["address"]);
        if (!d["iommu_group"].is_null()) facts.groups.insert(d["iommu_group"].get<int>());
    }
    REQUIRE(facts.addresses.size() == 38);
    return facts;
}

// Characters, not bytes: the tree's box lines are UTF-8.
size_t characters(const std::string& line) {
    size_t count = 0;
    for (unsigned char c : line) count += (c & 0xc0) != 0x80;
    return count;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / ("vpt-topo-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

}  // namespace

TEST_CASE("topo: the demo host's PCI tree as text") {
    auto run = run_vpt({"-c", demo_uri(), "topo"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.empty());
    for (const char* line : {
             "pci0000:17  node 0\n",
             "└─ 0000:17:02.0  root port  [grp 15]\n",
             "   ├─ 0000:19:00.0  Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]  grp 17  free\n",
             "│  └─ 0000:18:00.1  GA102 High Definition Audio Controller  grp 16  held by gpu-workstation\n",
             "pci0000:3a  node 1\n",
             "   └─ 0000:3b:00.0  switch upstream port  [grp 19]\n",
             "      ├─ 0000:3c:01.0  switch downstream port  [grp 19]\n",
             "      │  └─ 0000:3d:00.0  uPD720201 USB 3.0 Host Controller  grp 19  held by media-server\n",
             "│  └─ 0000:04:00.0  PCI bridge  [grp 12]\n",
             "│     └─ 0000:05:00.0  ASPEED Graphics Family  grp 12  free\n",
             "├─ 0000:00:1f.0  ISA bridge  [grp 7]\n",
         })
        CHECK_MESSAGE(run.out.find(line) != std::string::npos, line);
    SUBCASE("every device is one line, in address order within a complex") {
        auto facts = demo_facts();
        for (const auto& address : facts.addresses) {
            size_t first = run.out.find(address);
            CHECK_MESSAGE(first != std::string::npos, address);
            CHECK_MESSAGE(run.out.find(address, first + 1) == std::string::npos, address);
        }
        CHECK(run.out.find("0000:03:10.0") < run.out.find("0000:03:10.1"));
    }
    SUBCASE("the test driver reports no drivers: none is shown, none invented") {
        CHECK(run.out.find("vfio-pci") == std::string::npos);
        CHECK(run.out.find("unknown") == std::string::npos);
    }
    SUBCASE("COLUMNS narrows the product names with an ellipsis, never the facts") {
        auto narrow = run_vpt_with_columns({"-c", demo_uri(), "topo"}, "70");
        REQUIRE(narrow.exit_code == 0);
        std::istringstream lines(narrow.out);
        for (std::string line; std::getline(lines, line);) CHECK_MESSAGE(characters(line) <= 70, line);
        CHECK(narrow.out.find("Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]") == std::string::npos);
        CHECK(narrow.out.find("…  grp 17  free\n") != std::string::npos);
    }
}

TEST_CASE("topo --format dot: every address once as a node, every IOMMU group a cluster") {
    auto facts = demo_facts();
    auto run = run_vpt({"-c", demo_uri(), "topo", "--format", "dot"});
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out.rfind("digraph ", 0) == 0);
    std::map<std::string, int> nodes;
    std::set<int> clusters;
    std::regex node_statement(R"re(^\s*"([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])" \[)re");
    std::regex cluster_statement(R"re(^\s*subgraph "cluster_group_([0-9]+)" \{)re");
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        std::smatch match;
        if (std::regex_search(line, match, node_statement)) ++nodes[match[1]];
        if (std::regex_search(line, match, cluster_statement)) CHECK(clusters.insert(std::stoi(match[1])).second);
    }
    CHECK(nodes.size() == facts.addresses.size());
    for (const auto& address : facts.addresses) CHECK_MESSAGE(nodes[address] == 1, address);
    CHECK(clusters == facts.groups);
    SUBCASE("clusters say what a guest may do; the two NUMA nodes are boxes; holders are bold") {
        CHECK(run.out.find("\"IOMMU group 16 · held by a guest\"") != std::string::npos);
        CHECK(run.out.find("\"IOMMU group 17 · free, drivers unknown\"") != std::string::npos);
        CHECK(run.out.find("\"IOMMU group 15 · host\"") != std::string::npos);
        CHECK(run.out.find("subgraph \"cluster_numa_0\"") != std::string::npos);
        CHECK(run.out.find("subgraph \"cluster_numa_1\"") != std::string::npos);
        CHECK(run.out.find("<B>held by gpu-workstation</B>") != std::string::npos);
        CHECK(run.out.find("\"0000:17:02.0\" -> \"0000:19:00.0\"") != std::string::npos);
        CHECK(run.out.find("\"pci0000:17\" -> \"0000:17:02.0\"") != std::string::npos);
    }
}

TEST_CASE("topo --format svg") {
    auto run = run_vpt({"-c", demo_uri(), "topo", "--format", "svg"});
#ifdef VPT_HAVE_GRAPHVIZ
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.empty());
    pugi::xml_document svg;
    auto parsed = svg.load_string(run.out.c_str());
    REQUIRE_MESSAGE(parsed, parsed.description());
    CHECK(std::string(svg.document_element().name()) == "svg");
    std::map<std::string, int> texts;
    for (auto text : svg.select_nodes("//*[local-name()='text']")) ++texts[text.node().child_value()];
    for (const auto& address : demo_facts().addresses) CHECK_MESSAGE(texts[address] == 1, address);
    CHECK(texts["held by gpu-workstation"] == 2);
    CHECK(texts["IOMMU group 19 · held by a guest"] == 1);
#else
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("built without Graphviz: use --format dot | dot -Tsvg") != std::string::npos);
#endif
}

TEST_CASE("topo -o FILE") {
    auto dir = temp_dir();
    SUBCASE("writes the file, not stdout; the same as stdout gets, whole") {
        auto path = dir + "/host.dot";
        auto run = run_vpt({"-c", demo_uri(), "topo", "--format", "dot", "-o", path});
        REQUIRE_MESSAGE(run.exit_code == 0, run.err);
        CHECK(run.out.empty());
        CHECK(read_file(path) == run_vpt({"-c", demo_uri(), "topo", "--format", "dot"}).out);
        auto text = run_vpt_with_columns({"-c", demo_uri(), "topo", "-o", dir + "/host.txt"}, "60");
        REQUIRE(text.exit_code == 0);
        CHECK(read_file(dir + "/host.txt").find("Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]") != std::string::npos);
    }
    SUBCASE("a missing directory is refused in one line, before connecting") {
        auto run = run_vpt({"-c", "test:///nonexistent.xml", "topo", "-o", dir + "/missing/host.svg"});
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(run.err.find("no such directory " + dir + "/missing") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir + "/missing"));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("topo --json is refused: list --json has the facts") {
    auto run = run_vpt({"-c", demo_uri(), "--json", "topo"});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find("vpt --json list") != std::string::npos);
}

TEST_CASE("topo --format takes text, dot or svg only") {
    auto run = run_vpt({"-c", demo_uri(), "topo", "--format", "png"});
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find("png") != std::string::npos);
}
