#include <doctest/doctest.h>

#include <sys/stat.h>

#include "core/executor.hpp"
#include "host/boot_binding.hpp"
#include "host/change_runner.hpp"
#include "host/checks.hpp"
#include "host/config_file.hpp"
#include "host/persist_plan.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::has_text;
using vpt::test::TempTree;

namespace {

PciAddress addr(const char* text) { return *PciAddress::parse(text); }

const char* nvme_modalias = "pci:v0000144Dd0000A80Asv0000144Dsd0000A801bc01sc08i02";

// A host with one kernel's modules.alias and an NVMe controller at 01:00.0.
void add_modules(const TempTree& tree) {
    tree.write("/proc/sys/kernel/osrelease", "6.1.0-test\n");
    tree.write("/lib/modules/6.1.0-test/modules.alias",
               "# Aliases extracted from modules themselves.\n"
               "alias pci:v*d*sv*sd*bc01sc08i02* nvme\n"
               "alias pci:v0000144Dd0000A80Asv*sd*bc*sc*i* samsung-extra\n"
               "alias pci:v*d*sv*sd*bc*sc*i* vfio_pci\n"
               "alias pci:v*d*sv*sd*bc*sc*i* pci-stub\n"
               "alias pci:v0000144Dd*sv*sd*bc*sc*i* nvme_vfio_pci\n"
               "alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e\n"
               "alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* usb_storage\n"
               "alias pci:v*d*sv*sd*bc01sc08i02* nvme\n");
    tree.write("/sys/bus/pci/devices/0000:01:00.0/modalias", std::string(nvme_modalias) + "\n");
}

BootFacts facts_for(std::vector<std::string> modules, std::optional<std::set<std::string>> contents) {
    BootFacts facts;
    facts.devices.push_back({addr("01:00.0"), "0000:01:00.0 (NVMe)", std::move(modules), std::nullopt, std::nullopt});
    facts.initramfs = {InitramfsTool::initramfs_tools, "/usr/sbin/update-initramfs"};
    facts.initramfs_contents = std::move(contents);
    facts.why_unlisted = "lsinitramfs failed";
    return facts;
}

std::vector<StepAction> changing_actions(const Plan& plan) {
    std::vector<StepAction> actions;
    for (const auto& step : plan.steps)
        if (step.changes()) actions.push_back(step.action);
    return actions;
}

}  // namespace

TEST_CASE("the host driver modules of a device come from the kernel's modules.alias") {
    TempTree tree;
    add_modules(tree);
    SUBCASE("every matching module once, the holding drivers left out") {
        CHECK(host_driver_modules(tree.fs(), addr("01:00.0")) == std::vector<std::string>{"nvme", "samsung_extra"});
    }
    SUBCASE("no modalias, no kernel release or no modules.alias: none known") {
        CHECK(host_driver_modules(tree.fs(), addr("02:00.0")).empty());
        tree.remove("/lib/modules/6.1.0-test/modules.alias");
        CHECK(host_driver_modules(tree.fs(), addr("01:00.0")).empty());
    }
    CHECK(modalias_matches("pci:v*d*sv*sd*bc01sc08i02*", nvme_modalias));
    CHECK_FALSE(modalias_matches("pci:v00008086d*sv*sd*bc*sc*i*", nvme_modalias));
    CHECK(module_name("snd-hda-intel") == "snd_hda_intel");
}

TEST_CASE("the boot files: driverctl's format and an install line per host driver module") {
    CHECK(driverctl_path(addr("01:00.0")) == "/etc/driverctl.d/pci-0000:01:00.0");
    CHECK(driverctl_text() == "vfio-pci\n");
    CHECK(early_bind_path(addr("01:00.0")) == "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf");
    std::string text = early_bind_text(addr("01:00.0"), "0000:01:00.0 (NVMe)", {"nvme", "samsung_extra"});
    CHECK(has_text(text, "\ninstall nvme /sbin/modprobe vfio-pci; for f in /etc/driverctl.d/pci-*;"));
    CHECK(has_text(text, "> /sys/bus/pci/drivers_probe; done 2>/dev/null; "
                         "/sbin/modprobe --ignore-install nvme $CMDLINE_OPTS\n"));
    CHECK(has_text(text, "/sbin/modprobe --ignore-install samsung_extra $CMDLINE_OPTS\n"));
    CHECK(has_text(text, "vpt reattach 0000:01:00.0 --persist"));
    // Every line is a comment or an install command: nothing else reaches modprobe.
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        std::string line = text.substr(start, end - start);
        CHECK((line.rfind("# ", 0) == 0 || line.rfind("install ", 0) == 0));
        start = end + 1;
    }
}

