#include "sim/toml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/input_error.hpp"
#include "sim/nearest.hpp"

namespace lonesim {

toml::value parse_toml_file(const std::string& path, std::string* text) {
    if (!std::filesystem::is_regular_file(path)) throw InputError(path, 0, "", "no such file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "", "cannot open file");
    std::ostringstream content;
    content << in.rdbuf();
    if (text) *text = content.str();
    try {
        std::istringstream is(content.str());
        return toml::parse(is, path);
    } catch (const toml::syntax_error& e) {
        std::string first = e.what();
        first = first.substr(0, first.find('\n'));
        if (first.rfind("[error] ", 0) == 0) first = first.substr(8);
        throw InputError(path, static_cast<int>(e.location().line()), "", "syntax error: " + first);
    } catch (const std::exception& e) {
        const std::string first = e.what();
        throw InputError(path, 0, "", "cannot parse: " + first.substr(0, first.find('\n')));
    }
}

std::string format_number(double v) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;  // shortest that reads back exactly
    std::string s(buf, end);
    if (s.find_first_of(".eE") == std::string::npos && s.find("inf") == std::string::npos &&
        s.find("nan") == std::string::npos)
        s += ".0";
    return s;
}

std::string type_name(const toml::value& v) {
    switch (v.type()) {
        case toml::value_t::boolean: return "a boolean";
        case toml::value_t::integer: return "an integer";
        case toml::value_t::floating: return "a number";
        case toml::value_t::string: return "a string";
        case toml::value_t::local_date: return "a date";
        case toml::value_t::array: return "an array";
        case toml::value_t::table: return "a table";
        default: return "a date-time";
    }
}

void TomlReader::fail(const toml::value& v, const std::string& key, const std::string& why) const {
    throw InputError(file_, static_cast<int>(v.location().line()), key, why);
}

void TomlReader::check_keys(const toml::value& table, const std::string& prefix,
                            const std::vector<std::string>& allowed) const {
    std::vector<std::pair<int, std::string>> unknown;
    for (const auto& [k, v] : table.as_table())
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
            unknown.emplace_back(static_cast<int>(v.location().line()), k);
    if (unknown.empty()) return;
    std::sort(unknown.begin(), unknown.end());
    const std::string& k = unknown.front().second;
    const std::string hint = nearest(k, allowed);
    fail(table.as_table().at(k), prefix + k,
         "unknown key" + (hint.empty() ? std::string() : " (did you mean '" + prefix + hint + "'?)"));
}

void read_world_size(const TomlReader& r, const toml::value& p, double& scale, std::int64_t& agents) {
    if (p.contains("scale") && p.contains("agents")) r.fail(p.at("agents"), "population.agents", "give either scale or agents, not both");
    if (p.contains("scale")) {
        scale = r.number(p.at("scale"), "population.scale");
        agents = 0;
        if (!(scale > 0 && scale <= 10)) r.fail(p.at("scale"), "population.scale", format_number(scale) + " is out of range (0, 10]");
    }
    if (p.contains("agents")) agents = r.integer(p.at("agents"), "population.agents", 25, 100'000'000);
}

std::string TomlReader::existing_file(const toml::value& v, const std::string& key, const std::string& file) const {
    namespace fs = std::filesystem;
    const fs::path where = fs::path(file).is_absolute() ? fs::path(file) : fs::path(file_).parent_path() / file;
    if (!fs::is_regular_file(where)) fail(v, key, "no such file: " + where.string());
    return where.lexically_normal().string();
}

const toml::value& TomlReader::table(const toml::value& v, const std::string& key) const {
    if (!v.is_table()) fail(v, key, "must be a table, got " + type_name(v));
    return v;
}

double TomlReader::number(const toml::value& v, const std::string& key) const {
    if (v.is_integer()) return static_cast<double>(v.as_integer());
    if (v.is_floating()) return v.as_floating();
    fail(v, key, "must be a number, got " + type_name(v));
}

std::int64_t TomlReader::integer(const toml::value& v, const std::string& key, std::int64_t lo, std::int64_t hi) const {
    if (!v.is_integer()) fail(v, key, "must be an integer, got " + type_name(v));
    const std::int64_t x = v.as_integer();
    if (x < lo || x > hi)
        fail(v, key, std::to_string(x) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return x;
}

std::string TomlReader::string(const toml::value& v, const std::string& key) const {
    if (!v.is_string()) fail(v, key, "must be a string, got " + type_name(v));
    return v.as_string().str;
}

std::vector<std::string> TomlReader::strings(const toml::value& v, const std::string& key) const {
    if (!v.is_array()) fail(v, key, "must be an array of strings, got " + type_name(v));
    std::vector<std::string> out;
    for (const auto& x : v.as_array()) out.push_back(string(x, key));
    return out;
}

Date TomlReader::date(const toml::value& v, const std::string& key) const {
    if (v.is_local_date()) {
        const auto& d = v.as_local_date();
        return {d.year, d.month + 1, d.day};  // toml11 months count from 0
    }
    if (v.is_string()) {
        try {
            return parse_date(v.as_string().str);
        } catch (const std::invalid_argument&) {
        }
    }
    fail(v, key, "must be a date like 2025-01-01, got " + type_name(v));
}

std::string TomlReader::choice(const toml::value& v, const std::string& key, const std::vector<std::string>& choices) const {
    return choice_of(v, key, string(v, key), choices);
}

std::string TomlReader::choice_of(const toml::value& v, const std::string& key, const std::string& s,
                                  const std::vector<std::string>& choices) const {
    if (std::find(choices.begin(), choices.end(), s) != choices.end()) return s;
    const std::string hint = nearest(s, choices);
    std::string all;
    for (const auto& c : choices) all += (all.empty() ? "" : ", ") + c;
    fail(v, key, "'" + s + "' is not one of " + all + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

}  // namespace lonesim
