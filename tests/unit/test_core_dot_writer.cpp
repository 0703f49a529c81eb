#include <doctest/doctest.h>

#include "core/dot_writer.hpp"

using namespace vpt;

TEST_CASE("dot_quote") {
    CHECK(dot_quote("0000:01:00.0") == "\"0000:01:00.0\"");
    SUBCASE("quotes and backslashes cannot end the string or start an escape") {
        CHECK(dot_quote("a\"b") == R"("a\"b")");
        CHECK(dot_quote(R"(x\")") == R"("x\\\"")");
        CHECK(dot_quote(R"(\N\G)") == R"("\\N\\G")");
    }
    SUBCASE("a line break becomes Graphviz's \\n, other control characters go") {
        CHECK(dot_quote("a\nb") == R"("a\nb")");
        CHECK(dot_quote(std::string("a\tb\x01\x7f", 5)) == "\"ab\"");
    }
    SUBCASE("UTF-8 passes through") { CHECK(dot_quote("Navi 21 …") == "\"Navi 21 …\""); }
}

TEST_CASE("html_escape and HtmlLabel") {
    CHECK(html_escape("<b>&\"x\"</b>") == "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;");
    HtmlLabel label;
    CHECK(label.empty());
    label.line("0000:01:00.0").line("A&B <GPU>", HtmlLabel::Style::small).line("held by <web>", HtmlLabel::Style::bold);
    CHECK(label.body() ==
          "0000:01:00.0<BR/><FONT POINT-SIZE=\"10\">A&amp;B &lt;GPU&gt;</FONT><BR/><B>held by &lt;web&gt;</B>");
}

TEST_CASE("DotWriter") {
    DotWriter dot("pci \"host\"");
    dot.graph_attributes({{"rankdir", "LR"}});
    dot.begin_cluster("cluster_group_1", {{"label", "IOMMU group 1"}});
    HtmlLabel label;
    label.line("x<y");
    dot.node("0000:01:00.0", {html_attribute("label", label), {"penwidth", "2"}});
    dot.node("odd\"} -> evil {\"", {});
    dot.end_cluster();
    dot.begin_cluster("cluster_unclosed", {});
    dot.edge("a", "b\\", {{"color", "red"}});
    CHECK(dot.finish() ==
          "digraph \"pci \\\"host\\\"\" {\n"
          "  graph [\"rankdir\"=\"LR\"]\n"
          "  subgraph \"cluster_group_1\" {\n"
          "    graph [\"label\"=\"IOMMU group 1\"]\n"
          "    \"0000:01:00.0\" [\"label\"=<x&lt;y>, \"penwidth\"=\"2\"]\n"
          "    \"odd\\\"} -> evil {\\\"\"\n"
          "  }\n"
          "  subgraph \"cluster_unclosed\" {\n"
          "    \"a\" -> \"b\\\\\" [\"color\"=\"red\"]\n"
          "  }\n"
          "}\n");
}
