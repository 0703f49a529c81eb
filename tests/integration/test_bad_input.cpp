// Bad input across every command: the table. What each row must show is
// checked in bad_input_rows.cpp.
#include <doctest/doctest.h>

#include "bad_input_rows.hpp"

// -c: a missing, broken or empty host file, a directory, a file that is not
// XML, URIs libvirt cannot parse; --state-dir that cannot be a directory.
TEST_CASE("bad input: connections and the state directory") {
    check_rows({
        {{"-c", "{missing}", "list"}, 3, "cannot connect to libvirt at 'test:///"},
        {{"-c", "{broken}", "list"}, 3, "Premature end of data"},
        {{"-c", "{empty}", "list"}, 3, "Document is empty"},
        {{"-c", "{dir}", "list"}, 3, "cannot connect to libvirt"},
        {{"-c", "test:///etc/passwd", "list"}, 3, "Start tag expected"},
        {{"-c", "test+bogus:///default", "list"}, 3, "transport in URL not recognised"},
        {{"-c", "not a uri", "list"}, 3, "Unable to parse URI"},
        {{"-c", "test:///x\ny.xml", "show", "01:00.0"}, 3, "'test:///x\\ny.xml'"},
        {{"-c", "test:///default?x=<y>&z='\"", "list"}, 3, "Unable to parse URI"},
        {{"-c", "{missing}", "detach", "19:00.0", "--dry-run"}, 3, "cannot connect"},
        {{"-c", "{broken}", "assign", "ci-runner", "19:00.0"}, 3, "cannot connect"},
        {{"-c", "{missing}", "unassign", "media-server", "3e:00.0"}, 3, "cannot connect"},
        {{"-c", "{missing}", "prepare", "ci-runner", "--dry-run"}, 3, "cannot connect"},
        {{"-c", "{missing}", "vfs", "03:00.0"}, 3, "cannot connect"},
        {{"-c", "{missing}", "pool", "list"}, 3, "cannot connect"},
        {{"-c", "{missing}", "xml", "hostdev", "19:00.0"}, 3, "cannot connect"},
        {{"-c", "{missing}", "check", "01:00.0"}, 3, "cannot connect"},
        {{"--state-dir", "{file}", "detach", "19:00.1", "--force"}, 1, "cannot create state directory"},
        {{"--state-dir", "{file}/sub", "assign", "ci-runner", "19:00.0"}, 1, "Not a directory"},
        {{"--state-dir", "/proc/vpt-state", "unassign", "media-server", "3e:00.0"}, 1, "cannot create state directory"},
        {{"--state-dir", "{file}", "recover"}, 1, "cannot create state directory"},
        {{"--state-dir", "{file}", "prepare", "ci-runner"}, 1, "cannot create state directory"},
        {{"--state-dir", "{file}", "pool", "delete", "sriov-pool-pf1"}, 1, "cannot create state directory"},
        {{"--state-dir", "{file}", "vfs", "03:00.1", "1", "--root", "{root}"}, 1, "cannot create state directory"},
        {{"--state-dir", "", "list"}, 2, "--state-dir: empty value"},
        {{"detach", "19:00.1", "--force"}, 1, "inspect it and remove it by hand", Journal::damaged},
        {{"assign", "ci-runner", "99:00.0"}, 1, "recover' (or finish it: --complete), then run this again", Journal::unfinished},
        {{"vfs", "03:00.1", "1", "--root", "{root}"}, 1, "recover' (or finish it: --complete), then run this again", Journal::unfinished},
    });
}

TEST_CASE("bad input: usage") {
    check_rows({
        {{"frobnicate"}, 2, "(see vpt --help)"},
        {{"-v", "-q", "list"}, 2, "--verbose excludes --quiet"},
        {{"--json", "--bogus", "list"}, 2, "unknown option '--bogus'"},
        {{"list", "--connect"}, 2, "--connect: 1 required TEXT missing"},
        {{"list", "extra"}, 2, "not expected: extra (usage: vpt list [OPTIONS]; see vpt list --help)"},
        {{"list", "--class", "graphics"}, 2, "unknown device class 'graphics'"},
        {{"list", "--class", "0x"}, 2, "unknown device class '0x'"},
        {{"list", "--class", "0x1234567"}, 2, "unknown device class"},
        {{"list", "--class", "net\n"}, 2, "unknown device class 'net\\n'"},
        {{"list", "--free", "--held"}, 2, "--free excludes --held"},
        {{"list", "--driver"}, 2, "--driver: 1 required TEXT missing"},
        {{"list", "--class", "zz"}, 2, "unknown device class 'zz'", Journal::damaged},
        {{"recover", "extra"}, 2, "not expected: extra"},
        // The start hook with no guest (a refusal of a guest is audited, so
        // it is no bad input: test_verify has those).
        {{"verify", "--hook"}, 2, "--hook needs the guest's name"},
        {{"recover", "--wait", "-1"}, 2, "--wait: Value -1 not in range"},
        {{"recover", "--complete", "--bogus"}, 2, "unknown option '--bogus'"},
        {{"pool", "list", "extra"}, 2, "not expected: extra (usage: vpt pool list [OPTIONS]; see vpt pool list --help)"},
    });
}

