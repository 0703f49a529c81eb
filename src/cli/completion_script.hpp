// The bash and zsh completion scripts for vpt, written from the command
// specs (completion_spec.hpp). Values that depend on the host (device
// addresses, guest and pool names) are asked of `vpt completion
// --candidates` when completing, on the URI typed so far.
#pragma once

#include <string>
#include <vector>

#include "cli/completion_spec.hpp"

namespace vpt {

// For bash-completion: share/bash-completion/completions/vpt.
std::string bash_completion_script(const std::vector<CommandSpec>& specs);

// For zsh's compsys: share/zsh/vendor-completions/_vpt.
std::string zsh_completion_script(const std::vector<CommandSpec>& specs);

}  // namespace vpt
