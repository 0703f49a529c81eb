// The vfio modules. libvirt loads vfio-pci itself the first time it
// detaches a device (and vfio loads vfio_iommu_type1 when a guest opens its
// container), so modules that are merely not loaded yet are a warning; a
// kernel that has no vfio at all is a failure.
#include <set>
#include <sstream>

#include "core/text_list.hpp"
#include "host/checks.hpp"

namespace vpt {
namespace {

const std::vector<std::string> vfio_modules = {"vfio", "vfio_pci", "vfio_iommu_type1"};

std::string normalise(std::string name) {
    for (char& c : name)
        if (c == '-') c = '_';
    return name;
}

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
        if (ko != std::string::npos) names.insert(normalise(file.substr(0, ko)));
    }
    return names;
}

bool is_loaded(const HostFs& fs, const std::string& module) {
    if (fs.exists("/sys/module/" + module)) return true;
    return module == "vfio_pci" && fs.exists("/sys/bus/pci/drivers/vfio-pci");
}

}  // namespace

Verdict check_vfio_modules(const HostFs& fs) {
    auto release = fs.read_text("/proc/sys/kernel/osrelease");
    std::string modules_dir = "/lib/modules/" + (release ? *release : std::string("unknown"));
    auto builtin_text = fs.read_text(modules_dir + "/modules.builtin");
    std::set<std::string> builtin = builtin_text ? module_names(*builtin_text) : std::set<std::string>{};

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

    const std::string load_fix =
        "modprobe -a vfio vfio_pci vfio_iommu_type1\nto load them at every boot: printf '%s\\n' "
        "vfio vfio_pci vfio_iommu_type1 > /etc/modules-load.d/vfio.conf";
    auto dep_text = fs.read_text(modules_dir + "/modules.dep");
    if (!dep_text)
        return fail("not loaded: " + join(missing) + ", and the running kernel has no modules in " +
                        modules_dir,
                    "install the modules of the running kernel (or boot a kernel built with "
                    "CONFIG_VFIO_PCI), then: " + load_fix);
    std::set<std::string> available = module_names(*dep_text);
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
