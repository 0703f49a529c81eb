// Options several commands share, registered the same way everywhere.
#pragma once

namespace CLI {
class App;
}

namespace vpt {

// --wait SECONDS: how long a changing command waits for another vpt's lock.
void add_wait_option(CLI::App& cmd, int& seconds);

}  // namespace vpt
