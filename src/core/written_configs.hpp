// The configs vpt itself wrote during a run, each as libvirt gave it back
// right after the write: what the undo of that write expects to find (compare
// before write), and what the journal records for `vpt recover`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/plan.hpp"

namespace vpt {

class WrittenConfigs {
public:
    // `config` ("" for none: an undefine) is what `step` left of its guest
    // or network.
    void record(const Step& step, std::string config);
    // The config last recorded for the guest or network `step` writes.
    std::optional<std::string> find(const Step& step) const;

private:
    // (network?, name): a guest and a network may share a name.
    std::map<std::pair<bool, std::string>, std::string> configs_;
};

// What `step` expects to find of its guest or network ("" for none): the
// config the plan read, or for an undo run in the same process, what the
// step being undone wrote. nullopt: nothing to check against (a journal of
// an older vpt).
std::optional<std::string> expected_config(const Step& step, const WrittenConfigs& written);

}  // namespace vpt
