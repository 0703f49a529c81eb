// The error line never echoes raw input: whatever the user typed or libvirt
// said, vpt prints one line, without control bytes, of bounded length, and
// nothing of a file libvirt was pointed at.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "run_vpt.hpp"
#include "temp_dir.hpp"

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Whether `text` holds a byte a terminal acts on (other than the final newline).
bool has_control_byte(const std::string& text) {
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
}

std::vector<std::string> lines_of_file(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("a newline in an argument cannot forge a second error line") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-c", demo_uri(), "assign", "web\nvpt: error: forged", "19:00.0", "--dry-run"},
             {"-c", demo_uri(), "show", "01:00.0\nvpt: error: forged"},
             {"-c", demo_uri(), "pool", "show", "pool\nvpt: error: forged"},
             {"list", "--bogus\nvpt: error: forged"}}) {
        CAPTURE(args);
        auto run = run_vpt(args);
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, "\\nvpt: error: forged"));
    }
}

TEST_CASE("control bytes never reach the terminal") {
    auto run = run_vpt({"-c", demo_uri(), "show", "\x1b[2J\x1b]0;owned\x07\r\x7f\xc2\x9b" "31m"});
    CHECK(run.exit_code == 2);
    CHECK(line_count(run.err) == 1);
    CHECK_FALSE(has_control_byte(run.err));
    CHECK(has(run.err, "\\x1b[2J"));
    CHECK(has(run.err, "\\xc2\\x9b"));
}

TEST_CASE("libvirt's parser context does not print the file it was pointed at") {
    vpt::test::TempDir dir("itest-secret");
    std::string secret = dir / "secret.txt";
    std::ofstream(secret) << "token=hunter2-do-not-print\nsecond line\n";
    auto files = std::vector<std::pair<std::string, std::vector<std::string>>>{
        {secret, lines_of_file(secret)}, {"/etc/passwd", lines_of_file("/etc/passwd")}};
    for (const auto& [path, lines] : files) {
        CAPTURE(path);
        auto run = run_vpt({"-c", "test://" + path, "list"});
        CHECK(run.exit_code == 3);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(has(run.err, path));
        CHECK_FALSE(has(run.err, "root:"));
        CHECK_FALSE(has(run.err, "hunter2"));
        for (const auto& line : lines) CHECK_FALSE(has(run.err, line));
    }
    // The lines vpt drops are there for whoever asks with -v.
    auto verbose = run_vpt({"-v", "-c", "test://" + secret, "list"});
    CHECK(verbose.exit_code == 3);
    CHECK(has(verbose.err, "libvirt's message went on: token=hunter2-do-not-print"));
}

TEST_CASE("a huge argument gives a short message") {
    std::string huge(100000, 'x');
    for (const auto& args : std::vector<std::vector<std::string>>{{"-c", demo_uri(), "show", huge},
                                                                  {"-c", demo_uri(), "detach", "01:" + huge},
                                                                  {"-c", "test:///" + huge, "list"},
                                                                  {"list", "--" + huge}}) {
        CAPTURE(args.size());
        auto run = run_vpt(args);
        CHECK(run.exit_code != 0);
        CHECK(run.out.empty());
        CHECK(line_count(run.err) == 1);
        CHECK(run.err.size() < 400);
        CHECK(has(run.err, "more bytes)"));
    }
}
