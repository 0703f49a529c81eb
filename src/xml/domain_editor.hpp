// Edits a guest's domain XML in place: the document is parsed keeping
// comments, processing instructions, layout whitespace and entity references
// as written, vpt changes only the nodes it owns, and everything else is
// written back byte for byte. Unmodified, xml() returns the input exactly
// (for libvirt's own output and any document with one attribute quote style
// and no empty <a></a> pairs; see round_trips_exactly()).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pci_address.hpp"
#include "core/result.hpp"

namespace vpt {

class DomainEditor {
public:
    // Fails on malformed XML or a root other than <domain>.
    static Result<DomainEditor> load(std::string_view domain_xml);

    DomainEditor(DomainEditor&&) noexcept;
    DomainEditor& operator=(DomainEditor&&) noexcept;
    ~DomainEditor();

    // The document as it stands.
    std::string xml() const;
    // True when xml() of the unmodified document equals the input.
    bool round_trips_exactly() const;
    // True once an edit changed something.
    bool changed() const;

    // Appends a device element (e.g. from hostdev_xml()) as the last child of
    // <devices> (created if missing), indented like its siblings. Fails on
    // malformed device XML.
    Result<bool> add_device(std::string_view device_xml);

    // Removes every <hostdev type='pci'> and <interface type='hostdev'> whose
    // source address is in `addresses`. Returns the XML of each removed
    // element, in document order (what a live detach needs).
    std::vector<std::string> remove_pci_devices(const std::vector<PciAddress>& addresses);

    // The XML of the <hostdev type='pci'> or <interface type='hostdev'> whose
    // source address is `address`, if the guest has one.
    std::optional<std::string> find_pci_device(const PciAddress& address) const;

    // Applications keep their own data in <metadata>, one element per XML
    // namespace (libvirt's rule). The element in namespace `uri`, as written;
    // nullopt when there is none.
    std::optional<std::string> metadata_element(std::string_view uri) const;
    // Puts `element_xml` (an element in namespace `uri`) into <metadata>, in
    // place of the one there; <metadata> is created after the guest's name,
    // uuid, title and description when missing. Fails on malformed XML or an
    // element in another namespace.
    Result<bool> set_metadata_element(std::string_view uri, std::string_view element_xml);
    // Removes the element in namespace `uri`, and <metadata> when nothing is
    // left in it. True when there was one.
    bool remove_metadata_element(std::string_view uri);

    // The edits `vpt prepare` makes. Each returns true when it changed the
    // document and false when it was already so; each touches only its own
    // element or attribute.
    //   <os firmware='efi'>
    Result<bool> set_firmware_efi();
    //   <os><type machine='q35'>; a machine already of the q35 family
    //   (pc-q35-7.2) is left alone. Fails when the guest has no <os><type>.
    Result<bool> set_machine_q35();
    //   <devices><iommu model='intel'><driver intremap='on' caching_mode='on'/>
    //   added, or those two attributes set on an existing intel <iommu>; fails
    //   when the guest has an <iommu> of another model.
    Result<bool> add_intel_iommu();
    //   <features><ioapic driver='qemu'/></features> (the split irqchip that
    //   intremap needs); <features> is created after <os> when missing.
    Result<bool> set_ioapic_qemu();
    //   <controller type='pci' model='pcie-root'> (q35) or 'pci-root'
    //   (i440fx) <pcihole64 unit='KiB'>N</pcihole64>: the size of the 64-bit
    //   PCI window; the root controller is created when missing. Fails on
    //   other machine types (QEMU has the property only on those two hosts).
    Result<bool> set_pcihole64(uint64_t kib);

private:
    struct Impl;
    explicit DomainEditor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace vpt
