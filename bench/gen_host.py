#!/usr/bin/env python3
"""Generate a large PCI passthrough host for libvirt's test driver.

    gen_host.py DEVICES OUTPUT.xml

writes a <node> file (the format of examples/demo-host.xml) holding exactly
DEVICES PCI node devices, plus their net children, hostdev networks and
guests, so that `vpt list` has everything a real host gives it to read:

  - IOMMU groups: one per root port and per isolated endpoint, shared by the
    functions of a GPU, and by a whole PCIe switch (no ACS);
  - SR-IOV: dual-port NICs whose PFs have 8, 16 or 32 VFs each, every VF in
    its own group; PFs and one VF in four have a net_* child (host driver),
    the other VFs are bound to vfio-pci;
  - one hostdev network (<forward mode='hostdev'><pf dev=.../>) per PF, and a
    NAT network;
  - about one guest per 20 devices, two in three running, holding GPUs,
    NVMe drives and switch endpoints as <hostdev>, VFs as
    <interface type='hostdev'>, and pool VFs as <interface type='network'>.

Node device XML is written the way libvirt 9.0 prints it: decimal
<bus>/<slot>/<function> in the pci capability, hex everywhere else.  The
output depends on DEVICES only (no randomness).  Plain standard library.
"""

import sys
from xml.sax.saxutils import escape

ROOT_PORT_SLOTS = [(slot, fn) for slot in range(0x02, 0x20) for fn in range(4)]
SHUT_OFF, RUNNING = 5, 1


class Addr:
    __slots__ = ("d", "b", "s", "f")

    def __init__(self, d, b, s, f):
        self.d, self.b, self.s, self.f = d, b, s, f

    def name(self):
        return f"pci_{self.d:04x}_{self.b:02x}_{self.s:02x}_{self.f:x}"

    def sysfs(self):
        return f"{self.d:04x}:{self.b:02x}:{self.s:02x}.{self.f:x}"

    def xml(self, type_attr=False):
        t = "type='pci' " if type_attr else ""
        return (f"<address {t}domain='0x{self.d:04x}' bus='0x{self.b:02x}' "
                f"slot='0x{self.s:02x}' function='0x{self.f:x}'/>")

    def ifname(self):
        prefix = "enp" if self.d == 0 else f"enP{self.d}p"
        return f"{prefix}{self.b}s{self.s}f{self.f}"