// show, check, detach and reattach: addresses out of range or malformed,
// names that are not PCI devices, hostile text.
TEST_CASE("bad input: device names") {
    check_rows({
        {{"show"}, 2, "DEV is required"},
        {{"show", "zz:zz.z"}, 2, "malformed PCI address 'zz:zz.z'"},
        {{"show", "00:20.0"}, 2, "out of range"},
        {{"show", "00:00.8"}, 2, "out of range"},
        {{"show", "100:00.0"}, 2, "malformed PCI address"},
        {{"show", "0000:100:00.0"}, 2, "malformed PCI address"},
        {{"show", "10000:00:00.0"}, 2, "malformed PCI address"},
        {{"show", "0000:00:0"}, 2, "malformed device name '0000:00:0'"},
        {{"show", "00:00.0.0"}, 2, "malformed PCI address"},
        {{"show", "01:00.-1"}, 2, "malformed PCI address"},
        {{"show", "0x01:00.0"}, 2, "malformed PCI address"},
        {{"show", " 01:00.0"}, 2, "malformed PCI address ' 01:00.0'"},
        {{"show", "\xef\xbc\xa6\xef\xbc\xa6:00.0"}, 2, "malformed PCI address"},
        {{"show", "01:00.0\x1b[2J"}, 2, "'01:00.0\\x1b[2J'"},
        {{"show", std::string(100000, 'f')}, 2, "more bytes)"},
        {{"show", "pci_0000_zz_00_0"}, 2, "unknown PCI device"},
        {{"show", "pci_dead_beef"}, 2, "unknown PCI device 'pci_dead_beef'"},
        {{"show", "99:00.0"}, 2, "did you mean"},
        {{"show", "01:1f.7"}, 2, "unknown PCI device '01:1f.7'"},
        {{"show", "1:0"}, 2, "malformed device name '1:0'"},
        {{"show", "10de:220"}, 2, "malformed device name '10de:220'"},
        {{"show", "10de:2204:0"}, 2, "malformed device name"},
        {{"show", "01:20"}, 2, "invalid PCI slot '01:20': slot out of range"},
        {{"show", "99:00"}, 2, "unknown PCI device '99:00'; did you mean 0000:19:00"},
        {{"show", "abcd:ef01"}, 2, "unknown PCI device 'abcd:ef01' (see 'vpt list')"},
        {{"check", "19:00"}, 2, "19:00 matches 2 devices: 0000:19:00.0, 0000:19:00.1; name one"},
        {{"detach", "03:00", "--dry-run"}, 2,
         "03:00 matches 2 devices in different IOMMU groups: 0000:03:00.0, 0000:03:00.1; name one"},
        {{"reattach", "8086:10ca"}, 2, "8086:10ca matches 6 devices in different IOMMU groups: 0000:03:10.0, "},
        {{"unassign", "media-server", "8086:10c9"}, 2, "in different IOMMU groups"},
        {{"vfs", "8086:10c9", "1", "--root", "{root}"}, 2, "8086:10c9 matches 2 devices: 0000:03:00.0, 0000:03:00.1"},
        {{"xml", "hostdev", "19:00"}, 2, "19:00 matches 2 devices"},
        {{"assign", "ci-runner", "19:00.1", "pci_0000_19_00_1"}, 2, "is named twice"},
        {{"show", "net_eno1_ac_1f_6b_4e_20_9a"}, 2, "not a PCI device"},
        {{"show", "computer"}, 2, "not a PCI device"},
        {{"show", "01:00.0", "02:00.0"}, 2, "not expected: 02:00.0"},
        {{"show", "<x>&'\""}, 2, "'<x>&'\"'"},
        {{"show", "$(reboot)"}, 2, "'$(reboot)'"},
        {{"show", "`id`"}, 2, "'`id`'"},
        {{"show", "01:00.0; rm -rf /"}, 2, "malformed PCI address"},
        {{"show", "../../etc/passwd"}, 2, "malformed PCI address"},
        {{"show", "--", "-1"}, 2, "malformed device name '-1'"},
        {{"--json", "show", "zz"}, 2, "malformed device name"},
        {{"show", "zz"}, 2, "malformed device name", Journal::unfinished, true},
        {{"check", "zz"}, 2, "malformed device name"},
        {{"check", "99:00.0"}, 2, "unknown PCI device"},
        {{"check", "01:00.0", "extra"}, 2, "not expected: extra"},
        {{"check", "--bogus"}, 2, "unknown option '--bogus'"},
        {{"detach"}, 2, "DEV is required"},
        {{"detach", "zz:zz.z"}, 2, "malformed PCI address"},
        {{"detach", "99:00.0"}, 2, "unknown PCI device"},
        {{"detach", "3c:01.0"}, 2, "is a PCI bridge or root port"},
        {{"detach", "00:00.0"}, 2, "is a host bridge"},
        {{"detach", "00:1f.0"}, 2, "is an ISA/LPC bridge"},
        {{"detach", "18:00.1"}, 1, "running guest 'gpu-workstation'"},
        {{"detach", "net_eno1_ac_1f_6b_4e_20_9a"}, 2, "not a PCI device"},
        {{"detach", "19:00.0", "--wait", "-1"}, 2, "--wait: Value -1 not in range"},
        {{"detach", "19:00.0", "--wait", "3601"}, 2, "--wait: Value 3601 not in range"},
        {{"detach", "19:00.0", "--wait", "abc"}, 2, "--wait: abc is not a decimal number"},
        {{"detach", "19:00.0", "19:00.1"}, 2, "not expected: 19:00.1"},
        {{"detach", "<x/>&"}, 2, "'<x/>&'"},
        {{"detach", "19:00.0", "--dry-run", "extra"}, 2, "not expected: extra"},
        {{"--json", "detach", "99:00.0", "--dry-run"}, 2, "unknown PCI device"},
        {{"reattach"}, 2, "DEV is required"},
        {{"reattach", "zz"}, 2, "malformed device name"},
        {{"reattach", "99:00.0"}, 2, "unknown PCI device"},
        {{"reattach", "3c:01.0"}, 2, "is a PCI bridge or root port"},
        {{"reattach", "18:00.0"}, 1, "running guest 'gpu-workstation'"},
        {{"reattach", "19:00.0", "--force"}, 2, "unknown option '--force'"},
        {{"reattach", "19:00.0", "--wait", "x"}, 2, "--wait: x is not a decimal number"},
        {{"reattach", "'; shutdown -h now"}, 2, "malformed device name"},
    });
}

