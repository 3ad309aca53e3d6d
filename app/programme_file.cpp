#include "app/programme_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/programmes/mechanisms.hpp"
#include "sim/input_error.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {

namespace {

// Reads a programme file's tables, noting every number read, to check that each has a source.
class ProgrammeReader {
public:
    ProgrammeReader(const std::string& path, const toml::value& root, const ProgrammeRules& rules)
        : path_(path), root_(root), rules_(rules), r(path) {}

    void identity(ProgrammeSpec& p) const {
        const toml::value& root = root_;
        const ProgrammeRules& rules = rules_;
        const auto& g = r.table(root.at("programme"), "programme");
        r.check_keys(g, "programme.", {"name", "title", "title_ko", "mechanism", "plan", "description", "start", "end", "districts"});
        for (const char* required : {"name", "mechanism", "start", "end"})
            if (!g.contains(required)) r.fail(g, std::string("programme.") + required, "missing");
        p.name = r.string(g.at("name"), "programme.name");
        if (p.name.empty() || !std::all_of(p.name.begin(), p.name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            }))
            r.fail(g.at("name"), "programme.name", "use lower case letters, digits and underscores");
        if (g.contains("title")) p.title = r.string(g.at("title"), "programme.title");
        if (g.contains("title_ko")) p.title_ko = r.string(g.at("title_ko"), "programme.title_ko");
        if (g.contains("plan")) p.plan = r.string(g.at("plan"), "programme.plan");
        if (g.contains("description")) p.description = r.string(g.at("description"), "programme.description");
        p.mechanism = r.choice(g.at("mechanism"), "programme.mechanism", rules.mechanisms);
        p.start = r.date(g.at("start"), "programme.start");
        p.end = r.date(g.at("end"), "programme.end");
        if (p.end < p.start) r.fail(g.at("end"), "programme.end", "ends before it starts");
        if (g.contains("districts")) {
            p.districts = r.strings(g.at("districts"), "programme.districts");
            p.districts_line = static_cast<int>(g.at("districts").location().line());
        }
    }

    void eligibility(ProgrammeSpec& p) {
        const toml::value& root = root_;
        const ProgrammeRules& rules = rules_;
        const auto& e = r.table(root.at("eligibility"), "eligibility");
        r.check_keys(e, "eligibility.", {"min_age", "max_age", "statuses", "requires", "min_loneliness"});
        if (e.contains("min_age")) p.min_age = static_cast<int>(number(e.at("min_age"), "eligibility.min_age", 0, 120));
        if (e.contains("max_age")) p.max_age = static_cast<int>(number(e.at("max_age"), "eligibility.max_age", 0, 120));
        if (p.max_age < p.min_age) r.fail(e.at("max_age"), "eligibility.max_age", "is below min_age");
        if (e.contains("statuses")) {
            for (const auto& s : r.strings(e.at("statuses"), "eligibility.statuses"))
                p.statuses.push_back(r.choice_of(e.at("statuses"), "eligibility.statuses", s, rules.statuses));
            if (p.statuses.empty()) r.fail(e.at("statuses"), "eligibility.statuses", "is empty: nobody would be eligible (leave it out for every status)");
        }
        if (e.contains("requires"))
            for (const auto& s : r.strings(e.at("requires"), "eligibility.requires"))
                p.required.push_back(r.choice_of(e.at("requires"), "eligibility.requires", s, rules.required));
        if (e.contains("min_loneliness")) p.min_loneliness = number(e.at("min_loneliness"), "eligibility.min_loneliness", 0, 1);
    }

