#pragma once
// Where a scenario's world comes from when it starts from the period before
// (ScenarioSpec::starts_from, issue 20): the end state of that period's run (the history
// 2019-2024 with the calibrated parameters, COVID-19 and after, household growth), replicate
// by replicate, instead of a fresh burn-in. The state is made once by running the period
// before with --save-state and kept in the state cache, keyed by everything that
// determines it (its inputs digest: scenario, parameters, shocks, world size, seed, tables
// and build; and the replicates); a later command with the same key reuses it, anything
// else makes its own. The cache is a folder of lonesim state files:
// $LONESIM_CACHE, else $XDG_CACHE_HOME/lonesim, else ~/.cache/lonesim.
#include <atomic>
#include <optional>
#include <string>

#include "app/scenario.hpp"
#include "app/state_file.hpp"

namespace lonesim {

// The period before spec as it is run for spec: its own scenario file with spec's seed,
// replicates, world size and parameter overrides.
ScenarioSpec history_of(const ScenarioSpec& spec);

std::string state_cache_folder();

struct StartOptions {
    bool use_cache = true;  // false (--no-cache): made afresh in a temporary folder, removed after
    int threads = 1;
    bool progress = false;
    const std::atomic<bool>* stop = nullptr;
};

// The end state of history_of(spec) for spec's replicates, checked: from the cache, or made
// now (a line on stderr says so and where it goes). Empty for a scenario without starts_from.
class PeriodStart {
public:
    PeriodStart(const ScenarioSpec& spec, const StartOptions& options);
    ~PeriodStart();
    PeriodStart(const PeriodStart&) = delete;
    PeriodStart& operator=(const PeriodStart&) = delete;
    const std::optional<StateFile>& state() const { return state_; }
    bool made() const { return made_; }  // run now, not reused
    double seconds() const { return seconds_; }

private:
    std::optional<StateFile> state_;
    std::string temporary_;  // the folder made for --no-cache
    bool made_ = false;
    double seconds_ = 0;
};

}  // namespace lonesim