class Host:
    def __init__(self, target):
        self.target = target
        self.devices = []      # <device> texts (PCI and net)
        self.pci_count = 0
        self.group = 0
        self.mac = 0
        self.domain = -1
        self.next_bus = 0x100  # forces a new PCI domain on first use
        self.root_ports_used = len(ROOT_PORT_SLOTS)
        # what guests may take
        self.gpus = []         # [(vga, audio)]
        self.nvmes = []
        self.switch_endpoints = []
        self.vfio_vfs = []     # VFs bound to vfio-pci (no net child)
        self.pfs = []          # (pf address, ifname)

    # ---- numbering -------------------------------------------------------
    def left(self):
        return self.target - self.pci_count

    def new_group(self):
        self.group += 1
        return self.group - 1

    def new_mac(self, prefix="3c:fd:fe"):
        self.mac += 1
        m = self.mac
        return f"{prefix}:{(m >> 16) & 0xff:02x}:{(m >> 8) & 0xff:02x}:{m & 0xff:02x}"

    def new_segment(self):
        """A new PCI domain (segment) with its host bridge at DDDD:00:00.0."""
        self.domain += 1
        self.next_bus = 1
        self.root_ports_used = 0
        bridge = Addr(self.domain, 0, 0, 0)
        self.pci(bridge, "computer", f"/sys/devices/pci{self.domain:04x}:00", None, 0x060000,
                 (0x8086, 0x2020, "Sky Lake-E DMI3 Registers"), [bridge], self.new_group())

    def buses(self, count):
        if self.next_bus + count > 0x100 or self.root_ports_used >= len(ROOT_PORT_SLOTS):
            self.new_segment()
        first = self.next_bus
        self.next_bus += count
        return first

    # ---- node devices ----------------------------------------------------
    def pci(self, addr, parent, path_dir, driver, cls, ids, members, group, caps="",
            link=("8", "4")):
        vendor, product, product_name = ids
        vendor_name = VENDORS[vendor]
        drv = f"\n    <driver>\n      <name>{driver}</name>\n    </driver>" if driver else ""
        group_xml = "".join(f"\n        {m.xml()}" for m in members)
        speed, width = link
        self.devices.append(f"""  <device>
    <name>{addr.name()}</name>
    <path>{path_dir}/{addr.sysfs()}</path>
    <parent>{parent}</parent>{drv}
    <capability type='pci'>
      <class>0x{cls:06x}</class>
      <domain>{addr.d}</domain>
      <bus>{addr.b}</bus>
      <slot>{addr.s}</slot>
      <function>{addr.f}</function>
      <product id='0x{product:04x}'>{escape(product_name)}</product>
      <vendor id='0x{vendor:04x}'>{escape(vendor_name)}</vendor>{caps}
      <iommuGroup number='{group}'>{group_xml}
      </iommuGroup>
      <pci-express>
        <link validity='cap' port='0' speed='{speed}' width='{width}'/>
        <link validity='sta' speed='{speed}' width='{width}'/>
      </pci-express>
    </capability>
  </device>""")
        self.pci_count += 1
        return f"{path_dir}/{addr.sysfs()}"

    def net(self, parent_addr, parent_path, ifname, state="up"):
        mac = self.new_mac()
        link = "<link speed='10000' state='up'/>" if state == "up" else "<link state='down'/>"
        features = "".join(f"\n      <feature name='{f}'/>" for f in NET_FEATURES)
        self.devices.append(f"""  <device>
    <name>net_{ifname}_{mac.replace(':', '_')}</name>
    <path>{parent_path}/net/{ifname}</path>
    <parent>{parent_addr.name()}</parent>
    <capability type='net'>
      <interface>{ifname}</interface>
      <address>{mac}</address>
      {link}{features}
      <capability type='80203'/>
    </capability>
  </device>""")

    def root_port(self, bus):
        """A root port on the segment's root bus, alone in its group, -> bus."""
        slot, fn = ROOT_PORT_SLOTS[self.root_ports_used]
        self.root_ports_used += 1
        rp = Addr(self.domain, 0, slot, fn)
        path = self.pci(rp, "computer", f"/sys/devices/pci{self.domain:04x}:00", "pcieport",
                        0x060400, (0x8086, 0x2030 + fn, "Sky Lake-E PCI Express Root Port"),
                        [rp], self.new_group(), "\n      <capability type='pci-bridge'/>")
        return rp, path

    # ---- units: a root port and what sits behind it ----------------------
    def unit_integrated(self):
        """One root-complex integrated endpoint (SATA or SMBus), own group."""
        if self.domain < 0 or self.root_ports_used >= len(ROOT_PORT_SLOTS):
            self.new_segment()
        slot, fn = ROOT_PORT_SLOTS[self.root_ports_used]
        self.root_ports_used += 1
        a = Addr(self.domain, 0, slot, fn)
        if self.pci_count % 2:
            ids, cls, drv = (0x8086, 0xa182, "C620 Series Chipset Family SATA Controller [AHCI mode]"), 0x010601, "ahci"
        else:
            ids, cls, drv = (0x8086, 0xa1a3, "C620 Series Chipset Family SMBus"), 0x0c0500, "i801_smbus"
        self.pci(a, "computer", f"/sys/devices/pci{self.domain:04x}:00", drv, cls, ids, [a],
                 self.new_group())

    def unit_nvme(self):
        bus = self.buses(1)
        rp, rp_path = self.root_port(bus)
        a = Addr(self.domain, bus, 0, 0)
        drv = "vfio-pci" if len(self.nvmes) % 2 else "nvme"
        self.pci(a, rp.name(), rp_path, drv, 0x010802,
                 (0x144d, 0xa824, "NVMe SSD Controller PM173X"), [a], self.new_group())
        self.nvmes.append(a)

    def unit_gpu(self):
        bus = self.buses(1)
        rp, rp_path = self.root_port(bus)
        vga, audio = Addr(self.domain, bus, 0, 0), Addr(self.domain, bus, 0, 1)
        group = self.new_group()
        self.pci(vga, rp.name(), rp_path, "vfio-pci", 0x030000,
                 (0x10de, 0x2204, "GA102 [GeForce RTX 3090]"), [vga, audio], group, link=("16", "16"))
        self.pci(audio, rp.name(), rp_path, "vfio-pci", 0x040300,
                 (0x10de, 0x1aef, "GA102 High Definition Audio Controller"), [vga, audio], group,
                 link=("16", "16"))
        self.gpus.append((vga, audio))

    def unit_switch(self):
        """Root port -> switch upstream port -> 4 downstream ports -> 4
        endpoints; the switch has no ACS, so all nine share one group."""
        bus = self.buses(6)
        rp, rp_path = self.root_port(bus)
        up = Addr(self.domain, bus, 0, 0)
        downs = [Addr(self.domain, bus + 1, i + 1, 0) for i in range(4)]
        ends = [Addr(self.domain, bus + 2 + i, 0, 0) for i in range(4)]
        members = sorted([up] + downs + ends, key=lambda a: (a.b, a.s, a.f))
        group = self.new_group()
        bridge = "\n      <capability type='pci-bridge'/>"
        up_path = self.pci(up, rp.name(), rp_path, "pcieport", 0x060400,
                           (0x10b5, 0x8724, "PEX 8724 24-Lane, 6-Port PCI Express Gen 3 (8 GT/s) Switch"),
                           members, group, bridge)
        for down, end in zip(downs, ends):
            down_path = self.pci(down, up.name(), up_path, "pcieport", 0x060400,
                                 (0x10b5, 0x8724, "PEX 8724 24-Lane, 6-Port PCI Express Gen 3 (8 GT/s) Switch"),
                                 members, group, bridge)
            if end.b % 2:
                self.pci(end, down.name(), down_path, "xhci_hcd", 0x0c0330,
                         (0x1912, 0x0014, "uPD720201 USB 3.0 Host Controller"), members, group)
            else:
                path = self.pci(end, down.name(), down_path, "e1000e", 0x020000,
                                (0x8086, 0x10d3, "82574L Gigabit Network Connection"), members, group,
                                link=("2.5", "1"))
                self.net(end, path, end.ifname(), "down")
            self.switch_endpoints.append(end)

    def unit_sriov(self, vfs_per_pf):
        """Dual-port NIC, two PFs (own groups, net children), VFs after them."""
        bus = self.buses(1)
        rp, rp_path = self.root_port(bus)
        pfs = [Addr(self.domain, bus, 0, 0), Addr(self.domain, bus, 0, 1)]
        vfs = [[], []]
        index = 0
        for p in range(2):
            for _ in range(vfs_per_pf):
                vfs[p].append(Addr(self.domain, bus, 2 + index // 8, index % 8))
                index += 1
        ids_pf = (0x8086, 0x1593, "Ethernet Controller E810-C for SFP")
        ids_vf = (0x8086, 0x1889, "Ethernet Adaptive Virtual Function")
        for p, pf in enumerate(pfs):
            vf_list = "".join(f"\n        {v.xml()}" for v in vfs[p])
            caps = f"\n      <capability type='virt_functions' maxCount='{max(64, vfs_per_pf)}'>{vf_list}\n      </capability>"
            path = self.pci(pf, rp.name(), rp_path, "ice", 0x020000, ids_pf, [pf],
                            self.new_group(), caps, link=("16", "16"))
            self.net(pf, path, pf.ifname())
            self.pfs.append((pf, pf.ifname()))
        for p, pf in enumerate(pfs):
            for i, vf in enumerate(vfs[p]):
                host_vf = i % 4 == 3
                caps = f"\n      <capability type='phys_function'>\n        {pf.xml()}\n      </capability>"
                path = self.pci(vf, rp.name(), rp_path, "iavf" if host_vf else "vfio-pci",
                                0x020000, ids_vf, [vf], self.new_group(), caps, link=("16", "16"))
                if host_vf:
                    self.net(vf, path, vf.ifname())
                else:
                    self.vfio_vfs.append(vf)


VENDORS = {0x8086: "Intel Corporation", 0x10de: "NVIDIA Corporation",
           0x144d: "Samsung Electronics Co Ltd", 0x10b5: "PLX Technology, Inc.",
           0x1912: "Renesas Technology Corp."}
NET_FEATURES = ["rx", "tx", "sg", "tso", "gso", "gro", "rxvlan", "txvlan", "rxhash"]

# One repeating pattern of units; (name, size in PCI functions).
PATTERN = [("sriov8", 19), ("gpu", 3), ("nvme", 2), ("switch", 10), ("nvme", 2),
           ("sriov16", 35), ("gpu", 3), ("nvme", 2), ("integrated", 1),
           ("sriov32", 67), ("nvme", 2), ("switch", 10), ("gpu", 3)]
BY_SIZE = sorted({(size, name) for name, size in PATTERN}, reverse=True)


def build(target):
    host = Host(target)
    host.new_segment()
    i = 0
    while host.left() > 0:
        name, size = PATTERN[i % len(PATTERN)]
        i += 1
        if size > host.left():  # the largest unit that still fits
            name = next(n for s, n in BY_SIZE if s <= host.left())
        if name.startswith("sriov"):
            host.unit_sriov(int(name[5:]))
        else:
            getattr(host, "unit_" + name)()
    assert host.pci_count == target, (host.pci_count, target)
    return host


def guest_xml(index, name, state, passthrough):
    mac = f"52:54:00:{(index >> 8) & 0xff:02x}:{index & 0xff:02x}:01"
    return f"""  <domain type='kvm' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>{name}</name>
    <uuid>6b1c2a9e-0000-4c47-9a0e-{index:012x}</uuid>
    <memory unit='KiB'>8388608</memory>
    <currentMemory unit='KiB'>8388608</currentMemory>
    <vcpu placement='static'>4</vcpu>
    <os>
      <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
      <boot dev='hd'/>
    </os>
    <features>
      <acpi/>
      <apic/>
    </features>
    <cpu mode='host-passthrough' check='none' migratable='on'/>
    <clock offset='utc'/>
    <on_poweroff>destroy</on_poweroff>
    <on_reboot>restart</on_reboot>
    <on_crash>destroy</on_crash>
    <devices>
      <emulator>/usr/bin/qemu-system-x86_64</emulator>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='/var/lib/libvirt/images/{name}.qcow2'/>
        <target dev='vda' bus='virtio'/>
      </disk>
      <controller type='pci' index='0' model='pcie-root'/>
      <interface type='network'>
        <mac address='{mac}'/>
        <source network='default'/>
        <model type='virtio'/>
      </interface>{passthrough}
      <serial type='pty'>
        <target type='isa-serial' port='0'>
          <model name='isa-serial'/>
        </target>
      </serial>
      <console type='pty'>
        <target type='serial' port='0'/>
      </console>
      <memballoon model='virtio'/>
    </devices>
    <test:runstate>{state}</test:runstate>
  </domain>"""


def hostdev(addr):
    return f"""
      <hostdev mode='subsystem' type='pci' managed='yes'>
        <driver name='vfio'/>
        <source>
          {addr.xml()}
        </source>
      </hostdev>"""


def vf_interface(addr, mac, vlan):
    return f"""
      <interface type='hostdev' managed='yes'>
        <mac address='{mac}'/>
        <driver name='vfio'/>
        <source>
          {addr.xml(type_attr=True)}
        </source>
        <vlan>
          <tag id='{vlan}'/>
        </vlan>
      </interface>"""


def pool_interface(network, mac):
    return f"""
      <interface type='network'>
        <mac address='{mac}'/>
        <source network='{network}'/>
      </interface>"""


def guests_and_networks(host):
    count = max(4, host.target // 20)
    parts = [[] for _ in range(count)]
    slot = iter(range(10**9))

    def give(text):
        parts[next(slot) % count].append(text)

    for vga, audio in host.gpus[::2]:
        give(hostdev(vga) + hostdev(audio))
    for nvme in host.nvmes[::2]:
        give(hostdev(nvme))
    for end in host.switch_endpoints[::4]:
        give(hostdev(end))
    for n, vf in enumerate(host.vfio_vfs[::2]):
        give(vf_interface(vf, f"52:54:01:{(n >> 8) & 0xff:02x}:{n & 0xff:02x}:02", 100 + n % 3000))

    networks = ["""  <network>
    <name>default</name>
    <uuid>0b6f3a9c-7d21-4e58-8c4a-f19e2d6b7035</uuid>
    <forward mode='nat'/>
    <bridge name='virbr0' stp='on' delay='0'/>
    <ip address='192.168.122.1' netmask='255.255.255.0'/>
  </network>"""]
    for n, (_, ifname) in enumerate(host.pfs):
        networks.append(f"""  <network>
    <name>pool-{ifname}</name>
    <uuid>d1840c7e-2a5f-4b96-9e03-{n:012x}</uuid>
    <forward mode='hostdev' managed='yes'>
      <driver name='vfio'/>
      <pf dev='{ifname}'/>
    </forward>
  </network>""")
    # one guest in two takes a VF from some pool
    for g in range(0, count, 2):
        _, ifname = host.pfs[(g // 2) % len(host.pfs)] if host.pfs else (None, None)
        if ifname:
            parts[g].append(pool_interface(f"pool-{ifname}", f"52:54:02:{(g >> 8) & 0xff:02x}:{g & 0xff:02x}:03"))

    domains = [guest_xml(g, f"guest-{g:04d}", SHUT_OFF if g % 3 == 2 else RUNNING, "".join(parts[g]))
               for g in range(count)]
    return networks, domains


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.exit(f"usage: {argv[0]} DEVICES OUTPUT.xml")
    host = build(int(argv[1]))
    networks, domains = guests_and_networks(host)
    computer = """  <device>
    <name>computer</name>
    <capability type='system'>
      <product>Benchmark host</product>
      <hardware>
        <vendor>Generic</vendor>
        <version>1</version>
        <serial>0</serial>
        <uuid>00000000-0000-0000-0000-00000000be7c</uuid>
      </hardware>
      <firmware>
        <vendor>Generic</vendor>
        <version>1</version>
        <release_date>01/01/2024</release_date>
      </firmware>
    </capability>
  </device>"""
    with open(argv[2], "w", encoding="utf-8") as out:
        out.write("<?xml version=\"1.0\"?>\n")
        out.write(f"<!-- generated by bench/gen_host.py {host.target}: {host.pci_count} PCI "
                  f"functions, {len(domains)} guests, {len(networks)} networks -->\n")
        out.write("""<node>
  <cpu>
    <nodes>2</nodes>
    <sockets>2</sockets>
    <cores>32</cores>
    <threads>2</threads>
    <active>128</active>
    <mhz>2400</mhz>
    <model>x86_64</model>
  </cpu>
  <memory>1073741824</memory>
""")
        out.write("\n".join([computer] + host.devices + networks + domains))
        out.write("\n</node>\n")


if __name__ == "__main__":
    main(sys.argv)
