#pragma once
// Scenario comparison with common random numbers: the baseline and each scenario run
// replicate by replicate with the same seed, population and dates, so each difference
// is the programmes' effect. Outcomes per scenario against the baseline, with 95%
// intervals across replicates, go to one HDF5 file and a printed table.
#include <array>
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/estimate.hpp"

namespace lonesim {
namespace h5 {
class File;
}

// Reclusive person-years are a part of isolated person-years; a plan can shorten reclusion
// (fewer person-years) without averting its episodes (people who come out and relapse).
inline constexpr int kOutcomes = 7;
inline constexpr int kTotalCost = 4, kCostPerIsolatedPersonYear = 5;  // indices in kOutcomeNames
inline constexpr const char* kOutcomeNames[kOutcomes] = {
    "isolated_person_years_averted", "lonely_person_years_averted", "reclusion_episodes_averted",
    "unattended_deaths_averted",     "total_cost_krw",              "krw_per_isolated_person_year_averted",
    "reclusive_person_years_averted"};

struct ScenarioComparison {
    std::string name;
    std::array<Estimate, kOutcomes> overall;
    double budget_krw = 0;        // the scenario's stated budget, if any
    double simulated_cost = 0;    // mean total cost over the horizon, in this world
    double population_scale = 1;  // agents / Seoul's households (costs scale with it)
    int days = 0;
    std::string contact_after;  // the scenario's post-2024 contact assumption, in words
};

struct CompareOptions {
    std::string out;
    int threads = 1;
    bool progress = false;
    const std::atomic<bool>* stop = nullptr;
    // A state of day 0 of the baseline's world (app/state_file.hpp): the burn-in is taken
    // from it instead of run (checked before any work).
    std::string from_state;
    // Checkpoints (app/checkpoint.hpp), one per replicate: every this many simulated days
    // (0: none), and whether to go on from those an interrupted comparison left.
    int checkpoint_every = 0;
    bool resume = false;
    bool no_cache = false;  // make the period before's end state afresh (app/start_state.hpp)
    // More to write into the file before it is complete (the parameter uncertainty).
    std::function<void(h5::File&)> write_more;
};

// The baseline and the scenarios on the baseline's world and calendar (population, seed,
// start date, replicates), for the longest horizon among them.
std::vector<ScenarioSpec> on_baselines_world(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios);

// What compare_scenarios refuses before any work (InputError): a scenario with the
// baseline's name or given twice, scenarios that start from another world than the baseline's.
void check_comparison(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios, const CompareOptions& options);

// All scenarios run with the baseline's population, seed and start date, for the
// longest horizon among them, with the baseline's number of replicates.
std::vector<ScenarioComparison> compare_scenarios(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios,
                                                  const CompareOptions& options);

}  // namespace lonesim
