#include <doctest/doctest.h>

#include "host/checks.hpp"
#include "test_host_tree.hpp"

using namespace vpt;
using vpt::test::fixture;
using vpt::test::has_text;
using vpt::test::TempTree;

TEST_CASE("check_vfio_modules") {
    SUBCASE("loaded") {
        auto v = check_vfio_modules(fixture("intel-ir"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(v.finding == "vfio, vfio_pci, vfio_iommu_type1 loaded");
    }
    SUBCASE("built in (modules.builtin)") {
        auto v = check_vfio_modules(fixture("amd"));
        CHECK(v.status == CheckStatus::pass);
        CHECK(v.finding == "vfio, vfio_pci, vfio_iommu_type1 built in");
    }
    SUBCASE("not loaded but available: a warning, libvirt loads vfio-pci itself") {
        auto v = check_vfio_modules(fixture("vfio-not-loaded"));
        CHECK(v.status == CheckStatus::warn);
        CHECK(has_text(v.finding, "libvirt loads vfio-pci"));
        CHECK(has_text(v.fix, "modprobe -a vfio vfio_pci vfio_iommu_type1"));
        CHECK(has_text(v.fix, "/etc/modules-load.d/vfio.conf"));
    }
    SUBCASE("the vfio-pci driver directory counts as loaded") {
        TempTree tree("vfio-not-loaded");
        tree.write("/sys/module/vfio/refcnt", "1\n");
        tree.write("/sys/module/vfio_iommu_type1/refcnt", "0\n");
        tree.write("/sys/bus/pci/drivers/vfio-pci/new_id", "");
        CHECK(check_vfio_modules(tree.fs()).status == CheckStatus::pass);
    }
    SUBCASE("a kernel without vfio: fail") {
        TempTree tree("vfio-not-loaded");
        tree.write("/lib/modules/6.1.0-18-amd64/modules.dep",
                   "kernel/drivers/nvme/host/nvme.ko.xz: kernel/drivers/nvme/host/nvme-core.ko.xz\n");
        auto v = check_vfio_modules(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "has no vfio, vfio_pci, vfio_iommu_type1"));
        CHECK(has_text(v.fix, "CONFIG_VFIO_PCI"));
    }
    SUBCASE("iommufd serves the container on a kernel without vfio_iommu_type1") {
        TempTree tree("vfio-not-loaded");
        tree.write("/lib/modules/6.1.0-18-amd64/modules.dep",
                   "kernel/drivers/vfio/vfio.ko.xz:\nkernel/drivers/vfio/pci/vfio-pci.ko.xz:\n"
                   "kernel/drivers/iommu/iommufd/iommufd.ko.xz:\n");
        tree.write("/sys/module/vfio/refcnt", "1\n");
        tree.write("/sys/module/iommufd/refcnt", "1\n");
        tree.write("/sys/bus/pci/drivers/vfio-pci/new_id", "");
        tree.write("/boot/config-6.1.0-18-amd64", "CONFIG_IOMMUFD=m\nCONFIG_IOMMUFD_VFIO_CONTAINER=y\n");
        auto v = check_vfio_modules(tree.fs());
        CHECK(v.status == CheckStatus::pass);
        CHECK(v.finding == "vfio, vfio_pci, iommufd loaded");
        // without the container compatibility, iommufd does not stand in
        tree.write("/boot/config-6.1.0-18-amd64", "CONFIG_IOMMUFD=m\n# CONFIG_IOMMUFD_VFIO_CONTAINER is not set\n");
        auto without = check_vfio_modules(tree.fs());
        CHECK(without.status == CheckStatus::fail);
        CHECK(has_text(without.finding, "has no vfio_iommu_type1"));
    }
    SUBCASE("no module directory for the running kernel: fail") {
        TempTree tree("vfio-not-loaded");
        tree.remove("/lib/modules");
        auto v = check_vfio_modules(tree.fs());
        CHECK(v.status == CheckStatus::fail);
        CHECK(has_text(v.finding, "/lib/modules/6.1.0-18-amd64"));
    }
}
