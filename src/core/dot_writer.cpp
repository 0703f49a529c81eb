#include "core/dot_writer.hpp"

namespace vpt {
namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string attribute_list(const DotAttributes& attributes) {
    std::string text = "[";
    for (size_t i = 0; i < attributes.size(); ++i) {
        const auto& a = attributes[i];
        if (i) text += ", ";
        text += dot_quote(a.name) + "=";
        text += a.html ? "<" + a.value + ">" : dot_quote(a.value);
    }
    return text + "]";
}

}  // namespace

std::string dot_quote(std::string_view text) {
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (c == '\n') {
            quoted += "\\n";
        } else if (!is_control(static_cast<unsigned char>(c))) {
            quoted += c;
        }
    }
    return quoted + "\"";
}

std::string html_escape(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            default:
                if (!is_control(static_cast<unsigned char>(c))) escaped += c;
        }
    }
    return escaped;
}

HtmlLabel& HtmlLabel::line(std::string_view text, Style style) {
    if (!body_.empty()) body_ += "<BR/>";
    std::string escaped = html_escape(text);
    switch (style) {
        case Style::plain: body_ += escaped; break;
        case Style::bold: body_ += "<B>" + escaped + "</B>"; break;
        case Style::small: body_ += "<FONT POINT-SIZE=\"10\">" + escaped + "</FONT>"; break;
    }
    return *this;
}

DotAttribute html_attribute(std::string name, const HtmlLabel& label) {
    return {std::move(name), label.body(), true};
}

DotWriter::DotWriter(std::string_view graph_name) { out_ = "digraph " + dot_quote(graph_name) + " {\n"; }

void DotWriter::statement(const std::string& text) { out_ += std::string(depth_ * 2, ' ') + text + "\n"; }

void DotWriter::graph_attributes(const DotAttributes& attributes) { statement("graph " + attribute_list(attributes)); }

void DotWriter::node_defaults(const DotAttributes& attributes) { statement("node " + attribute_list(attributes)); }

void DotWriter::edge_defaults(const DotAttributes& attributes) { statement("edge " + attribute_list(attributes)); }

void DotWriter::begin_cluster(std::string_view id, const DotAttributes& attributes) {
    statement("subgraph " + dot_quote(id) + " {");
    ++depth_;
    if (!attributes.empty()) graph_attributes(attributes);
}

void DotWriter::end_cluster() {
    if (depth_ <= 1) return;
    --depth_;
    statement("}");
}

void DotWriter::node(std::string_view id, const DotAttributes& attributes) {
    statement(dot_quote(id) + (attributes.empty() ? "" : " " + attribute_list(attributes)));
}

void DotWriter::edge(std::string_view from, std::string_view to, const DotAttributes& attributes) {
    statement(dot_quote(from) + " -> " + dot_quote(to) + (attributes.empty() ? "" : " " + attribute_list(attributes)));
}

std::string DotWriter::finish() {
    while (depth_ > 1) end_cluster();
    return out_ + "}\n";
}

}  // namespace vpt
