#pragma once
// lonesim batch: every run of an experiment, spread over the ranks of a Cluster, each run
// written to its own file under OUT/runs/ (atomically, so a killed job leaves only
// finished runs, and running the same command again does only the missing ones), then
// one result file OUT/experiment.h5 that links them, with summaries across replicates
// and the sensitivity of the key outcomes to the design's parameters.
#include <atomic>
#include <string>
#include <vector>

#include "sim/cluster.hpp"
#include "app/experiment.hpp"

namespace lonesim {

// What each run yields (city scale: counts divided by the world's share of Seoul).
enum RunOutcome : int {
    kIsolatedPrevalenceEnd,  // share of the living isolated or reclusive on the last day
    kLonelyPrevalenceEnd,    // share of the living who feel lonely on the last day
    kMeanLonelinessEnd,
    kNoOneToTurnToEnd,
    kIsolatedPersonYears,    // isolated or reclusive, summed over the horizon
    kUnattendedDeathsPerYear,          // drawn: those found after days alone
    kExpectedUnattendedDeathsPerYear,  // each death's chance of lying unfound, summed (no discovery-draw noise)
    kDeathsPerYear,
    kIsolationEpisodesPerYear,  // begun (models/status.cpp: a return within status.episode_gap_days continues one)
    kReclusionEpisodesPerYear,
    kCostKrw,                // programme spending over the horizon
    kIsolatedPersonYearsAverted,       // against the baseline's run of the same point and replicate
    kKrwPerIsolatedPersonYearAverted,  // cost / averted (NaN where nothing was averted)
    kReclusivePersonYears,             // reclusive (a part of isolated or reclusive), summed over the horizon
    kLonelyPersonYears,                // feeling lonely, summed over the horizon
    kRunOutcomeCount
};
struct RunOutcomeInfo {
    const char* name;
    const char* description;
    const char* units;
};
extern const RunOutcomeInfo kRunOutcomeInfo[kRunOutcomeCount];

struct BatchOptions {
    std::string out;       // folder
    int runs_at_once = 1;  // runs a rank works on side by side
    bool quiet = false;
    bool print_sensitivity = true;  // the summary's sensitivity tables on stdout (unless quiet)
    const std::atomic<bool>* stop = nullptr;
    // Runs of another experiment (or build) in the folder are removed and done again rather
    // than refused: for folders whose runs are only a cache (lonesim calibrate --check-defaults).
    bool replace_foreign = false;
};

struct BatchResult {
    int runs = 0, done_now = 0, reused = 0;  // done_now/reused: by this rank (rank 0: all, after assembly)
    double wall_seconds = 0;
    std::string file;  // OUT/experiment.h5 (rank 0)
};

// Throws InputError for an unusable output folder or runs of another experiment in it
// (unless options.replace_foreign),
// and Interrupted when the stop flag is raised (finished runs are kept).
BatchResult run_batch(const ExperimentSpec& e, const BatchOptions& options, Cluster& cluster);

// What run_batch would find in options.out, without writing anything (`batch --dry-run`):
// the number of finished runs it would keep. Throws the InputError run_batch would throw
// for impossible worlds, a run of another experiment or an experiment.h5 not lonesim's.
int check_batch_folder(const ExperimentSpec& e, const BatchOptions& options);

// The file of run `index` under the output folder, relative to it.
std::string run_file_name(int index);

}  // namespace lonesim
