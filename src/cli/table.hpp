// A plain text table: columns padded to their widest cell, the last column
// left unpadded so long names do not push trailing spaces.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace vpt {

class Table {
public:
    explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
    void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    // `indent` spaces before every line.
    void print(std::ostream& out, size_t indent = 0) const;

private:
    std::vector<std::string> headers_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace vpt
