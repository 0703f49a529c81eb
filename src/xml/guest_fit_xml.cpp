#include "xml/guest_fit_xml.hpp"

#include <pugixml.hpp>

#include <charconv>

namespace vpt {

std::optional<uint64_t> scaled_kib(std::string_view value, std::string_view unit) {
    uint64_t number = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
    if (unit.empty() || unit == "KiB" || unit == "k") return number;
    if (unit == "b" || unit == "bytes") return number / 1024;
    if (unit == "KB") return number * 1000 / 1024;
    if (unit == "M" || unit == "MiB") return number << 10;
    if (unit == "MB") return number * 1000 * 1000 / 1024;
    if (unit == "G" || unit == "GiB") return number << 20;
    if (unit == "GB") return number * 1000 * 1000 * 1000 / 1024;
    if (unit == "T" || unit == "TiB") return number << 30;
    if (unit == "TB") return number * 1000 * 1000 * 1000 * 1000 / 1024;
    return std::nullopt;
}

namespace {

std::optional<uint64_t> element_kib(pugi::xml_node node) {
    if (!node) return std::nullopt;
    return scaled_kib(node.child_value(), node.attribute("unit").value());
}

Result<bool> add_cpus(std::optional<CpuSet>& into, const char* text) {
    auto cpus = parse_cpuset(text);
    if (!cpus) return Failure{cpus.error()};
    if (!into) into = CpuSet{};
    into->insert(cpus->begin(), cpus->end());
    return true;
}

}  // namespace

Result<GuestFitFacts> read_guest_fit(std::string_view xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size())) return Failure{"cannot parse the guest's XML"};
    auto domain = doc.child("domain");
    if (!domain) return Failure{"not a <domain> document"};
    GuestFitFacts facts;
    facts.memory_kib = element_kib(domain.child("memory")).value_or(0);
    facts.hard_limit_kib = element_kib(domain.child("memtune").child("hard_limit"));
    // libvirt writes "unlimited" as 9007199254740991 KiB (VIR_DOMAIN_MEMORY_PARAM_UNLIMITED).
    if (facts.hard_limit_kib && *facts.hard_limit_kib >= 9007199254740991ULL) facts.hard_limit_kib.reset();

    auto memory = domain.child("numatune").child("memory");
    if (auto nodeset = memory.attribute("nodeset")) {
        auto nodes = parse_cpuset(nodeset.value());
        if (!nodes) return Failure{"<numatune> nodeset: " + nodes.error()};
        facts.placement.memory_nodes = *nodes;
    }
    // Each <vcpupin> pins one vCPU; <vcpu cpuset> the others. Taken together
    // they are the CPUs the guest runs on.
    for (auto pin : domain.child("cputune").children("vcpupin"))
        if (auto added = add_cpus(facts.placement.vcpu_cpus, pin.attribute("cpuset").value()); !added)
            return Failure{"<vcpupin> cpuset: " + added.error()};
    if (auto cpuset = domain.child("vcpu").attribute("cpuset"))
        if (auto added = add_cpus(facts.placement.vcpu_cpus, cpuset.value()); !added)
            return Failure{"<vcpu> cpuset: " + added.error()};

    auto os = domain.child("os");
    std::string_view machine = os.child("type").attribute("machine").value();
    facts.q35 = machine.find("q35") != std::string_view::npos;
    facts.uefi = std::string_view(os.attribute("firmware").value()) == "efi" ||
                 std::string_view(os.child("loader").attribute("type").value()) == "pflash";

    auto devices = domain.child("devices");
    facts.viommu = bool(devices.child("iommu"));
    for (auto controller : devices.children("controller")) {
        std::string_view model = controller.attribute("model").value();
        if (std::string_view(controller.attribute("type").value()) == "pci" &&
            (model == "pcie-root" || model == "pci-root"))
            facts.pcihole64_kib = element_kib(controller.child("pcihole64"));
    }
    for (auto hostdev : devices.children("hostdev"))
        if (std::string_view(hostdev.attribute("type").value()) == "pci") ++facts.pci_hostdevs;
    for (auto interface : devices.children("interface"))
        if (std::string_view(interface.attribute("type").value()) == "hostdev") ++facts.pci_hostdevs;
    return facts;
}

Result<CpuNodes> parse_cpu_nodes(std::string_view capabilities_xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(capabilities_xml.data(), capabilities_xml.size()))
        return Failure{"cannot parse the host capabilities"};
    CpuNodes nodes;
    for (auto cell : doc.child("capabilities").child("host").child("topology").child("cells").children("cell"))
        for (auto cpu : cell.child("cpus").children("cpu"))
            nodes[cpu.attribute("id").as_uint()] = cell.attribute("id").as_uint();
    return nodes;
}

}  // namespace vpt
