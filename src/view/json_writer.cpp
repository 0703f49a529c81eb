#include "view/json_writer.hpp"

#include <charconv>

namespace vpt {
namespace {

constexpr size_t flush_threshold = 64 * 1024;
constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence starting `text` (1 to 4), or
// 0 when it is not one; `valid_prefix` then says how many bytes of it were
// acceptable before it broke, which are replaced together (as nlohmann does).
size_t utf8_sequence_length(std::string_view text, size_t& valid_prefix) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(0);
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
        valid_prefix = 1;
        return 0;
    }
    for (size_t i = 1; i < length; ++i) {
        unsigned char allowed_low = i == 1 ? low : 0x80, allowed_high = i == 1 ? high : 0xBF;
        if (i >= text.size() || byte(i) < allowed_low || byte(i) > allowed_high) {
            valid_prefix = i;
            return 0;
        }
    }
    return length;
}

}  // namespace

void JsonWriter::begin_object() { open('{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array() { open('['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view name) {
    auto& container = open_.back();
    buffer_ += container.members++ ? "," : "";
    new_line_and_indent();
    write_quoted(name);
    buffer_ += ": ";
    container.awaiting_value = true;
}

void JsonWriter::string(std::string_view text) {
    before_value();
    write_quoted(text);
}

void JsonWriter::optional_string(const std::optional<std::string>& text) {
    if (text)
        string(*text);
    else
        null();
}

void JsonWriter::number(long long value) {
    before_value();
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer_.append(digits, end);
}

void JsonWriter::boolean(bool value) {
    before_value();
    buffer_ += value ? "true" : "false";
}

void JsonWriter::null() {
    before_value();
    buffer_ += "null";
}

void JsonWriter::finish() {
    buffer_ += '\n';
    if (!out_) return;
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    std::fflush(out_);
    buffer_.clear();
}

// A value inside an array starts its own line; inside an object its key
// has already placed it.
void JsonWriter::before_value() {
    if (open_.empty()) return;
    auto& container = open_.back();
    if (container.awaiting_value) {
        container.awaiting_value = false;
        return;
    }
    buffer_ += container.members++ ? "," : "";
    new_line_and_indent();
}

void JsonWriter::open(char bracket) {
    before_value();
    buffer_ += bracket;
    open_.emplace_back();
}

// An empty container stays on one line: "[]", "{}".
void JsonWriter::close(char bracket) {
    bool empty = open_.back().members == 0;
    open_.pop_back();
    if (!empty) new_line_and_indent();
    buffer_ += bracket;
    flush_if_large();
}

void JsonWriter::new_line_and_indent() {
    buffer_ += '\n';
    buffer_.append(2 * open_.size(), ' ');
}

void JsonWriter::write_quoted(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
    buffer_ += '"';
    for (size_t i = 0; i < text.size();) {
        size_t run_end = i;
        while (run_end < text.size() && plain(static_cast<unsigned char>(text[run_end]))) ++run_end;
        buffer_.append(text.substr(i, run_end - i));
        if ((i = run_end) == text.size()) break;
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            size_t valid_prefix = 0;
            size_t length = utf8_sequence_length(text.substr(i), valid_prefix);
            if (length) {
                buffer_.append(text.substr(i, length));
                i += length;
            } else {
                buffer_ += replacement_character;
                i += valid_prefix;
            }
            continue;
        }
        ++i;
        switch (c) {
            case '"': buffer_ += "\\\""; break;
            case '\\': buffer_ += "\\\\"; break;
            case '\b': buffer_ += "\\b"; break;
            case '\f': buffer_ += "\\f"; break;
            case '\n': buffer_ += "\\n"; break;
            case '\r': buffer_ += "\\r"; break;
            case '\t': buffer_ += "\\t"; break;
            default:  // the other control characters
                buffer_ += "\\u00";
                buffer_ += hex[c >> 4];
                buffer_ += hex[c & 0xF];
        }
    }
    buffer_ += '"';
}

void JsonWriter::flush_if_large() {
    if (!out_ || buffer_.size() < flush_threshold) return;
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    buffer_.clear();
}

}  // namespace vpt
