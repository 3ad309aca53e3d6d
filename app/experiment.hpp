#pragma once
// An experiment file (scenarios/experiments/*.toml): scenarios x a parameter design x
// replicates, parsed and validated once like a scenario file. The design's points are
// generated here, deterministically from the design's seed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/param_table.hpp"
#include "app/scenario.hpp"

namespace lonesim {

enum class DesignType { single, grid, lhs, saltelli };
inline constexpr const char* kDesignNames[] = {"single", "grid", "lhs", "saltelli"};

// What a design or a calibration may vary: a behavioural parameter
// (models/parameters.hpp), or a factor of one of the scenario's shocks,
// "shocks.<shock name>.<outings|venues|contacts>".
struct VariableSpec {
    double min = 0, max = 0;
    bool integer = false;
    std::string unit;
};
std::optional<VariableSpec> find_variable(const ScenarioSpec& s, const std::string& name, ParamTable table);
std::vector<std::string> variable_names(const ScenarioSpec& s, ParamTable table);
void set_variable(ScenarioSpec& s, const std::string& name, double value);
double get_variable(const ScenarioSpec& s, const std::string& name, ParamTable table);  // throws std::out_of_range

// A statistic every run of one scenario computes over a window of dates (the calibration
// targets). share: the metrics' sum over the alive, in the age range, averaged over the
// window's days; per_year: a flow's total over the window, per year, at Seoul's scale;
// programme_total: a programme's quantity over the window, at Seoul's scale.
enum class StatisticKind { share, per_year, programme_total };
struct Statistic {
    std::string name;
    int scenario = 0;  // index into ExperimentSpec::scenarios
    StatisticKind kind = StatisticKind::share;
    std::vector<int> metrics;       // share, per_year: Metric values, summed
    int age_min = 0, age_max = 200; // share, per_year: age bands lying in this range
    Date from, to;                  // inclusive
    std::string programme;          // programme_total
    int quantity = 0;               // programme_total: a ProgrammeMetric
    std::string describe() const;   // one line, for fingerprints and reports
};

struct DesignParameter {
    std::string name;            // see find_variable
    std::vector<double> values;  // grid
    double min = 0, max = 0;     // lhs, saltelli
    bool integer = false;        // drawn values are rounded down
};

struct ExperimentSpec {
    std::string path, file_text, name, description;
    // The first scenario is the baseline the others are paired with (common random
    // numbers: same world, seed, dates and replicate), as in `lonesim compare`.
    std::vector<ScenarioSpec> scenarios;
    int replicates = 1;
    DesignType design = DesignType::single;
    int samples = 0;  // lhs: points; saltelli: base samples N (N x (k + 2) points)
    std::uint64_t design_seed = 1;
    std::vector<DesignParameter> parameters;
    std::vector<std::vector<double>> points;  // [point][parameter]; one empty point for "single"
    std::vector<Statistic> statistics;        // computed by the runs (calibration)

    int runs() const { return static_cast<int>(points.size() * scenarios.size()) * replicates; }
    // Identifies what the runs compute: a run file made for another experiment, another
    // scenario or another build is never taken as one of this experiment's.
    std::string fingerprint(ParamTable table) const;
};

// One run: which scenario, design point and replicate. Runs are numbered
// ((point x scenarios) + scenario) x replicates + replicate.
struct RunKey {
    int index = 0, scenario = 0, point = 0, replicate = 0;
};
RunKey run_key(const ExperimentSpec& e, int index);
// The run's scenario with the experiment's world and the design point applied.
ScenarioSpec run_scenario_spec(const ExperimentSpec& e, const RunKey& k);

// Throws InputError naming file, line and key. Scenario paths are relative to the file.
ExperimentSpec load_experiment(const std::string& path, ParamTable table, const ProgrammeRules* rules);

// Designs over [0, 1)^k, mapped to the ranges by the loader.
std::vector<std::vector<double>> latin_hypercube(int n, int k, std::uint64_t seed);
// Saltelli's scheme from a Sobol' sequence of dimension 2k: rows A (n), B (n), then
// AB_1 ... AB_k (n each; AB_i is A with column i taken from B).
std::vector<std::vector<double>> saltelli_sample(int n, int k);

}  // namespace lonesim
