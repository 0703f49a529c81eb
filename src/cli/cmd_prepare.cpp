// vpt prepare GUEST: make a guest passthrough-ready by redefining it: UEFI
// firmware, the q35 machine, a virtual IOMMU for nested passthrough, and the
// controllers that live hot-plug needs. The firmware and the machine type of
// a guest with an installed disk change only when asked for by name: its OS
// was installed for the ones it has.
#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>

#include "cli/change_session.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/guest_fit.hpp"
#include "core/memlock_fit.hpp"
#include "core/mmio_fit.hpp"
#include "virt/guest.hpp"
#include "xml/domain_editor.hpp"
#include "xml/guest_fit_xml.hpp"
#include "xml/hotplug_controllers.hpp"
#include "xml/installed_disk.hpp"
#include "xml/pci_slots.hpp"
#include "xml/schema_validator.hpp"

namespace vpt {
namespace {

struct PrepareOptions {
    std::string guest;
    bool uefi = false;
    bool q35 = false;
    bool viommu = false;
    unsigned root_ports = 0;
    bool pci_bridge = false;
    std::string mmio64;  // --mmio64 SIZE, as given
    bool config = false;
    bool dry_run = false;
    int wait_seconds = 60;
};

struct Edit {
    std::string what;
    std::function<Result<bool>(DomainEditor&)> apply;
    bool optional = false;  // chosen by default, not asked for: skipped with a note when it cannot be done
    bool needs_q35 = false;  // the hot-plug controllers exist only on q35
    // How the installed OS boots (firmware, chipset): the option that asks
    // for it ("--uefi", "--q35"); empty for the other edits.
    std::string boot_option;
    bool asked = false;  // named on the command line, not chosen by default
};

// What the OS on an installed disk must do once a boot edit is made.
const char* boot_consequence(const std::string& option) {
    return option == "--uefi" ? "boot with UEFI firmware (OVMF), which an OS installed for BIOS rarely does"
                              : "boot on the q35 chipset, with its disks and NICs moved to PCIe buses";
}

bool editor_is_q35(const DomainEditor& editor) {
    auto slots = hotplug_slots(editor.xml());
    return slots && slots->q35;
}

// In this order: the machine type before the controllers that need q35.
std::vector<Edit> chosen_edits(const PrepareOptions& options) {
    bool defaults = !options.uefi && !options.q35 && !options.viommu && !options.root_ports && !options.pci_bridge &&
                    options.mmio64.empty();
    std::vector<Edit> edits;
    if (defaults || options.uefi)
        edits.push_back({"UEFI firmware (<os firmware='efi'>)", &DomainEditor::set_firmware_efi, false, false, "--uefi",
                         options.uefi});
    if (defaults || options.q35)
        edits.push_back({"q35 machine", &DomainEditor::set_machine_q35, defaults, false, "--q35", options.q35});
    if (options.viommu) {
        edits.push_back({"virtual Intel IOMMU with interrupt remapping", &DomainEditor::add_intel_iommu});
        edits.push_back({"split irqchip (<ioapic driver='qemu'/>)", &DomainEditor::set_ioapic_qemu});
    }
    if (options.root_ports)
        edits.push_back({std::to_string(options.root_ports) + " free hot-pluggable pcie-root-port(s)",
                         [n = options.root_ports](DomainEditor& editor) { return ensure_free_root_ports(editor, n); },
                         false, true});
    if (options.pci_bridge)
        edits.push_back({"a pcie-to-pci-bridge for conventional PCI devices", ensure_pci_bridge, false, true});
    if (!options.mmio64.empty()) {
        auto kib = parse_mmio64_size(options.mmio64);
        if (!kib) throw bad_input("invalid --mmio64 '" + options.mmio64 + "': a size such as 64G or 65536M");
        edits.push_back({"64-bit PCI window of " + size_text(*kib << 10) + " (<pcihole64>)",
                         [kib = *kib](DomainEditor& editor) { return editor.set_pcihole64(kib); }});
    }
    return edits;
}

// With a vIOMMU each VFIO device pins all guest memory again: an explicit
// hard_limit (also the locked-memory limit) may now be too small.
std::vector<FitWarning> prepared_fit_warnings(const std::string& guest, const std::string& xml) {
    auto facts = read_guest_fit(xml);
    if (!facts || !facts->viommu) return {};
    auto warning = memlock_warning(guest, facts->memory_kib, facts->hard_limit_kib, facts->pci_hostdevs, true);
    if (!warning) return {};
    return {*warning};
}

// What `edit` would do to the document as it stands, tried on a copy.
Result<bool> tried(const DomainEditor& editor, const Edit& edit) {
    auto loaded = DomainEditor::load(editor.xml());
    if (!loaded) return Failure{loaded.error()};
    DomainEditor copy = std::move(loaded).value();
    return edit.apply(copy);
}

// Why a hot-plug controller needs --q35, with the command only when --q35
// can move this guest (an i440fx layout cannot be, and a suggestion that
// fails next is no suggestion).
std::string q35_hint(const GlobalOptions& global, const DomainEditor& editor) {
    auto moved = tried(editor, {"q35 machine", &DomainEditor::set_machine_q35});
    if (!moved) return " (and vpt cannot move this guest to q35: " + moved.error() + ")";
    return " (add --q35: '" + same_command_with(global, {"--q35"}) + "')";
}

void run_prepare(const GlobalOptions& global, const PrepareOptions& options) {
    auto edits = chosen_edits(options);  // a bad --mmio64 is bad usage before anything is connected to
    ChangeSession change(global, options.dry_run, options.wait_seconds);
    Guest guest(change.connection(), options.guest);
    if (!guest.persistent()) throw bad_input("guest '" + options.guest + "' is transient: it has no config to prepare");
    if (guest.running() && !options.config)
        throw refused("guest '" + options.guest + "' is running; '" + same_command_with(global, {"--config"}) +
                      "' changes its config for the next boot");

    std::string original = guest.config_xml();
    auto loaded = DomainEditor::load(original);
    if (!loaded) throw refused("cannot edit the config of guest '" + options.guest + "': " + loaded.error());
    DomainEditor editor = std::move(loaded).value();
    auto disk = installed_disk(original);
    auto changes = nlohmann::ordered_json::array();
    std::vector<std::string> boot_warnings;
    for (const auto& edit : edits) {
        bool boot_edit = !edit.boot_option.empty() && disk;
        if (boot_edit && !edit.asked) {
            // Left alone unless asked for: only say whether it is already so.
            auto would = tried(editor, edit);
            std::string skipped = !would ? would.error()
                                         : "guest '" + options.guest + "' has an installed disk (" + *disk +
                                               ") whose OS would have to " + boot_consequence(edit.boot_option) +
                                               ": '" + same_command_with(global, {edit.boot_option}) +
                                               "' changes it anyway";
            if (would && !*would) changes.push_back({{"change", edit.what}, {"already", true}, {"skipped", nullptr}});
            else changes.push_back({{"change", edit.what}, {"already", false}, {"skipped", skipped}});
            continue;
        }
        auto changed = edit.apply(editor);
        if (!changed && !edit.optional) {
            bool needs_q35 = !options.q35 && edit.needs_q35 && !editor_is_q35(editor);
            throw refused(edit.what + ": " + changed.error() + (needs_q35 ? q35_hint(global, editor) : ""));
        }
        if (!changed) {
            changes.push_back({{"change", edit.what}, {"already", false}, {"skipped", changed.error()}});
            continue;
        }
        changes.push_back({{"change", edit.what}, {"already", !*changed}, {"skipped", nullptr}});
        if (boot_edit && *changed)
            boot_warnings.push_back("guest '" + options.guest + "' has an installed disk (" + *disk +
                                    "): from its next start its OS must " + boot_consequence(edit.boot_option));
    }
    std::string updated = editor.xml();
    if (auto valid = validate_domain_xml(updated); !valid)
        throw refused("internal error: the prepared config fails libvirt's schema (" + valid.error() +
                      "); nothing was changed");

    Plan plan;
    plan.operation = Operation::prepare;
    plan.target = options.guest;
    if (editor.changed()) plan.steps.push_back(define_guest_step(options.guest, updated, original));
    plan.warnings = boot_warnings;
    auto fit = prepared_fit_warnings(options.guest, updated);
    for (const auto& warning : fit) plan.warnings.push_back(warning.text);

    nlohmann::ordered_json out = {{"guest", options.guest}, {"changes", changes}, {"fit_warnings", fit_warnings_json(fit)}};
    auto report = show_and_run(change, global, plan, out, {}, [&] {
        std::cout << "Prepare guest '" << options.guest << "'" << (guest.running() ? " (from its next boot)" : "")
                  << ":\n";
        for (const auto& edit : changes)
            std::cout << "  " << edit["change"].get<std::string>()
                      << (!edit["skipped"].is_null()  ? ": skipped: " + edit["skipped"].get<std::string>()
                          : edit["already"].get<bool>() ? std::string(": already so")
                          : change.dry_run()            ? std::string(": would be set")
                                                        : std::string(": set"))
                      << '\n';
    });
    finish_plan(global, plan, report, out);
}

}  // namespace

void add_prepare_command(CLI::App& app, const GlobalOptions& global) {
    auto options = std::make_shared<PrepareOptions>();
    auto* cmd = app.add_subcommand("prepare", "Make a guest passthrough-ready: UEFI firmware, q35, vIOMMU, "
                                              "hot-plug controllers");
    cmd->add_option("GUEST", options->guest, "The guest")->required()->check(non_empty());
    cmd->add_flag("--uefi", options->uefi, "Boot with UEFI firmware (OVMF): <os firmware='efi'>");
    cmd->add_flag("--q35", options->q35, "Use the q35 (PCIe) machine type");
    cmd->add_flag("--viommu", options->viommu,
                  "Add a virtual Intel IOMMU with interrupt remapping, for passthrough inside the guest");
    cmd->add_option("--root-ports", options->root_ports,
                    "Have N empty hot-pluggable pcie-root-ports, one per PCIe device to hot-plug (q35)")
        ->transform(decimal())->check(CLI::Range(1u, 32u));
    cmd->add_flag("--pci-bridge", options->pci_bridge,
                  "Have a pcie-to-pci-bridge, where conventional PCI devices are hot-plugged (q35)");
    cmd->add_option("--mmio64", options->mmio64,
                    "Map a 64-bit PCI window of SIZE (64G, 65536M) for devices with large BARs: <pcihole64>")
        ->check(non_empty());
    cmd->add_flag("--config", options->config, "Allowed on a running guest: changes apply at its next boot");
    cmd->add_flag("--dry-run", options->dry_run, "Say what would change; change nothing");
    add_wait_option(*cmd, options->wait_seconds);
    cmd->footer("Without --uefi/--q35/--viommu/--root-ports/--pci-bridge/--mmio64, vpt sets UEFI firmware and q35,\n"
                "except on a guest with an installed disk: its OS was installed for the firmware and machine\n"
                "it has, so they change only with --uefi or --q35 (and a warning).\n"
                "Everything else in the guest's XML is kept as it is. libvirt adds controllers only when it\n"
                "defines a config: --root-ports and --pci-bridge take effect at the guest's next start.\n"
                "Examples:\n  vpt prepare win10 --dry-run\n  vpt prepare nested-host --viommu --config\n"
                "  vpt prepare win10 --root-ports 4 --pci-bridge --config\n  vpt prepare ml-box --mmio64 128G");
    cmd->callback([&global, options] { run_prepare(global, *options); });
}

}  // namespace vpt
