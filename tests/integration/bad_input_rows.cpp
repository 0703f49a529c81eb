#include "bad_input_rows.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "journal_fixture.hpp"
#include "run_vpt.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The writable host one row runs against.
struct Host {
    vpt::test::TempDir dir{"itest-bad-input"};

    explicit Host(Journal journal) {
        fs::copy_file(fs::path(VPT_EXAMPLES) / "demo-host.xml", dir.path / "host.xml");
        fs::copy(fs::path(VPT_FIXTURES) / "sysfs" / "sriov", dir.path / "root",
                 fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        fs::create_directory(dir.path / "state");
        std::ofstream(dir / "state/lock");  // as any earlier changing run leaves it
        std::ofstream(dir / "broken.xml") << "<node><device><name>pci_0000_01_00_0</name>";
        std::ofstream(dir / "empty.xml");
        std::ofstream(dir / "file") << "a file, not a directory\n";
        std::ofstream(dir / "hostile.xml") << hostile_host();
        if (journal == Journal::damaged) std::ofstream(dir / "state/journal.json") << "{\"version\": 1, \"steps\": [";
        if (journal == Journal::unfinished) std::ofstream(dir / "state/journal.json") << unfinished_journal();
    }

    std::string uri() const { return "test://" + dir / "host.xml"; }

    // The demo host with guests named as shell code: ci-runner is
    // "x;reboot", media-server "wi$(touch${IFS}x)".
    static std::string hostile_host() {
        std::string xml = read_file(fs::path(VPT_EXAMPLES) / "demo-host.xml");
        for (const auto& [from, to] : {std::pair<std::string, std::string>{"<name>ci-runner</name>", "<name>x;reboot</name>"},
                                       {"<name>media-server</name>", "<name>wi$(touch${IFS}x)</name>"}}) {
            auto at = xml.find(from);
            REQUIRE(at != std::string::npos);
            xml.replace(at, from.size(), to);
        }
        return xml;
    }

    // What a vpt killed between two detaches leaves behind.
    std::string unfinished_journal() const {
        using namespace journal_fixture;
        return journal("detach", uri(), "0000:19:00.0",
                       {step({"detach", "reattach", "applied", "0000:19:00.0", "", "", "", 0, 0, "pci_0000_19_00_0"}),
                        step({"detach", "reattach", "pending", "0000:19:00.1", "", "", "", 0, 0, "pci_0000_19_00_1"})})
            .dump();
    }

    std::string expand(std::string arg) const {
        const std::pair<std::string, std::string> names[] = {
            {"{uri}", uri()},
            {"{root}", dir / "root"},
            {"{state}", dir / "state"},
            {"{file}", dir / "file"},
            {"{broken}", "test://" + dir / "broken.xml"},
            {"{empty}", "test://" + dir / "empty.xml"},
            {"{missing}", "test://" + dir / "missing.xml"},
            {"{dir}", "test://" + dir.path.string() + "/"},
            {"{hostile}", "test://" + dir / "hostile.xml"},
        };
        for (const auto& [name, value] : names)
            for (size_t at; (at = arg.find(name)) != std::string::npos;) arg.replace(at, name.size(), value);
        return arg;
    }

    // Every entry below the host, with its type and content.
    std::map<std::string, std::string> snapshot() const {
        std::map<std::string, std::string> entries;
        for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
            std::string key = fs::relative(entry.path(), dir.path).string();
            if (entry.is_symlink())
                entries[key] = "link " + fs::read_symlink(entry.path()).string();
            else if (entry.is_directory())
                entries[key] = "dir";
            else
                entries[key] = "file " + read_file(entry.path());
        }
        return entries;
    }
};

// The lines of `text` that are not spdlog warnings.
size_t lines_but_warnings(const std::string& text) {
    size_t count = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("vpt: warning: ", 0) != 0) ++count;
    return count;
}

}  // namespace

void check_rows(const std::vector<Row>& rows) {
    for (const auto& row : rows) {
        Host host(row.journal);
        std::vector<std::string> args;
        if (row.args.empty() || row.args.front() != "-c") args = {"-c", host.uri()};
        for (const auto& arg : row.args) args.push_back(host.expand(arg));
        std::string command;
        for (const auto& arg : row.args) command += (command.empty() ? "" : " ") + arg;
        CAPTURE(command);
        auto before = host.snapshot();
        auto run = run_vpt(args, host.dir / "state");
        CHECK_MESSAGE(run.exit_code == row.exit_code, run.err);
        CHECK_MESSAGE(run.out.empty(), run.out);
        if (row.warnings) {
            CHECK_MESSAGE(lines_but_warnings(run.err) == 1, run.err);
            CHECK(!run.err.empty());
            CHECK(run.err.back() == '\n');
        } else {
            CHECK_MESSAGE(line_count(run.err) == 1, run.err);
        }
        CHECK_MESSAGE(run.err.find(row.expected) != std::string::npos, run.err);
        CHECK(host.snapshot() == before);
    }
}
