#include "cli/device_options.hpp"

#include <CLI/CLI.hpp>

#include "cli/common_options.hpp"
#include "xml/xml_values.hpp"

namespace vpt {

void add_hostdev_options(CLI::App& cmd, DeviceOptions& options) {
    cmd.add_flag("--unmanaged,!--managed", options.unmanaged,
                 "managed='no': vpt detach DEV first (default --managed: libvirt detaches it)");
    cmd.add_option("--rom-bar", options.rom_bar, "Expose the device's option ROM: on or off")
        ->check(non_empty())
        ->check(CLI::IsMember({"on", "off"}));
    cmd.add_option("--rom-file", options.rom_file, "Absolute path of a ROM image to show the guest instead")
        ->check(non_empty());
    cmd.add_option("--boot-order", options.boot_order, "Boot from this device, in this order (1 = first)")
        ->transform(decimal())->check(CLI::Range(1u, 9999u));
    cmd.add_option("--guest-address", options.guest_address, "PCI address in the guest (e.g. 00:05.0)")
        ->check(non_empty());
}

void add_interface_options(CLI::App& cmd, DeviceOptions& options, bool with_common) {
    if (with_common) {
        cmd.add_flag("--unmanaged,!--managed", options.unmanaged,
                     "managed='no': vpt detach VF first (default --managed: libvirt detaches it)");
        cmd.add_option("--boot-order", options.boot_order, "Boot from this interface, in this order")
            ->transform(decimal())->check(CLI::Range(1u, 9999u));
        cmd.add_option("--guest-address", options.guest_address, "PCI address in the guest (e.g. 00:05.0)")
            ->check(non_empty());
    }
    cmd.add_option("--mac", options.mac, "MAC address (default: a new one in libvirt's 52:54:00 range)")
        ->check(non_empty());
    cmd.add_option("--vlan", options.vlan, "VLAN tag (1-4094), set on the VF by libvirt")
        ->transform(decimal())->check(CLI::Range(1u, 4094u));
    cmd.add_option("--virtualport", options.virtualport, "Port profile type: 802.1Qbh (hostdev interfaces)")
        ->check(non_empty());
    cmd.add_option("--virtualport-param", options.virtualport_params,
                   "Port profile parameter KEY=VALUE (repeatable), e.g. profileid=finance")
        ->check(non_empty());
}

bool has_single_device_options(const DeviceOptions& options) {
    return options.boot_order || !options.guest_address.empty() || !options.mac.empty();
}

Result<HostdevSpec> hostdev_spec(const DeviceOptions& options, const PciAddress& source) {
    HostdevSpec spec;
    spec.source = source;
    spec.managed = !options.unmanaged;
    if (!options.rom_bar.empty()) spec.rom_bar = options.rom_bar == "on";
    if (!options.rom_file.empty()) spec.rom_file = options.rom_file;
    if (options.boot_order) spec.boot_order = options.boot_order;
    if (!options.guest_address.empty()) {
        auto address = PciAddress::parse(options.guest_address);
        if (!address) return Failure{"--guest-address: " + address.error()};
        spec.guest_address = *address;
    }
    return spec;
}

Result<HostdevInterfaceSpec> interface_spec(const DeviceOptions& options, const PciAddress& source) {
    auto base = hostdev_spec(options, source);
    if (!base) return Failure{base.error()};
    HostdevInterfaceSpec spec;
    spec.source = source;
    spec.managed = base->managed;
    spec.boot_order = base->boot_order;
    spec.guest_address = base->guest_address;
    if (options.mac.empty()) {
        spec.mac = MacAddress::generate();
    } else {
        auto mac = MacAddress::parse(options.mac);
        if (!mac) return Failure{"--mac: " + mac.error()};
        spec.mac = *mac;
    }
    if (options.vlan) spec.vlan = options.vlan;
    if (!options.virtualport.empty()) {
        VirtualPortSpec port{options.virtualport, {}};
        for (const auto& param : options.virtualport_params) {
            auto eq = param.find('=');
            if (eq == std::string::npos || eq == 0)
                return Failure{"--virtualport-param '" + printable(param) + "': expected KEY=VALUE"};
            port.parameters[param.substr(0, eq)] = param.substr(eq + 1);
        }
        spec.virtualport = port;
    } else if (!options.virtualport_params.empty()) {
        return Failure{"--virtualport-param needs --virtualport TYPE"};
    }
    return spec;
}

}  // namespace vpt
