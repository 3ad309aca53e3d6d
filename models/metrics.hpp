#pragma once
// What is counted each day, per district x age band (phase 8). Stocks describe the
// population at the end of the day; flows count what happened during it.
#include <array>
#include <cstdint>

#include "models/seoul.hpp"

namespace lonesim {

struct World;

enum Metric : int {
    // stocks
    kAlive, kConnected, kLonely, kIsolated, kReclusive, kNoOneToTurnTo, kFeelsLonely,
    kMeanLoneliness, kMeanDegree,
    // flows
    kIsolationEpisodes, kReclusionEpisodes, kRecoveries, kDeaths, kUnattendedDeaths, kExpectedUnattendedDeaths, kTiesFormed,
    kTiesLost, kOutings, kContacts, kArrivals, kDepartures,
    kMetricCount
};

struct MetricInfo {
    const char* name;
    const char* description;
    const char* units;
    bool stock;
    bool mean;  // a mean over alive agents (stored as a sum until written)
    bool fractional = false;  // stored in fixed point (x kFixedPointScale), written as a real
};
extern const std::array<MetricInfo, kMetricCount> kMetricInfo;

// Means are accumulated as exact fixed-point sums so the total is the same in any
// order of addition, hence for any number of threads.
inline constexpr double kFixedPointScale = 1048576.0;  // 2^20

struct DayMetrics {
    std::array<std::array<std::int64_t, kCells>, kMetricCount> cell{};

    // The value written out: counts as they are, fractional sums out of fixed point, means
    // divided by the alive count.
    double value(int metric, int cell_index) const;
    std::int64_t total(int metric) const;  // the stored sum (fixed point if fractional)
    double seoul_mean(int metric) const;  // for mean metrics, over all alive agents
    // Seoul's value: the total for counts, the mean over the living for means.
    double seoul_value(int metric) const;
};

// The Seoul-wide daily series kept per run by `compare` and `batch`.
inline constexpr int kSeoulSeries[] = {kAlive,         kConnected,      kLonely,       kIsolated,
                                       kReclusive,     kFeelsLonely,    kNoOneToTurnTo, kMeanLoneliness,
                                       kReclusionEpisodes,  kUnattendedDeaths, kDeaths};

// Phase 8: count today's stocks and flows.
void accumulate_metrics(World& w);

}  // namespace lonesim
