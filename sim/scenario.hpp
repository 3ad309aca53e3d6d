#pragma once
// A scenario file is parsed once into a validated, immutable ScenarioSpec; the
// simulation is built from the spec. Strings exist only here, never in the daily step.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/param_table.hpp"
#include "sim/programme_spec.hpp"

namespace lonesim {

// A period of the calendar during which outings, venue encounters or contacts are
// scaled (a pandemic, a heat wave, a festival season).
struct ShockPeriod {
    std::string name;
    Date start, end;  // inclusive
    double outings = 1.0, venues = 1.0, contacts = 1.0;
    friend bool operator==(const ShockPeriod&, const ShockPeriod&) = default;
};

// A change to a programme during the run, on a given day (also what the visualizer's
// switches and sliders make). Unset fields (negative) are left as they are.
struct PolicyChange {
    int day = 0;
    std::string programme;
    int enabled = -1;  // 0 off, 1 on, -1 unchanged
    double per_year = -1, concurrent = -1;
};

// Seoul's single-person households on a date ([[population.households]]). With a list
// of them the population follows it: households arrive (new single-person households)
// to keep the world at its share of the count, linear between dates, flat outside.
struct HouseholdCount {
    Date date;
    double households = 0;
    std::string source;
    friend bool operator==(const HouseholdCount&, const HouseholdCount&) = default;
};

// Households on a date: linear between the listed dates, flat before the first and
// after the last (the list must not be empty).
double households_on(const std::vector<HouseholdCount>& path, Date d);

struct ScenarioSpec {
    std::string path;       // the file it came from
    std::string file_text;  // the file as written
    std::string name, description;
    double budget_krw = 0;  // a stated budget to report the simulated cost against
    std::string budget_source;
    Date start_date{2025, 1, 1};
    int days = 365;
    int burn_in_days = 180;  // simulated before the start date, not recorded, programmes off
    std::uint64_t seed = 1;
    int replicates = 1;
    double scale = 1.0;      // fraction of the real population...
    std::int64_t agents = 0; // ...or an exact count (0: use scale)
    std::string data_dir;    // resolved path of the population tables
    std::vector<HouseholdCount> households;  // in date order; empty: no arrivals
    std::vector<std::pair<std::string, double>> parameters;  // overrides, validated, in order
    std::vector<ShockPeriod> shocks;
    std::vector<ProgrammeSpec> programmes;  // with the scenario's overrides applied
    std::vector<PolicyChange> policy;       // scheduled changes, in day order
    std::string out;         // output file ("" = outputs/<name>.h5)
    std::vector<int> snapshot_days;
    std::vector<std::string> set_lines;  // --set overrides applied on top, as given

    // Resolved values of every parameter: defaults with overrides applied.
    std::vector<double> resolved(ParamTable table) const;
    // The resolved scenario as TOML, every parameter listed (overrides marked).
    std::string to_toml(ParamTable table) const;
};

// Parse and validate; throws InputError naming file, line and key. Programme files are
// read with the rules (without rules, a scenario with programmes is an error).
ScenarioSpec load_scenario(const std::string& path, ParamTable table, const ProgrammeRules* rules = nullptr);

inline constexpr const char* kShockFactors[] = {"outings", "venues", "contacts"};

// "shocks.<shock>.<factor>" (factor: outings, venues or contacts) -> that factor of the
// scenario's shock of that name, or nullptr.
template <class Spec>
auto shock_factor(Spec& s, const std::string& name) -> decltype(&s.shocks[0].outings) {
    if (name.rfind("shocks.", 0) != 0) return nullptr;
    const auto dot = name.rfind('.');
    if (dot <= 7) return nullptr;
    const std::string shock = name.substr(7, dot - 7), factor = name.substr(dot + 1);
    for (auto& sh : s.shocks)
        if (sh.name == shock) {
            if (factor == "outings") return &sh.outings;
            if (factor == "venues") return &sh.venues;
            if (factor == "contacts") return &sh.contacts;
        }
    return nullptr;
}

// Apply "key=value" overrides (--set). Keys: a parameter ("outings.base_prob"), a factor
// of one of the scenario's shocks ("shocks.covid_distancing.contacts"), or
// scenario.days / scenario.seed / scenario.replicates / scenario.start_date /
// population.scale / population.agents. Throws InputError("--set", ...).
void apply_overrides(ScenarioSpec& spec, const std::vector<std::string>& sets, ParamTable table);

// The closest candidate by edit distance, or "" if none is close.
std::string nearest(const std::string& key, const std::vector<std::string>& candidates);

}  // namespace lonesim
