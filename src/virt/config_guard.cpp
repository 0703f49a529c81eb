#include "virt/config_guard.hpp"

#include "xml/xml_dom.hpp"

namespace vpt {
namespace {

bool is_network(const Step& step) {
    return step.action == StepAction::define_network || step.action == StepAction::undefine_network;
}

// The same config, or the same absence of one ("" for none).
bool matches(const std::string& config, const std::optional<std::string>& current) {
    if (config.empty() || !current) return config.empty() && !current;
    return same_config(config, *current);
}

// A write cut short that did happen: its guest or network is what vpt
// wrote, as libvirt stores it (with its own additions).
bool left_by_cut_short_write(const Step& step, const std::optional<std::string>& current) {
    if (!step.maybe_written) return false;
    if (step.maybe_written->empty()) return !current;
    return current && holds_all_of(*current, *step.maybe_written);
}

std::string message(const Step& step, const std::string& expected, const std::optional<std::string>& found) {
    std::string what = std::string(is_network(step) ? "network" : "guest") + " '" + step.object + "'";
    if (expected.empty()) return what + " exists now, and vpt found none when it planned: nothing was written";
    if (!found) return what + " is gone since vpt read its config: nothing was written";
    return "the config of " + what + " changed since vpt read it (virsh edit or another tool): nothing was written";
}

}  // namespace

ConfigChanged::ConfigChanged(const Step& step, std::string expected_config, std::optional<std::string> found_config)
    : std::runtime_error(message(step, expected_config, found_config)),
      kind(is_network(step) ? "network" : "guest"),
      name(step.object),
      expected(std::move(expected_config)),
      found(std::move(found_config)) {}

void ConfigGuard::check(const Step& step, const std::optional<std::string>& current) const {
    auto expected = expected_config(step, written_);
    if (!expected || matches(*expected, current) || matches(config_left(step), current) ||
        left_by_cut_short_write(step, current))
        return;
    throw ConfigChanged(step, *expected, current);
}

bool same_config(std::string_view a, std::string_view b) {
    if (a == b) return true;
    auto canonical_a = canonical_xml(a), canonical_b = canonical_xml(b);
    if (!canonical_a || !canonical_b) return false;
    return *canonical_a == *canonical_b;
}

}  // namespace vpt
