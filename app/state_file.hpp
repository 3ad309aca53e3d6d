#pragma once
// State files (issue 20): the complete state of a run's replicates on one day, in HDF5,
// so that a run can go on from it (`lonesim run SCENARIO --from-state FILE`) exactly as
// it would have gone on.
//
// Layout: root attributes `program` = "lonesim", `kind` = "state", `version`, `commit`,
// `complete`, `day` (days simulated after the burn-in), `replicates`, `agents`, `seed`,
// `scenario_file`, `scenario_text`, `resolved_scenario`, `inputs_digest`, `world_digest`
// (and `only_replicate` = R for one Simulation's state saved from Python); and one group
// /replicate_R per replicate holding Simulation::save_state (agents' columns, ties,
// programmes, policy log, the calendar). Written atomically (sim/result_file.hpp).
#include <cstdint>
#include <string>

#include "app/scenario.hpp"
#include "models/simulation.hpp"
#include "sim/hdf5_writer.hpp"

namespace lonesim {

// What determines a world's days beyond the run's own length and outputs: the resolved
// scenario (parameters, shocks, households, world size, seed, dates, burn-in), every
// programme's settings, the scheduled policy, the data tables' bytes and the build. A
// state can only be continued with inputs of the same digest.
std::string inputs_digest(const ScenarioSpec& spec);
// The same without the programmes and the scheduled policy: what a burn-in depends on.
// A state of day 0 (saved right after the burn-in) starts any scenario of the same world.
std::string world_digest(const ScenarioSpec& spec);

// The root attributes of a state file for spec on `day`; then save(r) per replicate.
void write_state_header(h5::File& f, const ScenarioSpec& spec, const SimulationSetup& setup, int day);
void write_replicate_state(h5::File& f, int replicate, const Simulation& sim);
// One simulation's state on its present day, alone in a state file (Python's
// Simulation.save_state): marked `only_replicate`, the replicate it is; written atomically.
void write_simulation_state(const std::string& path, const ScenarioSpec& spec, const Simulation& sim);

struct StateFile {
    std::string path;
    int day = 0, replicates = 0;
    std::string start_date;
    // How it starts the run: continues (a state of the same inputs), new_programmes (a
    // day-0 state of another scenario of the same world), new_period (the last day of the
    // period before, starts_from).
    Simulation::FromState use = Simulation::FromState::continues;
    int only_replicate = -1;  // a state of one replicate (saved from Python): which
};
// Opens a state file to continue spec from it, checking everything before any work: a
// lonesim state, complete, of this build, with at least spec.replicates replicates, and
// of inputs with spec's digest; or, saved on day 0, of the same world (then spec's own
// programmes and policy start on it). With replicate >= 0, only that replicate is asked
// for (Python's Simulation.from_state). Throws InputError(path, 0, "--from-state", what
// differs).
StateFile check_state_file(const std::string& path, const ScenarioSpec& spec, int replicate = -1);
// The end state of the period before spec (ScenarioSpec::starts_from), made by running
// `before` (history_of(spec), app/start_state.hpp) with --save-state: checked like
// check_state_file against `before`, and that it is of before's last day.
StateFile check_period_state(const std::string& path, const ScenarioSpec& before, int replicates);
// Replicate r of a checked state file, for setup (setup.replicate = r).
Simulation load_replicate_state(const StateFile& file, const SeoulData& seoul, const SimulationSetup& setup);

}  // namespace lonesim
