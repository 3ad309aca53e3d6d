#pragma once
// Parameter uncertainty in a comparison (probabilistic sensitivity analysis, issue 22):
// what is uncertain (an uncertainty file for behavioural parameters and the calibration's
// posterior, each programme file's [uncertainty] table), N joint draws of it, and what the
// comparison at those draws says: each outcome's spread and how much of it is the
// parameters', which plan is worth its cost at a willingness to pay, and what drives it.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/decision.hpp"
#include "sim/distribution.hpp"
#include "sim/param_table.hpp"

namespace lonesim {

class Cluster;
namespace h5 {
class File;
}

// The calibrated parameters' joint draws: particles with importance weights (summing to 1).
struct Posterior {
    std::string path;
    std::vector<std::string> names;
    std::vector<std::vector<double>> rows;  // [particle][name]
    std::vector<double> weights;
    double effective_size() const;  // 1 / sum w^2
};

// A behavioural parameter held at its default ([[fixed]]), with the distribution it would
// be drawn from (--draw-fixed) and why it is held; or a definition of what is counted
// ([[definitions]]), never drawn.
struct HeldNumber {
    UncertainNumber number;  // no distribution for a definition
    std::string reason;
};

struct UncertaintySpec {
    std::string path, name, description;
    std::vector<UncertainNumber> parameters;  // behavioural, not calibrated: drawn
    std::vector<HeldNumber> fixed;            // behavioural, held at the default unless --draw-fixed
    std::vector<HeldNumber> definitions;
    Posterior posterior;  // empty when the file names none
};
// scenarios/uncertainty/seoul.toml; throws InputError naming file, line and key.
UncertaintySpec load_uncertainty(const std::string& path, ParamTable table);

// What a draw sets: every variable (as set_variable takes it), where it comes from, and
// its value at each draw.
struct Draws {
    struct Variable {
        std::string name, kind, distribution, source;  // kind: calibrated, behavioural or programme
        double lo = 0, hi = 0;
        bool integer = false;  // drawn values rounded down
    };
    std::vector<Variable> variables;
    std::vector<std::vector<double>> points;  // [draw][variable]
    std::vector<int> posterior_row;           // per draw (-1 without a posterior)
};
// n draws: a Latin hypercube (seeded) over the behavioural and programme numbers, each
// through its distribution's quantiles, with one more coordinate that picks a posterior
// particle by weight (so particles are drawn stratified). The programmes are those of the
// scenarios, each once. Depends on nothing but the inputs and the seed.
Draws draw_uncertainty(const UncertaintySpec& u, const std::vector<ScenarioSpec>& scenarios, int n, std::uint64_t seed);

// The outcomes analysed, per plan against the baseline, at Seoul's scale.
inline constexpr int kUncertainOutcomes = 6;
inline constexpr const char* kUncertainOutcomeNames[kUncertainOutcomes] = {
    "isolated_person_years_averted", "lonely_person_years_averted", "reclusive_person_years_averted",
    "expected_unattended_deaths_averted_per_year", "incremental_cost_krw", "krw_per_isolated_person_year_averted"};

struct PlanUncertainty {
    std::string name;
    std::vector<VarianceSplit> outcomes;            // [outcome]; the ratio's split is of the draws' ratios
    std::vector<std::vector<double>> draw_means;    // [outcome][draw]
    std::vector<std::vector<double>> drivers;       // [outcome][variable]: Spearman's rho over the draws
    int ratio_draws = 0;  // draws that avert any isolated person-year: the cost ratio is over these
};
struct UncertaintyResult {
    int draws = 0, replicates = 0;
    std::uint64_t seed = 0;
    std::string file, folder;
    double posterior_effective_size = 0, wall_seconds = 0;
    Draws design;
    std::vector<PlanUncertainty> plans;  // the scenarios, in order
    Acceptability acceptability;         // over [no plan (the baseline), plans...]
    std::vector<Icer> icers;             // the same order
    std::vector<std::vector<double>> probability_more;  // [a][b]: a averts more isolated person-years than b
};

struct UncertaintyOptions {
    int draws = 0;
    std::string file;    // the uncertainty file
    std::string folder;  // the batch folder of the draws' runs (resumable)
    int runs_at_once = 1;
    int replicates = 0;  // per draw (0: the baseline's)
    std::vector<std::string> held;  // variables set on the command line: none of them may be drawn
    bool draw_fixed = false;        // also draw the file's [[fixed]] parameters
    bool quiet = false;
    const std::atomic<bool>* stop = nullptr;
};
// Runs all[0] (the baseline) and the others at every draw, each with options.replicates
// (or all[0].replicates) replicates on common random numbers, through the batch layer (over the cluster's ranks,
// resumable), and analyses them. Rank 0 gets the result; the others an empty one.
UncertaintyResult run_uncertainty(const std::vector<ScenarioSpec>& all, const UncertaintyOptions& options, Cluster& cluster);

// The /uncertainty group of a comparison file.
void write_uncertainty(h5::File& f, const UncertaintyResult& u);

}  // namespace lonesim
