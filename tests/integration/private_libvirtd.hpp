// A private libvirtd for the tests that need a real daemon behind a UNIX
// socket (as bench/run.sh starts one): unprivileged (user nobody), only a
// socket in its own directory, no authentication on it, no network
// listener. With `hostname`, it runs in a UTS namespace of its own under
// that hostname, so that libvirt's host is, by every fact libvirt gives,
// another machine. Needs root (to drop to nobody and to unshare) and
// /usr/sbin/libvirtd (libvirt-daemon).
#pragma once

#include <sys/types.h>

#include <string>

#include "temp_dir.hpp"

struct PrivateLibvirtdOptions {
    std::string hostname;          // empty: this machine's
    std::string host_uuid_source;  // empty: libvirt's default (smbios)
};

class PrivateLibvirtd {
public:
    // Starts the daemon and waits (up to 20 s) for its socket; throws with
    // its log when it does not come up.
    explicit PrivateLibvirtd(const PrivateLibvirtdOptions& options);
    ~PrivateLibvirtd();
    PrivateLibvirtd(const PrivateLibvirtd&) = delete;
    PrivateLibvirtd& operator=(const PrivateLibvirtd&) = delete;

    // "qemu+unix:///session?socket=DIR/libvirt-sock": its QEMU driver.
    std::string qemu_uri() const;
    pid_t pid() const { return pid_; }

    // Why the daemon cannot be started here ("" when it can): not root, no libvirtd.
    static std::string unavailable();

private:
    vpt::test::TempDir dir_{"libvirtd"};
    pid_t pid_ = -1;
};

// A UNIX socket that is listened on and never answered: the kernel
// completes each connection, nothing reads from it (a daemon that accepts
// and never answers, as one stopped with SIGSTOP).
class SilentSocket {
public:
    SilentSocket();
    ~SilentSocket();
    SilentSocket(const SilentSocket&) = delete;
    SilentSocket& operator=(const SilentSocket&) = delete;

    const std::string& path() const { return path_; }

private:
    vpt::test::TempDir dir_{"silent"};
    std::string path_;
    int fd_ = -1;
};
