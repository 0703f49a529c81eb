// The controllers a q35 guest needs before devices can be hot-plugged into
// it while it runs: libvirt adds controllers when it defines a config, never
// to a running guest. `vpt prepare --root-ports N --pci-bridge` puts them in
// the config; they exist from the guest's next start.
#pragma once

#include "core/result.hpp"
#include "xml/domain_editor.hpp"

namespace vpt {

// Adds <controller type='pci' model='pcie-root-port'/> until the guest has
// `wanted` empty hot-pluggable root ports (for PCIe devices). True when it
// added any. Fails for a guest that is not q35.
Result<bool> ensure_free_root_ports(DomainEditor& editor, unsigned wanted);

// Adds a <controller type='pci' model='pcie-to-pci-bridge'/> (where
// conventional PCI devices are hot-plugged) and a root port for it to sit in,
// unless the guest has a hot-pluggable PCI bridge with a free slot. True
// when it added them. Fails for a guest that is not q35.
Result<bool> ensure_pci_bridge(DomainEditor& editor);

}  // namespace vpt
