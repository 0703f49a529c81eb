#include "xml/xml_library.hpp"

#include <libxml/catalog.h>
#include <libxml/parser.h>

namespace vpt {

void init_xml_library() {
    xmlInitParser();
    // The catalog is set up apart, on the first load of a file (libvirt's
    // test driver reads its host file so): two threads doing that at once
    // each make the catalog's lock and unlock the other's, which leaves it
    // held by no thread, and the libxml2 cleanup at exit waits on it for
    // ever (a hang of `vpt -c test:///a.xml -c test:///b.xml list`).
    xmlInitializeCatalog();
}

}  // namespace vpt
