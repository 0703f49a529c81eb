// The man page must not drift from the code: every subcommand and every long
// flag that any `--help` shows is documented in man/vpt.1, in the section of
// its command, every flag the page documents is one its command accepts, and
// every command has an example. The commands and flags are discovered from
// the real binary's help output, recursively. The page installed by the build
// carries the version vpt --version prints.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_vpt.hpp"

namespace {

using Path = std::vector<std::string>;

std::string join(const Path& path, const std::string& sep = " ") {
    std::string out;
    for (const auto& p : path) out += (out.empty() ? "" : sep) + p;
    return out;
}

std::string show(const Path& path) { return path.empty() ? "vpt" : "vpt " + join(path); }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

// ---- what --help shows ------------------------------------------------------

struct HelpOption {
    std::vector<std::string> long_names;   // "--dry-run"
    std::vector<std::string> short_names;  // "-c"
    bool takes_value = false;
};

struct HelpPage {
    std::vector<HelpOption> options;
    std::vector<std::string> subcommands;
};

// CLI11's layout: a section title at column 0 ("Options:", "Subcommands:"),
// then one entry per line indented by two spaces; an entry's description
// either follows after a run of spaces or continues on a deeper-indented line.
HelpPage parse_help(const std::string& text) {
    HelpPage page;
    std::string section;
    for (const auto& line : lines_of(text)) {
        if (line.empty()) {
            section.clear();
            continue;
        }
        if (line[0] != ' ') {
            section = line;
            continue;
        }
        if (line.size() < 3 || line.compare(0, 2, "  ") != 0 || line[2] == ' ') continue;  // a continuation
        std::string entry = line.substr(2);
        auto gap = entry.find("  ");
        if (gap != std::string::npos) entry.resize(gap);
        auto words = words_of(entry);
        if (words.empty()) continue;
        if (section == "Subcommands:") {
            page.subcommands.push_back(words[0]);
        } else if (section == "Options:" && words[0][0] == '-') {
            HelpOption option;
            std::istringstream names(words[0]);
            for (std::string name; std::getline(names, name, ',');) {
                if (auto brace = name.find('{'); brace != std::string::npos) name.resize(brace);  // --managed{false}
                (name.rfind("--", 0) == 0 ? option.long_names : option.short_names).push_back(name);
            }
            // "--wait INT:INT in [0 - 3600]=60", "--pool TEXT Excludes: ..." take a value;
            // "--free Excludes: --held" does not.
            option.takes_value = words.size() > 1 && words[1].back() != ':';
            page.options.push_back(option);
        }
    }
    return page;
}

std::map<Path, HelpPage> walk_help() {
    std::map<Path, HelpPage> pages;
    std::vector<Path> todo = {{}};
    while (!todo.empty()) {
        Path path = todo.back();
        todo.pop_back();
        Path args = path;
        args.push_back("--help");
        auto run = run_vpt(args);
        INFO(show(path), " --help: ", run.err);
        REQUIRE(run.exit_code == 0);
        auto page = parse_help(run.out);
        REQUIRE_MESSAGE(!page.options.empty(), show(path), " --help shows no options");
        for (const auto& sub : page.subcommands) {
            Path child = path;
            child.push_back(sub);
            todo.push_back(child);
        }
        pages[path] = page;
    }
    return pages;
}

// ---- what man/vpt.1 says ----------------------------------------------------

// The text a roff line shows, near enough to find names in: `\-` is a
// hyphen, font changes (\fB, \fI, \fR, \fP, \f(XX, \f[X]) vanish, other
// escapes become a space, and the quotes that group macro arguments go.
std::string unroff(const std::string& line) {
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (c == '"') continue;
        if (c != '\\' || i + 1 == line.size()) {
            out += c;
            continue;
        }
        char e = line[++i];
        if (e == '-' || e == '\\' || e == 'e') {
            out += e == '-' ? '-' : '\\';
        } else if (e == '&' || e == '%' || e == ':') {
        } else if (e == 'f') {
            if (i + 1 < line.size() && line[i + 1] == '(') i += 3;
            else if (i + 1 < line.size() && line[i + 1] == '[') i = line.find(']', i);
            else ++i;
            if (i == std::string::npos) break;
        } else if (e == '(') {
            i += 2;  // \(em and friends
            out += ' ';
        } else {
            out += ' ';
        }
    }
    return out;
}

struct ManLine {
    std::string macro;  // ".SS", ".TP", "" for text
    std::string text;   // unescaped, macro removed
};

struct ManSection {
    std::string heading;  // unescaped: "vpt list [--groups] ...", "GLOBAL OPTIONS"
    bool subsection = false;
    std::vector<ManLine> lines;
};

