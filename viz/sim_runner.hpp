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
#include "viz/source.hpp"

namespace lonesim::viz {

// What the runner keeps of a simulation's last day (a recorder of the one day loop).
struct DayRecorder : SimRecorder {
    explicit DayRecorder(bool with_programmes) : with_programmes(with_programmes) {}
    void record(const Simulation& sim, int day) override;
    bool with_programmes;  // and the age breakdown (the scenario's)
    int day = 0;
    RegionDay region{};
    std::vector<ProgrammeDayRecord> programmes;
    AgeTable alive_by_age{}, lonely_by_age{};
};

class SimRunner : public Source {
public:
    // Builds the worlds on the simulation thread (the constructor returns at once).
    // With from_state (a checked state file of day 0 of this world, app/state_file.hpp),
    // the worlds start from it instead of a burn-in.
    SimRunner(SeoulData seoul, SimulationSetup setup, int horizon_days, std::optional<StateFile> from_state = std::nullopt);
    ~SimRunner() override;
    SimRunner(const SimRunner&) = delete;
    SimRunner& operator=(const SimRunner&) = delete;

    void play(bool on) override;
    void step_once() override;
    // Days a second; 0 runs as fast as the machine allows.
    void set_speed(double days_per_second) override;
    // Switch or resize a programme of the scenario (city-scale capacities) from the next
    // day on, through Simulation::apply_policy.
    void apply(const PolicyChange& change) override;
    // Back to day 0: both worlds are rebuilt from the same seed; the given changes are
    // applied before the first day (the presenter's switches, or none for the scenario
    // as written).
    void reset(std::vector<PolicyChange> settings) override;

    // Copy into h what is new since its last sync (all of it after a reset).
    void sync(History& h) const override;

    const std::vector<ProgrammeControl>& programmes() const override { return controls_; }
    int horizon_days() const override { return horizon_; }
    Date start_date() const override { return setup_.start_date; }
    const SeoulData& seoul() const override { return seoul_; }
    bool live() const override { return true; }

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
    AgeTable alive_by_age_{}, lonely_by_age_{};
    std::vector<PolicyChange> log_;
    bool building_ = true;
    double seconds_per_day_ = 0, build_seconds_ = 0;
    std::string error_;

    std::thread thread_;
};

// The regions' series of one day's metrics (exposed for the tests).
RegionDay region_day(const DayMetrics& m);
// The living and those who feel lonely by district and age band, of one day's metrics.
void age_breakdown(const DayMetrics& m, AgeTable& alive, AgeTable& lonely);

}  // namespace lonesim::viz
