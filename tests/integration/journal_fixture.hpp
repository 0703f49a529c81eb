// Journals as a vpt killed half-way leaves them, written by hand: the
// format vpt reads (version 2), one step at a time.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace journal_fixture {

using nlohmann::json;

struct StepSpec {
    std::string action;
    std::string undo_action;
    std::string state;
    std::string address;      // "" for none
    std::string object;
    std::string xml;
    std::string undo_xml;
    int count = 0;
    int undo_count = 0;
    std::string nodedev;
};

inline json step(const StepSpec& s) {
    return {{"address", s.address.empty() ? json(nullptr) : json(s.address)},
            {"nodedev", s.nodedev},
            {"object", s.object},
            {"label", s.object.empty() ? s.address : s.object},
            {"driver", nullptr},
            {"action", s.action},
            {"xml", s.xml},
            {"count", s.count},
            {"undo_action", s.undo_action},
            {"undo_xml", s.undo_xml},
            {"undo_count", s.undo_count},
            {"reason", ""},
            {"state", s.state}};
}

inline json journal(const std::string& operation, const std::string& uri, const std::string& target, json steps) {
    return {{"version", 2},         {"operation", operation}, {"uri", uri},
            {"pid", 999999},        {"started", "2026-01-01T00:00:00Z"},
            {"target", target},     {"iommu_group", nullptr}, {"steps", std::move(steps)}};
}

}  // namespace journal_fixture