// assign: guests, devices, and each device option's bad values.
TEST_CASE("bad input: assign") {
    auto pool = [](std::vector<std::string> more) {
        std::vector<std::string> args = {"assign", "ci-runner", "--pool", "sriov-pool", "--dry-run"};
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    auto gpu = [](std::vector<std::string> more) {
        std::vector<std::string> args = {"assign", "ci-runner", "19:00.0", "--dry-run"};
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    check_rows({
        {{"assign"}, 2, "GUEST is required"},
        {{"assign", "nope", "19:00.0"}, 2, "unknown guest 'nope'"},
        {{"assign", "nfv-rooter", "02:00.0"}, 2, "did you mean nfv-router"},
        {{"assign", "<x>&'\"", "19:00.0"}, 2, "unknown guest '<x>&'\"'"},
        {{"assign", "$(reboot)", "19:00.0"}, 2, "unknown guest '$(reboot)'"},
        {{"assign", "web\nvpt: error: forged", "19:00.0"}, 2, "unknown guest 'web\\nvpt: error: forged'"},
        {{"assign", "ci-runner"}, 2, "name the devices to assign, or --pool NAME"},
        {{"assign", "ci-runner", "19:00.0", "--pool", "sriov-pool"}, 2, "(not both)"},
        {{"assign", "ci-runner", "zz"}, 2, "malformed device name"},
        {{"assign", "ci-runner", "99:00.0"}, 2, "unknown PCI device"},
        {{"assign", "ci-runner", "19:00.0", "19:00.0"}, 2, "is named twice"},
        {{"assign", "ci-runner", "3c:01.0"}, 2, "is a PCI bridge or root port and cannot be assigned"},
        {{"assign", "ci-runner", "00:1f.0"}, 2, "is an ISA/LPC bridge and cannot be assigned"},
        {{"assign", "media-server", "18:00.0"}, 1, "held by guest 'gpu-workstation'"},
        {{"assign", "media-server", "3d:00.0"}, 1, "already assigned to guest 'media-server'"},
        {{"assign", "ci-runner", "03:10.4", "--as-interface"}, 1, "--pool sriov-pool"},
        {{"assign", "ci-runner", "19:00.0", "--as-interface"}, 2, "is not an SR-IOV VF"},
        {{"assign", "ci-runner", "19:00.0", "--no-companions"}, 1, "--no-companions"},
        {{"assign", "ci-runner", "19:00.0", "--live"}, 2, "is not running"},
        {{"assign", "ci-runner", "19:00.0", "--live", "--config"}, 2, "--live excludes --config"},
        {{"assign", "ci-runner", "19:00.0", "--with-group", "--no-companions"}, 2, "excludes --no-companions"},
        {{"assign", "ci-runner", "--pool", "nope"}, 2, "unknown pool network 'nope'"},
        {{"assign", "ci-runner", "--pool", "a/b"}, 2, "unknown pool network 'a/b'"},
        {{"assign", "ci-runner", "--pool", "<p>&"}, 2, "unknown pool network '<p>&'"},
        {pool({"--mac", "ff:ff:ff:ff:ff:ff"}), 2, "is a multicast address"},
        {pool({"--mac", "01:00:5e:00:00:01"}), 2, "is a multicast address"},
        {pool({"--mac", "33:33:00:00:00:01"}), 2, "is a multicast address"},
        {pool({"--mac", "00:00:00:00:00:00"}), 2, "cannot be given to a guest interface"},
        {pool({"--mac", "52:54:00:00:00"}), 2, "malformed MAC address"},
        {pool({"--mac", "52:54:00:00:00:00:00"}), 2, "malformed MAC address"},
        {pool({"--mac", "52-54-00-00-00-01"}), 2, "malformed MAC address"},
        {pool({"--mac", "5254.0000.0001"}), 2, "malformed MAC address"},
        {pool({"--mac", "52:54:00:00:00:0g"}), 2, "malformed MAC address"},
        {pool({"--mac", "52:54:00:00:00:1"}), 2, "malformed MAC address"},
        {pool({"--mac", "52:54:00:00:00:01\n"}), 2, "'52:54:00:00:00:01\\n'"},
        {pool({"--mac", " 52:54:00:00:00:01"}), 2, "malformed MAC address"},
        {pool({"--mac", "<mac/>"}), 2, "malformed MAC address '<mac/>'"},
        {pool({"--mac", ""}), 2, "--mac: empty value"},
        {pool({"--vlan", "0"}), 2, "--vlan: Value 0 not in range 1 to 4094"},
        {pool({"--vlan", "4095"}), 2, "--vlan: Value 4095 not in range 1 to 4094"},
        {pool({"--vlan", "-1"}), 2, "--vlan: Value -1 not in range"},
        {pool({"--vlan", "abc"}), 2, "--vlan: abc is not a decimal number"},
        {pool({"--vlan", "1.5"}), 2, "--vlan: 1.5 is not a decimal number"},
        {pool({"--vlan", "0x10"}), 2, "--vlan: 0x10 is not a decimal number"},
        {pool({"--vlan", "7,8"}), 2, "--vlan: 7,8 is not a decimal number"},
        {pool({"--vlan", "99999999999999999999"}), 2, "--vlan"},
        {pool({"--rom-file", "/x.rom"}), 2, "--pool excludes --rom-file"},
        {pool({"--as-interface"}), 2, "--pool excludes --as-interface"},
        {gpu({"--rom-file", "relative.rom"}), 2, "must be an absolute path"},
        {gpu({"--rom-file", "/"}), 2, "must name a file"},
        {gpu({"--rom-file", "/roms/"}), 2, "must name a file"},
        {gpu({"--rom-file", "/roms/a\nb.rom"}), 2, "'/roms/a\\nb.rom' must not contain control characters"},
        {gpu({"--rom-file", "/roms/a\x01.rom"}), 2, "'/roms/a\\x01.rom' must not contain control characters"},
        {gpu({"--rom-file", ""}), 2, "--rom-file: empty value"},
        {gpu({"--rom-bar", "maybe"}), 2, "--rom-bar: maybe not in {on,off}"},
        {gpu({"--rom-bar", "ON"}), 2, "--rom-bar: ON not in {on,off}"},
        {gpu({"--boot-order", "0"}), 2, "--boot-order: Value 0 not in range 1 to 9999"},
        {gpu({"--boot-order", "-1"}), 2, "--boot-order: Value -1 not in range"},
        {gpu({"--boot-order", "abc"}), 2, "--boot-order: abc is not a decimal number"},
        {gpu({"--boot-order", "10000"}), 2, "--boot-order: Value 10000 not in range"},
        {gpu({"--boot-order", "000"}), 2, "--boot-order: Value 0 not in range"},
        {{"assign", "ci-runner", "19:00.0", "19:00.1", "--boot-order", "1"}, 2, "apply to one device"},
        {{"assign", "ci-runner", "19:00.0", "19:00.1", "--guest-address", "00:05.0"}, 2, "apply to one device"},
        {gpu({"--guest-address", "zz"}), 2, "--guest-address: malformed PCI address"},
        {gpu({"--guest-address", "00:20.0"}), 2, "--guest-address: invalid PCI address '00:20.0'"},
        {gpu({"--guest-address", "00:05.8"}), 2, "--guest-address: invalid PCI address '00:05.8'"},
        {gpu({"--guest-address", "100:00.0"}), 2, "--guest-address: malformed PCI address"},
        {gpu({"--guest-address", "00:05.0; reboot"}), 2, "--guest-address: malformed PCI address"},
        {gpu({"--mac", "52:54:00:00:00:01"}), 2, "--mac requires --as-interface or --pool"},
        {gpu({"--vlan", "7"}), 2, "--vlan requires --as-interface or --pool"},
        {gpu({"--virtualport", "802.1Qbh"}), 2, "--virtualport requires --as-interface"},
        {gpu({"--wait", "-5"}), 2, "--wait: Value -5 not in range"},
        {gpu({"--json", "--bogus"}), 2, "unknown option '--bogus'"},
        // a dry run refuses wherever the real run would
        {{"assign", "ci-runner", "19:00.0", "--dry-run"}, 1, "recover' (or finish it: --complete), then run this again", Journal::unfinished},
        {{"vfs", "03:00.1", "1", "--dry-run", "--root", "{root}"}, 1, "recover' (or finish it: --complete), then run this again", Journal::unfinished},
    });
}

TEST_CASE("bad input: unassign and prepare") {
    check_rows({
        {{"unassign"}, 2, "GUEST is required"},
        {{"unassign", "media-server"}, 2, "DEV is required"},
        {{"unassign", "nope", "3e:00.0"}, 2, "unknown guest 'nope'"},
        {{"unassign", "media-server", "19:00.0"}, 2, "is not assigned to guest 'media-server'"},
        {{"unassign", "media-server", "3c:01.0"}, 2, "is not assigned to guest 'media-server'"},
        {{"unassign", "media-server", "zz"}, 2, "malformed device name"},
        {{"unassign", "media-server", "99:00.0"}, 2, "unknown PCI device"},
        {{"unassign", "media-server", "3e:00.0", "--timeout", "0"}, 2, "--timeout: Value 0 not in range 1 to 600"},
        {{"unassign", "media-server", "3e:00.0", "--timeout", "601"}, 2, "--timeout: Value 601 not in range"},
        {{"unassign", "media-server", "3e:00.0", "--timeout", "soon"}, 2, "--timeout: soon is not a decimal number"},
        {{"unassign", "media-server", "3e:00.0", "--live", "--config"}, 2, "--live excludes --config"},
        {{"unassign", "<guest>&\"'", "3e:00.0"}, 2, "unknown guest '<guest>&\"''"},
        {{"unassign", "media-server", "3e:00.0", "extra"}, 2, "not expected: extra"},
        {{"unassign", "nope", "19:00.0"}, 1, "recover' (or finish it: --complete), then run this again", Journal::unfinished},
        {{"prepare"}, 2, "GUEST is required"},
        {{"prepare", "nope"}, 2, "unknown guest 'nope'"},
        {{"prepare", "ci-runner", "--root-ports", "0"}, 2, "--root-ports: Value 0 not in range 1 to 32"},
        {{"prepare", "ci-runner", "--root-ports", "33"}, 2, "--root-ports: Value 33 not in range"},
        {{"prepare", "ci-runner", "--root-ports", "many"}, 2, "--root-ports: many is not a decimal number"},
        {{"prepare", "ci-runner", "--root-ports", "040"}, 2, "--root-ports: Value 40 not in range"},
        {{"prepare", "$(halt)"}, 2, "unknown guest '$(halt)'"},
        {{"prepare", "ci-runner", "extra"}, 2, "not expected: extra"},
        {{"prepare", "ci-runner", "--uefi", "--bogus"}, 2, "unknown option '--bogus'"},
        {{"prepare", "web-frontend"}, 1, " prepare web-frontend --config' changes its config for the next boot"},
    });
}

// Guests named as shell code: every command a refusal names quotes them,
// so pasting it runs nothing else.
TEST_CASE("bad input: guests with hostile names") {
    check_rows({
        {{"-c", "{hostile}", "assign", "x;reboot", "03:10.1"}, 1, "take one with 'vpt assign 'x;reboot' --pool sriov-pool-pf1'"},
        {{"-c", "{hostile}", "assign", "x;reboot", "3e:00.0"}, 1,
         "take it back with 'vpt unassign 'wi$(touch${IFS}x)' 0000:3e:00.0'"},
        {{"-c", "{hostile}", "assign", "x;reboot", "3e:00.0", "--as-interface"}, 2,
         "(assign it as a hostdev: 'vpt assign 'x;reboot' 0000:3e:00.0')"},
        {{"-c", "{hostile}", "prepare", "x;reboot", "--root-ports", "2"}, 1, "vpt cannot move this guest to q35"},
        {{"-c", "{hostile}", "unassign", "wi$(touch${IFS}x)", "19:00.0"}, 2,
         "is not assigned to guest 'wi$(touch${IFS}x)'"},
        {{"-c", "{hostile}", "unassign", "x;rebooot", "3e:00.0"}, 2, "unknown guest 'x;rebooot'"},
        {{"-c", "{hostile}", "assign", "x;reboot", "19:00.0", "--guest-address", "00:05.0; reboot"}, 2,
         "--guest-address: malformed PCI address"},
    });
}

// vfs: PFs that are not, VF counts out of range; the sysfs tree must not change.
TEST_CASE("bad input: vfs") {
    auto vfs = [](std::vector<std::string> more) {
        std::vector<std::string> args = {"vfs"};
        args.insert(args.end(), more.begin(), more.end());
        args.insert(args.end(), {"--root", "{root}"});
        return args;
    };
    check_rows({
        {{"vfs"}, 2, "PF is required"},
        {vfs({"zz"}), 2, "no SR-IOV PF has the interface 'zz' (SR-IOV PF interfaces: enp3s0f0, enp3s0f1, enp94s0)"},
        {vfs({"eno1", "2"}), 2, "no SR-IOV PF has the interface 'eno1'"},
        {vfs({"zz:zz"}), 2, "malformed device name 'zz:zz'"},
        {vfs({"99:00.0"}), 2, "unknown PCI device"},
        {vfs({"02:00.0"}), 2, "is not an SR-IOV physical function"},
        {vfs({"3c:01.0"}), 2, "is not an SR-IOV physical function"},
        {vfs({"00:1f.0", "1"}), 2, "is not an SR-IOV physical function"},
        {vfs({"03:10.0", "2"}), 2, "give its physical function 0000:03:00.0"},
        {vfs({"03:00.1", "8"}), 2, "supports at most 7 VFs (sriov_totalvfs), not 8"},
        {vfs({"03:00.1", "010"}), 2, "supports at most 7 VFs (sriov_totalvfs), not 10"},
        {vfs({"03:00.1", "-1"}), 2, "COUNT: Value -1 not in range 0 to 65535"},
        {vfs({"03:00.1", "abc"}), 2, "COUNT: abc is not a decimal number"},
        {vfs({"03:00.1", "0x4"}), 2, "COUNT: 0x4 is not a decimal number"},
        {vfs({"03:00.1", "65536"}), 2, "COUNT: Value 65536 not in range"},
        {vfs({"03:00.1", "1.5"}), 2, "COUNT: 1.5 is not a decimal number"},
        {vfs({"03:00.1", "--persist"}), 2, "--persist needs COUNT"},
        {vfs({"03:00.1", "2", "--timeout", "-1"}), 2, "--timeout: Value -1 not in range"},
        {vfs({"03:00.1", "1", "2"}), 2, "not expected: 2"},
        {vfs({"<pf>", "1"}), 2, "malformed device name '<pf>'"},
        {vfs({"03:00.0", "6"}), 1, "0000:03:10.0 is held by guest 'nfv-router' (interface, running)"},
        {vfs({"03:00.0", "0", "--persist"}), 1, "changing the VF count of 0000:03:00.0 removes its 4 VFs"},
    });
}

TEST_CASE("bad input: pool") {
    check_rows({
        {{"pool", "bogus"}, 2, "unknown command 'pool bogus' (see vpt pool --help)"},
        {{"pool", "create"}, 2, "NAME is required"},
        {{"pool", "create", "p"}, 2, "give --pf IFACE or --vf DEV"},
        {{"pool", "create", "p", "--pf", "enp3s0f0", "--vf", "03:10.4"}, 2, "--pf excludes --vf"},
        {{"pool", "create", "p", "--pf", "bad iface!"}, 2, "no SR-IOV PF has the interface 'bad iface!'"},
        {{"pool", "create", "p", "--pf", "toolonginterfacename0"}, 2, "no SR-IOV PF has the interface"},
        {{"pool", "create", "p", "--pf", "nosuch0"}, 2, "no SR-IOV PF has the interface 'nosuch0'"},
        {{"pool", "create", "p", "--pf", "enp3s0f0\n"}, 2, "'enp3s0f0\\n'"},
        {{"pool", "create", "p", "--vf", "02:00.0"}, 2, "is not an SR-IOV VF"},
        {{"pool", "create", "p", "--vf", "99:00.0"}, 2, "unknown PCI device"},
        {{"pool", "create", "p", "--vf", "zz"}, 2, "malformed device name"},
        {{"pool", "create", "p", "--vf", "03:10.2", "--vlan", "0"}, 2, "--vlan: Value 0 not in range"},
        {{"pool", "create", "p", "--vf", "03:10.2", "--vlan", "4095"}, 2, "--vlan: Value 4095 not in range"},
        {{"pool", "create", "p", "--vf", "03:10.2", "--wait", "1e3"}, 2, "--wait: 1e3 is not a decimal number"},
        {{"pool", "create", "p", "--pf", ""}, 2, "--pf: empty value"},
        {{"pool", "create", "sriov-pool", "--pf", "enp3s0f0"}, 1, "a network named 'sriov-pool' already exists"},
        {{"pool", "create", "p", "--vf", "03:10.2"}, 1, "is already in pool network 'sriov-pool'"},
        {{"pool", "show"}, 2, "POOL is required"},
        {{"pool", "show", "nope"}, 2, "no VF-pool network named 'nope'"},
        {{"pool", "show", "<p>&'\""}, 2, "no VF-pool network named '<p>&'\"'"},
        {{"pool", "show", "a", "b"}, 2, "not expected: b"},
        {{"pool", "delete"}, 2, "POOL is required"},
        {{"pool", "delete", "nope"}, 2, "no VF-pool network named 'nope'"},
        {{"pool", "delete", "$(id)"}, 2, "no VF-pool network named '$(id)'"},
        {{"pool", "delete", "sriov-pool"}, 1, "which guests use: guest 'web-frontend' (running)"},
        {{"--json", "pool", "show", "nope"}, 2, "no VF-pool network named 'nope'"},
        {{"pool", "show", "nope"}, 2, "no VF-pool network named 'nope'", Journal::unfinished, true},
    });
}

TEST_CASE("bad input: xml") {
    auto interface = [](std::vector<std::string> more) {
        std::vector<std::string> args = {"xml", "interface", "03:10.4"};
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    check_rows({
        {{"xml", "bogus"}, 2, "unknown command 'xml bogus'"},
        {{"xml", "hostdev"}, 2, "DEV is required"},
        {{"xml", "hostdev", "zz"}, 2, "malformed device name"},
        {{"xml", "hostdev", "99:00.0"}, 2, "unknown PCI device"},
        {{"xml", "hostdev", "3c:01.0"}, 2, "is a PCI bridge or root port"},
        {{"xml", "hostdev", "00:00.0"}, 2, "is a host bridge"},
        {{"xml", "hostdev", "19:00.0", "--rom-bar", "yes"}, 2, "--rom-bar: yes not in {on,off}"},
        {{"xml", "hostdev", "19:00.0", "--rom-file", "rom.bin"}, 2, "must be an absolute path"},
        {{"xml", "hostdev", "19:00.0", "--rom-file", "/x/</rom>&.bin\n"}, 2, "'/x/</rom>&.bin\\n'"},
        {{"xml", "hostdev", "19:00.0", "--boot-order", "0"}, 2, "--boot-order: Value 0 not in range"},
        {{"xml", "hostdev", "19:00.0", "--guest-address", "00:00.8"}, 2, "--guest-address: invalid PCI address"},
        {{"xml", "hostdev", "19:00.0", "--unassigned", "--boot-order", "1"}, 2, "excludes --unassigned"},
        {{"xml", "hostdev", "19:00.0", "--unassigned", "--guest-address", "00:05.0"}, 2, "excludes --unassigned"},
        {{"xml", "hostdev", "19:00.0", "--mac", "52:54:00:00:00:01"}, 2, "unknown option '--mac'"},
        {{"xml", "interface", "19:00.0"}, 2, "is not an SR-IOV virtual function"},
        {{"xml", "interface", "03:00.0"}, 2, "is not an SR-IOV virtual function"},
        {interface({"--mac", "ff:ff:ff:ff:ff:ff"}), 2, "--mac: MAC address ff:ff:ff:ff:ff:ff is a multicast address"},
        {interface({"--mac", "52:54:00:zz:00:01"}), 2, "--mac: malformed MAC address"},
        {interface({"--vlan", "4095"}), 2, "--vlan: Value 4095 not in range"},
        {interface({"--vlan", "zero"}), 2, "--vlan: zero is not a decimal number"},
        {interface({"--virtualport", "802.1Qbg"}), 2, "virtualport 802.1Qbg needs the parameter managerid"},
        {interface({"--virtualport", "openvswitch"}), 2, "is not supported on a hostdev interface"},
        {interface({"--virtualport", "bogus"}), 2, "unknown virtualport type 'bogus'"},
        {interface({"--virtualport", "<vp/>"}), 2, "unknown virtualport type '<vp/>'"},
        {interface({"--virtualport", "802.1Qbh", "--virtualport-param", "noequals"}), 2, "expected KEY=VALUE"},
        {interface({"--virtualport", "802.1Qbh", "--virtualport-param", "=x"}), 2, "expected KEY=VALUE"},
        {interface({"--virtualport", "802.1Qbh", "--virtualport-param", "bogus=x"}), 2, "has no parameter 'bogus'"},
        {interface({"--virtualport", "802.1Qbh", "--virtualport-param", "profileid=a\nb"}), 2, "'a\\nb'"},
        {interface({"--virtualport", "802.1Qbh", "--vlan", "5"}), 2, "needs the parameter profileid"},
        {interface({"--virtualport-param", "profileid=x"}), 2, "--virtualport-param needs --virtualport TYPE"},
        {interface({"--rom-bar", "off"}), 2, "unknown option '--rom-bar'"},
        {{"xml", "pool"}, 2, "NAME is required"},
        {{"xml", "pool", "p"}, 2, "needs --pf IFACE or --vf DEV"},
        {{"xml", "pool", "a/b", "--pf", "enp3s0f0"}, 2, "pool name 'a/b' must not contain '/'"},
        {{"xml", "pool", "a\nb", "--pf", "enp3s0f0"}, 2, "pool name 'a\\nb' must not contain control characters"},
        {{"xml", "pool", "p", "--pf", "nosuch0"}, 2, "no SR-IOV physical function with interface 'nosuch0'"},
        {{"xml", "pool", "p", "--pf", "bad iface!"}, 2, "--pf: invalid interface name 'bad iface!'"},
        {{"xml", "pool", "p", "--pf", "02:00.0"}, 2, "is not an SR-IOV physical function"},
        {{"xml", "pool", "p", "--vf", "02:00.0"}, 2, "is not an SR-IOV virtual function"},
        {{"xml", "pool", "p", "--vf", "03:10.4", "--vf", "03:10.4"}, 2, "0000:03:10.4 (82576 Virtual Function) is named twice"},
        {{"xml", "pool", "p", "--pf", "enp3s0f0", "--vlan", "0"}, 2, "--vlan: Value 0 not in range"},
        {{"xml", "pool", "p", "--pf", "enp3s0f0", "--vf", "03:10.4"}, 2, "--pf excludes --vf"},
        {{"xml", "hostdev", "zz"}, 2, "malformed device name", Journal::damaged, true},
    });
}
