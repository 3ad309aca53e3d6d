#pragma once
// lonesim calibrate: fit free parameters to observed statistics by approximate Bayesian
// computation with sequential Monte Carlo (ABC-SMC: Toni et al. 2009; the population
// Monte Carlo weights and kernel of Beaumont et al. 2009; each tolerance a quantile of
// the last generation's distances, as in Del Moral et al. 2012). Every simulation goes
// through the batch layer (run_batch), so a calibration spreads over MPI ranks like a
// batch, and a killed calibration resumes from the runs already finished.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "app/batch.hpp"
#include "sim/cluster.hpp"
#include "app/experiment.hpp"
#include "sim/local_search.hpp"

namespace lonesim {

struct CalibrationParameter {
    std::string name;  // see find_variable: a behavioural parameter or a shock's factor
    double min = 0, max = 0;
    bool log_uniform = false;  // prior uniform in log(value) rather than in value
    std::string unit;
};

struct CalibrationTarget {
    Statistic statistic;  // statistic.scenario indexes CalibrationSpec::scenarios
    double observed = 0, tolerance = 0;
    bool fit = true;  // in the distance; false: only reported, with the fitted values
    std::string source, mapping;
};

struct CalibrationSpec {
    std::string path, file_text, name, description;
    // [0]: the scenario the fit runs; others: scenarios only reported targets need.
    std::vector<ScenarioSpec> scenarios;
    std::vector<CalibrationParameter> parameters;
    std::vector<CalibrationTarget> targets;
    int particles = 40;           // accepted per generation
    int generations = 4;          // after the draw from the prior
    int replicates = 2;           // per particle; the distance is of their mean
    int first_draws = 0;          // drawn from the prior in generation 0 (default 3 x particles)
    int proposals = 0;            // per round of a later generation (default particles)
    int max_rounds = 4;           // rounds of proposals per generation at most
    double quantile = 0.5;        // next tolerance: this quantile of the accepted distances
    int check_replicates = 10;    // runs at the fitted values for the fit report
    // The last generation's nearest particles re-run check_replicates times each, with
    // random numbers independent of the ABC's; the fitted values are the one nearest on
    // these runs' mean (a particle's own distance rests on `replicates` runs, so the
    // smallest of them is partly luck).
    int finalists = 5;
    // Evaluations of a local search after the ABC (0: none), from the chosen finalist, on
    // the mean of `replicates` runs with the ABC's seeds (common random numbers, so the
    // objective is deterministic). The refined point is fitted only if it is nearer than
    // the chosen finalist on check_replicates fresh runs.
    int refine = 0;
    // "nelder-mead" (on the distance) or "levenberg-marquardt" (on the targets' residuals,
    // (model - observed) / tolerance, with a finite-difference Jacobian).
    std::string refine_method = "nelder-mead";
    std::uint64_t seed = 1;
};

// Throws InputError naming file, line and key.
CalibrationSpec load_calibration(const std::string& path, ParamTable table, const ProgrammeRules* rules);

// The distance of model statistics (replicate means, one per target) from the observed:
// the root mean square of (model - observed) / tolerance over the fitted targets, so a
// distance of at most 1 on every target means each is within its tolerance. Infinite
// where a fitted statistic is not a number.
double calibration_distance(const CalibrationSpec& c, const std::vector<double>& model);

// The output folder, runs at once per rank, quiet and the stop flag, as for a batch.
using CalibrationOptions = BatchOptions;

struct Generation {
    double epsilon = 0;                    // tolerance it was accepted at
    int proposed = 0;                      // points simulated
    std::vector<std::vector<double>> points;  // [particle][parameter]
    std::vector<double> weights, distances;
    std::vector<std::vector<double>> statistics;  // [particle][target], replicate means
    // Effective sample size of the (normalised) weights, 1 / sum w^2 (Kish): how many
    // particles the weighted posterior really rests on.
    double effective_size() const {
        double sq = 0;
        for (double w : weights) sq += w * w;
        return sq > 0 ? 1.0 / sq : 0.0;
    }
};

struct ParameterSummary {
    double mean = 0, sd = 0, q025 = 0, q50 = 0, q975 = 0;
};

struct TargetCheck {
    double mean = 0, lo = 0, hi = 0;              // over the check runs (2.5% and 97.5%)
    double post_lo = 0, post_hi = 0;              // over the last generation's particles
    bool within = false;                          // |mean - observed| <= tolerance
};

struct CalibrationResult {
    std::vector<Generation> generations;
    std::vector<ParameterSummary> posterior;
    std::vector<double> fitted;  // the finalist nearest the targets over check_replicates runs
    struct Finalist {
        std::vector<double> values;
        double abc_distance = 0;    // on its `replicates` runs in the ABC
        double check_distance = 0;  // on check_replicates runs
    };
    std::vector<Finalist> finalists;  // nearest first by abc_distance
    std::size_t chosen = 0;           // the finalist the ABC stage fitted
    struct Refinement {
        std::vector<double> start, values;  // the chosen finalist; the best point found
        double distance = 0;                // at values, on the ABC's seeds
        double fresh_distance = 0;          // at values, on check_replicates fresh runs
        int evaluations = 0;
        std::string method;                 // "nelder-mead" or "levenberg-marquardt"
        bool converged = false;             // on the method's own test, not the budget
        std::vector<double> trace;          // the best distance after each step
        bool adopted = false;               // values are the fitted values
    };
    std::vector<Refinement> refinement;     // empty, or one (refine > 0)
    // [check run][target]: every scenario at the fitted values, check_replicates runs with
    // seeds of their own (neither the ABC's nor the finalists' and refinement's, which chose
    // the fitted point, so the check is not biased towards it).
    std::vector<std::vector<double>> check;
    double check_distance = 0;  // of the check runs' mean
    std::vector<TargetCheck> targets;
    int simulations = 0;
    double wall_seconds = 0;
    std::string file;  // OUT/calibration.h5 (rank 0)
};

// Throws InputError for an unusable output folder, Interrupted when stopped.
CalibrationResult calibrate(const CalibrationSpec& c, const CalibrationOptions& options, Cluster& cluster);

// The calibration's targets at the parameters' current values (the shipped defaults, or a
// scenario's [parameters]), without fitting: every scenario `replicates` times with the
// check's seeds, into OUT/defaults/. Writes OUT/defaults_check.md (rank 0). Throws
// InputError for an unusable output folder, Interrupted when stopped.
struct DefaultsCheck {
    std::vector<double> values;                   // the free parameters' current values
    std::vector<std::vector<double>> check;       // [run][target]
    double distance = 0;                          // of the runs' mean
    std::vector<TargetCheck> targets;             // post_lo, post_hi not a number
    int outside = 0;                              // fitted targets outside their tolerance
    int simulations = 0;
    double wall_seconds = 0;
    std::string file;  // OUT/defaults_check.md (rank 0)
};
DefaultsCheck check_defaults(const CalibrationSpec& c, ParamTable table, int replicates, const CalibrationOptions& options, Cluster& cluster);

// Weighted quantile (weights need not be normalised).
double weighted_quantile(std::vector<std::pair<double, double>> value_weight, double q);

}  // namespace lonesim
