#include "view/svg_render.hpp"

#ifdef VPT_HAVE_GRAPHVIZ
#include <dlfcn.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <optional>
#endif

namespace vpt {

#ifdef VPT_HAVE_GRAPHVIZ
namespace {

// Graphviz's library, opened when a picture is drawn rather than linked:
// a server without Graphviz (and the cairo, pango and fontconfig it pulls
// in) runs every other command. libgvc brings libcgraph with it, so one
// handle finds both libraries' functions.
struct Graphviz {
    decltype(&agseterr) seterr = nullptr;
    decltype(&agmemread) memread = nullptr;
    decltype(&agclose) close = nullptr;
    decltype(&gvContext) context = nullptr;
    decltype(&gvFreeContext) free_context = nullptr;
    decltype(&gvLayout) layout = nullptr;
    decltype(&gvFreeLayout) free_layout = nullptr;
    decltype(&gvRenderData) render_data = nullptr;
    decltype(&gvFreeRenderData) free_render_data = nullptr;

    bool complete() const {
        return seterr && memread && close && context && free_context && layout && free_layout && render_data &&
               free_render_data;
    }
};

template <typename Function>
void find(void* library, const char* name, Function& out) {
    out = reinterpret_cast<Function>(dlsym(library, name));
}

// The library's functions, looked up once; empty when it is not installed.
const std::optional<Graphviz>& graphviz() {
    static const std::optional<Graphviz> loaded = []() -> std::optional<Graphviz> {
        void* library = dlopen("libgvc.so.6", RTLD_NOW | RTLD_LOCAL);
        if (!library) return std::nullopt;
        Graphviz gv;
        find(library, "agseterr", gv.seterr);
        find(library, "agmemread", gv.memread);
        find(library, "agclose", gv.close);
        find(library, "gvContext", gv.context);
        find(library, "gvFreeContext", gv.free_context);
        find(library, "gvLayout", gv.layout);
        find(library, "gvFreeLayout", gv.free_layout);
        find(library, "gvRenderData", gv.render_data);
        find(library, "gvFreeRenderData", gv.free_render_data);
        if (!gv.complete()) return std::nullopt;
        return gv;
    }();
    return loaded;
}

}  // namespace

bool svg_available() { return graphviz().has_value(); }

Result<std::string> render_svg(const std::string& dot) {
    if (!graphviz())
        return Failure{"Graphviz's library (libgvc6) is not installed: install it, or use --format dot | dot -Tsvg"};
    const Graphviz& gv = *graphviz();
    // Graphviz prints its warnings on stderr; vpt's own line says what failed.
    gv.seterr(AGERR);
    std::unique_ptr<GVC_t, int (*)(GVC_t*)> context(gv.context(), gv.free_context);
    if (!context) return Failure{"Graphviz could not start"};
    std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(gv.memread(dot.c_str()), gv.close);
    if (!graph) return Failure{"Graphviz could not read the graph"};
    if (gv.layout(context.get(), graph.get(), "dot") != 0) return Failure{"Graphviz could not lay out the graph"};
    char* data = nullptr;
    unsigned int length = 0;
    int rendered = gv.render_data(context.get(), graph.get(), "svg", &data, &length);
    std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
    if (data) gv.free_render_data(data);
    gv.free_layout(context.get(), graph.get());
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
