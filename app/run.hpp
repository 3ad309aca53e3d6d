#pragma once
// Running a scenario: its replicates, one after another, each using every thread; the
// results go to one HDF5 file, written under FILE.partial and renamed when complete.
#include <atomic>
#include <string>
#include <vector>

#include "sim/result_file.hpp"
#include "app/scenario.hpp"
#include "models/outcomes.hpp"

namespace lonesim {

struct RunOptions {
    std::string out;           // the result file
    int threads = 1;           // recorded in the file
    bool progress = false;     // draw a progress bar on stderr
    const std::atomic<bool>* stop = nullptr;  // set by Ctrl-C: stop at the end of the day
    // State files (app/state_file.hpp): save every replicate's state after save_state_at
    // of the run's days (-1: its last day; 0: before its first day, after the burn-in);
    // start from a saved state instead of building and burning in a world.
    std::string save_state, from_state;
    int save_state_at = -1;
    // Checkpoints (app/checkpoint.hpp): every this many simulated days (0: none), and
    // whether to go on from those an interrupted run left.
    int checkpoint_every = 0;
    bool resume = false;
    bool no_cache = false;  // make the period before's end state afresh (app/start_state.hpp)
};

struct RunSummary {
    std::string out;
    std::int64_t agents = 0;
    int days = 0, replicates = 0;
    StatusShares start, end;  // the first and last day, mean over replicates
    double clustering_start = 0, clustering_end = 0;
    std::vector<std::uint64_t> degree_histogram;  // [degree] -> agents, end of replicate 0
    double deaths_per_year = 0, unattended_per_year = 0, expected_unattended_per_year = 0;
    double wall_seconds = 0, agent_days_per_second = 0;
    double state_save_seconds = 0, state_load_seconds = 0;  // all replicates
    std::string contact_after;  // the post-2024 contact assumption, in words ("" without starts_from)
    std::string start_from;     // the state file of the period before it started from
    double start_made_seconds = 0;  // running the period before now (0: reused from the cache)
};


RunSummary run_scenario(const ScenarioSpec& spec, const RunOptions& options);

}  // namespace lonesim