std::vector<ManSection> parse_man(std::istream& in) {
    std::vector<ManSection> sections;
    for (std::string raw; std::getline(in, raw);) {
        if (raw.rfind(".\\\"", 0) == 0) continue;  // a comment
        ManLine line;
        if (raw.size() > 1 && raw[0] == '.') {
            auto space = raw.find(' ');
            line.macro = raw.substr(0, space);
            line.text = space == std::string::npos ? "" : unroff(raw.substr(space + 1));
        } else {
            line.text = unroff(raw);
        }
        if (line.macro == ".SH" || line.macro == ".SS") {
            sections.push_back({line.text, line.macro == ".SS", {}});
            continue;
        }
        if (!sections.empty()) sections.back().lines.push_back(line);
    }
    return sections;
}

std::vector<ManSection> read_man() {
    std::ifstream in(VPT_MAN_PAGE);
    REQUIRE_MESSAGE(in, "cannot read ", VPT_MAN_PAGE);
    return parse_man(in);
}

std::string text_of(const ManSection& section) {
    std::string text = section.heading + "\n";
    for (const auto& line : section.lines) text += line.text + "\n";
    return text;
}

// The .SS sections whose heading starts with `vpt PATH...` ("vpt pool"
// matches every "vpt pool ..." section).
std::vector<const ManSection*> sections_for(const std::vector<ManSection>& man, const Path& path) {
    std::vector<const ManSection*> found;
    Path wanted = {"vpt"};
    wanted.insert(wanted.end(), path.begin(), path.end());
    for (const auto& section : man) {
        if (!section.subsection) continue;
        auto words = words_of(section.heading);
        if (words.size() >= wanted.size() && std::equal(wanted.begin(), wanted.end(), words.begin()))
            found.push_back(&section);
    }
    return found;
}

