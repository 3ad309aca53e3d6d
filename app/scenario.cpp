#include "app/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <toml.hpp>

#include "app/programme_file.hpp"
#include "models/parameters.hpp"
#include "sim/input_error.hpp"
#include "sim/machine.hpp"
#include "sim/nearest.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> parameter_names(ParamTable table) {
    std::vector<std::string> names;
    for (const auto& p : table) names.emplace_back(p.name);
    return names;
}

int find_parameter(ParamTable table, const std::string& name) {
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i].name == name) return static_cast<int>(i);
    return -1;
}

std::string range_text(const ParamSpec& p) {
    std::ostringstream os;
    os << "[" << p.min << ", " << p.max << "]";
    return os.str();
}

using Reader = TomlReader;

void check_parameter_value(const ParamSpec& p, double value,
                           const std::function<void(const std::string&)>& fail) {
    if (!std::isfinite(value) || value < p.min || value > p.max)
        fail(format_number(value) + " is out of range " + range_text(p) + " (" + std::string(p.unit) + ")");
    if (p.integer && value != std::floor(value)) fail("must be a whole number");
}

void read_parameters(const Reader& r, const toml::value& v, const std::string& prefix,
                     ParamTable table, ScenarioSpec& spec) {
    // Nested tables ([parameters.outings] base_prob = ...) and dotted keys both end here.
    std::vector<std::pair<int, std::string>> keys;
    for (const auto& [k, sub] : v.as_table()) keys.emplace_back(static_cast<int>(sub.location().line()), k);
    std::sort(keys.begin(), keys.end());
    for (const auto& [line, k] : keys) {
        const toml::value& sub = v.as_table().at(k);
        const std::string name = prefix.empty() ? k : prefix + "." + k;
        if (sub.is_table()) {
            read_parameters(r, sub, name, table, spec);
            continue;
        }
        const int i = find_parameter(table, name);
        if (i < 0) {
            const std::string hint = nearest(name, parameter_names(table));
            r.fail(sub, "parameters." + name,
                   "unknown parameter" +
                       (hint.empty() ? std::string() : " (did you mean 'parameters." + hint + "'?)"));
        }
        const double value = r.number(sub, "parameters." + name);
        check_parameter_value(table[static_cast<std::size_t>(i)], value,
                              [&](const std::string& why) { r.fail(sub, "parameters." + name, why); });
        spec.parameters.emplace_back(name, value);
    }
}

}  // namespace

