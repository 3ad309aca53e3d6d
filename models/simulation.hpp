#pragma once
// One run of the model: a world built from a scenario, advanced a day at a time.
// This is what the command line, the benchmarks, the tests and (later) the visualizer use.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/metrics.hpp"
#include "models/network_stats.hpp"
#include "models/parameters.hpp"
#include "models/seoul.hpp"
#include "models/inputs.hpp"
#include "models/programmes/programme_spec.hpp"

namespace lonesim {

struct World;
class PhaseTimer;
class StateArchive;

struct SimulationSetup {
    std::int64_t agents = 0;    // alive at the start (before the burn-in)
    std::int64_t capacity = 0;  // agents and households still to arrive (0: agents)
    double scale = 0;           // agents per Seoul household (0: agents / the table's total)
    std::vector<HouseholdCount> households;  // the path arrivals follow (empty: none)
    Parameters params;
    std::uint64_t seed = 1;
    std::uint32_t replicate = 0;
    Date start_date{2025, 1, 1};
    int burn_in_days = 0;
    std::vector<ShockPeriod> shocks;
    std::vector<ProgrammeSpec> programmes;
    std::vector<PolicyChange> policy;  // scheduled, in day order
};

// A world's size: `agents` households of Seoul's `table_total` (its share, scale), and
// with a household count over time, as many as its share of the count on the first
// (burn-in) day; its store has room for the largest count plus 1% (newcomers who replace
// those who leave take these slots first, then vacated homes).
struct WorldSize {
    std::int64_t agents = 0, capacity = 0;
    double scale = 0;
};
WorldSize world_size(std::int64_t agents, double table_total, const std::vector<HouseholdCount>& households, Date first_day);

// Whether two setups' burn-ins leave the same world: everything but the programmes and
// the scheduled policy is the same (no programme acts in the burn-in).
bool same_burn_in(const SimulationSetup& a, const SimulationSetup& b);

class Simulation {
public:
    // Builds the world and runs its burn-in, calling burn_in_day(d) after each burn-in day d
    // (negative). Throws Interrupted("in the burn-in, day D") (sim/input_error.hpp) if
    // *stop turns true during the burn-in.
    Simulation(const SeoulData& seoul, const SimulationSetup& setup, const std::atomic<bool>* stop = nullptr,
               const std::function<void(int)>& burn_in_day = {});
    // The world built but not burned in: run_burn_in() runs it (a checkpointed run saves
    // the simulation between its burn-in days).
    struct NotBurnedIn {};
    Simulation(const SeoulData& seoul, const SimulationSetup& setup, NotBurnedIn);
    // The burn-in days still to run, calling burn_in_day(d) after each day d (negative).
    // Throws Interrupted("in the burn-in, day D") if *stop turns true before a day.
    void run_burn_in(const std::atomic<bool>* stop = nullptr, const std::function<void(int)>& burn_in_day = {});
    bool burned_in() const { return burn_in_next_ == 0; }
    int burn_in_days_done() const { return setup_.burn_in_days + burn_in_next_; }
    // Day 0 of `setup` from the state `burned_in` reached after its burn-in, with setup's
    // programmes and policy: the same as Simulation(seoul, setup), bit for bit, without
    // running the burn-in again. The first copies the state, the second takes it. Throw
    // std::invalid_argument unless burned_in has not stepped and same_burn_in(its setup, setup).
    Simulation(const Simulation& burned_in, const SimulationSetup& setup);
    Simulation(Simulation&& burned_in, const SimulationSetup& setup);
    // How a saved state starts a simulation.
    enum class FromState {
        continues,       // the saved run goes on, bit for bit (the setup is the saved one's)
        new_programmes,  // a state of day 0: setup's own programmes and policy start on it
        // The last day of another period (the history 2019-2024): its world becomes day 0 of
        // setup, re-dated, with setup's programmes, policy and shocks; programme effects
        // still running carry over.
        new_period,
    };
    // The simulation a saved state holds (save_state), for this setup: it continues as
    // the saved one would have, bit for bit. What the setup determines (parameters,
    // tables, random streams) comes from the setup, which must be the saved one's (the
    // caller checks; app/state_file.hpp). Throws StateMismatch naming what is missing or
    // of the wrong type or size.
    // With new_programmes, a state saved on day 0 (right after its burn-in) starts setup's
    // own programmes and policy instead, as the burned-in constructor above does
    // (same_burn_in is then the caller's to check); with new_period, see FromState.
    Simulation(const SeoulData& seoul, const SimulationSetup& setup, StateArchive& saved, FromState use = FromState::continues);
    ~Simulation();
    Simulation(Simulation&&) noexcept;
    Simulation& operator=(Simulation&&) noexcept;

    void step(PhaseTimer* timer = nullptr);  // simulate the next day
    int days_done() const { return days_done_; }
    const DayMetrics& metrics() const;  // of the last simulated day
    NetworkStats network() const;
    const World& world() const { return *w_; }

    // The policy interface: switch or resize a programme from the next day on; the
    // change is logged with that day. Throws std::invalid_argument for an unknown name.
    void apply_policy(PolicyChange change);
    const std::vector<PolicyChange>& policy_log() const;
    std::size_t memory_bytes() const;
    const SimulationSetup& setup() const { return setup_; }

    // Everything that changes as it runs, into the archive's group (sim/state_archive.hpp).
    void save_state(StateArchive& archive) const;
    // A state saved during the burn-in (a checkpoint) loads too: burned_in() is then false.

private:
    void set_up_world(const SeoulData& seoul);  // what the setup determines
    void state(StateArchive& archive, bool fresh_programmes = false);  // both ways
    void start_new_period();  // FromState::new_period, once loaded
    static void check_shareable(const Simulation& burned_in, const SimulationSetup& setup);
    void start_programmes();  // from setup_, on the burned-in world

    std::unique_ptr<World> w_;
    SimulationSetup setup_;  // what this simulation was made from
    int days_done_ = 0;
    int burn_in_next_ = 0;  // the next burn-in day to run (negative), 0 once burned in
    std::vector<PolicyChange> scheduled_;
    std::size_t next_scheduled_ = 0;
};

// A policy log as columns of an archive group, either way.
void policy_log_state(StateArchive& log, std::vector<PolicyChange>& changes);

}  // namespace lonesim
