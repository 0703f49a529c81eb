#include "host/persist_plan.hpp"

#include "core/text_list.hpp"
#include "host/boot_binding.hpp"
#include "host/config_file.hpp"

namespace vpt {
namespace {

bool any_module_in_initramfs(const BootFacts& facts) {
    for (const auto& device : facts.devices)
        for (const auto& module : device.modules)
            if (initramfs_has_module(*facts.initramfs_contents, module)) return true;
    return false;
}

bool any_file_in_initramfs(const BootFacts& facts) {
    for (const auto& device : facts.devices)
        if (initramfs_has_file(*facts.initramfs_contents, driverctl_path(device.address)) ||
            initramfs_has_file(*facts.initramfs_contents, early_bind_path(device.address)))
            return true;
    return false;
}

// Puts the file steps between the initramfs undo point and the rebuild
// when `rebuild` is set and a file changes.
Plan boot_plan(std::vector<Step> files, bool rebuild, const BootFacts& facts) {
    Plan plan;
    bool changes = false;
    for (const auto& step : files) changes = changes || step.changes();
    rebuild = rebuild && changes && facts.initramfs.tool != InitramfsTool::none;
    const std::string tool = facts.initramfs.name();
    if (rebuild) plan.steps.push_back(initramfs_undo_point_step(tool));
    plan.steps.insert(plan.steps.end(), files.begin(), files.end());
    if (rebuild) plan.steps.push_back(rebuild_initramfs_step(tool));
    if (rebuild && !facts.initramfs_contents)
        plan.warnings.push_back("cannot tell whether the initramfs holds these devices' drivers (" +
                                facts.why_unlisted + "): it is rebuilt to be sure");
    return plan;
}

}  // namespace

BootFacts read_boot_facts(const HostFs& fs, const std::vector<std::pair<PciAddress, std::string>>& endpoints) {
    BootFacts facts;
    for (const auto& [address, label] : endpoints)
        facts.devices.push_back({address, label, host_driver_modules(fs, address),
                                 read_config_file(fs, driverctl_path(address)),
                                 read_config_file(fs, early_bind_path(address))});
    facts.initramfs = detect_initramfs(fs);
    if (facts.initramfs.tool != InitramfsTool::none) {
        auto contents = initramfs_contents(fs, facts.initramfs);
        if (contents) facts.initramfs_contents = std::move(*contents);
        else facts.why_unlisted = contents.error();
        facts.hook = read_config_file(fs, facts.initramfs.hook_path());
    }
    for (const auto& bound : persisted_vfio_bindings(fs)) {
        bool ours = false;
        for (const auto& device : facts.devices) ours = ours || device.address == bound;
        facts.other_bindings += !ours;
    }
    facts.driverctl_installed = fs.exists("/usr/sbin/driverctl") || fs.exists("/sbin/driverctl");
    return facts;
}

Plan plan_boot_binding(const BootFacts& facts) {
    std::vector<Step> files;
    std::vector<std::string> builtin;
    for (const auto& device : facts.devices) {
        files.push_back(boot_file_step(driverctl_path(device.address), device.label, driverctl_text(),
                                       device.driverctl));
        std::optional<std::string> early;
        if (!device.modules.empty()) early = early_bind_text(device.address, device.label, device.modules);
        else builtin.push_back(device.address.str());
        files.push_back(boot_file_step(early_bind_path(device.address), device.label, early, device.early_bind));
    }
    bool rebuild = facts.initramfs.tool != InitramfsTool::none &&
                   (!facts.initramfs_contents || any_module_in_initramfs(facts));
    if (rebuild)
        files.push_back(boot_file_step(facts.initramfs.hook_path(), "the initramfs",
                                       facts.initramfs.hook_text(), facts.hook));
    Plan plan = boot_plan(std::move(files), rebuild, facts);
    if (!builtin.empty())
        plan.warnings.push_back(
            "no host driver module matches " + join(builtin) +
            " (a driver built into the kernel?): such a driver binds at boot before any module can stop it; " +
            (facts.driverctl_installed ? "driverctl's service moves the device to vfio-pci later in boot"
                                       : "install driverctl, whose service moves the device to vfio-pci later in boot"));
    return plan;
}

Plan plan_boot_unbinding(const BootFacts& facts) {
    std::vector<Step> files;
    for (const auto& device : facts.devices) {
        // An override the admin set for another driver is theirs: left alone.
        bool ours = device.driverctl && trim(*device.driverctl) == "vfio-pci";
        files.push_back(boot_file_step(driverctl_path(device.address), device.label,
                                       ours ? std::nullopt : device.driverctl, device.driverctl));
        files.push_back(boot_file_step(early_bind_path(device.address), device.label, std::nullopt,
                                       device.early_bind));
    }
    if (facts.other_bindings == 0 && facts.initramfs.tool != InitramfsTool::none)
        files.push_back(boot_file_step(facts.initramfs.hook_path(), "the initramfs", std::nullopt, facts.hook));
    bool rebuild = !facts.initramfs_contents || any_file_in_initramfs(facts);
    return boot_plan(std::move(files), rebuild, facts);
}

}  // namespace vpt