TEST_CASE("only vpt's boot binding files may be written by a boot step") {
    CHECK(is_boot_binding_path("/etc/driverctl.d/pci-0000:01:00.0"));
    CHECK(is_boot_binding_path("/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf"));
    CHECK(is_boot_binding_path("/etc/initramfs-tools/hooks/vpt-vfio"));
    CHECK(is_boot_binding_path("/etc/dracut.conf.d/90-vpt-vfio.conf"));
    CHECK_FALSE(is_boot_binding_path("/etc/driverctl.d/pci-garbage"));
    CHECK_FALSE(is_boot_binding_path("/etc/passwd"));
    CHECK_FALSE(is_boot_binding_path("/etc/modprobe.d/blacklist.conf"));
    CHECK_FALSE(is_boot_binding_path("/etc/initramfs-tools/hooks/other"));
    CHECK_FALSE(is_boot_binding_path("/etc/driverctl.d/../shadow"));
}

TEST_CASE("persisted bindings: driverctl files that name vfio-pci") {
    TempTree tree;
    tree.write("/etc/driverctl.d/pci-0000:02:00.0", "vfio-pci\n");
    tree.write("/etc/driverctl.d/pci-0000:01:00.0", "vfio-pci\n");
    tree.write("/etc/driverctl.d/pci-0000:03:00.0", "uio_pci_generic\n");
    tree.write("/etc/driverctl.d/pci-nonsense", "vfio-pci\n");
    tree.write("/etc/driverctl.d/usb-1-1", "vfio-pci\n");
    CHECK(persisted_vfio_bindings(tree.fs()) == std::vector<PciAddress>{addr("01:00.0"), addr("02:00.0")});
    CHECK(has_persisted_binding(tree.fs(), addr("02:00.0")));
    CHECK_FALSE(has_persisted_binding(tree.fs(), addr("03:00.0")));
}

TEST_CASE("check: each boot binding held this boot, or not, with the fix") {
    TempTree tree;
    SUBCASE("none") { CHECK(check_boot_bindings(tree.fs()).status == CheckStatus::pass); }
    tree.write("/etc/driverctl.d/pci-0000:01:00.0", "vfio-pci\n");
    tree.write("/sys/bus/pci/devices/0000:01:00.0/vendor", "0x144d\n");
    SUBCASE("held: on vfio-pci") {
        tree.link("/sys/bus/pci/devices/0000:01:00.0/driver", "/sys/bus/pci/drivers/vfio-pci");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(verdict.status == CheckStatus::pass);
        CHECK(has_text(verdict.finding, "1 binding held this boot: 0000:01:00.0"));
    }
    SUBCASE("not held: the host driver has it") {
        tree.link("/sys/bus/pci/devices/0000:01:00.0/driver", "/sys/bus/pci/drivers/nvme");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(has_text(verdict.finding, "0000:01:00.0 is on nvme"));
        CHECK(has_text(verdict.fix, "vpt reattach 0000:01:00.0 --persist"));
    }
    SUBCASE("not held: the device is gone") {
        tree.remove("/sys/bus/pci/devices/0000:01:00.0");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(has_text(verdict.finding, "0000:01:00.0 is gone"));
        CHECK(has_text(verdict.fix, "rm /etc/driverctl.d/pci-0000:01:00.0"));
    }
}

