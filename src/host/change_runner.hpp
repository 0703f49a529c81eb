// The one runner of every changing command's steps: node devices, guests
// and networks through libvirt, SR-IOV VF counts through the host's sysfs
// (below a root, for tests). Used by the commands and by `vpt recover`.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>

#include "core/executor.hpp"
#include "host/host_fs.hpp"
#include "virt/guest_runner.hpp"
#include "virt/network_runner.hpp"
#include "virt/nodedev_runner.hpp"

namespace vpt {

// Carries out VF count steps: sriov_numvfs, and the boot-time count (a
// udev rule; count 0 removes it). Both are safe to repeat.
class VfCountRunner : public StepRunner {
public:
    explicit VfCountRunner(HostFs fs) : fs_(std::move(fs)) {}
    void run(const Step& step) override;

private:
    HostFs fs_;
};

// Carries out boot-configuration steps: vpt's boot binding files (nothing
// else may be written: the path comes from a journal too) and the
// initramfs rebuild, on the live host only. All are safe to repeat.
class BootFileRunner : public StepRunner {
public:
    explicit BootFileRunner(HostFs fs) : fs_(std::move(fs)) {}
    void run(const Step& step) override;

private:
    HostFs fs_;
};

class ChangeRunner : public StepRunner {
public:
    // `keep_dir`: where the two copies of a guest's or network's config that
    // changed under a write are kept (the state directory).
    ChangeRunner(const Connection& connection, const HostFs& fs, std::chrono::milliseconds unplug_timeout,
                 std::filesystem::path keep_dir)
        : keep_dir_(std::move(keep_dir)), guard_(written_), nodedevs_(connection), guests_(connection, unplug_timeout, guard_),
          networks_(connection, guard_), vf_counts_(fs), boot_files_(fs) {}
    void run(const Step& step) override;
    // The plan about to run (its hot-unplugs are waited for together).
    void expect(const Plan& plan) { guests_.expect(plan); }
    // The configs written so far, as libvirt gave them back (for the journal).
    const WrittenConfigs& written() const { return written_; }
    void about_to_run(const std::vector<Step>& steps, Direction direction) override {
        guests_.about_to_run(steps, direction);
    }

private:
    // Runs `run`; a config found changed comes out as the one line naming
    // the two copies kept.
    void keeping_changed_configs(const std::function<void()>& run) const;

    std::filesystem::path keep_dir_;
    WrittenConfigs written_;
    ConfigGuard guard_;
    NodeDeviceRunner nodedevs_;
    GuestRunner guests_;
    NetworkRunner networks_;
    VfCountRunner vf_counts_;
    BootFileRunner boot_files_;
};

}  // namespace vpt
