#include "core/cpu_set.hpp"

#include <charconv>

namespace vpt {
namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

// libvirt caps CPU ids at VIR_DOMAIN_CPUMASK_LEN (16384).
constexpr unsigned max_cpu = 16383;

bool parse_number(std::string_view text, unsigned& value) {
    text = trimmed(text);
    if (text.empty()) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && value <= max_cpu;
}

}  // namespace

Result<CpuSet> parse_cpuset(std::string_view text) {
    CpuSet set, excluded;
    auto bad = [&text] { return Failure{"invalid CPU list '" + std::string(text) + "'"}; };
    if (trimmed(text).empty()) return bad();
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view item = trimmed(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
        start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        bool exclude = !item.empty() && item.front() == '^';
        if (exclude) item.remove_prefix(1);
        unsigned first = 0, last = 0;
        if (size_t dash = item.find('-'); dash != std::string_view::npos && !exclude) {
            if (!parse_number(item.substr(0, dash), first) || !parse_number(item.substr(dash + 1), last) || last < first)
                return bad();
        } else {
            if (!parse_number(item, first)) return bad();
            last = first;
        }
        for (unsigned cpu = first; cpu <= last; ++cpu) (exclude ? excluded : set).insert(cpu);
    }
    for (unsigned cpu : excluded) set.erase(cpu);
    if (set.empty()) return bad();
    return set;
}

std::string format_cpuset(const CpuSet& set) {
    std::string text;
    for (auto it = set.begin(); it != set.end();) {
        unsigned first = *it, last = *it;
        while (++it != set.end() && *it == last + 1) last = *it;
        if (!text.empty()) text += ',';
        text += std::to_string(first);
        if (last > first) text += (last == first + 1 ? "," : "-") + std::to_string(last);
    }
    return text;
}

}  // namespace vpt
