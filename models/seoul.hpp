#pragma once
// The Seoul tables the population is built from (scenarios/data, with SOURCES.md; read by
// app/seoul_tables.cpp):
// single-person households by district and 5-year age band, district indicators, and
// district centroids computed from the boundary file.
#include <array>
#include <string>
#include <vector>

namespace lonesim {

inline constexpr int kDistricts = 25;
inline constexpr int kAgeBands = 15;  // under 20, 20-24, ..., 80-84, 85+
inline constexpr int kCells = kDistricts * kAgeBands;

// Age band of an age in years: 0 = under 20, 1 = 20-24, ..., 14 = 85 and over.
constexpr int age_band(int age) {
    const int b = age / 5 - 3;
    return b < 0 ? 0 : (b > kAgeBands - 1 ? kAgeBands - 1 : b);
}
constexpr int cell_of(int district, int age) { return district * kAgeBands + age_band(age); }
// Years of age in a band: 17-19, five, and ten for 85 and over (to 94).
constexpr int age_band_span(int band) { return band == 0 ? 3 : (band == kAgeBands - 1 ? 10 : 5); }

struct District {
    int code = 0;  // SIG_CD, e.g. 11110 = Jongno-gu
    std::string name, name_ko;
    double lon = 0, lat = 0;  // centroid
    double male_share = 0.5;  // of single-person households
    std::int64_t single_households = 0;
    std::int64_t households_total = 0;
    std::array<std::int64_t, kAgeBands> by_age{};
};

struct SeoulData {
    std::vector<District> districts;  // ordered by code
    static const std::array<const char*, kAgeBands> kAgeBandLabels;
    static const std::array<int, kAgeBands> kAgeBandMin;  // youngest age in each band

    std::int64_t total_households() const;
    std::array<std::int64_t, kAgeBands> households_by_band() const;  // summed over districts
    double distance_km(int d1, int d2) const;  // between centroids
};

}  // namespace lonesim
