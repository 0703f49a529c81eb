#include "xml/xml_library.hpp"

#include <libxml/parser.h>

namespace vpt {

void init_xml_library() { xmlInitParser(); }

}  // namespace vpt
