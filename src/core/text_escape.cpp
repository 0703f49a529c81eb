#include "core/text_escape.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace vpt {
namespace {

// One character of the input: how many bytes it took, and how it is shown.
struct Piece {
    size_t length;
    std::string shown;
};

std::string hex_bytes(std::string_view bytes) {
    std::string out;
    for (char c : bytes) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
        out += buf;
    }
    return out;
}

// The length of the well-formed UTF-8 sequence at the start of `text`
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
// or 0 when there is none.
size_t utf8_length(std::string_view text) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(0);
    size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;
        if (lead == 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;
        if (lead == 0xf4) high = 0x8f;
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (size_t i = 2; i < length; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    return length;
}

uint32_t code_point(std::string_view sequence) {
    auto byte = [&](size_t i) { return uint32_t(static_cast<unsigned char>(sequence[i])); };
    if (sequence.size() == 2) return (byte(0) & 0x1f) << 6 | (byte(1) & 0x3f);
    if (sequence.size() == 3) return (byte(0) & 0x0f) << 12 | (byte(1) & 0x3f) << 6 | (byte(2) & 0x3f);
    return (byte(0) & 0x07) << 18 | (byte(1) & 0x3f) << 12 | (byte(2) & 0x3f) << 6 | (byte(3) & 0x3f);
}

// C1 controls (U+0080..U+009F: some terminals take U+009B as an escape
// sequence) and the bidirectional embeddings, overrides and isolates, which
// reorder what is printed after them.
bool acts_on_terminal(uint32_t c) {
    return (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

Piece next_piece(std::string_view text) {
    unsigned char c = static_cast<unsigned char>(text[0]);
    if (c == '\n') return {1, "\\n"};
    if (c < 0x20 || c == 0x7f) return {1, hex_bytes(text.substr(0, 1))};
    if (c < 0x80) return {1, std::string(1, char(c))};
    size_t length = utf8_length(text);
    if (length == 0) return {1, hex_bytes(text.substr(0, 1))};
    std::string_view sequence = text.substr(0, length);
    if (acts_on_terminal(code_point(sequence))) return {length, hex_bytes(sequence)};
    return {length, std::string(sequence)};
}

std::vector<Piece> pieces_of(std::string_view text) {
    std::vector<Piece> pieces;
    while (!text.empty()) {
        pieces.push_back(next_piece(text));
        text.remove_prefix(pieces.back().length);
    }
    return pieces;
}

std::string cut_note(size_t left_out) { return "…(" + std::to_string(left_out) + " more bytes)"; }

// The pieces in [begin, end) while they fit in `limit` bytes, then one
// piece saying how many input bytes the rest held.
std::vector<Piece> cut(std::vector<Piece>::const_iterator begin, std::vector<Piece>::const_iterator end,
                       size_t limit) {
    std::vector<Piece> kept;
    size_t size = 0;
    for (auto it = begin; it != end; ++it) {
        if (size + it->shown.size() > limit) {
            size_t left_out = 0;
            for (; it != end; ++it) left_out += it->length;
            kept.push_back({left_out, cut_note(left_out)});
            break;
        }
        size += it->shown.size();
        kept.push_back(*it);
    }
    return kept;
}

size_t shown_size(const std::vector<Piece>& pieces) {
    size_t size = 0;
    for (const auto& piece : pieces) size += piece.shown.size();
    return size;
}

std::string joined(const std::vector<Piece>& pieces) {
    std::string out;
    for (const auto& piece : pieces) out += piece.shown;
    return out;
}

// Every word longer than `limit` bytes cut to it; the spaces stay.
std::vector<Piece> cut_words(const std::vector<Piece>& pieces, size_t limit) {
    std::vector<Piece> out;
    auto word = pieces.begin();
    while (word != pieces.end()) {
        auto space = std::find_if(word, pieces.end(), [](const Piece& p) { return p.shown == " "; });
        auto kept = cut(word, space, limit);
        out.insert(out.end(), kept.begin(), kept.end());
        if (space == pieces.end()) break;
        out.push_back(*space);
        word = space + 1;
    }
    return out;
}

}  // namespace

std::string escape_text(std::string_view text) { return joined(pieces_of(text)); }

std::string one_line(std::string_view text, size_t limit) {
    auto pieces = pieces_of(text);
    return joined(cut(pieces.begin(), pieces.end(), limit));
}

std::string error_line(std::string_view message) {
    auto pieces = pieces_of(message);
    if (shown_size(pieces) <= error_line_limit) return joined(pieces);
    auto words = cut_words(pieces, error_word_limit);
    return joined(cut(words.begin(), words.end(), error_line_ceiling));
}

FirstLine split_first_line(std::string_view text) {
    size_t end = text.find_first_of("\r\n");
    if (end == std::string_view::npos) return {text, {}};
    size_t next = end + 1;
    if (text[end] == '\r' && next < text.size() && text[next] == '\n') ++next;
    return {text.substr(0, end), text.substr(next)};
}

}  // namespace vpt
