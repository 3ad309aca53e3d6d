#pragma once
// What a run of the model can keep of its days: recorders for the one day loop
// (sim/day_loop.hpp). Each keeps one kind of result in memory; the commands choose which
// to hand the loop and write what they kept (app/). Derived outcomes come from
// models/outcomes.hpp.
#include <array>
#include <cstdint>
#include <vector>

#include "models/metrics.hpp"
#include "models/network_stats.hpp"
#include "models/outcomes.hpp"
#include "models/programmes/programme.hpp"
#include "models/simulation.hpp"
#include "sim/day_loop.hpp"
#include "sim/state_archive.hpp"

namespace lonesim {

using SimRecorder = Recorder<Simulation>;
using SimRecorders = Recorders<Simulation>;

// Each recorder's state(a) saves or loads what it kept so far, both ways (a checkpoint,
// app/checkpoint.hpp); loading checks the sizes against the recorder's own and throws
// StateMismatch.

// Every metric by district x age band, every day: counts as 32-bit integers, means and
// fractional sums as 32-bit reals (kMetricInfo says which).
class CellSeriesRecorder : public SimRecorder {
public:
    explicit CellSeriesRecorder(int days);
    void record(const Simulation& sim, int day) override;
    static bool real(int metric);  // kept as a real (else a count)
    void state(StateArchive& a);
    // [day][cell] of one metric.
    const std::vector<std::int32_t>& counts(int metric) const { return counts_[static_cast<std::size_t>(metric)]; }
    const std::vector<float>& reals(int metric) const { return reals_[static_cast<std::size_t>(metric)]; }

private:
    std::array<std::vector<std::int32_t>, kMetricCount> counts_;
    std::array<std::vector<float>, kMetricCount> reals_;
};

// Seoul's value of each of kSeoulSeries, every day (totals for counts, means over the
// living for means).
class SeoulSeriesRecorder : public SimRecorder {
public:
    explicit SeoulSeriesRecorder(int days) : series_(std::size(kSeoulSeries), std::vector<double>(static_cast<std::size_t>(days))) {}
    void record(const Simulation& sim, int day) override;
    const std::vector<std::vector<double>>& series() const { return series_; }  // [series][day]
    void state(StateArchive& a);

private:
    std::vector<std::vector<double>> series_;
};

// Each district's values of a few series every day: counts for counted metrics, the mean
// over the district's living for means (what a comparison file keeps for the visualizer's
// replay of its map).
class DistrictSeriesRecorder : public SimRecorder {
public:
    static constexpr int kSeries[] = {kAlive, kConnected, kLonely, kIsolated, kReclusive, kFeelsLonely, kNoOneToTurnTo, kMeanLoneliness};
    explicit DistrictSeriesRecorder(int days)
        : series_(std::size(kSeries), std::vector<float>(static_cast<std::size_t>(days) * kDistricts)) {}
    void record(const Simulation& sim, int day) override;
    // [series][day * kDistricts + district]; 32-bit, as the file keeps them (a comparison holds
    // every run's until the end: 0.7 MB a run for a year)
    const std::vector<std::vector<float>>& series() const { return series_; }
    void state(StateArchive& a);

private:
    std::vector<std::vector<float>> series_;
};

// Each programme's accounting (ProgrammeMetric), every day, in this world.
class ProgrammeSeriesRecorder : public SimRecorder {
public:
    ProgrammeSeriesRecorder(std::size_t programmes, int days);
    void record(const Simulation& sim, int day) override;
    const std::vector<double>& series(std::size_t programme, int metric) const {
        return series_[programme][static_cast<std::size_t>(metric)];
    }
    // All programmes' spending on each day, and over the days recorded.
    std::vector<double> cost_by_day() const;
    double total_cost() const;
    void state(StateArchive& a);

private:
    std::vector<std::vector<std::vector<double>>> series_;  // [programme][metric][day]
    int days_;
};

// Totals over the days recorded: by district x age band (what comparisons difference)
// and for all of Seoul (what a run's summary and a batch's outcomes report).
class RunTotalsRecorder : public SimRecorder {
public:
    // By cell, in this world: person-days isolated or reclusive, person-days feeling
    // lonely, reclusion episodes begun, expected unattended deaths, programme spending
    // (KRW, known at the end), isolation episodes begun, person-days reclusive.
    enum Tally : int { kIsolatedDays, kLonelyDays, kReclusionStarts, kExpectedUnattended, kSpent, kIsolationStarts, kReclusiveDays, kTallies };
    RunTotalsRecorder() {
        for (auto& c : cells_) c.assign(kCells, 0.0);
    }

    void begin(const Simulation& sim) override;
    void record(const Simulation& sim, int day) override;
    void end(const Simulation& sim) override;
    void state(StateArchive& a);

    const std::vector<double>& cells(Tally t) const { return cells_[static_cast<std::size_t>(t)]; }
    int days() const { return days_; }
    // Seoul, in this world, summed day by day.
    double isolated_person_days() const { return isolated_days_; }
    double deaths() const { return deaths_; }
    double unattended_deaths() const { return unattended_; }
    double expected_unattended_deaths() const { return expected_unattended_; }
    double total(Tally t) const;  // a tally over all cells
    const StatusShares& first_day() const { return first_; }
    const StatusShares& last_day() const { return last_; }

private:
    std::array<std::vector<double>, kTallies> cells_;
    int days_ = 0;
    double isolated_days_ = 0, deaths_ = 0, unattended_ = 0, expected_unattended_ = 0;
    StatusShares first_, last_;
};

// The tie network's statistics before the first day and after the last.
class NetworkRecorder : public SimRecorder {
public:
    void begin(const Simulation& sim) override { start_ = sim.network(); }
    void record(const Simulation&, int) override {}
    void end(const Simulation& sim) override { end_ = sim.network(); }
    const NetworkStats& at_start() const { return start_; }
    const NetworkStats& at_end() const { return end_; }
    void state(StateArchive& a);

private:
    NetworkStats start_, end_;
};

}  // namespace lonesim
