// How long vpt waits on a libvirt daemon that does not answer (--timeout).
//
// Two waits have no end of their own in libvirt: opening a connection (a
// socket that accepts and never answers, a daemon that is stopped) and a
// call on an open connection whose daemon stops answering. The first runs
// on a thread of its own that the caller stops waiting for at the deadline
// (it is left blocked, and closes what it opened if it ever returns: no
// libvirt call may close a connection another thread is opening). The
// second is bounded by libvirt's keepalive, whose pings the event loop
// thread sends (virt/event_loop): a daemon that answers none of them for
// about the timeout is dropped, the call reading its socket fails, and
// (libvirt leaves any other call on that connection waiting for ever) a
// watchdog ends vpt with exit status 3 a moment later. A call the daemon is
// working on is not cut short however long it takes (a hot-unplug or a
// device reset can take long and must not be abandoned half way): a daemon
// that answers keepalive is alive.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <libvirt/libvirt.h>

namespace vpt {

// The timeout for every connection opened after this; zero: wait for ever.
// Set once, from --timeout, before any connection is opened.
void set_libvirt_timeout(std::chrono::seconds timeout);
std::chrono::seconds libvirt_timeout();

// virConnectOpen (or ReadOnly) of `uri` (empty: libvirt's default), waiting
// at most the timeout. Null when libvirt refused, with its message in
// `error`; throws Error (exit code 3) when the timeout passed.
virConnectPtr open_within_timeout(const std::string& uri, bool read_only, std::string& error);

// Turns keepalive on for a connection through a daemon, so that a daemon
// that stops answering is dropped after about the timeout, and watches the
// connection until unwatch(). Nothing for libvirt's in-process test driver,
// nor without the event loop.
void keep_alive(virConnectPtr conn, const std::string& uri);

// Stops watching a connection: before it is closed.
void unwatch(virConnectPtr conn);

// The clause that says a connection was lost ("lost the connection to
// libvirt at 'URI' (...; see --timeout)"), once one was.
std::optional<std::string> dropped_daemon();

}  // namespace vpt
