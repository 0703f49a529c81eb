#include "cli/svg_render.hpp"

#ifdef VPT_HAVE_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#endif

namespace vpt {

#ifdef VPT_HAVE_GRAPHVIZ

bool svg_available() { return true; }

Result<std::string> render_svg(const std::string& dot) {
    // Graphviz prints its warnings on stderr; vpt's own line says what failed.
    agseterr(AGERR);
    std::unique_ptr<GVC_t, int (*)(GVC_t*)> context(gvContext(), gvFreeContext);
    if (!context) return Failure{"Graphviz could not start"};
    std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
    if (!graph) return Failure{"Graphviz could not read the graph"};
    if (gvLayout(context.get(), graph.get(), "dot") != 0) return Failure{"Graphviz could not lay out the graph"};
    char* data = nullptr;
    unsigned int length = 0;
    int rendered = gvRenderData(context.get(), graph.get(), "svg", &data, &length);
    std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
    if (data) gvFreeRenderData(data);
    gvFreeLayout(context.get(), graph.get());
    if (svg.empty()) return Failure{"Graphviz could not render SVG"};
    return svg;
}

#else

bool svg_available() { return false; }

Result<std::string> render_svg(const std::string&) {
    return Failure{"built without Graphviz: use --format dot | dot -Tsvg"};
}

#endif

}  // namespace vpt
