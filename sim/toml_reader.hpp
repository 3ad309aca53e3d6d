#pragma once
// Reading validated values out of a parsed TOML file; the first problem is an
// InputError naming the file, the line and the key (and the nearest valid key).
#include <cstdint>
#include <filesystem>
#include <string>
#include <toml.hpp>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/distribution.hpp"

namespace lonesim {

// Parses a whole file; a missing file or a syntax error is a one-line InputError.
toml::value parse_toml_file(const std::string& path, std::string* text = nullptr);
// The same checks on text that is not in a file (a scenario given from Python); errors
// name `origin` where they would name the file.
toml::value parse_toml_text(const std::string& text, const std::string& origin);
std::string format_number(double v);  // shortest round-trip form, with a '.' or an exponent
std::string type_name(const toml::value& v);

class TomlReader {
public:
    explicit TomlReader(std::string file) : file_(std::move(file)), folder_(std::filesystem::path(file_).parent_path().string()) {}
    // Text that is not in a file: errors name `origin`, files it names are found in folder.
    TomlReader(std::string origin, std::string folder) : file_(std::move(origin)), folder_(std::move(folder)) {}

    [[noreturn]] void fail(const toml::value& v, const std::string& key, const std::string& why) const;
    // Unknown keys of a table (earliest line first), with the nearest allowed key.
    void check_keys(const toml::value& table, const std::string& prefix, const std::vector<std::string>& allowed) const;

    const toml::value& table(const toml::value& v, const std::string& key) const;
    double number(const toml::value& v, const std::string& key) const;
    std::int64_t integer(const toml::value& v, const std::string& key, std::int64_t lo, std::int64_t hi) const;
    std::string string(const toml::value& v, const std::string& key) const;
    // A name that becomes part of a file or folder name (outputs/<name>.h5): 1-100 letters,
    // digits, '_', '-' or '.', not starting with '.' or '-', so it cannot leave its folder.
    std::string file_name(const toml::value& v, const std::string& key) const;
    std::vector<std::string> strings(const toml::value& v, const std::string& key) const;
    Date date(const toml::value& v, const std::string& key) const;
    // A string that must be one of the choices.
    std::string choice(const toml::value& v, const std::string& key, const std::vector<std::string>& choices) const;
    std::string choice_of(const toml::value& v, const std::string& key, const std::string& s,
                          const std::vector<std::string>& choices) const;
    // A file named in this one: relative to this file's folder unless absolute; it must
    // exist. v is where to point in an error.
    std::string existing_file(const toml::value& v, const std::string& key, const std::string& file) const;
    // { distribution = "uniform" | "log-uniform" | "triangular", range = [lo, hi], source = "..." }:
    // the uncertainty of a number whose value is now `value` and whose valid range is
    // [min, max]. The range must hold the value and lie within [min, max]; a triangular's
    // mode is the value. The result's name is key.
    UncertainNumber uncertain(const toml::value& v, const std::string& key, double value, double min, double max) const;

private:
    std::string file_, folder_;
};


}  // namespace lonesim
