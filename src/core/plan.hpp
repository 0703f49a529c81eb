// The plan of a change to the host or a guest: ordered steps, each with the
// change that reverses it, computed without side effects so --dry-run, the
// executor and the journal all work from the same value. Every changing
// command (detach, reattach, reset, assign, unassign, prepare, vfs, pool create,
// pool delete) is one such plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/pci_address.hpp"

namespace vpt {

// One call that changes something. What it acts on is named by the step.
enum class StepAction {
    skip,              // nothing to do; `reason` says why
    detach_to_vfio,    // node device `nodedev_name` to vfio-pci
    reattach,          // node device back to its host driver
    define_guest,      // define guest `object` from `xml` (its whole config)
    attach_live,       // hot-plug the element `xml` into running guest `object`
    detach_live,       // hot-unplug the element `xml` and wait until the guest lets go of `address`
    // Remove the placeholder `xml` of device `address` (<address
    // type='unassigned'/>: in running guest `object`'s definition, never shown
    // to the guest) from the running guest. No guest answer is needed, and
    // libvirt gives a managed device back to its host driver at once.
    detach_placeholder,
    define_network,    // define network `object` from `xml`
    undefine_network,  // undefine network `object`
    start_network,
    stop_network,
    autostart_on,      // network `object` starts at boot
    autostart_off,
    write_vf_count,    // write `count` to sriov_numvfs of the PF at `address`
    set_boot_vf_count, // the boot-time VF count of the PF at `address`: `count`, 0 for none
    write_boot_file,   // write the host file `object` (a boot-time binding) with the text `xml`
    remove_boot_file,  // remove the host file `object`
    rebuild_initramfs, // rebuild the initramfs with the tool named `object` (update-initramfs, dracut)
    // Does nothing; undone, rebuilds the initramfs. It comes first, so an
    // undo rebuilds after the boot files are put back.
    initramfs_undo_point,
    // Resets node device `nodedev_name` (virNodeDeviceReset). Nothing can
    // undo a reset: its undo is skip, and recovery leaves it as done.
    reset_device,
};

const char* step_action_name(StepAction action);  // "detach", "define-guest", ...
// The action named so; nullopt for an unknown name (a journal from elsewhere).
std::optional<StepAction> step_action_from_name(const std::string& name);
// The action that reverses a node device action (detach <-> reattach).
StepAction inverse(StepAction action);

struct Step {
    std::string label;                     // what it acts on: "0000:01:00.1 (HD Audio Controller)"
    std::string reason;                    // why this action (always for skip)

    StepAction action = StepAction::skip;  // what it does, with its payload:
    std::string xml;                       //   define_*, attach_live, detach_live; a boot file's text
    int count = 0;                         //   write_vf_count, set_boot_vf_count

    StepAction undo_action = StepAction::skip;  // what reverses it (skip: nothing needs reversing)
    std::string undo_xml;
    int undo_count = 0;

    // What it acts on.
    PciAddress address;                    // a PCI device (node device steps, VF counts, unplugs)
    std::string nodedev_name;              // how libvirt names that device
    std::optional<std::string> driver;     // its driver before the change, if known
    std::string object;                    // a guest or network name

    // Compare before write, for the steps that write a guest's or a
    // network's config (define_guest, define_network, undefine_network): the
    // config of `object` the step expects to find, as libvirt gave it (the
    // inactive XML; "" for no such object), else it refuses. nullopt: not
    // checked (a journal of an older vpt).
    std::optional<std::string> config_before;
    // The same for its undo: the config this step leaves. Known when it is
    // planned for an undefine (none); for a define, once it has run (libvirt
    // writes its own form of the XML).
    std::optional<std::string> undo_config_before;
    // Set by recovery, never journaled: what a config write cut short (its
    // journal state "applying") left if it did happen ("" for an undefine).
    // A guest or network that holds all of it (libvirt adds its defaults)
    // holds vpt's own write, which recovery may write over.
    std::optional<std::string> maybe_written;

    bool changes() const { return action != StepAction::skip; }
    // Whether it names a PCI device (0000:00:00.0, the host bridge, is never one vpt changes).
    bool on_device() const { return address != PciAddress{}; }
};

// Whether the step writes a guest's or a network's config (compare before write).
bool writes_config(StepAction action);
// What such a step leaves of its guest or network: the XML it defines, or
// "" for none (an undefine).
std::string config_left(const Step& step);

// The same step run backwards: its undo as the action, its action as the undo.
Step reversed(const Step& step);

// Steps of a guest's config, a running guest and a network, each with its undo.
// `old_xml`: the config as read (the inactive XML), which must still be
// there when the step runs, and which its undo defines again.
Step define_guest_step(const std::string& guest, const std::string& new_xml, const std::string& old_xml);
Step attach_live_step(const std::string& guest, const std::string& label, const std::string& xml);
Step detach_live_step(const std::string& guest, const PciAddress& address, const std::string& label,
                      const std::string& xml);
// A placeholder added to or removed from a running guest (see detach_placeholder).
Step attach_placeholder_step(const std::string& guest, const PciAddress& address, const std::string& label,
                             const std::string& xml);
Step detach_placeholder_step(const std::string& guest, const PciAddress& address, const std::string& label,
                             const std::string& xml);
// A new network: none of that name may exist when the step runs.
Step define_network_step(const std::string& network, const std::string& xml);
// `xml`: the network's definition as read, which must still be there when
// the step runs, and which undoing the undefine defines again.
Step undefine_network_step(const std::string& network, const std::string& xml);
Step network_step(const std::string& network, StepAction action);  // start/stop/autostart on/off
Step vf_count_step(const PciAddress& pf, const std::string& label, int from, int to);
Step boot_vf_count_step(const PciAddress& pf, const std::string& label, int from, int to);
// The host file `path` made to hold `want` (nullopt: removed), `now` being
// what it holds today; a skip when it already does.
Step boot_file_step(const std::string& path, const std::string& label, const std::optional<std::string>& want,
                    const std::optional<std::string>& now);
// Rebuilding the initramfs with `tool`, and its undo point (see StepAction).
Step rebuild_initramfs_step(const std::string& tool);
Step initramfs_undo_point_step(const std::string& tool);

// No device of an IOMMU group goes back to a host driver while another is
// still in a running guest: the host driver cannot have it (the group is
// the guest's) and it is left with no driver, the group split. These say
// which side of that rule a step is on.
// Whether the step takes a device out of a running guest, which must let go of it.
bool takes_out_of_guest(const Step& step);
// Whether the step gives a device back to the host's drivers: a reattach,
// or a placeholder's removal (libvirt gives a managed one back at once).
bool gives_back_to_host(const Step& step);

enum class Operation { detach, reattach, assign, unassign, prepare, vfs, pool_create, pool_delete, reset };
const char* operation_name(Operation operation);  // "detach", ..., "pool-create"
std::optional<Operation> operation_from_name(const std::string& name);

struct Plan {
    Operation operation = Operation::detach;
    std::string target;                   // what the user named: a device, guest, PF or pool
    std::optional<int> iommu_group;
    std::vector<Step> steps;              // in execution order
    std::vector<std::string> warnings;    // go ahead, but the user should know
    std::vector<std::string> refusals;    // the real run refuses while any (a dry run shows them)

    // Steps that change something.
    size_t change_count() const;
    // Appends the steps of `other` (its warnings and refusals too).
    void append(const Plan& other);
};

}  // namespace vpt
