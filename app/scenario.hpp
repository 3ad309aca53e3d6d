#pragma once
// A scenario file is parsed once into a validated, immutable ScenarioSpec; the
// simulation is built from the spec. Strings exist only here, never in the daily step.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/param_table.hpp"
#include "models/inputs.hpp"
#include "models/simulation.hpp"
#include "app/programme_file.hpp"
#include "sim/nearest.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {

struct ScenarioSpec {
    std::string path;       // the file it came from
    std::string file_text;  // the file as written
    std::string name, description;
    std::string title, title_ko;  // for people (reports, the visualizer); the name when not given
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
    // The period before (issue 20): the world on start_date is the end state of this
    // scenario file's run (the history 2019-2024), not a fresh burn-in; "" for none.
    std::string starts_from;
    // What happens to contact after it, a named assumption: "stays_at_2024_level" (the
    // period before's contact factor on its last day, kept) or "returns_to_pre_2020_level"
    // (that factor fading back to 1 over contact_return_years). It is the shock named
    // kContactAfterShock, added by load_scenario.
    std::string contact_after;
    int contact_return_years = 0;
    // The period before's shocks in force on its last day, (name, contact factor): their
    // product is the contact_after_2024 shock's factor, kept in step when a draw or a
    // design changes one of them (set_variable).
    std::vector<std::pair<std::string, double>> contact_after_parts;

    // Resolved values of every parameter: defaults with overrides applied.
    std::vector<double> resolved(ParamTable table) const;
    // The resolved scenario as TOML, every parameter listed (overrides marked).
    std::string to_toml(ParamTable table) const;
};

// Parse and validate; throws InputError naming file, line and key. Programme files are
// read with the rules (without rules, a scenario with programmes is an error).
ScenarioSpec load_scenario(const std::string& path, ParamTable table, const ProgrammeRules* rules = nullptr);
// A scenario given as TOML text (from Python): files it names are found from dir, errors
// name origin, and name is its name unless [scenario] gives one.
ScenarioSpec scenario_from_text(const std::string& text, const std::string& origin, const std::string& dir, const std::string& name,
                                ParamTable table, const ProgrammeRules* rules = nullptr);

// [population] scale = F or agents = N (not both), as scenario, experiment and calibration
// files give the world's size; scale sets agents to 0.
void read_world_size(const TomlReader& r, const toml::value& population, double& scale, std::int64_t& agents);

// The setup a scenario describes (replicate 0), for a world built from these tables;
// throws InputError for impossible sizes and unknown district names in programmes.
SimulationSetup setup_for(const ScenarioSpec& spec, const SeoulData& seoul);

inline constexpr const char* kShockFactors[] = {"outings", "venues", "contacts"};
inline constexpr const char* kContactAfterShock = "contact_after_2024";
// A planner's words for scenario.contact_after.
std::string describe_contact_after(const ScenarioSpec& spec);

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

// "programmes.<programme>.<parameters|costs|capacity|referrals>.<key>": that number of the
// scenario's programme (a mechanism parameter the file leaves at its default is added at
// it), with its valid range; value is null when the scenario has no such programme.
// Throws std::invalid_argument saying what is wrong with any other name.
struct ProgrammeNumber {
    double* value = nullptr;
    double min = 0, max = 0;
    bool integer = false;
};
inline bool is_programme_variable(const std::string& name) { return name.rfind("programmes.", 0) == 0; }
ProgrammeNumber programme_number(ScenarioSpec& s, const std::string& name);

// Sets "shocks.<shock>.<factor>" of the scenario, or of its period before where that shock
// sets the contact_after_2024 factor; false if neither has the shock.
bool set_shock_factor(ScenarioSpec& s, const std::string& name, double value);

// Apply "key=value" overrides (--set). Keys: a parameter ("outings.base_prob"), a factor
// of one of the scenario's shocks ("shocks.covid_distancing.contacts"), or
// scenario.days / scenario.seed / scenario.replicates / scenario.start_date /
// population.scale / population.agents, or a number of one of its programmes
// ("programmes.mind_investment.parameters.effect_per_session"). Throws InputError("--set", ...).
// With not_here, a programme the scenario does not list is not an error: the line is added
// to *not_here (a comparison's baseline lacks its scenarios' programmes).
void apply_overrides(ScenarioSpec& spec, const std::vector<std::string>& sets, ParamTable table, std::vector<std::string>* not_here = nullptr);


}  // namespace lonesim
