// DOT to SVG through Graphviz's own library (libgvc, libcgraph), when vpt
// was built with its headers and the library is installed.
#pragma once

#include <string>

#include "core/result.hpp"

namespace vpt {

// Whether this build, on this machine, can draw SVG.
bool svg_available();

// `dot` laid out by Graphviz's "dot" engine and rendered as SVG; a failure
// (or a build without Graphviz) as one line.
Result<std::string> render_svg(const std::string& dot);

}  // namespace vpt
