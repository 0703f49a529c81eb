// Compare before write: a guest's or a network's config is defined or
// undefined only while it is still what the plan read (or, for an undo,
// what vpt itself wrote), so that a change made meanwhile (`virsh edit`,
// another tool) is never silently overwritten. Anything else refuses the
// step with both configs at hand, for the caller to keep.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/plan.hpp"
#include "core/written_configs.hpp"

namespace vpt {

// A step refused because its guest's or network's config is not the one it
// expected. what(): one line saying so.
class ConfigChanged : public std::runtime_error {
public:
    ConfigChanged(const Step& step, std::string expected, std::optional<std::string> found);
    std::string kind;                  // "guest" or "network"
    std::string name;
    std::string expected;              // what vpt read (or wrote); "" for none
    std::optional<std::string> found;  // what is there now; nullopt for none
};

class ConfigGuard {
public:
    explicit ConfigGuard(WrittenConfigs& written) : written_(written) {}
    // Before `step` writes: throws ConfigChanged unless `current` (nullopt:
    // no such guest or network) is what it expects, or already what it
    // leaves (a step repeated by recovery). Unchecked when nothing says
    // what to expect (a journal of an older vpt).
    void check(const Step& step, const std::optional<std::string>& current) const;
    // After `step` wrote: what it left, as libvirt gives it back (nullopt: none).
    void wrote(const Step& step, const std::optional<std::string>& now) { written_.record(step, now.value_or("")); }

private:
    WrittenConfigs& written_;
};

// Whether two configs are the same: equal as canonical XML (layout,
// attribute order and quoting aside), or the same text when either is not
// well-formed.
bool same_config(std::string_view a, std::string_view b);

}  // namespace vpt
