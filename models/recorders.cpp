#include "models/recorders.hpp"

#include <limits>
#include <string>

#include "models/world.hpp"

namespace lonesim {

bool CellSeriesRecorder::real(int metric) {
    const MetricInfo& m = kMetricInfo[static_cast<std::size_t>(metric)];
    return m.mean || m.fractional;
}

CellSeriesRecorder::CellSeriesRecorder(int days) {
    const auto n = static_cast<std::size_t>(days) * kCells;
    for (int k = 0; k < kMetricCount; ++k) {
        if (real(k)) reals_[static_cast<std::size_t>(k)].resize(n);
        else counts_[static_cast<std::size_t>(k)].resize(n);
    }
}

void CellSeriesRecorder::record(const Simulation& sim, int day) {
    const DayMetrics& m = sim.metrics();
    for (int k = 0; k < kMetricCount; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        for (int c = 0; c < kCells; ++c) {
            const std::size_t at = static_cast<std::size_t>(day) * kCells + static_cast<std::size_t>(c);
            if (real(k)) reals_[kk][at] = static_cast<float>(m.value(k, c));
            else counts_[kk][at] = static_cast<std::int32_t>(m.cell[kk][static_cast<std::size_t>(c)]);
        }
    }
}

void SeoulSeriesRecorder::record(const Simulation& sim, int day) {
    const DayMetrics& m = sim.metrics();
    for (std::size_t k = 0; k < std::size(kSeoulSeries); ++k) series_[k][static_cast<std::size_t>(day)] = m.seoul_value(kSeoulSeries[k]);
}

void DistrictSeriesRecorder::record(const Simulation& sim, int day) {
    const DayMetrics& m = sim.metrics();
    for (std::size_t k = 0; k < std::size(kSeries); ++k) {
        const MetricInfo& info = kMetricInfo[static_cast<std::size_t>(kSeries[k])];
        for (int d = 0; d < kDistricts; ++d) {
            std::int64_t sum = 0, alive = 0;
            for (int b = 0; b < kAgeBands; ++b) {
                const auto c = static_cast<std::size_t>(d * kAgeBands + b);
                sum += m.cell[static_cast<std::size_t>(kSeries[k])][c], alive += m.cell[kAlive][c];
            }
            double v = static_cast<double>(sum) / (info.fractional ? kFixedPointScale : 1.0);  // as DayMetrics::value
            if (info.mean) v = alive > 0 ? v / static_cast<double>(alive) : std::numeric_limits<double>::quiet_NaN();
            series_[k][static_cast<std::size_t>(day) * kDistricts + static_cast<std::size_t>(d)] = static_cast<float>(v);
        }
    }
}

ProgrammeSeriesRecorder::ProgrammeSeriesRecorder(std::size_t programmes, int days)
    : series_(programmes, std::vector<std::vector<double>>(kProgrammeMetricCount, std::vector<double>(static_cast<std::size_t>(days)))),
      days_(days) {}

void ProgrammeSeriesRecorder::record(const Simulation& sim, int day) {
    const auto& programmes = sim.world().programmes;
    for (std::size_t p = 0; p < series_.size(); ++p)
        for (int q = 0; q < kProgrammeMetricCount; ++q)
            series_[p][static_cast<std::size_t>(q)][static_cast<std::size_t>(day)] = programmes[p]->today[static_cast<std::size_t>(q)];
}

std::vector<double> ProgrammeSeriesRecorder::cost_by_day() const {
    std::vector<double> cost(static_cast<std::size_t>(days_), 0.0);
    for (std::size_t d = 0; d < cost.size(); ++d) {
        double today = 0;
        for (const auto& p : series_) today += p[kCost][d];
        cost[d] = today;
    }
    return cost;
}

double ProgrammeSeriesRecorder::total_cost() const {
    double spent = 0;
    for (double today : cost_by_day()) spent += today;
    return spent;
}

void RunTotalsRecorder::begin(const Simulation&) {
    for (auto& c : cells_) c.assign(kCells, 0.0);
    days_ = 0;
    isolated_days_ = deaths_ = unattended_ = expected_unattended_ = 0;
}

void RunTotalsRecorder::record(const Simulation& sim, int) {
    const DayMetrics& m = sim.metrics();
    for (int c = 0; c < kCells; ++c) {
        const auto cc = static_cast<std::size_t>(c);
        cells_[kIsolatedDays][cc] += static_cast<double>(isolated_or_reclusive(m, cc));
        cells_[kLonelyDays][cc] += static_cast<double>(m.cell[kFeelsLonely][cc]);
        cells_[kReclusionStarts][cc] += static_cast<double>(m.cell[lonesim::kReclusionEpisodes][cc]);
        cells_[kIsolationStarts][cc] += static_cast<double>(m.cell[lonesim::kIsolationEpisodes][cc]);
        cells_[kReclusiveDays][cc] += static_cast<double>(m.cell[kReclusive][cc]);
        cells_[kExpectedUnattended][cc] += m.value(kExpectedUnattendedDeaths, c);
    }
    isolated_days_ += static_cast<double>(isolated_or_reclusive(m));
    deaths_ += static_cast<double>(m.total(kDeaths));
    unattended_ += static_cast<double>(m.total(kUnattendedDeaths));
    expected_unattended_ += m.seoul_value(kExpectedUnattendedDeaths);
    if (days_ == 0) first_ = status_shares(m);
    ++days_;
}

double RunTotalsRecorder::total(Tally t) const {
    double sum = 0;
    for (double x : cells_[static_cast<std::size_t>(t)]) sum += x;
    return sum;
}

void RunTotalsRecorder::end(const Simulation& sim) {
    last_ = status_shares(sim.metrics());
    for (const auto& p : sim.world().programmes) {
        const auto spent = p->cost_by_cell(sim.world());
        for (int c = 0; c < kCells; ++c) cells_[kSpent][static_cast<std::size_t>(c)] += spent[static_cast<std::size_t>(c)];
    }
}

namespace {
// A column loaded from a checkpoint must have the size the recorder was made with.
template <class T>
void column_state(StateArchive& a, const std::string& name, std::vector<T>& v) {
    const std::size_t n = v.size();
    a.values(name, v);
    if (a.loading() && v.size() != n)
        throw StateMismatch(name + ": " + std::to_string(v.size()) + " values, the run records " + std::to_string(n));
}
void shares_state(StateArchive& a, const std::string& name, StatusShares& s) {
    std::vector<double> v{s.connected, s.lonely, s.isolated, s.reclusive, s.no_one_to_turn_to, s.mean_loneliness, s.mean_degree};
    column_state(a, name, v);
    s = {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
}
void network_state(StateArchive& a, NetworkStats& n) {
    a.value("ties", n.ties), a.value("mean_degree", n.mean_degree), a.value("clustering", n.clustering);
    a.value("clustering_sample", n.clustering_sample), a.value("mean_weight", n.mean_weight);
    a.values("degree_histogram", n.degree_histogram);
    a.values("ties_by_type", n.ties_by_type);
}
}  // namespace

void CellSeriesRecorder::state(StateArchive& a) {
    for (std::size_t k = 0; k < counts_.size(); ++k) {
        column_state(a, "counts_" + std::to_string(k), counts_[k]);
        column_state(a, "reals_" + std::to_string(k), reals_[k]);
    }
}

void SeoulSeriesRecorder::state(StateArchive& a) {
    for (std::size_t k = 0; k < series_.size(); ++k) column_state(a, "series_" + std::to_string(k), series_[k]);
}

void DistrictSeriesRecorder::state(StateArchive& a) {
    for (std::size_t k = 0; k < series_.size(); ++k) column_state(a, "series_" + std::to_string(k), series_[k]);
}

void ProgrammeSeriesRecorder::state(StateArchive& a) {
    for (std::size_t p = 0; p < series_.size(); ++p)
        for (std::size_t q = 0; q < series_[p].size(); ++q) column_state(a, "programme_" + std::to_string(p) + "_" + std::to_string(q), series_[p][q]);
}

void RunTotalsRecorder::state(StateArchive& a) {
    for (std::size_t t = 0; t < cells_.size(); ++t) {
        column_state(a, "cells_" + std::to_string(t), cells_[t]);
    }
    a.value("days", days_);
    a.value("isolated_days", isolated_days_), a.value("deaths", deaths_), a.value("unattended", unattended_);
    a.value("expected_unattended", expected_unattended_);
    shares_state(a, "first_day", first_);
    shares_state(a, "last_day", last_);
}

void NetworkRecorder::state(StateArchive& a) {
    StateArchive start = a.group("start"), end = a.group("end");
    network_state(start, start_);
    network_state(end, end_);
}

}  // namespace lonesim
