#pragma once
// A small reader for the comma-separated tables in scenarios/data (no quoted commas).
#include <string>
#include <vector>

namespace lonesim {

struct CsvTable {
    std::string path;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    int column(const std::string& name) const;  // throws InputError if absent
    double number(std::size_t row, const std::string& name) const;
    const std::string& text(std::size_t row, const std::string& name) const;
};

CsvTable read_csv(const std::string& path);  // throws InputError

}  // namespace lonesim