TEST_CASE("plan_boot_binding: the initramfs is rebuilt only when a host driver loads from it") {
    SUBCASE("the driver is in the initramfs: undo point, files, hook, rebuild last") {
        Plan plan = plan_boot_binding(facts_for({"nvme"}, std::set<std::string>{
                                                              "usr/lib/modules/6.1.0/kernel/drivers/nvme/host/nvme.ko"}));
        CHECK(changing_actions(plan) ==
              std::vector<StepAction>{StepAction::initramfs_undo_point, StepAction::write_boot_file,
                                      StepAction::write_boot_file, StepAction::write_boot_file,
                                      StepAction::rebuild_initramfs});
        CHECK(plan.steps[1].object == "/etc/driverctl.d/pci-0000:01:00.0");
        CHECK(plan.steps[2].object == "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf");
        CHECK(plan.steps[3].object == "/etc/initramfs-tools/hooks/vpt-vfio");
        CHECK(plan.warnings.empty());
    }
    SUBCASE("the driver loads only from the root file system: no initramfs change") {
        Plan plan = plan_boot_binding(facts_for({"e1000e"}, std::set<std::string>{"usr/lib/modules/x/nvme.ko"}));
        CHECK(changing_actions(plan) ==
              std::vector<StepAction>{StepAction::write_boot_file, StepAction::write_boot_file});
    }
    SUBCASE("the initramfs cannot be listed: rebuilt to be sure, and said") {
        Plan plan = plan_boot_binding(facts_for({"e1000e"}, std::nullopt));
        CHECK(changing_actions(plan).back() == StepAction::rebuild_initramfs);
        REQUIRE(plan.warnings.size() == 1);
        CHECK(has_text(plan.warnings[0], "lsinitramfs failed"));
    }
    SUBCASE("no module matches (a built-in driver): no modprobe file, and a warning") {
        Plan plan = plan_boot_binding(facts_for({}, std::set<std::string>{}));
        CHECK(changing_actions(plan) == std::vector<StepAction>{StepAction::write_boot_file});
        REQUIRE(plan.warnings.size() == 1);
        CHECK(has_text(plan.warnings[0], "built into the kernel"));
        CHECK(has_text(plan.warnings[0], "install driverctl"));
    }
    SUBCASE("everything already in place: nothing to do, nothing rebuilt") {
        BootFacts facts = facts_for({"nvme"}, std::set<std::string>{"x/nvme.ko.zst"});
        facts.devices[0].driverctl = driverctl_text();
        facts.devices[0].early_bind = early_bind_text(facts.devices[0].address, facts.devices[0].label, {"nvme"});
        facts.hook = facts.initramfs.hook_text();
        CHECK(plan_boot_binding(facts).change_count() == 0);
    }
}

TEST_CASE("plan_boot_unbinding: the group's files go; the hook only with the last binding") {
    BootFacts facts = facts_for({"nvme"}, std::set<std::string>{"etc/driverctl.d/pci-0000:01:00.0"});
    facts.devices[0].driverctl = driverctl_text();
    facts.devices[0].early_bind = "install nvme x\n";
    facts.hook = facts.initramfs.hook_text();
    SUBCASE("the last binding: files and hook removed, the initramfs rebuilt after them") {
        Plan plan = plan_boot_unbinding(facts);
        CHECK(changing_actions(plan) ==
              std::vector<StepAction>{StepAction::initramfs_undo_point, StepAction::remove_boot_file,
                                      StepAction::remove_boot_file, StepAction::remove_boot_file,
                                      StepAction::rebuild_initramfs});
        CHECK(reversed(plan.steps[2]).xml == "install nvme x\n");  // undone: written back as it was
    }
    SUBCASE("other bindings remain: the hook stays") {
        facts.other_bindings = 1;
        Plan plan = plan_boot_unbinding(facts);
        for (const auto& step : plan.steps)
            if (step.changes()) CHECK(step.object != "/etc/initramfs-tools/hooks/vpt-vfio");
    }
    SUBCASE("an override the admin set for another driver is left alone") {
        facts.devices[0].driverctl = "uio_pci_generic\n";
        Plan plan = plan_boot_unbinding(facts);
        for (const auto& step : plan.steps)
            if (step.changes()) CHECK(step.object != "/etc/driverctl.d/pci-0000:01:00.0");
    }
    SUBCASE("the initramfs never held them: not rebuilt") {
        facts.initramfs_contents = std::set<std::string>{"usr/lib/modules/x/e1000e.ko"};
        Plan plan = plan_boot_unbinding(facts);
        for (const auto& step : plan.steps) CHECK(step.action != StepAction::rebuild_initramfs);
    }
}

