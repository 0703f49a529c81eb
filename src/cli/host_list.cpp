#include "cli/host_list.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/text_fields.hpp"

namespace vpt {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }


// The line without a '#' comment: one opens a line or follows a blank (a
// '#' inside a URI, which libvirt URIs do not use, is left alone).
std::string_view without_comment(std::string_view line) {
    for (size_t i = 0; i < line.size(); ++i)
        if (line[i] == '#' && (i == 0 || blank(line[i - 1]))) return line.substr(0, i);
    return line;
}

}  // namespace

std::string host_label(std::string_view uri) {
    auto scheme_end = uri.find("://");
    if (scheme_end == std::string_view::npos) return std::string(uri);
    auto authority = uri.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?"));
    if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    if (authority.starts_with('[')) {  // [fe80::1]:16509: an IPv6 address
        auto close = authority.find(']');
        authority = close == std::string_view::npos ? authority.substr(1) : authority.substr(1, close - 1);
    } else {
        authority = authority.substr(0, authority.find(':'));
    }
    return authority.empty() ? std::string(uri) : std::string(authority);
}

Result<std::vector<std::string>> parse_hosts_text(std::string_view text) {
    std::vector<std::string> uris;
    size_t number = 0;
    while (!text.empty()) {
        auto end = text.find('\n');
        auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++number;
        auto uri = trimmed(without_comment(line));
        if (uri.empty()) continue;
        if (uri.find_first_of(" \t") != std::string_view::npos)
            return Failure{"line " + std::to_string(number) + ": one URI a line, not '" + std::string(uri) + "'"};
        uris.emplace_back(uri);
    }
    if (uris.empty()) return Failure{"no URI in it (one a line, '#' starts a comment)"};
    return uris;
}

std::vector<std::string> read_hosts_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw bad_input("--hosts " + path + ": " + std::strerror(errno));
    std::stringstream text;
    text << in.rdbuf();
    if (in.bad()) throw bad_input("--hosts " + path + ": cannot read it");
    auto uris = parse_hosts_text(text.str());
    if (!uris) throw bad_input("--hosts " + path + ": " + uris.error());
    return std::move(uris).value();
}

}  // namespace vpt
