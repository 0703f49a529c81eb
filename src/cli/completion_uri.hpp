// Which libvirt URIs shell completion may open. The URI comes from the
// command line being completed, which may be pasted from anywhere, and TAB
// must not do what only Enter should: libvirt runs a program for some URIs
// (the ext transport's command=, ssh's command= and netcat=), connects to
// whatever socket socket= names, and may write the file known_hosts= names.
// Completion opens only URIs whose every part is plain reaching of a daemon.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vpt {

// Why completion does not open `uri`, or nullopt when it may. "" (libvirt's
// default, from the user's own environment or configuration) always may.
std::optional<std::string> completion_refuses_uri(std::string_view uri);

}  // namespace vpt