TEST_CASE("boot steps run below the root and undo to exactly what was there") {
    TempTree tree;
    tree.write("/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf", "# the admin's edit\n");
    Plan plan;
    plan.steps.push_back(boot_file_step("/etc/driverctl.d/pci-0000:01:00.0", "01:00.0", "vfio-pci\n", std::nullopt));
    plan.steps.push_back(boot_file_step("/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf", "01:00.0", "install nvme x\n",
                                        "# the admin's edit\n"));
    plan.steps.push_back(boot_file_step("/etc/initramfs-tools/hooks/vpt-vfio", "initramfs", "#!/bin/sh\n", std::nullopt));
    // The last step names a file no boot step may touch: it fails, the rest is undone.
    plan.steps.push_back(boot_file_step("/etc/shadow", "not ours", "x", std::nullopt));
    BootFileRunner runner(tree.fs());
    SUBCASE("forward, until the refused file; then undone") {
        ExecutionReport report = execute_plan(plan, runner);
        CHECK_FALSE(report.completed);
        CHECK(has_text(report.failure, "not a boot binding file"));
        CHECK(report.fully_restored());
        CHECK_FALSE(tree.fs().exists("/etc/driverctl.d/pci-0000:01:00.0"));
        CHECK_FALSE(tree.fs().exists("/etc/initramfs-tools/hooks/vpt-vfio"));
        CHECK_FALSE(tree.fs().exists("/etc/shadow"));
        CHECK(read_config_file(tree.fs(), "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf") == "# the admin's edit\n");
    }
    SUBCASE("written with their modes; running a step twice is harmless") {
        plan.steps.pop_back();
        REQUIRE(execute_plan(plan, runner).completed);
        REQUIRE(execute_plan(plan, runner).completed);
        CHECK(read_config_file(tree.fs(), "/etc/driverctl.d/pci-0000:01:00.0") == "vfio-pci\n");
        struct stat hook {};
        REQUIRE(::stat((tree.path / "etc/initramfs-tools/hooks/vpt-vfio").c_str(), &hook) == 0);
        CHECK((hook.st_mode & 0777) == 0755);
        CHECK(persisted_vfio_bindings(tree.fs()) == std::vector<PciAddress>{addr("01:00.0")});
    }
    SUBCASE("the initramfs is rebuilt only on the live host") {
        tree.write("/usr/sbin/update-initramfs", "#!/bin/sh\n");
        Step rebuild = rebuild_initramfs_step("update-initramfs");
        CHECK_THROWS_WITH(runner.run(rebuild), doctest::Contains("only on the live host"));
        CHECK_THROWS_WITH(runner.run(rebuild_initramfs_step("mkinitcpio")), doctest::Contains("no initramfs tool"));
    }
}

TEST_CASE("the initramfs listing: modules in any compression, files by host path") {
    std::set<std::string> contents = {"usr/lib/modules/6.1.0/kernel/drivers/nvme/host/nvme.ko",
                                      "usr/lib/modules/6.1.0/kernel/sound/snd-hda-intel.ko.zst",
                                      "etc/driverctl.d/pci-0000:01:00.0"};
    CHECK(initramfs_has_module(contents, "nvme"));
    CHECK(initramfs_has_module(contents, "snd_hda_intel"));
    CHECK_FALSE(initramfs_has_module(contents, "nvme_core"));
    CHECK_FALSE(initramfs_has_module(contents, "e1000e"));
    CHECK(initramfs_has_file(contents, "/etc/driverctl.d/pci-0000:01:00.0"));
    CHECK_FALSE(initramfs_has_file(contents, "/etc/driverctl.d/pci-0000:02:00.0"));
}
