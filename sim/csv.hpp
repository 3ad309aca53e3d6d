#pragma once
// A small reader for the comma-separated tables in scenarios/data (no quoted commas).
#include <cstdint>
#include <string>
#include <vector>

namespace lonesim {

struct CsvTable {
    std::string path;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    int column(const std::string& name) const;  // throws InputError if absent
    double number(std::size_t row, const std::string& name) const;  // finite
    // A finite number in [lo, hi], or a whole number in [lo, hi]; otherwise InputError
    // naming the file, the line and the column, quoting what is written.
    double number(std::size_t row, const std::string& name, double lo, double hi) const;
    std::int64_t integer(std::size_t row, const std::string& name, std::int64_t lo, std::int64_t hi) const;
    const std::string& text(std::size_t row, const std::string& name) const;
};

CsvTable read_csv(const std::string& path);  // throws InputError

}  // namespace lonesim
