#include <doctest/doctest.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/executor.hpp"
#include "host/boot_binding.hpp"
#include "host/change_runner.hpp"
#include "host/checks.hpp"
#include "host/config_file.hpp"
#include "host/persist_plan.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
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

const BootIds nvme_ids{0x144d, 0xa80a, 0x010802};

BootFacts facts_for(std::vector<std::string> modules, std::optional<std::set<std::string>> contents) {
    BootFacts facts;
    BootDevice device;
    device.address = addr("01:00.0");
    device.label = "0000:01:00.0 (NVMe)";
    device.ids = nvme_ids;
    device.modules = std::move(modules);
    facts.devices.push_back(device);
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

std::vector<std::string> changed_files(const Plan& plan) {
    std::vector<std::string> files;
    for (const auto& step : plan.steps)
        if (step.changes() && !step.object.empty() && step.object[0] == '/') files.push_back(step.object);
    return files;
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// What modprobe runs for `module`: the command of its install line in `conf`,
// with every host path moved below `root` (modprobe itself is `true`), run
// by /bin/sh as modprobe runs it. Returns the shell's exit status.
int run_install_line(const std::string& conf, const std::string& module, const std::filesystem::path& root) {
    const std::string head = "install " + module + " ";
    size_t start = conf.find("\n" + head);
    REQUIRE(start != std::string::npos);
    start += 1 + head.size();
    std::string command = conf.substr(start, conf.find('\n', start) - start);
    // Every absolute path the line names is one of these, each moved below the root.
    std::regex absolute(R"((^|[ "'<>;])(/[^ "';]*))");
    for (auto it = std::sregex_iterator(command.begin(), command.end(), absolute); it != std::sregex_iterator(); ++it) {
        std::string path = (*it)[2];
        CAPTURE(path);
        CHECK((path.rfind("/sbin/modprobe", 0) == 0 || path.rfind("/etc/vpt/", 0) == 0 ||
               path.rfind("/sys/bus/pci/", 0) == 0 || path.rfind("/run/", 0) == 0 || path == "/dev/kmsg" ||
               path == "/dev/null"));
    }
    replace_all(command, "/sbin/modprobe", "true");
    for (const char* prefix : {"/etc/vpt/", "/sys/bus/pci/", "/run/", "/dev/kmsg"})
        replace_all(command, prefix, root.string() + prefix);
    std::filesystem::create_directories(root / "run");
    std::filesystem::create_directories(root / "dev");
    std::ofstream(root / "install-line.sh") << command << "\n";
    return std::system(("/bin/sh " + (root / "install-line.sh").string()).c_str());
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

TEST_CASE("the record of a binding: the device's ids on its first line, read back") {
    CHECK(binding_record_path(addr("01:00.0")) == "/etc/vpt/boot-bindings/pci-0000:01:00.0");
    std::string text = binding_record_text(addr("01:00.0"), "0000:01:00.0 (NVMe)", nvme_ids);
    CHECK(text.rfind("vfio-pci 0x144d 0xa80a 0x010802\n#", 0) == 0);
    CHECK(has_text(text, "vpt reattach 0000:01:00.0 --persist"));
    CHECK(parse_binding_record(text) == nvme_ids);
    SUBCASE("the class is compared only when recorded") {
        BootIds no_class{0x144d, 0xa80a, std::nullopt};
        std::string short_record = binding_record_text(addr("01:00.0"), "x", no_class);
        CHECK(short_record.rfind("vfio-pci 0x144d 0xa80a\n", 0) == 0);
        CHECK(parse_binding_record(short_record) == no_class);
        CHECK(ids_match(no_class, nvme_ids));
    }
    SUBCASE("another device, or another class, is not the recorded one") {
        CHECK(ids_match(nvme_ids, nvme_ids));
        CHECK_FALSE(ids_match(nvme_ids, BootIds{0x144d, 0xa808, 0x010802}));
        CHECK_FALSE(ids_match(nvme_ids, BootIds{0x8086, 0xa80a, 0x010802}));
        CHECK_FALSE(ids_match(nvme_ids, BootIds{0x144d, 0xa80a, 0x020000}));
    }
    SUBCASE("a first line that is not a record of vfio-pci with ids") {
        CHECK_FALSE(parse_binding_record("vfio-pci\n"));
        CHECK_FALSE(parse_binding_record("uio_pci_generic 0x144d 0xa80a\n"));
        CHECK_FALSE(parse_binding_record("vfio-pci 144d a80a\n"));
        CHECK_FALSE(parse_binding_record("vfio-pci 0x144d 0xa80a 0x010802 extra\n"));
        CHECK_FALSE(parse_binding_record("vfio-pci 0x1144d 0xa80a\n"));
    }
    SUBCASE("a label cannot start a line of its own") {
        std::string evil = binding_record_text(addr("01:00.0"), "NVMe\nvfio-pci 0x8086 0x10d3", nvme_ids);
        CHECK(parse_binding_record(evil) == nvme_ids);
        CHECK_FALSE(has_text(evil, "\nvfio-pci 0x8086"));
    }
    CHECK(describe_ids(nvme_ids) == "144d:a80a class 0x010802");
}

TEST_CASE("the boot files: an install line per host driver module, over vpt's records") {
    CHECK(driverctl_path(addr("01:00.0")) == "/etc/driverctl.d/pci-0000:01:00.0");
    CHECK(early_bind_path(addr("01:00.0")) == "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf");
    std::string text = early_bind_text(addr("01:00.0"), "0000:01:00.0 (NVMe)", {"nvme", "samsung_extra"});
    CHECK(has_text(text, "\ninstall nvme /sbin/modprobe vfio-pci; for f in /etc/vpt/boot-bindings/pci-*;"));
    CHECK_FALSE(has_text(text, "driverctl.d"));  // an address alone never binds a device
    CHECK(has_text(text, "- see vpt check\" > /dev/kmsg; fi; done 2>/dev/null; "
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

TEST_CASE("the install line binds the device at a recorded address only while it is the recorded device") {
    std::string conf = early_bind_text(addr("02:00.0"), "0000:02:00.0 (NIC)", {"e1000e"});
    SUBCASE("the recorded device is there: vfio-pci is its driver_override, and it is probed") {
        TempTree tree("boot-binding-held");
        tree.remove("/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/driver");  // at boot: no driver yet
        REQUIRE(run_install_line(conf, "e1000e", tree.path) == 0);
        auto device = tree.path / "sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0";
        CHECK(file_text(device / "driver_override") == "vfio-pci\n");
        CHECK(file_text(tree.path / "sys/bus/pci/drivers_probe") == "0000:02:00.0\n");
        CHECK_FALSE(std::filesystem::exists(tree.path / "dev/kmsg"));
    }
    SUBCASE("another device took the address: it keeps its driver, and the kernel log says so once") {
        TempTree tree("boot-binding-moved");
        tree.remove("/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/driver");
        REQUIRE(run_install_line(conf, "e1000e", tree.path) == 0);
        REQUIRE(run_install_line(conf, "e1000e", tree.path) == 0);  // another module's line, later in boot
        CHECK_FALSE(std::filesystem::exists(tree.path / "sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/driver_override"));
        CHECK_FALSE(std::filesystem::exists(tree.path / "sys/devices/pci0000:00/0000:00:1c.4/0000:03:00.0/driver_override"));
        CHECK_FALSE(std::filesystem::exists(tree.path / "sys/bus/pci/drivers_probe"));
        CHECK(file_text(tree.path / "dev/kmsg") ==
              "vpt: left 0000:02:00.0 to its host driver: it is 0x144d:0xa808 class 0x010802, the boot binding is for "
              "0x8086:0x10d3 class 0x020000 - see vpt check\n");
    }
    SUBCASE("a record without a class compares vendor and device") {
        TempTree tree("boot-binding-held");
        tree.remove("/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/driver");
        tree.write("/etc/vpt/boot-bindings/pci-0000:02:00.0", "vfio-pci 0x8086 0x10d3\n");
        REQUIRE(run_install_line(conf, "e1000e", tree.path) == 0);
        CHECK(file_text(tree.path / "sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/driver_override") == "vfio-pci\n");
    }
    SUBCASE("an older driverctl file alone binds nothing") {
        TempTree tree("boot-binding-held");
        tree.remove("/etc/vpt");
        tree.write("/etc/driverctl.d/pci-0000:02:00.0", "vfio-pci\n");
        REQUIRE(run_install_line(conf, "e1000e", tree.path) == 0);
        CHECK_FALSE(std::filesystem::exists(tree.path / "sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0/driver_override"));
    }
}

TEST_CASE("a built-in driver's device: a udev rule that matches the recorded attributes") {
    CHECK(builtin_rule_path(addr("01:00.0")) == "/etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules");
    std::string rule = builtin_rule_text(addr("01:00.0"), "0000:01:00.0 (NVMe)\nRUN+=\"/bin/evil\"", nvme_ids);
    CHECK(has_text(rule, "\nKERNEL!=\"0000:01:00.0\", GOTO=\"vpt_vfio_end\"\n"));
    CHECK(has_text(rule, "\nATTR{vendor}==\"0x144d\", ATTR{device}==\"0xa80a\", ATTR{class}==\"0x010802\", "
                         "GOTO=\"vpt_vfio_bind\"\n"));
    // The message runs when an attribute differs, the binding only after the label.
    size_t message = rule.find("> /dev/kmsg"), label = rule.find("LABEL=\"vpt_vfio_bind\""),
           bind = rule.find("echo vfio-pci > /sys%p/driver_override");
    REQUIRE(message != std::string::npos);
    REQUIRE(bind != std::string::npos);
    CHECK(message < label);
    CHECK(label < bind);
    CHECK(has_text(rule, "the boot binding is for 0x144d:0xa80a class 0x010802"));
    // Every line is a comment or a rule of vpt's: the label cannot add one.
    std::istringstream lines(rule);
    for (std::string line; std::getline(lines, line);) {
        CAPTURE(line);
        CHECK((line.rfind("# ", 0) == 0 || line.rfind("ACTION", 0) == 0 || line.rfind("SUBSYSTEM", 0) == 0 ||
               line.rfind("KERNEL", 0) == 0 || line.rfind("ATTR{vendor}", 0) == 0 || line.rfind("RUN+=", 0) == 0 ||
               line.rfind("LABEL=", 0) == 0));
    }
    CHECK_FALSE(has_text(rule, "\nRUN+=\"/bin/evil"));
    SUBCASE("no class recorded: none compared") {
        CHECK_FALSE(has_text(builtin_rule_text(addr("01:00.0"), "x", {0x144d, 0xa80a, std::nullopt}), "ATTR{class}"));
    }
}

TEST_CASE("only vpt's boot binding files may be written by a boot step") {
    CHECK(is_boot_binding_path("/etc/vpt/boot-bindings/pci-0000:01:00.0"));
    CHECK(is_boot_binding_path("/etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules"));
    CHECK_FALSE(is_boot_binding_path("/etc/vpt/boot-bindings/pci-01:00.0"));
    CHECK_FALSE(is_boot_binding_path("/etc/udev/rules.d/70-vpt-sriov-0000:01:00.0.rules"));
    CHECK_FALSE(is_boot_binding_path("/etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules.bak"));
    CHECK_FALSE(is_boot_binding_path("/etc/vpt/state"));
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

TEST_CASE("persisted bindings: vpt's records, and older driverctl files that name vfio-pci") {
    SUBCASE("an older vpt's driverctl files: bindings by address alone") {
        TempTree tree;
        tree.write("/etc/driverctl.d/pci-0000:02:00.0", "vfio-pci\n");
        tree.write("/etc/driverctl.d/pci-0000:01:00.0", "vfio-pci\n");
        tree.write("/etc/driverctl.d/pci-0000:03:00.0", "uio_pci_generic\n");
        tree.write("/etc/driverctl.d/pci-nonsense", "vfio-pci\n");
        tree.write("/etc/driverctl.d/usb-1-1", "vfio-pci\n");
        CHECK(persisted_vfio_bindings(tree.fs()) == std::vector<PciAddress>{addr("01:00.0"), addr("02:00.0")});
        auto bindings = read_boot_bindings(tree.fs());
        REQUIRE(bindings.size() == 2);
        CHECK(bindings[0].kind == BootBinding::Kind::address_only);
        CHECK(has_persisted_binding(tree.fs(), addr("02:00.0")));
        CHECK_FALSE(has_persisted_binding(tree.fs(), addr("03:00.0")));
    }
    SUBCASE("a record binds the device at its address only while it is the recorded one") {
        CHECK(persisted_vfio_bindings(fixture("boot-binding-held")) == std::vector<PciAddress>{addr("02:00.0")});
        CHECK(persisted_vfio_bindings(fixture("boot-binding-moved")).empty());
        auto moved = read_boot_bindings(fixture("boot-binding-moved"));
        REQUIRE(moved.size() == 1);
        CHECK(moved[0].kind == BootBinding::Kind::recorded);
        CHECK(moved[0].ids == BootIds{0x8086, 0x10d3, 0x020000});
        CHECK(has_persisted_binding(fixture("boot-binding-moved"), addr("02:00.0")));
        CHECK(read_device_ids(fixture("boot-binding-moved"), addr("02:00.0")) == BootIds{0x144d, 0xa808, 0x010802});
        CHECK_FALSE(read_device_ids(fixture("boot-binding-moved"), addr("05:00.0")));
    }
    SUBCASE("a record and a driverctl file for one address: the record") {
        TempTree tree("boot-binding-held");
        tree.write("/etc/driverctl.d/pci-0000:02:00.0", "vfio-pci\n");
        auto bindings = read_boot_bindings(tree.fs());
        REQUIRE(bindings.size() == 1);
        CHECK(bindings[0].kind == BootBinding::Kind::recorded);
    }
}

TEST_CASE("check: a binding whose recorded device is at its address, and one whose address holds another device") {
    SUBCASE("the recorded device, on vfio-pci: held") {
        Verdict verdict = check_boot_bindings(fixture("boot-binding-held"));
        CHECK(verdict.status == CheckStatus::pass);
        CHECK(verdict.finding == "1 binding held this boot: 0000:02:00.0");
    }
    SUBCASE("another device at the address: the address, both ids and the fix") {
        Verdict verdict = check_boot_bindings(fixture("boot-binding-moved"));
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(has_text(verdict.finding, "0000:02:00.0 is now 144d:a808 class 0x010802 (on nvme), not the recorded "
                                        "8086:10d3 class 0x020000: the boot binding was not applied to it"));
        CHECK(has_text(verdict.fix, "it is at 0000:03:00.0 now, bind it there with 'vpt detach 0000:03:00.0 --persist'"));
        CHECK(has_text(verdict.fix, "rm /etc/vpt/boot-bindings/pci-0000:02:00.0 /etc/modprobe.d/vpt-vfio-0000:02:00.0.conf"));
    }
    SUBCASE("the recorded device is nowhere: vpt show finds it") {
        TempTree tree("boot-binding-moved");
        tree.remove("/sys/bus/pci/devices/0000:03:00.0");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(has_text(verdict.fix, "'vpt show 8086:10d3' finds it"));
    }
    SUBCASE("an older binding by address alone: named, with detach --persist to record it") {
        TempTree tree("boot-binding-held");
        tree.remove("/etc/vpt");
        tree.write("/etc/driverctl.d/pci-0000:02:00.0", "vfio-pci\n");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(has_text(verdict.finding, "bound by address alone"));
        CHECK(has_text(verdict.finding, "0000:02:00.0"));
        CHECK(has_text(verdict.finding, "(held: 0000:02:00.0)"));
        CHECK(has_text(verdict.fix, "vpt detach 0000:02:00.0 --persist"));
    }
    SUBCASE("a record that names no ids never applies") {
        TempTree tree("boot-binding-held");
        tree.write("/etc/vpt/boot-bindings/pci-0000:02:00.0", "vfio-pci\n");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(has_text(verdict.finding, "names no vendor:device"));
    }
}

TEST_CASE("check: each boot binding held this boot, or not, with the fix") {
    TempTree tree;
    SUBCASE("none") { CHECK(check_boot_bindings(tree.fs()).status == CheckStatus::pass); }
    tree.write("/etc/vpt/boot-bindings/pci-0000:01:00.0", "vfio-pci 0x144d 0xa80a 0x010802\n");
    tree.write("/sys/bus/pci/devices/0000:01:00.0/vendor", "0x144d\n");
    tree.write("/sys/bus/pci/devices/0000:01:00.0/device", "0xa80a\n");
    tree.write("/sys/bus/pci/devices/0000:01:00.0/class", "0x010802\n");
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
        CHECK(has_text(verdict.finding, "not held this boot: 0000:01:00.0 is on nvme"));
        CHECK_FALSE(has_text(verdict.finding, "address alone"));
        CHECK(has_text(verdict.fix, "vpt reattach 0000:01:00.0 --persist"));
    }
    SUBCASE("not held: the device is gone") {
        tree.remove("/sys/bus/pci/devices/0000:01:00.0");
        Verdict verdict = check_boot_bindings(tree.fs());
        CHECK(verdict.status == CheckStatus::warn);
        CHECK(has_text(verdict.finding, "0000:01:00.0 is gone"));
        CHECK(has_text(verdict.fix, "rm /etc/vpt/boot-bindings/pci-0000:01:00.0"));
    }
    SUBCASE("an older binding of a device that is gone: its driverctl file in the rm") {
        tree.remove("/etc/vpt");
        tree.write("/etc/driverctl.d/pci-0000:01:00.0", "vfio-pci\n");
        tree.remove("/sys/bus/pci/devices/0000:01:00.0");
        CHECK(has_text(check_boot_bindings(tree.fs()).fix, "rm /etc/driverctl.d/pci-0000:01:00.0"));
    }
}

TEST_CASE("plan_boot_binding: the initramfs is rebuilt only when a host driver loads from it") {
    SUBCASE("the driver is in the initramfs: undo point, record, modprobe file, hook, rebuild last") {
        Plan plan = plan_boot_binding(facts_for({"nvme"}, std::set<std::string>{
                                                              "usr/lib/modules/6.1.0/kernel/drivers/nvme/host/nvme.ko"}));
        CHECK(changing_actions(plan) ==
              std::vector<StepAction>{StepAction::initramfs_undo_point, StepAction::write_boot_file,
                                      StepAction::write_boot_file, StepAction::write_boot_file,
                                      StepAction::rebuild_initramfs});
        CHECK(changed_files(plan) == std::vector<std::string>{"/etc/vpt/boot-bindings/pci-0000:01:00.0",
                                                              "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf",
                                                              "/etc/initramfs-tools/hooks/vpt-vfio"});
        CHECK(plan.steps[1].xml.rfind("vfio-pci 0x144d 0xa80a 0x010802\n", 0) == 0);
        CHECK(has_text(plan.steps[2].xml, "\ninstall nvme "));
        CHECK(plan.warnings.empty());
    }
    SUBCASE("the driver loads only from the root file system: no initramfs change") {
        Plan plan = plan_boot_binding(facts_for({"e1000e"}, std::set<std::string>{"usr/lib/modules/x/nvme.ko"}));
        CHECK(changed_files(plan) == std::vector<std::string>{"/etc/vpt/boot-bindings/pci-0000:01:00.0",
                                                              "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf"});
    }
    SUBCASE("the initramfs cannot be listed: rebuilt to be sure, and said") {
        Plan plan = plan_boot_binding(facts_for({"e1000e"}, std::nullopt));
        CHECK(changing_actions(plan).back() == StepAction::rebuild_initramfs);
        REQUIRE(plan.warnings.size() == 1);
        CHECK(has_text(plan.warnings[0], "lsinitramfs failed"));
    }
    SUBCASE("no module matches (a built-in driver): the record and a udev rule, and a warning") {
        Plan plan = plan_boot_binding(facts_for({}, std::set<std::string>{}));
        CHECK(changed_files(plan) == std::vector<std::string>{"/etc/vpt/boot-bindings/pci-0000:01:00.0",
                                                              "/etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules"});
        CHECK(has_text(plan.steps[2].xml, "ATTR{vendor}==\"0x144d\""));
        REQUIRE(plan.warnings.size() == 1);
        CHECK(has_text(plan.warnings[0], "built into the kernel"));
        CHECK(has_text(plan.warnings[0], "udev rule"));
    }
    SUBCASE("an older vpt's driverctl file gives way to the record; another driver's is named") {
        BootFacts facts = facts_for({"nvme"}, std::set<std::string>{});
        facts.devices[0].driverctl = "vfio-pci\n";
        Plan plan = plan_boot_binding(facts);
        CHECK(changed_files(plan).back() == "/etc/driverctl.d/pci-0000:01:00.0");
        CHECK(changing_actions(plan).back() == StepAction::remove_boot_file);
        CHECK(reversed(plan.steps.back()).xml == "vfio-pci\n");
        facts.devices[0].driverctl = "uio_pci_generic\n";
        plan = plan_boot_binding(facts);
        for (const auto& file : changed_files(plan)) CHECK(file != "/etc/driverctl.d/pci-0000:01:00.0");
        REQUIRE(plan.warnings.size() == 1);
        CHECK(has_text(plan.warnings[0], "0000:01:00.0 to uio_pci_generic"));
        CHECK(has_text(plan.warnings[0], "driverctl unset-override 0000:01:00.0"));
    }
    SUBCASE("other bindings by address alone: named, with the command that records them") {
        BootFacts facts = facts_for({"nvme"}, std::set<std::string>{});
        facts.other_bindings = 1;
        facts.address_only = {addr("05:00.0")};
        Plan plan = plan_boot_binding(facts);
        REQUIRE(plan.warnings.size() == 1);
        CHECK(has_text(plan.warnings[0], "by address alone"));
        CHECK(has_text(plan.warnings[0], "0000:05:00.0"));
        CHECK(has_text(plan.warnings[0], "vpt detach ADDR --persist"));
    }
    SUBCASE("everything already in place: nothing to do, nothing rebuilt") {
        BootFacts facts = facts_for({"nvme"}, std::set<std::string>{"x/nvme.ko.zst"});
        const auto& device = facts.devices[0];
        facts.devices[0].record = binding_record_text(device.address, device.label, device.ids);
        facts.devices[0].early_bind = early_bind_text(device.address, device.label, {"nvme"});
        facts.hook = facts.initramfs.hook_text();
        CHECK(plan_boot_binding(facts).change_count() == 0);
    }
    SUBCASE("a record of other ids is written again with the device's") {
        BootFacts facts = facts_for({"nvme"}, std::set<std::string>{"x/nvme.ko.zst"});
        const auto& device = facts.devices[0];
        facts.devices[0].record = binding_record_text(device.address, device.label, {0x8086, 0x10d3, 0x020000});
        facts.devices[0].early_bind = early_bind_text(device.address, device.label, {"nvme"});
        facts.hook = facts.initramfs.hook_text();
        Plan plan = plan_boot_binding(facts);
        CHECK(changed_files(plan) == std::vector<std::string>{"/etc/vpt/boot-bindings/pci-0000:01:00.0"});
        CHECK(changing_actions(plan).back() == StepAction::rebuild_initramfs);  // the initramfs holds it
    }
}

TEST_CASE("plan_boot_unbinding: the group's files go, an older vpt's too; the hook only with the last binding") {
    BootFacts facts = facts_for({"nvme"}, std::set<std::string>{"etc/vpt/boot-bindings/pci-0000:01:00.0"});
    facts.devices[0].record = binding_record_text(addr("01:00.0"), "x", nvme_ids);
    facts.devices[0].early_bind = "install nvme x\n";
    facts.devices[0].builtin_rule = "# rule\n";
    facts.devices[0].driverctl = "vfio-pci\n";
    facts.hook = facts.initramfs.hook_text();
    SUBCASE("the last binding: files and hook removed, the initramfs rebuilt after them") {
        Plan plan = plan_boot_unbinding(facts);
        CHECK(changing_actions(plan) ==
              std::vector<StepAction>{StepAction::initramfs_undo_point, StepAction::remove_boot_file,
                                      StepAction::remove_boot_file, StepAction::remove_boot_file,
                                      StepAction::remove_boot_file, StepAction::remove_boot_file,
                                      StepAction::rebuild_initramfs});
        CHECK(changed_files(plan) == std::vector<std::string>{"/etc/vpt/boot-bindings/pci-0000:01:00.0",
                                                              "/etc/modprobe.d/vpt-vfio-0000:01:00.0.conf",
                                                              "/etc/udev/rules.d/90-vpt-vfio-0000:01:00.0.rules",
                                                              "/etc/driverctl.d/pci-0000:01:00.0",
                                                              "/etc/initramfs-tools/hooks/vpt-vfio"});
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
