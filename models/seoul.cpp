#include "models/seoul.hpp"

#include <cmath>
#include <cstdint>


namespace lonesim {

const std::array<const char*, kAgeBands> SeoulData::kAgeBandLabels = {
    "under 20", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
    "55-59",    "60-64", "65-69", "70-74", "75-79", "80-84", "85+"};
const std::array<int, kAgeBands> SeoulData::kAgeBandMin = {17, 20, 25, 30, 35, 40, 45, 50,
                                                           55, 60, 65, 70, 75, 80, 85};

std::int64_t SeoulData::total_households() const {
    std::int64_t n = 0;
    for (const auto& d : districts) n += d.single_households;
    return n;
}

std::array<std::int64_t, kAgeBands> SeoulData::households_by_band() const {
    std::array<std::int64_t, kAgeBands> n{};
    for (const auto& d : districts)
        for (int b = 0; b < kAgeBands; ++b) n[static_cast<std::size_t>(b)] += d.by_age[static_cast<std::size_t>(b)];
    return n;
}

double SeoulData::distance_km(int d1, int d2) const {
    // Equirectangular approximation; Seoul spans about 30 km.
    constexpr double kKmPerDegLat = 111.32;
    const auto &a = districts[static_cast<std::size_t>(d1)], &b = districts[static_cast<std::size_t>(d2)];
    const double mean_lat = (a.lat + b.lat) * 0.5 * M_PI / 180.0;
    const double dx = (a.lon - b.lon) * kKmPerDegLat * std::cos(mean_lat), dy = (a.lat - b.lat) * kKmPerDegLat;
    return std::sqrt(dx * dx + dy * dy);
}

}  // namespace lonesim
