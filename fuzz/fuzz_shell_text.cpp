// Text that reaches a shell: the commands vpt prints for the user to paste
// (guest names are anyone's text: "x;reboot", "wi$(touch${IFS}x)") and the
// URI on a command line being completed, which TAB must not open when it
// would run a program. The first byte chooses which.
//
//  - shell_word: a POSIX shell reads the word back as exactly the text, and
//    text left unquoted holds no character the shell treats specially;
//    command_text of two words is read back as those two words.
//  - completion_refuses_uri: never throws, and whatever it lets completion
//    open neither uses the ext transport nor has a parameter (split as
//    libvirt splits them, its name decoded) that names a program, a socket
//    or a known_hosts file.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/completion_uri.hpp"
#include "core/command_text.hpp"
#include "require.hpp"

namespace {

// The words a POSIX shell reads from `line` when it holds only plain
// characters, spaces between words, single-quoted parts and \' outside
// quotes (all shell_word writes); nullopt for anything else.
std::optional<std::vector<std::string>> shell_read(const std::string& line) {
    const std::string plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,:/@%+=";
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == ' ') {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
        } else if (c == '\'') {
            size_t end = line.find('\'', i + 1);
            if (end == std::string::npos) return std::nullopt;
            word += line.substr(i + 1, end - i - 1);
            i = end;
            in_word = true;
        } else if (c == '\\' && i + 1 < line.size() && line[i + 1] == '\'') {
            word += '\'';
            ++i;
            in_word = true;
        } else if (plain.find(c) != std::string::npos) {
            word += c;
            in_word = true;
        } else {
            return std::nullopt;  // unquoted, the shell would act on it
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string decoded(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit((unsigned char)text[i + 1]) &&
            std::isxdigit((unsigned char)text[i + 2])) {
            out += char(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

void check_words(const std::string& text) {
    auto word = vpt::shell_word(text);
    auto read = shell_read(word);
    VPT_FUZZ_REQUIRE(read && read->size() == 1 && (*read)[0] == text);
    size_t half = text.size() / 2;
    std::vector<std::string> two = {text.substr(0, half), text.substr(half)};
    auto both = shell_read(vpt::command_text(two));
    VPT_FUZZ_REQUIRE(both && *both == two);
}

void check_uri(const std::string& uri) {
    if (vpt::completion_refuses_uri(uri)) return;
    std::string scheme = lower(uri.substr(0, uri.find(':')));
    VPT_FUZZ_REQUIRE(uri.find(':') == std::string::npos || !scheme.ends_with("+ext"));
    size_t question = uri.find('?', uri.find(':') == std::string::npos ? 0 : uri.find(':'));
    if (question == std::string::npos) return;
    std::string query = uri.substr(question + 1);
    query = query.substr(0, query.find('#'));
    for (size_t start = 0; start <= query.size();) {
        size_t end = std::min(query.find_first_of("&;", start), query.size());
        std::string parameter = query.substr(start, end - start);
        std::string name = lower(decoded(parameter.substr(0, parameter.find('='))));
        for (const char* risky : {"command", "netcat", "socket", "known_hosts"})
            VPT_FUZZ_REQUIRE(name.find(risky) == std::string::npos);
        start = end + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    // A command line argument cannot hold a NUL byte.
    if (text.find('\0') != std::string::npos) return 0;
    if (data[0] & 1)
        check_uri(text);
    else
        check_words(text);
    return 0;
}