// Where a command is documented: its own .SS section(s), or, for a command
// described as an item of its parent's section (".TP" then "hostdev DEV"),
// that item. Empty when the man page does not document it.
std::string man_text_for(const std::vector<ManSection>& man, const Path& path) {
    if (path.empty()) {
        for (const auto& section : man)
            if (section.heading == "GLOBAL OPTIONS") return text_of(section);
        return "";
    }
    if (path.size() > 1) {
        Path parent(path.begin(), path.end() - 1);
        for (const auto* section : sections_for(man, parent)) {
            const auto& lines = section->lines;
            for (size_t i = 0; i + 1 < lines.size(); ++i) {
                if (lines[i].macro != ".TP") continue;
                auto tag = words_of(lines[i + 1].text);
                if (tag.empty() || tag[0] != path.back()) continue;
                std::string item;
                for (size_t j = i + 1; j < lines.size(); ++j) {
                    const auto& m = lines[j].macro;
                    if (j > i + 1 && (m == ".TP" || m == ".PP" || m == ".LP" || m == ".P")) break;
                    item += lines[j].text + "\n";
                }
                return item;
            }
        }
    }
    std::string text;
    for (const auto* section : sections_for(man, path)) text += text_of(*section);
    return text;
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// `--force` in "--force," but not in "--force-boot".
bool mentions(const std::string& text, const std::string& flag) {
    for (auto at = text.find(flag); at != std::string::npos; at = text.find(flag, at + 1)) {
        bool starts = at == 0 || !is_name_char(text[at - 1]);
        bool ends = at + flag.size() == text.size() || !is_name_char(text[at + flag.size()]);
        if (starts && ends) return true;
    }
    return false;
}

// The long flags named in `text` ("--dry-run", not the "--" of "a -- b").
std::set<std::string> flags_in(const std::string& text) {
    std::set<std::string> flags;
    for (auto at = text.find("--"); at != std::string::npos; at = text.find("--", at + 2)) {
        if (at > 0 && is_name_char(text[at - 1])) continue;
        auto end = at + 2;
        if (end == text.size() || !std::islower(static_cast<unsigned char>(text[end]))) continue;
        while (end < text.size() && is_name_char(text[end])) ++end;
        flags.insert(text.substr(at, end - at));
    }
    return flags;
}

// The flags the man page documents, by command: GLOBAL OPTIONS' item tags
// for vpt itself; for a command, the flags in the heading of its .SS section
// (the synopsis) and in the tags of its items (the line after .TP); for a
// command documented as an item of its parent's section ("hostdev DEV" under
// "vpt xml ..."), the flags of the whole item. Prose elsewhere names flags of
// other programs (update-initramfs, virsh) and is left out.
std::map<Path, std::set<std::string>> documented_flags(const std::vector<ManSection>& man,
                                                       const std::map<Path, HelpPage>& pages) {
    std::map<Path, std::set<std::string>> documented;
    auto is_sub = [&](const Path& path, const std::string& word) {
        auto page = pages.find(path);
        if (page == pages.end()) return false;
        const auto& subs = page->second.subcommands;
        return std::find(subs.begin(), subs.end(), word) != subs.end();
    };
    for (const auto& section : man) {
        Path path;
        if (section.heading == "GLOBAL OPTIONS") {
        } else if (section.subsection && words_of(section.heading).size() > 1 && words_of(section.heading)[0] == "vpt") {
            auto words = words_of(section.heading);
            for (size_t i = 1; i < words.size() && is_sub(path, words[i]); ++i) path.push_back(words[i]);
            auto heading = flags_in(section.heading);
            documented[path].insert(heading.begin(), heading.end());
        } else {
            continue;
        }
        const auto& lines = section.lines;
        for (size_t i = 0; i + 1 < lines.size(); ++i) {
            if (lines[i].macro != ".TP") continue;
            auto tag = words_of(lines[i + 1].text);
            Path item;  // a subcommand documented as an item
            if (!tag.empty() && is_sub(path, tag[0])) item = path;
            else if (!tag.empty() && !path.empty() && is_sub(Path(path.begin(), path.end() - 1), tag[0]))
                item = Path(path.begin(), path.end() - 1);
            if (item.empty() && !(path.empty() && !tag.empty() && is_sub({}, tag[0]))) {
                auto flags = flags_in(lines[i + 1].text);
                documented[path].insert(flags.begin(), flags.end());
                continue;
            }
            item.push_back(tag[0]);
            for (size_t j = i + 1; j < lines.size(); ++j) {
                const auto& m = lines[j].macro;
                if (j > i + 1 && (m == ".TP" || m == ".PP" || m == ".LP" || m == ".P")) break;
                auto flags = flags_in(lines[j].text);
                documented[item].insert(flags.begin(), flags.end());
            }
        }
    }
    return documented;
}

// One line for each flag the man page documents for a command that the
// command does not accept (neither its own option nor a global one).
std::vector<std::string> documented_but_not_accepted(const std::vector<ManSection>& man,
                                                     const std::map<Path, HelpPage>& pages) {
    std::set<std::string> global;
    for (const auto& option : pages.at({}).options) global.insert(option.long_names.begin(), option.long_names.end());
    std::vector<std::string> problems;
    for (const auto& [path, flags] : documented_flags(man, pages)) {
        std::set<std::string> accepted = global;
        for (const auto& option : pages.at(path).options)
            accepted.insert(option.long_names.begin(), option.long_names.end());
        for (const auto& flag : flags)
            if (!accepted.count(flag))
                problems.push_back("`" + show(path) + " " + flag + "` is documented, but " + show(path) +
                                   " does not accept " + flag);
    }
    return problems;
}

// The command lines of the EXAMPLES section, split at `&&`, `||`, `|` and `;`,
// each one that runs vpt as its words.
std::vector<std::vector<std::string>> example_commands(const std::vector<ManSection>& man) {
    std::vector<std::vector<std::string>> commands;
    for (const auto& section : man) {
        if (section.heading != "EXAMPLES") continue;
        for (const auto& line : section.lines) {
            if (!line.macro.empty()) continue;
            std::vector<std::string> current;
            auto flush = [&] {
                if (!current.empty() && current[0] == "vpt") commands.push_back(current);
                current.clear();
            };
            for (const auto& word : words_of(line.text)) {
                if (word == "&&" || word == "||" || word == "|" || word == ";") flush();
                else current.push_back(word);
            }
            flush();
        }
    }
    return commands;
}

// The command an example runs: options (and their values) skipped, then
// subcommand names followed as deep as they go.
Path command_of(const std::vector<std::string>& words, const std::map<Path, HelpPage>& pages) {
    Path path;
    for (size_t i = 1; i < words.size(); ++i) {
        const auto& page = pages.at(path);
        const auto& word = words[i];
        if (word[0] == '-') {
            auto name = word.substr(0, word.find('='));
            for (const auto& option : page.options) {
                bool named = std::find(option.long_names.begin(), option.long_names.end(), name) !=
                                 option.long_names.end() ||
                             std::find(option.short_names.begin(), option.short_names.end(), name) !=
                                 option.short_names.end();
                if (named && option.takes_value && word.find('=') == std::string::npos) ++i;
            }
            continue;
        }
        if (std::find(page.subcommands.begin(), page.subcommands.end(), word) == page.subcommands.end()) break;
        path.push_back(word);
    }
    return path;
}

}  // namespace

