#pragma once
// An experiment file (scenarios/experiments/*.toml): scenarios x a parameter design x
// replicates, parsed and validated once like a scenario file. The design's points are
// generated here, deterministically from the design's seed.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/param_table.hpp"
#include "sim/scenario.hpp"

namespace lonesim {

enum class DesignType { single, grid, lhs, saltelli };
inline constexpr const char* kDesignNames[] = {"single", "grid", "lhs", "saltelli"};

struct DesignParameter {
    std::string name;            // a behavioural parameter (models/parameters.hpp)
    std::vector<double> values;  // grid
    double min = 0, max = 0;     // lhs, saltelli
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
