// libvirt's default event loop, run on a thread of its own for the life of
// the process. A remote connection needs it twice over: keepalive (the
// client sends its pings, and notices that none come back, only while the
// loop runs; a call to a daemon that stopped answering would otherwise wait
// forever) and domain events (virt/removal_events).
#pragma once

namespace vpt {

// Registers libvirt's default event loop implementation and starts the
// thread that runs it, once per process. Must come before the connection
// that is to use it is opened (libvirt hooks a connection's socket into the
// loop at open). False when libvirt refused it: no keepalive, no events.
bool start_event_loop();

// Whether the loop runs (start_event_loop succeeded).
bool event_loop_running();

}  // namespace vpt
