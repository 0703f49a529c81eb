// The hosts a read command is run on: the URIs of -c (given once or more)
// and of --hosts FILE, and the short name each host is shown by.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace vpt {

// The host name a URI names, as the HOST column shows it:
// "qemu+ssh://root@kvm1:2222/system" -> "kvm1"; a URI without one
// ("qemu:///system", "test:///path/a.xml") is shown whole.
std::string host_label(std::string_view uri);

// The URIs of a --hosts file's text: one a line; blank lines and '#'
// comments (a whole line, or after the URI and a blank) ignored. A line of
// two words, or a file with no URI at all, fails naming the line.
Result<std::vector<std::string>> parse_hosts_text(std::string_view text);

// parse_hosts_text on the file at `path`; a missing or unreadable file, or
// bad text in it, is bad input (exit 2) naming the file.
std::vector<std::string> read_hosts_file(const std::string& path);

}  // namespace vpt