namespace {

// [scenario]: name, dates, seed, replicates, budget.
void read_scenario_table(const Reader& r, const toml::value& root, ScenarioSpec& spec) {
    const auto& s = r.table(root.at("scenario"), "scenario");
    r.check_keys(s, "scenario.",
                 {"name", "title", "title_ko", "description", "start_date", "days", "burn_in_days", "seed", "replicates", "budget_krw", "budget_source",
                  "starts_from", "contact_after_2024", "contact_return_years"});
    if (s.contains("name")) spec.name = r.file_name(s.at("name"), "scenario.name");
    if (s.contains("description")) spec.description = r.string(s.at("description"), "scenario.description");
    if (s.contains("title")) spec.title = r.string(s.at("title"), "scenario.title");
    if (s.contains("title_ko")) spec.title_ko = r.string(s.at("title_ko"), "scenario.title_ko");
    if (s.contains("budget_krw")) {
        spec.budget_krw = r.number(s.at("budget_krw"), "scenario.budget_krw");
        if (!(spec.budget_krw >= 0 && spec.budget_krw <= 1e15))
            r.fail(s.at("budget_krw"), "scenario.budget_krw", format_number(spec.budget_krw) + " is out of range [0, 1e15]");
        if (!s.contains("budget_source")) r.fail(s.at("budget_krw"), "scenario.budget_krw", "needs a budget_source");
        spec.budget_source = r.string(s.at("budget_source"), "scenario.budget_source");
    }
    if (s.contains("start_date")) spec.start_date = r.date(s.at("start_date"), "scenario.start_date");
    if (s.contains("days")) spec.days = static_cast<int>(r.integer(s.at("days"), "scenario.days", 1, 36500));
    if (s.contains("burn_in_days"))
        spec.burn_in_days = static_cast<int>(r.integer(s.at("burn_in_days"), "scenario.burn_in_days", 0, 3650));
    if (s.contains("seed"))
        spec.seed = static_cast<std::uint64_t>(r.integer(s.at("seed"), "scenario.seed", 0, INT64_MAX));
    if (s.contains("replicates"))
        spec.replicates = static_cast<int>(r.integer(s.at("replicates"), "scenario.replicates", 1, 10000));
    if (s.contains("starts_from")) {
        spec.starts_from = r.string(s.at("starts_from"), "scenario.starts_from");
        if (s.contains("burn_in_days"))
            r.fail(s.at("burn_in_days"), "scenario.burn_in_days", "with starts_from there is no burn-in: the period before's end is the start");
        spec.burn_in_days = 0;
    }
    if (s.contains("contact_after_2024")) {
        if (!s.contains("starts_from")) r.fail(s.at("contact_after_2024"), "scenario.contact_after_2024", "needs starts_from (the period it follows)");
        spec.contact_after = r.string(s.at("contact_after_2024"), "scenario.contact_after_2024");
        if (spec.contact_after != "stays_at_2024_level" && spec.contact_after != "returns_to_pre_2020_level")
            r.fail(s.at("contact_after_2024"), "scenario.contact_after_2024",
                   "'" + spec.contact_after + "' is not one of stays_at_2024_level, returns_to_pre_2020_level");
    } else if (s.contains("starts_from")) {
        r.fail(s.at("starts_from"), "scenario.starts_from", "needs contact_after_2024 (stays_at_2024_level or returns_to_pre_2020_level): what happens to contact after the period before is an assumption to state");
    }
    if (s.contains("contact_return_years")) {
        if (spec.contact_after != "returns_to_pre_2020_level")
            r.fail(s.at("contact_return_years"), "scenario.contact_return_years", "applies only to contact_after_2024 = \"returns_to_pre_2020_level\"");
        spec.contact_return_years = static_cast<int>(r.integer(s.at("contact_return_years"), "scenario.contact_return_years", 1, 30));
    } else if (spec.contact_after == "returns_to_pre_2020_level") {
        r.fail(s.at("contact_after_2024"), "scenario.contact_return_years", "missing: over how many years contact returns");
    }
}

// [[population.households]]: Seoul's count on dates, in date order.
void read_households(const Reader& r, const toml::value& p, ScenarioSpec& spec) {
    const auto& arr = p.at("households");
    if (!arr.is_array()) r.fail(arr, "population.households", "must be an array of tables ([[population.households]]), got " + type_name(arr));
    for (const auto& h : arr.as_array()) {
        r.table(h, "population.households");
        r.check_keys(h, "population.households.", {"date", "households", "source"});
        for (const char* required : {"date", "households", "source"})
            if (!h.contains(required)) r.fail(h, std::string("population.households.") + required, "missing");
        HouseholdCount c;
        c.date = r.date(h.at("date"), "population.households.date");
        c.households = static_cast<double>(r.integer(h.at("households"), "population.households.households", 1, 100'000'000));
        c.source = r.string(h.at("source"), "population.households.source");
        if (!spec.households.empty() && !(spec.households.back().date < c.date))
            r.fail(h.at("date"), "population.households.date", "dates must increase");
        spec.households.push_back(std::move(c));
    }
}

// [population]: the world's size and the tables it is built from ("data", relative to the file).
void read_population(const Reader& r, const toml::value& root, ScenarioSpec& spec, std::string& data) {
    const auto& p = r.table(root.at("population"), "population");
    r.check_keys(p, "population.", {"scale", "agents", "data", "households"});
    read_world_size(r, p, spec.scale, spec.agents);
    if (p.contains("data")) data = r.string(p.at("data"), "population.data");
    if (p.contains("households")) read_households(r, p, spec);
}

// One [[shocks]] entry.
ShockPeriod read_shock(const Reader& r, const toml::value& sh, const ScenarioSpec& spec) {
    r.table(sh, "shocks");
    r.check_keys(sh, "shocks.", {"name", "start", "end", "outings", "venues", "contacts", "fades"});
    ShockPeriod p;
    for (const char* required : {"name", "start", "end"})
        if (!sh.contains(required)) r.fail(sh, std::string("shocks.") + required, "missing");
    p.name = r.string(sh.at("name"), "shocks.name");
    for (const auto& other : spec.shocks)  // --set shocks.<name>.<factor> must name one shock
        if (other.name == p.name) r.fail(sh.at("name"), "shocks.name", "shock '" + p.name + "' is named twice");
    p.start = r.date(sh.at("start"), "shocks.start");
    p.end = r.date(sh.at("end"), "shocks.end");
    if (p.end < p.start) r.fail(sh.at("end"), "shocks.end", "ends before it starts");
    auto factor = [&](const char* key, double& out) {
        if (!sh.contains(key)) return;
        out = r.number(sh.at(key), std::string("shocks.") + key);
        if (!(out >= 0 && out <= 10))
            r.fail(sh.at(key), std::string("shocks.") + key, format_number(out) + " is out of range [0, 10]");
    };
    factor("outings", p.outings);
    factor("venues", p.venues);
    factor("contacts", p.contacts);
    if (sh.contains("fades")) {
        if (!sh.at("fades").is_boolean()) r.fail(sh.at("fades"), "shocks.fades", "must be true or false");
        p.fades = sh.at("fades").as_boolean();
    }
    return p;
}

// capacity_per_year and capacity_concurrent of a [[programmes]] or [[policy]] entry (the
// city's), each in [0, 1e8]; absent ones are left as they are.
void read_capacity(const Reader& r, const toml::value& entry, const std::string& prefix, Capacity& capacity) {
    for (auto [key, out] : {std::pair{"capacity_per_year", &capacity.per_year}, std::pair{"capacity_concurrent", &capacity.concurrent}}) {
        if (!entry.contains(key)) continue;
        *out = r.number(entry.at(key), prefix + key);
        if (!(*out >= 0 && *out <= 1e8)) r.fail(entry.at(key), prefix + key, format_number(*out) + " is out of range [0, 1e8]");
    }
}

// One [[programmes]] entry: the programme file with the scenario's overrides.
ProgrammeSpec read_programme_entry(const Reader& r, const toml::value& entry, const ScenarioSpec& spec, const ProgrammeRules& rules) {
    r.table(entry, "programmes");
    r.check_keys(entry, "programmes.", {"file", "start", "end", "capacity_per_year", "capacity_concurrent", "enabled"});
    if (!entry.contains("file")) r.fail(entry, "programmes.file", "missing");
    const std::string file = r.existing_file(entry.at("file"), "programmes.file", r.string(entry.at("file"), "programmes.file"));
    ProgrammeSpec p = load_programme(file, rules);
    if (entry.contains("start")) p.start = r.date(entry.at("start"), "programmes.start");
    if (entry.contains("end")) p.end = r.date(entry.at("end"), "programmes.end");
    read_capacity(r, entry, "programmes.", p.capacity);
    if (entry.contains("enabled")) {
        if (!entry.at("enabled").is_boolean()) r.fail(entry.at("enabled"), "programmes.enabled", "must be true or false");
        p.enabled = entry.at("enabled").as_boolean();
    }
    for (const auto& other : spec.programmes)
        if (other.name == p.name) r.fail(entry.at("file"), "programmes.file", "programme '" + p.name + "' is listed twice");
    return p;
}

// One [[policy]] entry: a change to one of the scenario's programmes on a day.
PolicyChange read_policy_entry(const Reader& r, const toml::value& entry, const ScenarioSpec& spec) {
    r.table(entry, "policy");
    r.check_keys(entry, "policy.", {"day", "programme", "enabled", "capacity_per_year", "capacity_concurrent"});
    if (!entry.contains("day") || !entry.contains("programme")) r.fail(entry, "policy", "needs day and programme");
    PolicyChange c;
    c.day = static_cast<int>(r.integer(entry.at("day"), "policy.day", 0, 36500));
    std::vector<std::string> names;
    for (const auto& p : spec.programmes) names.push_back(p.name);
    c.programme = r.choice(entry.at("programme"), "policy.programme", names);
    if (entry.contains("enabled")) {
        if (!entry.at("enabled").is_boolean()) r.fail(entry.at("enabled"), "policy.enabled", "must be true or false");
        c.enabled = entry.at("enabled").as_boolean();
    }
    read_capacity(r, entry, "policy.", c.capacity);
    return c;
}

// [output]: the file and the days of snapshots.
void read_output(const Reader& r, const toml::value& root, ScenarioSpec& spec) {
    const auto& o = r.table(root.at("output"), "output");
    r.check_keys(o, "output.", {"file", "snapshot_days"});
    if (o.contains("file")) spec.out = r.string(o.at("file"), "output.file");
    if (o.contains("snapshot_days")) {
        const auto& a = o.at("snapshot_days");
        if (!a.is_array()) r.fail(a, "output.snapshot_days", "must be an array of day numbers, got " + type_name(a));
        for (const auto& d : a.as_array()) {
            const int day = static_cast<int>(r.integer(d, "output.snapshot_days", 0, 36500));
            if (std::find(spec.snapshot_days.begin(), spec.snapshot_days.end(), day) != spec.snapshot_days.end())
                r.fail(d, "output.snapshot_days", "day " + std::to_string(day) + " is listed twice");
            // The file's own horizon (a shorter --days on the command line leaves the later ones out).
            if (day > spec.days)
                r.fail(d, "output.snapshot_days", "day " + std::to_string(day) + " is after the scenario's last day (" + std::to_string(spec.days) + ")");
            spec.snapshot_days.push_back(day);
        }
    }
}

// An array of tables ([[key]]), each read by one().
template <class One>
void each_entry(const Reader& r, const toml::value& root, const char* key, One&& one) {
    if (!root.contains(key)) return;
    const auto& arr = root.at(key);
    if (!arr.is_array()) r.fail(arr, key, "must be an array of tables ([[" + std::string(key) + "]]), got " + type_name(arr));
    for (const auto& entry : arr.as_array()) one(entry);
}

}  // namespace

