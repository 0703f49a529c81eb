// The kernel command line is read from /proc/cmdline (and boot loader
// files) of any host vpt checks. Splitting it must not crash, and the three
// ways of asking about a parameter must agree with each other.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "host/kernel_cmdline.hpp"
#include "require.hpp"

namespace {

void check(const vpt::KernelCmdline& cmdline, std::string_view name) {
    bool has = cmdline.has(name);
    auto value = cmdline.value(name);
    auto written = cmdline.written(name);
    VPT_FUZZ_REQUIRE(value.has_value() == has && written.has_value() == has);
    if (!has) return;
    // As written, it is the name ('-' or '_' alike), then '=' and the value when it has one.
    auto eq = written->find('=');
    VPT_FUZZ_REQUIRE(vpt::normalise_name(written->substr(0, eq)) == vpt::normalise_name(name));
    VPT_FUZZ_REQUIRE(eq == std::string::npos ? value->empty() : written->substr(eq + 1) == *value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto cmdline = vpt::KernelCmdline::parse(text);
    for (std::string_view name : {"intel_iommu", "amd_iommu", "iommu", "vfio-pci.ids",
                                  "pcie_acs_override", "vfio_iommu_type1.allow_unsafe_interrupts"})
        check(cmdline, name);
    // The first word's own name, whatever the input makes of it.
    auto start = text.find_first_not_of(" \t\n\"");
    if (start != std::string_view::npos) {
        auto word = text.substr(start, text.find_first_of(" \t\n\"=", start) - start);
        check(cmdline, word);
    }
    return 0;
}
