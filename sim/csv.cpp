#include "sim/csv.hpp"

#include <cmath>

#include <fstream>
#include <sstream>

#include "sim/input_error.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {
namespace {
std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}
}  // namespace

CsvTable read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path, 0, "", "cannot open file");
    CsvTable t;
    t.path = path;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto cells = split(line);
        if (t.header.empty()) {
            t.header = std::move(cells);
        } else if (cells.size() != t.header.size()) {
            throw InputError(path, n, "", "expected " + std::to_string(t.header.size()) +
                                              " columns, found " + std::to_string(cells.size()));
        } else {
            t.rows.push_back(std::move(cells));
        }
    }
    return t;
}

int CsvTable::column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    throw InputError(path, 1, name, "missing column");
}

const std::string& CsvTable::text(std::size_t row, const std::string& name) const {
    return rows.at(row).at(static_cast<std::size_t>(column(name)));
}

double CsvTable::number(std::size_t row, const std::string& name) const {
    const std::string& s = text(row, name);
    try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && std::isfinite(v)) return v;
    } catch (const std::exception&) {
    }
    throw InputError(path, static_cast<int>(row) + 2, name, "not a number: '" + s + "'");
}

double CsvTable::number(std::size_t row, const std::string& name, double lo, double hi) const {
    const double v = number(row, name);
    if (v < lo || v > hi)
        throw InputError(path, static_cast<int>(row) + 2, name,
                         "'" + text(row, name) + "' is outside [" + format_number(lo) + ", " + format_number(hi) + "]");
    return v;
}

std::int64_t CsvTable::integer(std::size_t row, const std::string& name, std::int64_t lo, std::int64_t hi) const {
    const double v = number(row, name);
    if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
        throw InputError(path, static_cast<int>(row) + 2, name,
                         "'" + text(row, name) + "' is not a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return static_cast<std::int64_t>(v);
}

}  // namespace lonesim