TEST_CASE("the man page documents every subcommand and long flag --help shows") {
    auto pages = walk_help();
    auto man = read_man();
    REQUIRE(pages.size() > 1);

    // A flag the top-level help shows too (--help) is documented once, under GLOBAL OPTIONS.
    std::vector<std::string> global;
    for (const auto& option : pages.at({}).options)
        global.insert(global.end(), option.long_names.begin(), option.long_names.end());

    std::vector<std::string> missing;
    size_t flags_checked = 0;
    for (const auto& [path, page] : pages) {
        auto text = man_text_for(man, path);
        if (text.empty()) {
            missing.push_back("no section for `" + show(path) + "`");
            continue;
        }
        for (const auto& option : page.options) {
            for (const auto& flag : option.long_names) {
                if (!path.empty() && std::find(global.begin(), global.end(), flag) != global.end()) continue;
                ++flags_checked;
                if (!mentions(text, flag)) missing.push_back("`" + show(path) + " " + flag + "` not documented");
            }
        }
    }
    CHECK(flags_checked > 20);
    std::string report;
    for (const auto& m : missing) report += "\n  " + m;
    CHECK_MESSAGE(missing.empty(), "man/vpt.1 lacks:", report);
}

TEST_CASE("the man page has an example of every command") {
    auto pages = walk_help();
    auto man = read_man();
    std::map<Path, int> examples;
    for (const auto& words : example_commands(man)) ++examples[command_of(words, pages)];

    std::vector<std::string> missing;
    for (const auto& [path, page] : pages) {
        if (path.empty() || !page.subcommands.empty()) continue;  // only commands that run
        if (!examples.count(path)) missing.push_back(show(path));
    }
    std::string report;
    for (const auto& m : missing) report += "\n  " + m;
    CHECK_MESSAGE(missing.empty(), "EXAMPLES in man/vpt.1 lacks:", report);
}

TEST_CASE("every flag the man page documents is one its command accepts") {
    auto pages = walk_help();
    auto man = read_man();
    auto documented = documented_flags(man, pages);
    size_t flags_checked = 0;
    for (const auto& [path, flags] : documented) flags_checked += flags.size();
    CHECK(flags_checked > 40);
    CHECK(documented.count({"xml", "interface"}));  // an item of its parent's section
    auto problems = documented_but_not_accepted(man, pages);
    std::string report;
    for (const auto& p : problems) report += "\n  " + p;
    CHECK_MESSAGE(problems.empty(), "man/vpt.1 documents flags vpt does not accept:", report);

    SUBCASE("a flag the binary dropped, left in the page, is caught") {
        std::ifstream in(VPT_MAN_PAGE);
        std::stringstream page;
        page << in.rdbuf();
        std::string text = page.str();
        // a synopsis flag of detach, an item of reset, and a flag in the item of `xml interface`
        auto at = text.find(".SS \"vpt detach DEV");
        REQUIRE(at != std::string::npos);
        text.insert(text.find('"', at + 5), " [\\-\\-no\\-such\\-flag]");
        at = text.find(".SS \"vpt reset DEV");
        REQUIRE(at != std::string::npos);
        text.insert(text.find('\n', at) + 1, ".TP\n.B \\-\\-gone\nA flag vpt reset once had.\n");
        at = text.find(".B interface \\fIDEV\\fR");
        REQUIRE(at != std::string::npos);
        text.insert(text.find('\n', at) + 1, "with \\fB\\-\\-dropped\\fR,\n");
        std::istringstream edited(text);
        auto found = documented_but_not_accepted(parse_man(edited), pages);
        std::string all;
        for (const auto& p : found) all += p + "\n";
        CHECK(found.size() == 3);
        CHECK(all.find("`vpt detach --no-such-flag` is documented") != std::string::npos);
        CHECK(all.find("`vpt reset --gone` is documented") != std::string::npos);
        CHECK(all.find("`vpt xml interface --dropped` is documented") != std::string::npos);
    }
}

TEST_CASE("the man page the build installs names the version vpt --version prints") {
    auto run = run_vpt({"--version"});
    REQUIRE(run.exit_code == 0);
    auto first = lines_of(run.out).at(0);
    REQUIRE(first.rfind("vpt ", 0) == 0);
    std::string version = first.substr(4);
    REQUIRE_FALSE(version.empty());

    std::ifstream built(VPT_BUILT_MAN_PAGE);
    REQUIRE_MESSAGE(built, "cannot read ", VPT_BUILT_MAN_PAGE);
    std::string th;
    std::getline(built, th);
    CHECK_MESSAGE(th.find("\"vpt " + version + "\"") != std::string::npos, "the built page's .TH: ", th);
    // The page in the source tree names no version of its own: it cannot go stale.
    std::ifstream source(VPT_MAN_PAGE);
    std::string source_th;
    std::getline(source, source_th);
    CHECK_MESSAGE(source_th.rfind(".TH VPT 1 ", 0) == 0, source_th);
    CHECK_MESSAGE(source_th.find(version) == std::string::npos, "man/vpt.1 hard-codes a version: ", source_th);
}
