// vpt xml hostdev|interface|pool: print the XML another command would apply,
// checked against libvirt's schemas, and change nothing.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/device_options.hpp"
#include "cli/host_session.hpp"
#include "core/device_selector.hpp"
#include "core/error.hpp"
#include "view/json_output.hpp"
#include "xml/hostdev_interface_xml.hpp"
#include "xml/hostdev_xml.hpp"
#include "xml/pool_network_xml.hpp"
#include "xml/schema_validator.hpp"
#include "xml/xml_values.hpp"

namespace vpt {
namespace {

struct XmlOptions {
    std::string device;           // hostdev, interface
    DeviceOptions shape;          // hostdev, interface
    bool unassigned = false;      // hostdev
    std::string pool;             // pool NAME
    std::string pf;               // pool --pf
    std::vector<std::string> vfs; // pool --vf
    unsigned vlan = 0;            // pool --vlan
};

// Generated XML that fails the schema is vpt's fault or a missing schema,
// never the user's input: refused, not bad input.
void require_valid(const Result<bool>& valid) {
    if (valid) return;
    if (valid.error().rfind("cannot load libvirt schema", 0) == 0)
        throw refused("cannot check the XML: " + valid.error());
    throw refused("the generated XML failed the schema check: " + valid.error());
}

void print_xml(const GlobalOptions& global, const std::string& xml) {
    if (global.json) {
        nlohmann::ordered_json result;
        result["xml"] = xml;
        print_json(result);
        return;
    }
    std::cout << xml;
}

// A device that can be given to a guest at all: not a bridge of any kind.
const PciDevice& endpoint(const PciDevice& device) {
    if (device.is_bridge())
        throw bad_input(device.address.str() + " is " + bridge_kind(device) +
                        ": it cannot be given to a guest; name an endpoint device");
    return device;
}

bool is_vf(const PciDevice& device) {
    return device.sriov && device.sriov->role == SriovInfo::Role::vf;
}

const PciDevice& virtual_function(const PciDevice& device, const char* use) {
    endpoint(device);
    if (!is_vf(device))
        throw bad_input(device.address.str() + " is not an SR-IOV virtual function: " + use);
    return device;
}

void run_hostdev(const GlobalOptions& global, const XmlOptions& options) {
    HostSession session(global, Access::read_only);
    const PciDevice& device = endpoint(session.device(options.device));
    HostdevSpec spec = or_bad_input(hostdev_spec(options.shape, device.address));
    spec.unassigned = options.unassigned;
    std::string xml = or_bad_input(hostdev_xml(spec));
    require_valid(validate_device_xml(xml));
    print_xml(global, xml);
}

void run_interface(const GlobalOptions& global, const XmlOptions& options) {
    HostSession session(global, Access::read_only);
    const PciDevice& device = virtual_function(
        session.device(options.device),
        "libvirt gives only VFs as <interface type='hostdev'> (use 'vpt xml hostdev')");
    std::string xml =
        or_bad_input(hostdev_interface_xml(or_bad_input(interface_spec(options.shape, device.address))));
    require_valid(validate_device_xml(xml));
    print_xml(global, xml);
}

// --pf takes the PF's interface name (enp3s0f0) or the PF itself (03:00.0).
std::string pf_interface(const HostSession& session, const std::string& pf) {
    for (const auto& device : session.inventory().devices())
        if (device.netdev && *device.netdev == pf) {
            if (!device.sriov || device.sriov->role != SriovInfo::Role::pf)
                throw bad_input("interface '" + pf + "' (" + device.address.str() +
                                ") is not an SR-IOV physical function");
            return pf;
        }
    if (DeviceSelector::parse(pf) || pf.rfind("pci_", 0) == 0) {
        const PciDevice& device = session.device(pf);
        if (!device.sriov || device.sriov->role != SriovInfo::Role::pf)
            throw bad_input(device.address.str() + " is not an SR-IOV physical function");
        if (!device.netdev)
            throw bad_input(device.address.str() +
                            " has no network interface on the host (libvirt needs the PF's interface "
                            "name; is it bound to its network driver?)");
        return *device.netdev;
    }
    auto name = check_interface_name(pf);
    if (!name) throw bad_input("--pf: " + name.error());
    throw bad_input("no SR-IOV physical function with interface '" + pf + "' on this host");
}

void run_pool(const GlobalOptions& global, const XmlOptions& options) {
    HostSession session(global, Access::read_only);
    PoolSpec spec;
    spec.name = options.pool;
    if (!options.pf.empty()) spec.pf_dev = pf_interface(session, options.pf);
    for (const auto* vf : session.devices(options.vfs))
        spec.vfs.push_back(virtual_function(*vf, "a pool hands out VFs only (name the PF with --pf)").address);
    if (options.vlan) spec.vlan = options.vlan;
    std::string xml = or_bad_input(pool_network_xml(spec));
    require_valid(validate_network_xml(xml));
    print_xml(global, xml);
}

}  // namespace

void add_xml_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<XmlOptions>();
    auto* xml = app.add_subcommand(
        "xml", "Print the XML that assign or pool create would apply, and change nothing");
    xml->require_subcommand(1);
    xml->footer("The XML is checked against libvirt's RelaxNG schemas ($VPT_SCHEMA_DIR, else\n"
                "/usr/share/libvirt/schemas) before it is printed. --json prints {\"xml\": \"...\"}.");

