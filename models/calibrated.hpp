#pragma once
// The defaults fitted by `lonesim calibrate` (docs/calibration.md): which parameters, the
// range of values that fit the targets, and against what. The values themselves are the defaults
// in models/parameters.hpp (and the COVID-19 shock factor in
// scenarios/history_2019_2024.toml); tests/models/test_calibrated.cpp checks they equal the
// committed fit, scenarios/calibration/seoul_2019_2024.fitted.toml.
#include <array>
#include <string_view>

namespace lonesim {

// fits_lo, fits_hi: the lowest and highest of the last generation's accepted particles:
// values that each fit the targets within the final tolerance. The importance-weighted
// posterior (docs/calibration.md) can rest on very few particles (its effective sample
// size is reported there), and then its interval understates what the targets leave open.
struct CalibratedDefault {
    std::string_view name;
    double fits_lo, fits_hi;
};

inline constexpr std::string_view kCalibrationCommand = "lonesim calibrate scenarios/calibration/seoul_2019_2024.toml";
inline constexpr std::string_view kCalibrationTargets =
    "no_one_to_turn_to_2019, _2021, _2022 and _2023, no_one_to_turn_to_60_plus_2023, lonely_2024, "
    "isolated_or_reclusive_20_39_2022 and solitary_deaths_2024";

inline constexpr CalibratedDefault kCalibrated[] = {
    {"status.strong_tie", 0.1715, 0.5946},
    {"loneliness.need_contacts", 0.228, 2.849},
    {"ties.lonely_decay_factor", 0.02786, 4},
    {"status.kin_support_factor", 0.221, 0.9943},
    {"loneliness.need_at_80", 0.1007, 1.483},
    {"death.discovery_base", 0.1333, 0.8968},
    {"shocks.covid_distancing.contacts", 0.4671, 0.9508},
    {"shocks.covid_after.contacts", 0.7085, 0.9925},
    {"outings.young_jobseeker_factor", 0.1051, 0.9846},
    {"contacts.withdrawn_factor", 0.1062, 0.9948},
};

// Defaults moved since the committed fit, each alone and by hand, with the reason: the
// fitted file keeps what the calibration found; these replace it until the next
// calibration (docs/calibration.md, "Adjusted since the fit"). The value must still lie
// within the accepted fits.
struct AdjustedDefault {
    std::string_view name;
    double value;
    std::string_view why;
};
// None since the calibration of 2026-12-02 (issue 21's youth mechanisms); an entry is
// {"name", value, "why"}, the array's size its count.
inline constexpr std::array<AdjustedDefault, 0> kAdjustedSinceFit{};

}  // namespace lonesim
