// libxml2's process-wide setup, done once before vpt starts any thread.
#pragma once

namespace vpt {

// Initialises libxml2 (its global mutexes, and its catalog's) on the
// calling thread.
// libxml2 2.9 creates those mutexes lazily without a lock: two threads that
// parse at once for the first time (libvirt's test driver parses each host
// file on the thread reading it) each create one, and one leaks. Called
// once on the main thread before any reading thread starts, the setup is
// done when the threads come; each thread's own parser state is then freed
// by libxml2 when the thread ends.
void init_xml_library();

}  // namespace vpt