    auto* hostdev = xml->add_subcommand("hostdev", "A <hostdev> element: a PCI device given to a guest");
    hostdev->add_option("DEV", options->device, device_help("The device", "it must match one"))
        ->required()
        ->check(non_empty());
    add_hostdev_options(*hostdev, options->shape);
    hostdev->add_flag("--unassigned", options->unassigned,
                      "<address type='unassigned'/>: libvirt detaches and resets it with the guest, "
                      "the guest does not see it")
        ->excludes("--guest-address")
        ->excludes("--boot-order");
    hostdev->footer("Examples:\n  vpt xml hostdev 19:00.0\n"
                    "  vpt xml hostdev 19:00.0 --rom-bar off --boot-order 1");
    hostdev->callback([&global, options] { run_hostdev(global, *options); });

    auto* interface = xml->add_subcommand(
        "interface",
        "An <interface type='hostdev'> element: an SR-IOV VF with its MAC, VLAN or port profile");
    interface->add_option("DEV", options->device, device_help("The VF", "it must match one"))
        ->required()
        ->check(non_empty());
    add_interface_options(*interface, options->shape, true);
    interface->footer("Examples:\n  vpt xml interface 03:10.4 --vlan 42\n"
                      "  vpt xml interface 03:10.4 --mac 52:54:00:6d:90:02 --virtualport 802.1Qbh "
                      "--virtualport-param profileid=finance");
    interface->callback([&global, options] { run_interface(global, *options); });

    auto* pool = xml->add_subcommand("pool", "A <network> with <forward mode='hostdev'>: an SR-IOV VF pool");
    pool->add_option("NAME", options->pool, "The pool network's name")->required()->check(non_empty());
    auto* pf = pool->add_option("--pf", options->pf,
                                "Every VF of this PF: its interface name (or the PF's address)")
                   ->check(non_empty());
    auto* vf = pool->add_option("--vf", options->vfs, "These VFs (repeatable; a slot or vendor:device adds every match)")->check(non_empty())->excludes(pf);
    pf->excludes(vf);
    pool->add_option("--vlan", options->vlan, "VLAN tag (1-4094) set on every VF the pool hands out")
        ->transform(decimal())->check(CLI::Range(1u, 4094u));
    pool->footer("Exactly one of --pf or --vf.\n"
                 "Examples:\n  vpt xml pool sriov-pool --pf enp3s0f0\n"
                 "  vpt xml pool web-pool --vf 03:10.4 --vf 03:10.6 --vlan 100");
    pool->callback([&global, options, pf, vf] {
        if (!*pf && !*vf) throw bad_input("vpt xml pool needs --pf IFACE or --vf DEV");
        run_pool(global, *options);
    });
}

}  // namespace vpt
