// A journal is read back by the next vpt run after a crash, so it may be
// cut short or damaged in any way. Loading it must not crash, and a record
// it accepts has one state per step of its plan.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "ops/journal.hpp"
#include "require.hpp"

namespace {

// One directory for the whole run, in memory where the host has /dev/shm:
// the journal is read from a file, and every input is written to one first.
struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        const char* base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        std::string pattern = std::string(base) + "/vpt-fuzz-journal-XXXXXX";
        if (!mkdtemp(pattern.data())) std::abort();
        dir = pattern;
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const Scratch scratch;
    const auto file = scratch.dir / "journal.json";
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
        if (!out) std::abort();
    }
    auto record = vpt::Journal(file).load();
    if (record) VPT_FUZZ_REQUIRE(record->states.size() == record->plan.steps.size());
    return 0;
}
