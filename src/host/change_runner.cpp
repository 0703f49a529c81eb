#include "host/change_runner.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "core/text_escape.hpp"
#include "host/boot_binding.hpp"
#include "host/config_file.hpp"
#include "host/initramfs.hpp"
#include "host/kept_configs.hpp"
#include "host/run_program.hpp"
#include "host/sriov.hpp"

namespace vpt {

void VfCountRunner::run(const Step& step) {
    if (step.action == StepAction::write_vf_count) {
        auto written = write_sriov_numvfs(fs_, step.address, step.count);
        if (!written) throw std::runtime_error(written.error());
        return;
    }
    if (step.action == StepAction::set_boot_vf_count) {
        if (step.count > 0) {
            auto written = write_persist_rule(fs_, step.address, step.count);
            if (!written) throw std::runtime_error(written.error());
        } else if (auto removed = remove_persist_rule(fs_, step.address); !removed) {
            throw std::runtime_error(removed.error());
        }
        return;
    }
    throw std::logic_error(std::string("not a VF count step: ") + step_action_name(step.action));
}

void BootFileRunner::run(const Step& step) {
    switch (step.action) {
        case StepAction::write_boot_file:
        case StepAction::remove_boot_file: {
            if (!is_boot_binding_path(step.object))
                throw std::runtime_error("refusing to change " + step.object + ": not a boot binding file of vpt's");
            if (step.action == StepAction::write_boot_file) {
                auto written = write_config_file(fs_, step.object, step.xml, boot_file_mode(step.object));
                if (!written) throw std::runtime_error(written.error());
            } else if (auto removed = remove_config_file(fs_, step.object); !removed) {
                throw std::runtime_error(removed.error());
            }
            return;
        }
        case StepAction::rebuild_initramfs: {
            auto initramfs = initramfs_named(fs_, step.object);
            if (!initramfs) throw std::runtime_error("no initramfs tool " + step.object + " on this host");
            if (!fs_.is_live()) throw std::runtime_error("the initramfs is rebuilt only on the live host");
            ProgramOutput rebuilt = run_program(initramfs->rebuild_command());
            if (!rebuilt.succeeded()) throw std::runtime_error(step.object + " failed: " + rebuilt.last_line());
            return;
        }
        case StepAction::initramfs_undo_point: return;
        default: throw std::logic_error(std::string("not a boot step: ") + step_action_name(step.action));
    }
}

void ChangeRunner::keeping_changed_configs(const std::function<void()>& run) const {
    try {
        run();
    } catch (const ConfigChanged& changed) {
        throw std::runtime_error(keep_changed_config(keep_dir_, changed));
    }
}

void ChangeRunner::run(const Step& step) {
    // Under -v: the step, then (from the layers below) each call it makes.
    if (step.changes() && spdlog::should_log(spdlog::level::debug)) {
        std::string what = std::string("step ") + step_action_name(step.action) + " " + step.label;
        if (!step.object.empty() && step.label.find(step.object) == std::string::npos) what += " " + step.object;
        if (step.action == StepAction::write_vf_count || step.action == StepAction::set_boot_vf_count)
            what += ": " + std::to_string(step.count);
        spdlog::debug("{}", one_line(what, 300));
    }
    switch (step.action) {
        case StepAction::skip: return;
        case StepAction::detach_to_vfio:
        case StepAction::reattach:
        case StepAction::reset_device: nodedevs_.run(step); return;
        case StepAction::define_guest:
        case StepAction::attach_live:
        case StepAction::detach_live:
        case StepAction::detach_placeholder: keeping_changed_configs([&] { guests_.run(step); }); return;
        case StepAction::define_network:
        case StepAction::undefine_network:
        case StepAction::start_network:
        case StepAction::stop_network:
        case StepAction::autostart_on:
        case StepAction::autostart_off: keeping_changed_configs([&] { networks_.run(step); }); return;
        case StepAction::write_vf_count:
        case StepAction::set_boot_vf_count: vf_counts_.run(step); return;
        case StepAction::write_boot_file:
        case StepAction::remove_boot_file:
        case StepAction::rebuild_initramfs:
        case StepAction::initramfs_undo_point: boot_files_.run(step); return;
    }
}

}  // namespace vpt
