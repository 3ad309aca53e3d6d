#pragma once
// The outcomes planners read, derived from the day's metrics, each defined once here:
// isolated-or-reclusive, person-years, shares of the living, per year, city scale,
// averted. Commands, recorders and the visualizer use these and nothing of their own.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "models/metrics.hpp"

namespace lonesim {

inline constexpr double kDaysPerYear = 365.0;

// Objective isolation as planners count it: isolated or reclusive (reclusion is isolation
// that has lasted; the statuses partition the living).
inline std::int64_t isolated_or_reclusive(const DayMetrics& m, std::size_t cell) {
    return m.cell[kIsolated][cell] + m.cell[kReclusive][cell];
}
inline std::int64_t isolated_or_reclusive(const DayMetrics& m) { return m.total(kIsolated) + m.total(kReclusive); }
// The same as a share of the living, from the two statuses' shares.
inline double isolated_or_reclusive(double isolated_share, double reclusive_share) { return isolated_share + reclusive_share; }

inline double person_years(double person_days) { return person_days / kDaysPerYear; }
// A total over `days` days, as a yearly rate.
inline double per_year(double total, int days) { return total * kDaysPerYear / days; }
// From the simulated world to the whole city: the world holds `population_scale` of
// Seoul's single-person households.
inline double city_factor(double population_scale) { return 1.0 / population_scale; }
// A programme's effect: what the baseline had that the scenario did not.
inline double averted(double baseline, double scenario) { return baseline - scenario; }

// Each status's share of the living, with mean loneliness and degree, on one day.
struct StatusShares {
    double connected = 0, lonely = 0, isolated = 0, reclusive = 0, no_one_to_turn_to = 0;
    double mean_loneliness = 0, mean_degree = 0;
};
inline StatusShares status_shares(const DayMetrics& m) {
    const double alive = std::max<double>(1, static_cast<double>(m.total(kAlive)));
    return {m.total(kConnected) / alive, m.total(kLonely) / alive, m.total(kIsolated) / alive,
            m.total(kReclusive) / alive, m.total(kNoOneToTurnTo) / alive,
            m.seoul_mean(kMeanLoneliness), m.seoul_mean(kMeanDegree)};
}

}  // namespace lonesim
