#pragma once
// The visualizer's simulation thread: the scenario and its baseline (the same world,
// seed and calendar with no programme, so common random numbers make the gap between
// them the programmes' effect) advance a day at a time on a thread of their own. The
// interface never waits on a day: it sends commands through a queue and copies finished
// days out of an append-only history, and the lock it shares with the simulation thread
// is held only while a finished day is appended or copied.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "models/seoul.hpp"
#include "models/recorders.hpp"
#include "app/state_file.hpp"
#include "models/simulation.hpp"

namespace lonesim::viz {

inline constexpr int kSeoul = kDistricts;  // region index of the whole city
inline constexpr int kRegions = kDistricts + 1;

// What the charts and the map show of a region on a day: shares of the living (the four
// statuses partition them) and the mean loneliness.
enum Series : int { kConnected, kLonely, kIsolated, kReclusive, kFeelsLonely, kNoOneToTurnTo, kMeanLoneliness, kSeriesCount };
inline constexpr const char* kSeriesNames[kSeriesCount] = {"connected", "lonely", "isolated", "reclusive",
                                                            "feel lonely", "no one to turn to", "mean loneliness"};
using RegionDay = std::array<std::array<float, kSeriesCount>, kRegions>;

// A programme's day, at city scale (costs in KRW, people as in the real Seoul).
struct ProgrammeDayRecord {
    float active = 0, waiting = 0, enrolled = 0, cost = 0;
};

struct DayRecord {
    int day = 0;
    RegionDay scenario{}, baseline{};
    std::vector<ProgrammeDayRecord> programmes;  // in the scenario's order
};

// What the runner keeps of a simulation's last day (a recorder of the one day loop).
struct DayRecorder : SimRecorder {
    explicit DayRecorder(bool with_programmes) : with_programmes(with_programmes) {}
    void record(const Simulation& sim, int day) override;
    bool with_programmes;  // and the age breakdown (the scenario's)
    int day = 0;
    RegionDay region{};
    std::vector<ProgrammeDayRecord> programmes;
    std::array<std::array<std::int64_t, kAgeBands>, kDistricts> alive_by_age{}, lonely_by_age{};
};

// A programme as the controls show it (city scale).
struct ProgrammeControl {
    std::string name, title, mechanism;
    bool enabled = true;
    Capacity capacity;  // as the scenario sets it (the city's)
};

// The interface's copy of the simulation, brought up to date by SimRunner::sync.
struct History {
    std::uint64_t generation = 0;  // changes on every reset
    std::vector<DayRecord> days;
    // Of the last recorded day: the scenario's living and lonely by district and age band.
    std::array<std::array<std::int64_t, kAgeBands>, kDistricts> alive_by_age{}, lonely_by_age{};
    bool building = true;   // the worlds are being built (burn-in included)
    bool playing = false;
    double seconds_per_day = 0;  // wall time of the last day (both runs)
    std::string error;           // set if the simulation thread failed
};

class SimRunner {
public:
    // Builds the worlds on the simulation thread (the constructor returns at once).
    // With from_state (a checked state file of day 0 of this world, app/state_file.hpp),
    // the worlds start from it instead of a burn-in.
    SimRunner(SeoulData seoul, SimulationSetup setup, int horizon_days, std::optional<StateFile> from_state = std::nullopt);
    ~SimRunner();
    SimRunner(const SimRunner&) = delete;
    SimRunner& operator=(const SimRunner&) = delete;

    void play(bool on);
    void step_once();
    // Days a second; 0 runs as fast as the machine allows.
    void set_speed(double days_per_second);
    // Switch or resize a programme of the scenario (city-scale capacities) from the next
    // day on, through Simulation::apply_policy.
    void apply(const PolicyChange& change);
    // Back to day 0: both worlds are rebuilt from the same seed; the given changes are
    // applied before the first day (the presenter's switches, or none for the scenario
    // as written).
    void reset(std::vector<PolicyChange> settings);

    // Copy into h what is new since its last sync (all of it after a reset).
    void sync(History& h) const;

    const std::vector<ProgrammeControl>& programmes() const { return controls_; }
    int horizon_days() const { return horizon_; }
    Date start_date() const { return setup_.start_date; }
    const SeoulData& seoul() const { return seoul_; }

private:
    // What the simulation thread does next, as the interface asked.
    struct Orders {
        std::deque<PolicyChange> changes;  // applied before the day
        bool rebuild = false;              // back to day 0 first
        bool go = false;                   // simulate a day
        double speed = 0;                  // days a second; 0 as fast as possible
    };
    void loop();
    bool next_orders(Orders& o, std::chrono::steady_clock::time_point& next_day_at);
    void build();
    void publish_day();  // the recorders' day, into the history

    const SeoulData seoul_;
    const SimulationSetup setup_;
    const int horizon_;
    std::vector<ProgrammeControl> controls_;

    const std::optional<StateFile> from_state_;

    // Owned by the simulation thread. The burned-in world is kept: both runs start as
    // copies of it, so a reset takes a copy, not a burn-in.
    std::unique_ptr<Simulation> burned_in_, scenario_, baseline_;
    DayRecorder scenario_day_{true}, baseline_day_{false};

    // Commands, under cmd_mutex_.
    mutable std::mutex cmd_mutex_;
    std::condition_variable wake_;
    std::deque<PolicyChange> pending_;
    bool reset_requested_ = false;
    std::vector<PolicyChange> reset_settings_;
    bool playing_ = false;
    int steps_requested_ = 0;
    double days_per_second_ = 10;
    bool quit_ = false;

    // The history, under hist_mutex_.
    mutable std::mutex hist_mutex_;
    std::uint64_t generation_ = 1;
    std::vector<DayRecord> days_;
    std::array<std::array<std::int64_t, kAgeBands>, kDistricts> alive_by_age_{}, lonely_by_age_{};
    bool building_ = true;
    double seconds_per_day_ = 0;
    std::string error_;

    std::thread thread_;
};

// The regions' series of one day's metrics (exposed for the tests).
RegionDay region_day(const DayMetrics& m);

}  // namespace lonesim::viz
