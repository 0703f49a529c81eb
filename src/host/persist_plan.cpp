#include "host/persist_plan.hpp"

#include "core/command_text.hpp"
#include "core/text_fields.hpp"
#include "core/text_list.hpp"
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
        for (const auto& path : {binding_record_path(device.address), early_bind_path(device.address),
                                 driverctl_path(device.address)})
            if (initramfs_has_file(*facts.initramfs_contents, path)) return true;
    return false;
}

// An override in driverctl's format naming vfio-pci: a binding an older vpt wrote (or the same by hand).
bool binds_by_address(const BootDevice& device) {
    return device.driverctl && trimmed(*device.driverctl) == "vfio-pci";
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

BootFacts read_boot_facts(const HostFs& fs, const std::vector<BootEndpoint>& endpoints) {
    BootFacts facts;
    for (const auto& endpoint : endpoints)
        facts.devices.push_back({endpoint.address, endpoint.label, endpoint.ids, host_driver_modules(fs, endpoint.address),
                                 read_config_file(fs, binding_record_path(endpoint.address)),
                                 read_config_file(fs, early_bind_path(endpoint.address)),
                                 read_config_file(fs, builtin_rule_path(endpoint.address)),
                                 read_config_file(fs, driverctl_path(endpoint.address))});
    facts.initramfs = detect_initramfs(fs);
    if (facts.initramfs.tool != InitramfsTool::none) {
        auto contents = initramfs_contents(fs, facts.initramfs);
        if (contents) facts.initramfs_contents = std::move(*contents);
        else facts.why_unlisted = contents.error();
        facts.hook = read_config_file(fs, facts.initramfs.hook_path());
    }
    for (const auto& binding : read_boot_bindings(fs)) {
        bool ours = false;
        for (const auto& device : facts.devices) ours = ours || device.address == binding.address;
        if (ours) continue;
        ++facts.other_bindings;
        if (binding.kind == BootBinding::Kind::address_only) facts.address_only.push_back(binding.address);
    }
    return facts;
}

Plan plan_boot_binding(const BootFacts& facts) {
    std::vector<Step> files;
    std::vector<std::string> builtin, overridden;
    for (const auto& device : facts.devices) {
        files.push_back(boot_file_step(binding_record_path(device.address), device.label,
                                       binding_record_text(device.address, device.label, device.ids), device.record));
        // A module's install line stops its driver before it probes; a driver
        // built into the kernel has probed already, and udev moves the device.
        std::optional<std::string> early, rule;
        if (!device.modules.empty()) {
            early = early_bind_text(device.address, device.label, device.modules);
        } else {
            rule = builtin_rule_text(device.address, device.label, device.ids);
            builtin.push_back(device.address.str());
        }
        files.push_back(boot_file_step(early_bind_path(device.address), device.label, early, device.early_bind));
        files.push_back(boot_file_step(builtin_rule_path(device.address), device.label, rule, device.builtin_rule));
        // An older binding by address alone gives way to the record; an
        // override naming another driver is the admin's, left alone and named.
        if (binds_by_address(device))
            files.push_back(boot_file_step(driverctl_path(device.address), device.label, std::nullopt, device.driverctl));
        else if (device.driverctl)
            overridden.push_back(device.address.str() + " to " + std::string(trimmed(*device.driverctl)) + " ('" +
                                 command_text({"driverctl", "unset-override", device.address.str()}) + "' removes it)");
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
            " (a driver built into the kernel?): such a driver binds at boot before any module can stop it; "
            "vpt's udev rule moves the device to vfio-pci later in boot");
    if (!overridden.empty())
        plan.warnings.push_back("driverctl binds " + join(overridden, "; ") +
                                " at boot, after vpt's binding: the device ends on that driver");
    if (!facts.address_only.empty()) {
        std::vector<std::string> names;
        for (const auto& address : facts.address_only) names.push_back(address.str());
        plan.warnings.push_back("bound at boot by address alone (an older vpt's binding, no vendor:device recorded): " +
                                join(names) + "; run 'vpt detach ADDR --persist' for each to record what it is");
    }
    return plan;
}

Plan plan_boot_unbinding(const BootFacts& facts) {
    std::vector<Step> files;
    for (const auto& device : facts.devices) {
        files.push_back(boot_file_step(binding_record_path(device.address), device.label, std::nullopt, device.record));
        files.push_back(boot_file_step(early_bind_path(device.address), device.label, std::nullopt,
                                       device.early_bind));
        files.push_back(boot_file_step(builtin_rule_path(device.address), device.label, std::nullopt,
                                       device.builtin_rule));
        // An override the admin set for another driver is theirs: left alone.
        if (binds_by_address(device))
            files.push_back(boot_file_step(driverctl_path(device.address), device.label, std::nullopt, device.driverctl));
    }
    if (facts.other_bindings == 0 && facts.initramfs.tool != InitramfsTool::none)
        files.push_back(boot_file_step(facts.initramfs.hook_path(), "the initramfs", std::nullopt, facts.hook));
    bool rebuild = !facts.initramfs_contents || any_file_in_initramfs(facts);
    return boot_plan(std::move(files), rebuild, facts);
}

}  // namespace vpt
