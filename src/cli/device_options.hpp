// The options that shape a device element, shared by `vpt assign` and
// `vpt xml`: registered once, turned into generator specs once.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "xml/hostdev_interface_xml.hpp"
#include "xml/hostdev_xml.hpp"

namespace CLI {
class App;
}

namespace vpt {

struct DeviceOptions {
    bool unmanaged = false;
    std::string rom_bar;                      // "on" | "off" | ""
    std::string rom_file;
    unsigned boot_order = 0;                  // 0: none
    std::string guest_address;                // BDF in the guest, "" = libvirt picks
    std::string mac;                          // --as-interface; "" = generated
    unsigned vlan = 0;                        // 0: none
    std::string virtualport;                  // type
    std::vector<std::string> virtualport_params;  // KEY=VALUE
};

// --unmanaged, --rom-bar, --rom-file, --boot-order, --guest-address.
void add_hostdev_options(CLI::App& cmd, DeviceOptions& options);
// --mac, --vlan, --virtualport, --virtualport-param (plus --unmanaged,
// --boot-order, --guest-address when `with_common` is set).
void add_interface_options(CLI::App& cmd, DeviceOptions& options, bool with_common);

// The specs for a device at `source`; a Failure says which option is wrong.
Result<HostdevSpec> hostdev_spec(const DeviceOptions& options, const PciAddress& source);
Result<HostdevInterfaceSpec> interface_spec(const DeviceOptions& options, const PciAddress& source);

// Options that only make sense for one device (an address, a boot order,
// a MAC): true when any is set.
bool has_single_device_options(const DeviceOptions& options);

}  // namespace vpt
