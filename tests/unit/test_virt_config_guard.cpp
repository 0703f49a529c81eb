// Compare before write, on the configs themselves: no libvirt here (the
// runners are tested against libvirt's test driver in test_host_change_runner).
#include <doctest/doctest.h>

#include "virt/config_guard.hpp"

using namespace vpt;

namespace {

const std::string read = "<domain type='kvm'>\n  <name>web</name>\n  <memory unit='KiB'>1024</memory>\n</domain>\n";
const std::string ours = "<domain type='kvm'>\n  <name>web</name>\n  <memory unit='KiB'>1024</memory>\n"
                         "  <os firmware='efi'/>\n</domain>\n";
const std::string theirs = "<domain type='kvm'>\n  <name>web</name>\n  <memory unit='KiB'>2048</memory>\n</domain>\n";

bool refuses(const ConfigGuard& guard, const Step& step, const std::optional<std::string>& current) {
    try {
        guard.check(step, current);
        return false;
    } catch (const ConfigChanged&) {
        return true;
    }
}

}  // namespace

TEST_CASE("same_config: the same XML whatever its layout, attribute order or quotes") {
    CHECK(same_config(read, read));
    CHECK(same_config(read, "<domain type=\"kvm\"><name>web</name><memory unit=\"KiB\">1024</memory></domain>"));
    CHECK(same_config("<a x='1' y='2'/>", "<a y='2' x='1'/>"));
    CHECK_FALSE(same_config(read, theirs));
    CHECK_FALSE(same_config(read, ours));
    CHECK_FALSE(same_config("<a>", "<a/>"));  // not well-formed: only the same text is the same
    CHECK(same_config("<a>", "<a>"));
}

TEST_CASE("ConfigGuard: a define goes ahead over the config the plan read, and nothing else") {
    WrittenConfigs written;
    ConfigGuard guard(written);
    Step step = define_guest_step("web", ours, read);
    CHECK_FALSE(refuses(guard, step, read));
    CHECK_FALSE(refuses(guard, step, "<domain type='kvm'><name>web</name><memory unit='KiB'>1024</memory></domain>"));
    CHECK_FALSE(refuses(guard, step, ours));  // already so: a step repeated by recovery
    CHECK(refuses(guard, step, theirs));
    CHECK(refuses(guard, step, std::nullopt));
    try {
        guard.check(step, theirs);
    } catch (const ConfigChanged& changed) {
        CHECK(changed.kind == "guest");
        CHECK(changed.name == "web");
        CHECK(changed.expected == read);
        CHECK(changed.found == theirs);
        CHECK(std::string(changed.what()) ==
              "the config of guest 'web' changed since vpt read it (virsh edit or another tool): nothing was written");
    }
}

TEST_CASE("ConfigGuard: an undo goes ahead over what vpt wrote, and nothing else") {
    WrittenConfigs written;
    ConfigGuard guard(written);
    Step step = define_guest_step("web", ours, read);
    std::string as_libvirt_wrote = ours + "<!-- libvirt's own form -->";
    guard.wrote(step, as_libvirt_wrote);
    Step undo = reversed(step);
    CHECK_FALSE(undo.config_before);  // in this run, what the step wrote says
    CHECK_FALSE(refuses(guard, undo, as_libvirt_wrote));
    CHECK_FALSE(refuses(guard, undo, read));  // already undone
    CHECK(refuses(guard, undo, theirs));

    // In `vpt recover`, from the journal: the undo expects what was recorded.
    WrittenConfigs none;
    ConfigGuard fresh(none);
    step.undo_config_before = as_libvirt_wrote;
    CHECK_FALSE(refuses(fresh, reversed(step), as_libvirt_wrote));
    CHECK(refuses(fresh, reversed(step), theirs));
}

TEST_CASE("ConfigGuard: a journal of an older vpt says nothing to check against") {
    WrittenConfigs written;
    ConfigGuard guard(written);
    Step step = define_guest_step("web", ours, read);
    step.config_before.reset();
    CHECK_FALSE(refuses(guard, step, theirs));
}

TEST_CASE("ConfigGuard: networks: a new one where none is, an undefine over the one read") {
    WrittenConfigs written;
    ConfigGuard guard(written);
    std::string pool = "<network><name>pool</name><forward mode='hostdev'/></network>";
    std::string other = "<network><name>pool</name><forward mode='nat'/></network>";
    Step define = define_network_step("pool", pool);
    CHECK_FALSE(refuses(guard, define, std::nullopt));
    CHECK_FALSE(refuses(guard, define, pool));  // already defined by this step
    CHECK(refuses(guard, define, other));
    try {
        guard.check(define, other);
    } catch (const ConfigChanged& changed) {
        CHECK(changed.kind == "network");
        CHECK(changed.expected.empty());
        CHECK(std::string(changed.what()) ==
              "network 'pool' exists now, and vpt found none when it planned: nothing was written");
    }
    Step undefine = undefine_network_step("pool", pool);
    CHECK_FALSE(refuses(guard, undefine, pool));
    CHECK_FALSE(refuses(guard, undefine, std::nullopt));  // already gone
    CHECK(refuses(guard, undefine, other));
    // Its undo defines it again where there is none.
    CHECK_FALSE(refuses(guard, reversed(undefine), std::nullopt));
    CHECK(refuses(guard, reversed(undefine), other));

    // A guest and a network of the same name are not confused.
    guard.wrote(define_guest_step("pool", ours, read), ours);
    Step undo_define = reversed(define);
    CHECK_FALSE(written.find(undo_define));
    CHECK_FALSE(refuses(guard, undo_define, other));  // nothing recorded for the network: unchecked
}
