#include "cli/completion_uri.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace vpt {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// %XX decoded, as libvirt decodes parameter names and the host before use.
std::string percent_decoded(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit((unsigned char)text[i + 1]) &&
            std::isxdigit((unsigned char)text[i + 2])) {
            out += char(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The parameters that only choose how to reach and authenticate to the
// daemon. Not among them: command= (the program the ext and ssh transports
// run), netcat= (the command ssh runs on the remote host), socket= (a local
// socket for unix: TAB would talk libvirt's protocol to any daemon the
// pasted line names; for ssh a path put into the remote command line),
// known_hosts= and known_hosts_verify= (libssh may write that file, or
// trust a new host key), and whatever a later libvirt adds.
constexpr std::array<std::string_view, 8> plain_parameters = {
    "name", "mode", "proxy", "keyfile", "sshauth", "no_tty", "pkipath", "tls_priority"};

}  // namespace

std::optional<std::string> completion_refuses_uri(std::string_view uri) {
    if (uri.empty()) return std::nullopt;
    // driver[+transport]://[user@]host[:port]/path[?query][#fragment]; a
    // name without a scheme is an alias the user configured.
    size_t colon = uri.find(':');
    std::string_view scheme = colon == std::string_view::npos ? std::string_view() : uri.substr(0, colon);
    // Any "+ext" part counts, not only the one libvirt would read as the
    // transport: what opens such a scheme is not for completion to guess.
    for (size_t plus = scheme.find('+'); plus != std::string_view::npos; plus = scheme.find('+', plus + 1)) {
        std::string_view part = scheme.substr(plus + 1, scheme.find('+', plus + 1) - plus - 1);
        if (lower(part) == "ext") return "the ext transport runs a program";
    }
    std::string_view rest = colon == std::string_view::npos ? uri : uri.substr(colon + 1);
    if (rest.starts_with("//")) {
        std::string_view authority = rest.substr(2, rest.find_first_of("/?#", 2) - 2);
        std::string_view host = authority.substr(authority.rfind('@') == std::string_view::npos ? 0 : authority.rfind('@') + 1);
        // ssh takes a host starting with '-' for one of its options.
        if (percent_decoded(host).starts_with('-')) return "a host name that starts with '-'";
    }
    size_t question = rest.find('?');
    if (question == std::string_view::npos) return std::nullopt;
    std::string_view query = rest.substr(question + 1);
    query = query.substr(0, query.find('#'));
    // libvirt splits the query at '&' and ';'.
    while (!query.empty()) {
        size_t end = query.find_first_of("&;");
        std::string_view parameter = query.substr(0, end);
        std::string name = lower(percent_decoded(parameter.substr(0, parameter.find('='))));
        if (!name.empty() && std::find(plain_parameters.begin(), plain_parameters.end(), name) == plain_parameters.end())
            return "its parameter '" + name + "'";
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return std::nullopt;
}

}  // namespace vpt
