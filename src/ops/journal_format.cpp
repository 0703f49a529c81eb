#include "ops/journal_format.hpp"

#include <nlohmann/json.hpp>

namespace vpt {
namespace {

using nlohmann::json;

// The journal's format. A journal in any other format is refused, never
// guessed at: its steps may mean something else. Fields added since (a
// step's config_before, undo_config_before) may be absent: a journal
// without them is read as unchecked.
constexpr int journal_format = 2;

constexpr StepState all_states[] = {StepState::pending, StepState::applying, StepState::applied,
                                    StepState::undoing, StepState::undone,   StepState::failed};

std::optional<StepState> state_from_name(const std::string& name) {
    for (StepState state : all_states)
        if (name == step_state_name(state)) return state;
    return std::nullopt;
}

json optional_json(const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); }

// "address" first and "state" last: tools that follow a run read them so.
json step_to_json(const Step& step, StepState state) {
    return {{"address", step.on_device() ? json(step.address.str()) : json(nullptr)},
            {"nodedev", step.nodedev_name},
            {"object", step.object},
            {"label", step.label},
            {"driver", step.driver ? json(*step.driver) : json(nullptr)},
            {"action", step_action_name(step.action)},
            {"xml", step.xml},
            {"count", step.count},
            {"undo_action", step_action_name(step.undo_action)},
            {"undo_xml", step.undo_xml},
            {"undo_count", step.undo_count},
            {"reason", step.reason},
            {"config_before", optional_json(step.config_before)},
            {"undo_config_before", optional_json(step.undo_config_before)},
            {"state", step_state_name(state)}};
}

// A field that is missing, of the wrong type or out of range: the journal
// is damaged there, and nothing in it may be acted on.
struct DamagedField {
    std::string field;
    std::string why;
};

class FieldReader {
public:
    FieldReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

    const json& at(const std::string& name) const {
        if (!object_.is_object() || !object_.contains(name)) throw DamagedField{where(name), "missing"};
        return object_.at(name);
    }
    std::string text(const std::string& name, size_t max_length = 1 << 20) const {
        const json& value = at(name);
        if (!value.is_string()) throw DamagedField{where(name), "not a string"};
        auto result = value.get<std::string>();
        if (result.size() > max_length) throw DamagedField{where(name), "too long"};
        return result;
    }
    std::optional<std::string> optional_text(const std::string& name) const {
        if (at(name).is_null()) return std::nullopt;
        return text(name);
    }
    // A field newer than the format: absent in the journals of an older vpt.
    std::optional<std::string> newer_text(const std::string& name) const {
        if (!object_.is_object() || !object_.contains(name)) return std::nullopt;
        return optional_text(name);
    }
    long long integer(const std::string& name, long long low, long long high) const {
        const json& value = at(name);
        if (!value.is_number_integer()) throw DamagedField{where(name), "not an integer"};
        // Read as a wide type first: a huge number must not wrap into range.
        if (value.is_number_unsigned() && value.get<unsigned long long>() > (unsigned long long)high)
            throw DamagedField{where(name), "out of range"};
        long long number = value.get<long long>();
        if (number < low || number > high) throw DamagedField{where(name), "out of range"};
        return number;
    }
    template <typename T, typename Parse>
    T parsed(const std::string& name, Parse parse) const {
        auto value = parse(text(name, 256));
        if (!value) throw DamagedField{where(name), "unknown value"};
        return *value;
    }
    std::string where(const std::string& name) const { return path_.empty() ? name : path_ + "." + name; }

private:
    const json& object_;
    std::string path_;
};

std::optional<PciAddress> address_from(const std::string& text) {
    auto address = PciAddress::parse(text);
    if (!address) return std::nullopt;
    return *address;
}

Step step_from_json(const FieldReader& entry, StepState& state) {
    Step step;
    if (!entry.at("address").is_null()) step.address = entry.parsed<PciAddress>("address", address_from);
    step.nodedev_name = entry.text("nodedev", 256);
    step.object = entry.text("object", 4096);
    step.label = entry.text("label", 4096);
    step.driver = entry.optional_text("driver");
    step.action = entry.parsed<StepAction>("action", step_action_from_name);
    step.xml = entry.text("xml");
    step.count = int(entry.integer("count", 0, 65535));
    step.undo_action = entry.parsed<StepAction>("undo_action", step_action_from_name);
    step.undo_xml = entry.text("undo_xml");
    step.undo_count = int(entry.integer("undo_count", 0, 65535));
    step.reason = entry.text("reason", 4096);
    step.config_before = entry.newer_text("config_before");
    step.undo_config_before = entry.newer_text("undo_config_before");
    state = entry.parsed<StepState>("state", state_from_name);
    return step;
}

JournalRecord record_from_json(const json& document) {
    FieldReader top(document, "");
    int format = int(top.integer("version", 0, 1 << 30));
    if (format != journal_format)
        throw DamagedField{"version", "format " + std::to_string(format) + " is not this vpt's format " +
                                          std::to_string(journal_format)};
    JournalRecord record;
    record.plan.operation = top.parsed<Operation>("operation", operation_from_name);
    record.uri = top.text("uri", 4096);
    record.pid = long(top.integer("pid", 1, 1LL << 31));
    record.started = top.text("started", 64);
    record.plan.target = top.text("target", 4096);
    if (!top.at("iommu_group").is_null()) record.plan.iommu_group = int(top.integer("iommu_group", 0, 1 << 30));
    const json& steps = top.at("steps");
    if (!steps.is_array()) throw DamagedField{"steps", "not a list"};
    if (steps.size() > 4096) throw DamagedField{"steps", "too many"};
    for (size_t i = 0; i < steps.size(); ++i) {
        StepState state = StepState::pending;
        record.plan.steps.push_back(step_from_json(FieldReader(steps[i], "steps[" + std::to_string(i) + "]"), state));
        record.states.push_back(state);
    }
    return record;
}

}  // namespace

const char* step_state_name(StepState state) {
    switch (state) {
        case StepState::pending: return "pending";
        case StepState::applying: return "applying";
        case StepState::applied: return "applied";
        case StepState::undoing: return "undoing";
        case StepState::undone: return "undone";
        case StepState::failed: return "failed";
    }
    return "pending";
}

std::string journal_text(const JournalRecord& record) {
    json steps = json::array();
    for (size_t i = 0; i < record.plan.steps.size(); ++i)
        steps.push_back(step_to_json(record.plan.steps[i], record.states[i]));
    json document = {{"version", journal_format},
                     {"operation", operation_name(record.plan.operation)},
                     {"uri", record.uri},
                     {"pid", record.pid},
                     {"started", record.started},
                     {"target", record.plan.target},
                     {"iommu_group", record.plan.iommu_group ? json(*record.plan.iommu_group) : json(nullptr)},
                     {"steps", steps}};
    return document.dump(2) + "\n";
}

Result<JournalRecord> parse_journal(const std::string& text, const std::string& file) {
    auto bad = [&](const std::string& why) {
        return Failure{"journal " + file + " is damaged (" + why + ")"};
    };
    json document = json::parse(text, nullptr, false);
    if (document.is_discarded() || !document.is_object()) return bad("not JSON");
    try {
        return record_from_json(document);
    } catch (const DamagedField& damage) {
        if (damage.field == "version")
            return Failure{"journal " + file + " was written by another version of vpt (" + damage.why +
                           "); finish it with that version, or inspect and remove it by hand"};
        return bad(damage.field + ": " + damage.why);
    } catch (const json::exception& e) {
        return bad(e.what());
    }
}

}  // namespace vpt
