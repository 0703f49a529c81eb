// The vfio modules. libvirt loads vfio-pci itself the first time it
// detaches a device (and vfio loads vfio_iommu_type1 when a guest opens its
// container), so modules that are merely not loaded yet are a warning; a
// kernel that has no vfio at all is a failure. The container libvirt opens
// (/dev/vfio/vfio) is served by vfio_iommu_type1, or on a kernel built with
// CONFIG_IOMMUFD_VFIO_CONTAINER that may lack it, by iommufd.
#include <set>
#include <sstream>

#include "core/text_list.hpp"
#include "host/checks.hpp"
#include "host/kernel_cmdline.hpp"

namespace vpt {
namespace {

// Module names in modules.dep or modules.builtin: each line starts with a
// path such as "kernel/drivers/vfio/pci/vfio-pci.ko.xz".
std::set<std::string> module_names(const std::string& text) {
    std::set<std::string> names;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::string path = line.substr(0, line.find(':'));
        std::string file = path.substr(path.find_last_of('/') + 1);
        auto ko = file.find(".ko");
        if (ko != std::string::npos) names.insert(normalise_name(file.substr(0, ko)));
    }
    return names;
}

bool is_loaded(const HostFs& fs, const std::string& module) {
    if (fs.exists("/sys/module/" + module)) return true;
    return module == "vfio_pci" && fs.exists("/sys/bus/pci/drivers/vfio-pci");
}

// vfio_iommu_type1, unless the kernel has none and iommufd serves the
// container in its place.
std::string container_module(const HostFs& fs, const std::string& release, const std::set<std::string>& builtin,
                             const std::set<std::string>& available) {
    const std::string type1 = "vfio_iommu_type1", iommufd = "iommufd";
    if (builtin.count(type1) || available.count(type1) || is_loaded(fs, type1)) return type1;
    std::string config = "\n" + fs.read_text("/boot/config-" + release).value_or("") + "\n";
    bool compat = config.find("\nCONFIG_IOMMUFD_VFIO_CONTAINER=y\n") != std::string::npos;
    bool have_iommufd = builtin.count(iommufd) || available.count(iommufd) || is_loaded(fs, iommufd);
    return compat && have_iommufd ? iommufd : type1;
}

}  // namespace

Verdict check_vfio_modules(const HostFs& fs) {
    std::string release = fs.read_text("/proc/sys/kernel/osrelease").value_or("unknown");
    std::string modules_dir = "/lib/modules/" + release;
    auto builtin_text = fs.read_text(modules_dir + "/modules.builtin");
    std::set<std::string> builtin = builtin_text ? module_names(*builtin_text) : std::set<std::string>{};
    auto dep_text = fs.read_text(modules_dir + "/modules.dep");
    std::set<std::string> available = dep_text ? module_names(*dep_text) : std::set<std::string>{};
    const std::vector<std::string> vfio_modules = {"vfio", "vfio_pci",
                                                   container_module(fs, release, builtin, available)};

    std::vector<std::string> loaded, built_in, missing;
    for (const auto& module : vfio_modules) {
        if (builtin.count(module))
            built_in.push_back(module);
        else if (is_loaded(fs, module))
            loaded.push_back(module);
        else
            missing.push_back(module);
    }
    if (missing.empty()) {
        std::string text;
        if (!loaded.empty()) text = join(loaded) + " loaded";
        if (!built_in.empty()) text += (text.empty() ? "" : "; ") + join(built_in) + " built in";
        return pass(text);
    }

    const std::string load_fix = "modprobe -a " + join(vfio_modules, " ") +
                                 "\nto load them at every boot: printf '%s\\n' " + join(vfio_modules, " ") +
                                 " > /etc/modules-load.d/vfio.conf";
    if (!dep_text)
        return fail("not loaded: " + join(missing) + ", and the running kernel has no modules in " +
                        modules_dir,
                    "install the modules of the running kernel (or boot a kernel built with "
                    "CONFIG_VFIO_PCI), then: " + load_fix);
    std::vector<std::string> absent;
    for (const auto& module : missing)
        if (!available.count(module)) absent.push_back(module);
    if (!absent.empty())
        return fail("the running kernel has no " + join(absent) +
                        " (not loaded, not built in, not in " + modules_dir + "/modules.dep)",
                    "boot a kernel built with VFIO (CONFIG_VFIO, CONFIG_VFIO_PCI, "
                    "CONFIG_VFIO_IOMMU_TYPE1), then: " + load_fix);
    return warn("not loaded yet: " + join(missing) +
                    " (available as modules; libvirt loads vfio-pci itself on the first detach)",
                load_fix);
}

}  // namespace vpt
