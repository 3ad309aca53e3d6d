#pragma once
// Where the interface's days come from: a live simulation (SimRunner) or a finished
// result file (Replay). The interface reads days only through sync and, for a live
// source, changes the simulation only through the commands, which end in the policy
// interface (Simulation::apply_policy).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/inputs.hpp"
#include "models/seoul.hpp"
#include "sim/calendar.hpp"

namespace lonesim::viz {

inline constexpr int kSeoul = kDistricts;  // region index of the whole city
inline constexpr int kRegions = kDistricts + 1;

// What the charts and the map show of a region on a day: shares of the living (the four
// statuses partition them) and the mean loneliness. NaN where the source has no value
// (a comparison file has no districts).
enum Series : int { kConnected, kLonely, kIsolated, kReclusive, kFeelsLonely, kNoOneToTurnTo, kMeanLoneliness, kSeriesCount };
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

// A programme as the controls show it (city scale).
struct ProgrammeControl {
    std::string name, title, title_ko, mechanism;
    bool enabled = true;
    Capacity capacity;  // as the scenario sets it (the city's)
};

// A count by district and age band.
using AgeTable = std::array<std::array<std::int64_t, kAgeBands>, kDistricts>;

// The interface's copy of the source, brought up to date by Source::sync.
struct History {
    std::uint64_t generation = 0;  // changes on every reset
    std::vector<DayRecord> days;
    // Of the last recorded day: the scenario's living and lonely by district and age band.
    AgeTable alive_by_age{}, lonely_by_age{};
    std::vector<PolicyChange> log;  // the scenario's policy changes as applied, in order
    bool building = true;           // the worlds are being built (burn-in included)
    bool playing = false;
    bool has_baseline = true;       // a run file's replay has none
    double seconds_per_day = 0;     // wall time of the last day (both runs)
    double build_seconds = 0;       // wall time of the last build or reset
    std::string error;              // set if the simulation thread failed
};

class Source {
public:
    virtual ~Source() = default;
    // Copy into h what is new since its last sync (all of it after a reset).
    virtual void sync(History& h) const = 0;
    virtual const std::vector<ProgrammeControl>& programmes() const = 0;
    virtual int horizon_days() const = 0;
    virtual Date start_date() const = 0;
    virtual const SeoulData& seoul() const = 0;
    // A live source simulates and takes switches; a replay only has its days.
    virtual bool live() const = 0;
    virtual void play(bool) {}
    virtual void step_once() {}
    virtual void set_speed(double /*days_per_second, 0 = fastest*/) {}
    virtual void apply(const PolicyChange&) {}
    virtual void reset(std::vector<PolicyChange> /*settings*/) {}
};

}  // namespace lonesim::viz
