#include "sim/toml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/input_error.hpp"
#include "sim/nearest.hpp"

namespace lonesim {

namespace {

// Limits no scenario, programme, experiment or calibration file comes near, checked before
// the parser sees the text: its recursion would overflow the stack on deep nesting, and it
// takes quadratic time on very long arrays and dotted keys.
constexpr std::uintmax_t kMaxFileBytes = 1 << 20;
constexpr int kMaxDepth = 32;       // arrays and inline tables inside each other
constexpr int kMaxSeparators = 10'000;  // commas and dots outside strings and comments (the largest shipped file: under 200)

// A date written YYYY-MM-DD at t[i] that is no day of the calendar (2025-02-30): the
// parser reports it at line 1 without a key, so it is caught here first.
bool impossible_date(const std::string& t, std::size_t i) {
    auto digits = [&](std::size_t at, std::size_t n) {
        for (std::size_t k = at; k < at + n; ++k)
            if (k >= t.size() || t[k] < '0' || t[k] > '9') return false;
        return true;
    };
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(t[i - 1])) || t[i - 1] == '_' || t[i - 1] == '.')) return false;
    if (!digits(i, 4) || i + 10 > t.size() || t[i + 4] != '-' || !digits(i + 5, 2) || t[i + 7] != '-' || !digits(i + 8, 2)) return false;
    const int y = std::stoi(t.substr(i, 4)), m = std::stoi(t.substr(i + 5, 2)), d = std::stoi(t.substr(i + 8, 2));
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// The key written before '=' on the line around position i.
std::string key_on_line(const std::string& t, std::size_t i) {
    const std::size_t start = t.rfind('\n', i) == std::string::npos ? 0 : t.rfind('\n', i) + 1;
    const std::size_t eq = t.find('=', start);
    if (eq == std::string::npos || eq > i) return "";
    std::string key = t.substr(start, eq - start);
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t") + 1);
    // Under the last [table] or [[array]] header, if any.
    std::size_t h = t.rfind("\n[", start);
    if (h != std::string::npos) ++h;
    else if (!t.empty() && t[0] == '[') h = 0;
    if (h != std::string::npos) {
        // (a header that does not close on its own line is left out)
        const std::size_t end = t.find('\n', h), open = t.find_first_not_of('[', h), close = t.find(']', h);
        if (open != std::string::npos && close != std::string::npos && close > open && close < end) key = t.substr(open, close - open) + "." + key;
    }
    return key;
}

// One pass over the text, outside strings and comments: the deepest nesting of [ and {, and
// the number of separators. Throws InputError at the line that goes beyond a limit.
void check_shape(const std::string& path, const std::string& t) {
    int depth = 0, line = 1, separators = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '\n') {
            ++line;
        } else if (c == '#') {
            while (i + 1 < t.size() && t[i + 1] != '\n') ++i;
        } else if (c == '"' || c == '\'') {
            const bool multi = t.compare(i, 3, std::string(3, c)) == 0;
            const std::string close = multi ? std::string(3, c) : std::string(1, c);
            for (i += close.size(); i < t.size() && t.compare(i, close.size(), close) != 0; ++i) {
                if (t[i] == '\n') {
                    if (!multi) break;  // the parser reports the unterminated string
                    ++line;
                }
                if (c == '"' && t[i] == '\\' && ++i < t.size() && t[i] == '\n') ++line;  // an escape in a basic string
            }
            i += close.size() - 1;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                throw InputError(path, line, "", "nested more than " + std::to_string(kMaxDepth) + " deep (arrays and inline tables)");
        } else if (c == ']' || c == '}') {
            depth = std::max(0, depth - 1);
        } else if (c >= '0' && c <= '9' && impossible_date(t, i)) {
            throw InputError(path, line, key_on_line(t, i), t.substr(i, 10) + " is not a date of the calendar");
        } else if ((c == ',' || c == '.') && ++separators > kMaxSeparators) {
            throw InputError(path, line, "", "more than " + std::to_string(kMaxSeparators) + " values or key parts; no lonesim file needs so many");
        }
    }
}

}  // namespace

