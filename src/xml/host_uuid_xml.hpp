// The host UUID libvirt reports in its capabilities (<host><uuid>), one of
// the two facts that tell whether a connection reaches this machine
// (core/host_locality).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace vpt {

// <capabilities><host><uuid> as written; a failure when the document does
// not parse or has none.
Result<std::string> parse_host_uuid(std::string_view capabilities_xml);

}  // namespace vpt