namespace {
// The shock that states what happens to contact after the period before: its contact
// factor on its last day (the product of its shocks then), kept to the end or fading back.
void add_contact_after(const Reader& r, const toml::value& root, ScenarioSpec& spec, const fs::path& dir, ParamTable table) {
    const toml::value& at = root.at("scenario").at("starts_from");
    spec.starts_from = (fs::path(spec.starts_from).is_absolute() ? fs::path(spec.starts_from) : dir / spec.starts_from).lexically_normal().string();
    std::error_code ec;
    if (!fs::is_regular_file(spec.starts_from, ec)) r.fail(at, "scenario.starts_from", spec.starts_from + ": no such scenario file");
    if (fs::equivalent(spec.starts_from, spec.path, ec)) r.fail(at, "scenario.starts_from", "names this scenario itself");
    const ScenarioSpec before = load_scenario(spec.starts_from, table, &programme_rules());
    if (!before.starts_from.empty())
        r.fail(at, "scenario.starts_from", before.path + " starts from another period itself; give the first period");
    const Date last = day_info(before.start_date, before.days - 1).date, day_after = day_info(before.start_date, before.days).date;
    if (day_after != spec.start_date)
        r.fail(at, "scenario.starts_from", before.path + " ends on " + to_string(last) + "; this scenario must start the day after (" +
                                               to_string(day_after) + "), not " + to_string(spec.start_date));
    // Seoul's households go on as the period before's path has them (observed, then
    // projected), unless this scenario gives its own.
    if (spec.households.empty()) spec.households = before.households;
    double contacts = 1.0;
    for (const auto& sh : before.shocks)
        if (sh.start <= last && last <= sh.end) contacts *= sh.contacts, spec.contact_after_parts.emplace_back(sh.name, sh.contacts);
    ShockPeriod s;
    s.name = kContactAfterShock;
    s.start = spec.start_date;
    s.contacts = contacts;
    if (spec.contact_after == "stays_at_2024_level") {
        s.end = Date{9999, 12, 31};
    } else {
        s.end = day_info(Date{spec.start_date.year + spec.contact_return_years, spec.start_date.month, spec.start_date.day}, -1).date;
        s.fades = true;
    }
    for (const auto& other : spec.shocks)
        if (other.name == s.name) r.fail(at, "shocks.name", "'" + s.name + "' is the contact_after_2024 assumption's shock; name yours otherwise");
    spec.shocks.push_back(s);
}
}  // namespace