toml::value parse_toml_file(const std::string& path, std::string* text) {
    if (!std::filesystem::is_regular_file(path)) throw InputError(path, 0, "", "no such file");
    std::error_code ec;
    if (const auto bytes = std::filesystem::file_size(path, ec); !ec && bytes > kMaxFileBytes)
        throw InputError(path, 0, "", "is " + std::to_string(bytes) + " bytes; a lonesim file is at most " + std::to_string(kMaxFileBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "", "cannot open file");
    std::ostringstream content;
    content << in.rdbuf();
    if (content.str().size() > kMaxFileBytes) throw InputError(path, 0, "", "is more than " + std::to_string(kMaxFileBytes) + " bytes");
    if (text) *text = content.str();
    return parse_toml_text(content.str(), path);
}

toml::value parse_toml_text(const std::string& text, const std::string& origin) {
    if (text.size() > kMaxFileBytes) throw InputError(origin, 0, "", "is more than " + std::to_string(kMaxFileBytes) + " bytes");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError(origin, 0, "", "is empty (a file that says nothing would run every default on the whole city)");
    check_shape(origin, text);
    try {
        std::istringstream is(text);
        return toml::parse(is, origin);
    } catch (const toml::syntax_error& e) {
        std::string first = e.what();
        first = first.substr(0, first.find('\n'));
        if (first.rfind("[error] ", 0) == 0) first = first.substr(8);
        throw InputError(origin, static_cast<int>(e.location().line()), "", "syntax error: " + first);
    } catch (const std::exception& e) {
        const std::string first = e.what();
        throw InputError(origin, 0, "", "cannot parse: " + first.substr(0, first.find('\n')));
    }
}

std::string TomlReader::file_name(const toml::value& v, const std::string& key) const {
    const std::string s = string(v, key);
    const bool fits = !s.empty() && s.size() <= 100 && s[0] != '.' && s[0] != '-' &&
                      std::all_of(s.begin(), s.end(), [](char c) {
                          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
                      });
    if (!fits) fail(v, key, "names a file or folder: use 1-100 letters, digits, '_', '-' or '.', not starting with '.' or '-'");
    return s;
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


std::string TomlReader::existing_file(const toml::value& v, const std::string& key, const std::string& file) const {
    namespace fs = std::filesystem;
    const fs::path where = fs::path(file).is_absolute() ? fs::path(file) : fs::path(folder_) / file;
    std::error_code ec;
    const fs::file_status st = fs::status(where, ec);  // follows links; a loop is an error
    if (ec && ec != std::errc::no_such_file_or_directory) fail(v, key, "cannot read " + where.string() + ": " + ec.message());
    if (!fs::exists(st)) fail(v, key, "no such file: " + where.string());
    if (fs::is_directory(st)) fail(v, key, where.string() + " is a directory, not a file");
    if (!fs::is_regular_file(st)) fail(v, key, where.string() + " is not a regular file (a pipe, a device or a socket)");
    if (fs::equivalent(where, file_, ec)) fail(v, key, "names this file itself");
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

namespace {
// The value as the file writes it (the parser saturates integers beyond 64 bits).
std::string written(const toml::value& v) {
    const toml::source_location at = v.location();
    const std::string& line = at.line_str();
    if (at.column() < 1 || at.column() > line.size()) return "";
    std::string s = line.substr(at.column() - 1, at.region());
    s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
    return s;
}
}  // namespace

std::int64_t TomlReader::integer(const toml::value& v, const std::string& key, std::int64_t lo, std::int64_t hi) const {
    if (!v.is_integer()) fail(v, key, "must be an integer, got " + type_name(v));
    const std::int64_t x = v.as_integer();
    std::string as_written = written(v);
    if (!as_written.empty() && as_written[0] == '+') as_written.erase(0, 1);
    const bool saturated = (x == INT64_MAX || x == INT64_MIN) && !as_written.empty() && as_written != std::to_string(x);
    if (saturated || x < lo || x > hi)
        fail(v, key, (saturated ? as_written : std::to_string(x)) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
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

UncertainNumber TomlReader::uncertain(const toml::value& v, const std::string& key, double value, double min, double max) const {
    table(v, key);
    check_keys(v, key + ".", {"distribution", "range", "source"});
    for (const char* part : {"distribution", "range", "source"})
        if (!v.contains(part)) fail(v, key + "." + part, "missing");
    UncertainNumber u;
    u.name = key, u.file = file_, u.line = static_cast<int>(v.location().line());
    Distribution& d = u.distribution;
    d.shape = distribution_shape(choice(v.at("distribution"), key + ".distribution", distribution_names()));
    const toml::value& range = v.at("range");
    if (!range.is_array() || range.as_array().size() != 2) fail(range, key + ".range", "must be [low, high]");
    d.lo = number(range.as_array()[0], key + ".range"), d.hi = number(range.as_array()[1], key + ".range");
    if (!(d.lo < d.hi)) fail(range, key + ".range", "must be [low, high] with low < high");
    if (d.lo < min || d.hi > max)
        fail(range, key + ".range", "[" + format_number(d.lo) + ", " + format_number(d.hi) + "] leaves the valid range [" + format_number(min) + ", " +
                                        format_number(max) + "]");
    if (!(value >= d.lo && value <= d.hi))
        fail(range, key + ".range", "[" + format_number(d.lo) + ", " + format_number(d.hi) + "] does not hold the value " + format_number(value));
    if (d.shape == Distribution::Shape::log_uniform && !(d.lo > 0)) fail(range, key + ".range", "a log-uniform range must be above 0");
    d.mode = value;
    u.source = string(v.at("source"), key + ".source");
    if (u.source.empty()) fail(v.at("source"), key + ".source", "is empty: say where the range comes from, or that it is an assumption and why");
    return u;
}

}  // namespace lonesim