    void capacity_and_costs(ProgrammeSpec& p) {
        const toml::value& root = root_;
        if (root.contains("capacity")) {
            const auto& c = r.table(root.at("capacity"), "capacity");
            r.check_keys(c, "capacity.", {"per_year", "concurrent"});
            if (c.contains("per_year")) p.capacity.per_year = number(c.at("per_year"), "capacity.per_year", 0, 1e8);
            if (c.contains("concurrent")) p.capacity.concurrent = number(c.at("concurrent"), "capacity.concurrent", 0, 1e8);
        }
        if (root.contains("costs")) {
            const auto& c = r.table(root.at("costs"), "costs");
            r.check_keys(c, "costs.", {"fixed_per_year", "per_enrolment", "per_unit"});
            if (c.contains("fixed_per_year")) p.fixed_per_year = number(c.at("fixed_per_year"), "costs.fixed_per_year", 0, 1e13);
            if (c.contains("per_enrolment")) p.per_enrolment = number(c.at("per_enrolment"), "costs.per_enrolment", 0, 1e10);
            if (c.contains("per_unit")) p.per_unit = number(c.at("per_unit"), "costs.per_unit", 0, 1e10);
        }
    }

    // The mechanism's own parameters, checked against its table.
    void parameters(ProgrammeSpec& p) {
        const toml::value& root = root_;
        const ParamTable table = rules_.mechanism_parameters(p.mechanism);
        if (root.contains("parameters")) {
            const auto& t = r.table(root.at("parameters"), "parameters");
            std::vector<std::string> allowed;
            for (const auto& s : table) allowed.emplace_back(s.name);
            r.check_keys(t, "parameters.", allowed);
            for (const auto& s : table) {
                const std::string key(s.name);
                if (!t.contains(key)) continue;
                const double x = number(t.at(key), "parameters." + key, s.min, s.max);
                if (s.integer && x != std::floor(x)) r.fail(t.at(key), "parameters." + key, "must be a whole number");
                p.parameters.emplace_back(key, x);
            }
        }
    }

    void referrals(ProgrammeSpec& p) {
        const toml::value& root = root_;
        const auto& a = root.at("referrals");
        if (!a.is_array()) r.fail(a, "referrals", "must be an array of tables ([[referrals]])");
        for (const auto& ref : a.as_array()) {
            r.table(ref, "referrals");
            r.check_keys(ref, "referrals.", {"to", "probability"});
            if (!ref.contains("to") || !ref.contains("probability")) r.fail(ref, "referrals", "needs to and probability");
            const std::string to = r.string(ref.at("to"), "referrals.to");
            for (const auto& [other, probability] : p.referrals)
                if (other == to) r.fail(ref.at("to"), "referrals.to", "'" + to + "' is referred to twice");
            p.referrals.emplace_back(to, number(ref.at("probability"), "referrals." + to, 0, 1));
        }
    }

    // [uncertainty]: a distribution for the mechanism's parameters (the file's value or the
    // default), costs the file sets and referrals, not capacity (a decision). A whole-number
    // parameter's draws are rounded down.
    void uncertainty(ProgrammeSpec& p) const {
        const auto& t = r.table(root_.at("uncertainty"), "uncertainty");
        const ParamTable table = rules_.mechanism_parameters(p.mechanism);
        for (const auto& [key, v] : t.as_table()) {
            const std::string name = key;  // clang 14 cannot capture a structured binding
            auto has = [&](const std::vector<std::pair<std::string, double>>& numbers, const std::string& k) {
                return std::find_if(numbers.begin(), numbers.end(), [&](const auto& n) { return n.first == k; });
            };
            double value = 0, lo = 0, hi = 0;
            bool integer = false;
            if (name.rfind("parameters.", 0) == 0) {
                const std::string k = name.substr(11);
                const auto spec = std::find_if(table.begin(), table.end(), [&](const auto& s) { return s.name == k; });
                if (spec == table.end()) r.fail(v, "uncertainty." + name, "the " + p.mechanism + " mechanism has no parameter '" + k + "'");
                const auto it = has(p.parameters, k);  // the file's value, or the mechanism's default
                value = it == p.parameters.end() ? spec->default_value : it->second, lo = spec->min, hi = spec->max;
                integer = spec->integer;
            } else if (name.rfind("referrals.", 0) == 0) {
                const auto it = has(p.referrals, name.substr(10));
                if (it == p.referrals.end()) r.fail(v, "uncertainty." + name, "the file has no referral to '" + name.substr(10) + "'");
                value = it->second, lo = 0, hi = 1;
            } else if (name == "costs.per_unit" || name == "costs.per_enrolment" || name == "costs.fixed_per_year") {
                if (!root_.contains("costs") || !root_.at("costs").contains(name.substr(6))) r.fail(v, "uncertainty." + name, "the file sets no " + name);
                value = name == "costs.per_unit" ? p.per_unit : name == "costs.per_enrolment" ? p.per_enrolment : p.fixed_per_year;
                lo = 0, hi = 1e13;
            } else {
                r.fail(v, "uncertainty." + name,
                       "not a number that can be uncertain: parameters.<key>, costs.<per_unit|per_enrolment|fixed_per_year> or referrals.<to> "
                       "(capacity is a decision)");
            }
            UncertainNumber u = r.uncertain(v, "uncertainty." + name, value, lo, hi);
            u.name = name, u.integer = integer;
            p.uncertain.push_back(std::move(u));
        }
        // In the file's order of keys, whatever order the TOML library keeps a table in: a
        // variable's place sets its column of the Latin hypercube.
        std::sort(p.uncertain.begin(), p.uncertain.end(), [](const UncertainNumber& a, const UncertainNumber& b) { return a.line != b.line ? a.line < b.line : a.name < b.name; });
    }

