// A streaming JSON writer for the outputs that grow with the host: the device
// list, its groups, a device and its group. It writes each value as it comes,
// where a nlohmann tree allocates a node per value, holds the whole document
// and frees it again: on a 2,000-device host the tree cost as much as reading
// a fifth of the devices. Its text is byte for byte what
// nlohmann::ordered_json::dump(2) prints (with invalid UTF-8 replaced by
// U+FFFD), so every vpt command's JSON looks alike.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vpt {

class JsonWriter {
public:
    // Writes to `out` as the text grows; with no `out` it keeps the text for text().
    explicit JsonWriter(std::FILE* out = nullptr) : out_(out) {}
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    // The next value is this member of the current object.
    void key(std::string_view name);

    void string(std::string_view text);
    void optional_string(const std::optional<std::string>& text);  // null when empty
    void number(long long value);
    void boolean(bool value);
    void null();

    // Ends the document with a newline and writes what is still buffered.
    void finish();
    const std::string& text() const { return buffer_; }

private:
    struct Container {
        size_t members = 0;
        bool awaiting_value = false;  // a key was written, its value is next
    };

    void before_value();
    void open(char bracket);
    void close(char bracket);
    void new_line_and_indent();
    void write_quoted(std::string_view text);
    void flush_if_large();

    std::FILE* out_;
    std::string buffer_;
    std::vector<Container> open_;
};

}  // namespace vpt