std::string describe_contact_after(const ScenarioSpec& spec) {
    if (spec.starts_from.empty()) return {};
    double contacts = 1.0;
    for (const auto& sh : spec.shocks)
        if (sh.name == kContactAfterShock) contacts = sh.contacts;
    char factor[64];
    std::snprintf(factor, sizeof factor, "%.3f", contacts);
    if (spec.contact_after == "stays_at_2024_level")
        return "contact after 2024 stays at its 2024 level (x" + std::string(factor) + " of pre-2020 contact, as the period before ended; contact_after_2024 = stays_at_2024_level)";
    return "contact after 2024 returns to its pre-2020 level over " + std::to_string(spec.contact_return_years) + " year(s), from x" + factor +
           " (contact_after_2024 = returns_to_pre_2020_level)";
}

namespace {

// A parsed scenario: files it names are found from dir, errors name path.
ScenarioSpec read_scenario(const toml::value& root, ScenarioSpec spec, const fs::path& dir, ParamTable table, const ProgrammeRules* rules) {
    const std::string path = spec.path;
    const Reader r(path, dir.string());
    r.check_keys(root, "", {"scenario", "population", "parameters", "shocks", "programmes", "policy", "output"});
    std::string data = "data";
    if (root.contains("scenario")) read_scenario_table(r, root, spec);
    if (root.contains("population")) read_population(r, root, spec, data);
    if (root.contains("parameters")) read_parameters(r, r.table(root.at("parameters"), "parameters"), "", table, spec);
    each_entry(r, root, "shocks", [&](const toml::value& sh) { spec.shocks.push_back(read_shock(r, sh, spec)); });
    if (root.contains("programmes") && !rules) r.fail(root.at("programmes"), "programmes", "programmes are not supported here");
    each_entry(r, root, "programmes", [&](const toml::value& e) { spec.programmes.push_back(read_programme_entry(r, e, spec, *rules)); });
    each_entry(r, root, "policy", [&](const toml::value& e) { spec.policy.push_back(read_policy_entry(r, e, spec)); });
    std::stable_sort(spec.policy.begin(), spec.policy.end(), [](const auto& x, const auto& y) { return x.day < y.day; });
    if (root.contains("output")) read_output(r, root, spec);
    // A file cut short can still parse, and would run all of Seoul on defaults: what every
    // scenario states is checked last, after the errors a file has where it is written.
    if (!root.contains("scenario"))
        throw InputError(path, 0, "scenario", "missing [scenario]: a scenario states at least its name (is the file cut short?)");
    if (!root.contains("population") || !(root.at("population").contains("scale") || root.at("population").contains("agents")))
        throw InputError(path, 0, "population",
                         "missing [population] scale or agents: a scenario states its world's size, scale = 1.0 for all of Seoul (is the file cut short?)");
    spec.data_dir = (fs::path(data).is_absolute() ? fs::path(data) : dir / data).lexically_normal().string();
    if (!spec.starts_from.empty()) add_contact_after(r, root, spec, dir, table);
    return spec;
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path, ParamTable table, const ProgrammeRules* rules) {
    ScenarioSpec spec;
    spec.path = path;
    const toml::value root = parse_toml_file(path, &spec.file_text);
    spec.name = fs::path(path).stem().string();
    return read_scenario(root, std::move(spec), fs::path(path).parent_path(), table, rules);
}

ScenarioSpec scenario_from_text(const std::string& text, const std::string& origin, const std::string& dir, const std::string& name,
                                ParamTable table, const ProgrammeRules* rules) {
    ScenarioSpec spec;
    spec.path = origin, spec.file_text = text, spec.name = name;
    const toml::value root = parse_toml_text(text, origin);
    return read_scenario(root, std::move(spec), fs::path(dir), table, rules);
}

ProgrammeNumber programme_number(ScenarioSpec& s, const std::string& name) {
    // programmes.<programme>.<part>.<key>
    const auto a = name.find('.'), b = name.find('.', a + 1), c = name.find('.', b + 1);
    if (!is_programme_variable(name) || b == std::string::npos || c == std::string::npos || c + 1 >= name.size())
        throw std::invalid_argument("a programme's number is programmes.<programme>.<parameters|costs|capacity|referrals>.<key>");
    const std::string programme = name.substr(a + 1, b - a - 1), part = name.substr(b + 1, c - b - 1), key = name.substr(c + 1);
    ProgrammeNumber n;
    auto it = std::find_if(s.programmes.begin(), s.programmes.end(), [&](const ProgrammeSpec& p) { return p.name == programme; });
    if (part == "parameters") {
        if (it == s.programmes.end()) return n;
        const ParamTable table = programme_rules().mechanism_parameters(it->mechanism);
        const int i = find_parameter(table, key);
        if (i < 0) {
            const std::string hint = nearest(key, parameter_names(table));
            throw std::invalid_argument("the " + it->mechanism + " mechanism of '" + programme + "' has no parameter '" + key + "'" +
                                        (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)"));
        }
        const ParamSpec& spec = table[static_cast<std::size_t>(i)];
        auto p = std::find_if(it->parameters.begin(), it->parameters.end(), [&](const auto& kv) { return kv.first == key; });
        if (p == it->parameters.end()) p = it->parameters.insert(it->parameters.end(), {key, spec.default_value});
        n.value = &p->second, n.min = spec.min, n.max = spec.max, n.integer = spec.integer;
    } else if (part == "costs") {
        if (key != "per_unit" && key != "per_enrolment" && key != "fixed_per_year")
            throw std::invalid_argument("a programme's costs are per_unit, per_enrolment and fixed_per_year, not '" + key + "'");
        if (it == s.programmes.end()) return n;
        n.value = key == "per_unit" ? &it->per_unit : key == "per_enrolment" ? &it->per_enrolment : &it->fixed_per_year;
        n.max = 1e13;
    } else if (part == "capacity") {
        if (key != "per_year" && key != "concurrent") throw std::invalid_argument("a programme's capacity is per_year or concurrent, not '" + key + "'");
        if (it == s.programmes.end()) return n;
        n.value = key == "per_year" ? &it->capacity.per_year : &it->capacity.concurrent;
        n.max = 1e8;
    } else if (part == "referrals") {
        if (it == s.programmes.end()) return n;
        auto r = std::find_if(it->referrals.begin(), it->referrals.end(), [&](const auto& kv) { return kv.first == key; });
        if (r == it->referrals.end()) throw std::invalid_argument("'" + programme + "' refers no one to '" + key + "'");
        n.value = &r->second, n.max = 1;
    } else {
        throw std::invalid_argument("a programme's numbers are parameters, costs, capacity or referrals, not '" + part + "'");
    }
    return n;
}

bool set_shock_factor(ScenarioSpec& s, const std::string& name, double value) {
    bool found = false;
    if (double* f = shock_factor(s, name)) *f = value, found = true;
    // A shock of the period before that sets the contact_after_2024 factor (it may be the
    // scenario's own shock's namesake too).
    const std::string suffix = ".contacts";
    if (s.contact_after_parts.empty() || name.rfind("shocks.", 0) != 0 || name.size() <= 7 + suffix.size() ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return found;
    const std::string shock = name.substr(7, name.size() - 7 - suffix.size());
    bool part_found = false;
    double product = 1.0;
    for (auto& [part, contacts] : s.contact_after_parts) {
        if (part == shock) contacts = value, part_found = true;
        product *= contacts;
    }
    if (part_found)
        for (auto& sh : s.shocks)
            if (sh.name == kContactAfterShock) sh.contacts = product;
    return found || part_found;
}

void apply_overrides(ScenarioSpec& spec, const std::vector<std::string>& sets, ParamTable table, std::vector<std::string>* not_here) {
    for (const auto& line : sets) {
        const auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError("--set", 0, line, "expected key=value");
        std::string key = line.substr(0, eq);
        const std::string text = line.substr(eq + 1);
        if (key.rfind("parameters.", 0) == 0) key = key.substr(11);
        auto fail = [&](const std::string& why) { throw InputError("--set", 0, key, why); };
        double value = 0;
        try {
            std::size_t used = 0;
            value = std::stod(text, &used);
            if (used != text.size()) throw std::invalid_argument(text);
        } catch (const std::exception&) {
            if (key == "scenario.start_date") {
                try {
                    spec.start_date = parse_date(text);
                } catch (const std::invalid_argument& e) {
                    fail(e.what());
                }
                spec.set_lines.push_back(line);
                continue;
            }
            fail("'" + text + "' is not a number");
        }
        auto whole = [&](double lo, double hi) {
            if (value != std::floor(value) || value < lo || value > hi)
                fail(text + " must be a whole number in [" + format_number(lo) + ", " + format_number(hi) + "]");
            return static_cast<std::int64_t>(value);
        };
        if (is_programme_variable(key)) {
            ProgrammeNumber n;
            try {
                n = programme_number(spec, key);
            } catch (const std::invalid_argument& e) {
                fail(e.what());
            }
            if (!n.value) {
                if (!not_here) fail("scenario '" + spec.name + "' has no programme named '" + key.substr(11, key.find('.', 11) - 11) + "'");
                not_here->push_back(line);
                spec.set_lines.push_back(line);  // the period before may list it (history_of applies it there)
                continue;
            }
            if (n.integer) whole(n.min, n.max);
            if (!(value >= n.min && value <= n.max)) fail(text + " is out of range [" + format_number(n.min) + ", " + format_number(n.max) + "]");
            *n.value = value;
        } else if (key == "scenario.days") {
            spec.days = static_cast<int>(whole(1, 36500));
        } else if (key == "scenario.burn_in_days") {
            spec.burn_in_days = static_cast<int>(whole(0, 3650));
        } else if (key == "scenario.seed") {
            spec.seed = static_cast<std::uint64_t>(whole(0, 9.0e15));
        } else if (key == "scenario.replicates") {
            spec.replicates = static_cast<int>(whole(1, 10000));
        } else if (key == "population.scale") {
            if (!(value > 0 && value <= 10)) fail(text + " is out of range (0, 10]");
            spec.scale = value, spec.agents = 0;
        } else if (key == "population.agents") {
            spec.agents = whole(25, 1e8);
        } else if (double* factor = shock_factor(spec, key)) {
            if (!(value >= 0 && value <= 10)) fail(format_number(value) + " is out of range [0, 10]");
            *factor = value;
        } else {
            const int i = find_parameter(table, key);
            if (i < 0) {
                auto names = parameter_names(table);
                for (const auto& sh : spec.shocks)
                    for (const char* f : kShockFactors) names.push_back("shocks." + sh.name + "." + f);
                for (const char* k : {"scenario.days", "scenario.burn_in_days", "scenario.seed", "scenario.replicates",
                                      "scenario.start_date", "population.scale", "population.agents"})
                    names.emplace_back(k);
                const std::string hint = nearest(key, names);
                fail("unknown parameter" + (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)"));
            }
            check_parameter_value(table[static_cast<std::size_t>(i)], value, fail);
            spec.parameters.emplace_back(key, value);
        }
        spec.set_lines.push_back(line);
    }
}

std::vector<double> ScenarioSpec::resolved(ParamTable table) const {
    std::vector<double> values;
    for (const auto& p : table) values.push_back(p.default_value);
    for (const auto& [name, value] : parameters) values[static_cast<std::size_t>(find_parameter(table, name))] = value;
    return values;
}

std::string ScenarioSpec::to_toml(ParamTable table) const {
    std::ostringstream os;
    auto quote = [](const std::string& s) {
        std::string q = "\"";
        for (char c : s) {
            if (c == '"' || c == '\\') q += '\\';
            q += c;
        }
        return q + "\"";
    };
    os << "# resolved from " << path << "\n";
    for (const auto& s : set_lines) os << "# --set " << s << "\n";
    os << "\n[scenario]\nname = " << quote(name) << "\ndescription = " << quote(description)
       << "\nstart_date = " << to_string(start_date) << "\ndays = " << days << "\nburn_in_days = " << burn_in_days << "\nseed = " << seed
       << "\nreplicates = " << replicates << "\n";
    if (!starts_from.empty()) {
        os << "starts_from = " << quote(starts_from) << "\ncontact_after_2024 = " << quote(contact_after) << "\n";
        if (contact_return_years > 0) os << "contact_return_years = " << contact_return_years << "\n";
    }
    os << "\n[population]\n";
    if (agents > 0) os << "agents = " << agents << "\n";
    else os << "scale = " << format_number(scale) << "\n";
    os << "data = " << quote(data_dir) << "\n";
    for (const auto& h : households)
        os << "\n[[population.households]]\ndate = " << to_string(h.date) << "\nhouseholds = " << std::llround(h.households)
           << "\nsource = " << quote(h.source) << "\n";
    for (const auto& sh : shocks)
        os << "\n[[shocks]]\nname = " << quote(sh.name) << "\nstart = " << to_string(sh.start)
           << "\nend = " << to_string(sh.end) << "\noutings = " << format_number(sh.outings)
           << "\nvenues = " << format_number(sh.venues) << "\ncontacts = " << format_number(sh.contacts) << "\n"
           << (sh.fades ? "fades = true\n" : "");
    os << "\n[output]\nfile = " << quote(out) << "\nsnapshot_days = [";
    for (std::size_t i = 0; i < snapshot_days.size(); ++i) os << (i ? ", " : "") << snapshot_days[i];
    os << "]\n";
    const auto values = resolved(table);
    std::string section;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const std::string name(table[i].name);
        const auto dot = name.find('.');
        if (name.substr(0, dot) != section) {
            section = name.substr(0, dot);
            os << "\n[parameters." << section << "]\n";
        }
        os << name.substr(dot + 1) << " = " << format_number(values[i]);
        os << "  # " << table[i].unit << (values[i] != table[i].default_value ? ", overridden" : "") << "\n";
    }
    return os.str();
}

namespace {
// Every programme's districts are districts of the tables (with the nearest for a typo).
void check_districts(const ProgrammeSpec& s, const SeoulData& seoul) {
    std::vector<std::string> names;
    for (const auto& d : seoul.districts) names.push_back(d.name);
    for (const auto& name : s.districts)
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            const std::string hint = nearest(name, names);
            throw InputError(s.file, s.districts_line, "programme.districts",
                             "unknown district '" + name + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
}
}  // namespace

void read_world_size(const TomlReader& r, const toml::value& p, double& scale, std::int64_t& agents) {
    if (p.contains("scale") && p.contains("agents")) r.fail(p.at("agents"), "population.agents", "give either scale or agents, not both");
    if (p.contains("scale")) {
        scale = r.number(p.at("scale"), "population.scale");
        agents = 0;
        if (!(scale > 0 && scale <= 10)) r.fail(p.at("scale"), "population.scale", format_number(scale) + " is out of range (0, 10]");
    }
    if (p.contains("agents")) agents = r.integer(p.at("agents"), "population.agents", 25, 100'000'000);
}

SimulationSetup setup_for(const ScenarioSpec& spec, const SeoulData& seoul) {
    const double table_total = static_cast<double>(seoul.total_households());
    const auto requested = spec.agents > 0 ? spec.agents : static_cast<std::int64_t>(std::llround(spec.scale * table_total));
    const WorldSize size = world_size(requested, table_total, spec.households, day_info(spec.start_date, -spec.burn_in_days).date);
    if (size.agents < kDistricts)
        throw InputError(spec.path, 0, "population", "a world of " + std::to_string(size.agents) + " agents is too small (at least 25)");
    if (size.agents > 100'000'000 || size.capacity > 102'000'000)  // (the room for newcomers is 1%)
        throw InputError(spec.path, 0, "population", "a world of " + std::to_string(size.agents) + " agents is too large");
    // Refused before it is built: a world needs about 360 bytes an agent (586 MB peak for
    // 1,660,813 agents over 90 days, benchmarks/README.md); 600 leaves room to spare.
    constexpr double kBytesPerAgent = 600;
    const double need = kBytesPerAgent * static_cast<double>(size.capacity), have = static_cast<double>(available_memory_bytes());
    if (need > have) {
        char why[200];
        std::snprintf(why, sizeof why, "a world of %lld agents needs about %.1f GB (600 bytes an agent, and room for newcomers); this machine has %.1f GB available",
                      static_cast<long long>(size.agents), need / 1e9, have / 1e9);
        throw InputError(spec.path, 0, "population", why);
    }
    for (const auto& p : spec.programmes) check_districts(p, seoul);
    SimulationSetup s;
    s.agents = size.agents, s.capacity = size.capacity, s.scale = size.scale;
    if (!spec.households.empty()) s.households = spec.households;
    const auto values = spec.resolved(parameter_table());
    const auto table = parameter_table();
    for (std::size_t k = 0; k < table.size(); ++k) s.params.set(table[k].name, values[k]);
    s.seed = spec.seed;
    s.start_date = spec.start_date;
    s.burn_in_days = spec.burn_in_days;
    s.shocks = spec.shocks;
    s.programmes = spec.programmes;
    s.policy = spec.policy;
    return s;
}

}  // namespace lonesim
