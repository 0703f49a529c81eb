// Graphviz DOT text, written so that no name can break it: every ID and
// every attribute value is quoted and escaped here, never by the caller.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vpt {

// `text` as a DOT quoted string: "..." with " and \ escaped, a line break
// written as \n (Graphviz's centred line break) and other control
// characters dropped.
std::string dot_quote(std::string_view text);

// `text` for an HTML-like label: &, <, >, " as entities, control
// characters dropped.
std::string html_escape(std::string_view text);

// An HTML-like label built line by line, each line escaped as it is added:
// Graphviz draws it as one text element per line.
class HtmlLabel {
public:
    enum class Style { plain, bold, small };
    HtmlLabel& line(std::string_view text, Style style = Style::plain);
    bool empty() const { return body_.empty(); }
    const std::string& body() const { return body_; }  // escaped, without the outer < >

private:
    std::string body_;
};

// One attribute: a plain value (quoted when written) or an HTML-like label.
struct DotAttribute {
    std::string name;
    std::string value;
    bool html = false;
};
using DotAttributes = std::vector<DotAttribute>;

DotAttribute html_attribute(std::string name, const HtmlLabel& label);

// A directed graph, written statement by statement.
class DotWriter {
public:
    explicit DotWriter(std::string_view graph_name);

    void graph_attributes(const DotAttributes& attributes);
    void node_defaults(const DotAttributes& attributes);
    void edge_defaults(const DotAttributes& attributes);
    // A subgraph whose ID starts with "cluster": Graphviz draws it as a box.
    void begin_cluster(std::string_view id, const DotAttributes& attributes);
    void end_cluster();
    void node(std::string_view id, const DotAttributes& attributes);
    void edge(std::string_view from, std::string_view to, const DotAttributes& attributes = {});
    // The whole graph; closes open clusters.
    std::string finish();

private:
    void statement(const std::string& text);
    std::string out_;
    int depth_ = 1;
};

}  // namespace vpt