    // Every number read has a source, and every source is of a number.
    void sources(ProgrammeSpec& p) const {
        const toml::value& root = root_;
        const std::string& path = path_;
        if (!root.contains("sources")) throw InputError(path, 1, "sources", "missing [sources]: every number needs a source");
        const auto& s = r.table(root.at("sources"), "sources");
        for (const auto& [key, v] : s.as_table()) p.sources[key] = r.string(v, "sources." + key);
        for (const auto& [key, v] : numbers_)
            if (!p.sources.count(key)) r.fail(*v, key, "has no source: add \"" + key + "\" = \"...\" to [sources]");
        for (const auto& [key, v] : s.as_table()) {
            const std::string& name = key;  // clang 14 cannot capture a structured binding
            const bool used = std::any_of(numbers_.begin(), numbers_.end(), [&](const auto& n) { return n.first == name; });
            if (!used) r.fail(v, "sources." + key, "is the source of no number in this file");
        }
    }

private:
    double number(const toml::value& v, const std::string& key, double lo, double hi) {
        const double x = r.number(v, key);
        if (!(x >= lo && x <= hi)) r.fail(v, key, format_number(x) + " is out of range [" + format_number(lo) + ", " + format_number(hi) + "]");
        numbers_.emplace_back(key, &v);
        return x;
    }

    const std::string& path_;
    const toml::value& root_;
    const ProgrammeRules& rules_;
    std::vector<std::pair<std::string, const toml::value*>> numbers_;

public:
    const TomlReader r;
};

}  // namespace

ProgrammeSpec load_programme(const std::string& path, const ProgrammeRules& rules) {
    const toml::value root = parse_toml_file(path);
    ProgrammeReader in(path, root, rules);
    ProgrammeSpec p;
    p.file = path;
    in.r.check_keys(root, "", {"programme", "eligibility", "capacity", "costs", "parameters", "referrals", "sources", "uncertainty"});
    if (!root.contains("programme")) throw InputError(path, 1, "programme", "missing [programme] table");
    in.identity(p);
    if (root.contains("eligibility")) in.eligibility(p);
    in.capacity_and_costs(p);
    in.parameters(p);
    if (root.contains("referrals")) in.referrals(p);
    in.sources(p);
    if (root.contains("uncertainty")) in.uncertainty(p);
    return p;
}

const ProgrammeRules& programme_rules() {
    static const ProgrammeRules rules = [] {
        ProgrammeRules r;
        r.mechanism_parameters = mechanism_parameters;
        for (const MechanismType* m : mechanism_types()) r.mechanisms.emplace_back(m->name);
        r.statuses = kStatusNames;
        r.required = kRequirementNames;
        return r;
    }();
    return rules;
}

}  // namespace lonesim
