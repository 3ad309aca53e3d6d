#pragma once
// The defaults fitted by `lonesim calibrate` (docs/calibration.md): which parameters, the
// range of values that fit the targets, and against what. The values themselves are the defaults
// in models/parameters.hpp (and the COVID-19 shock factors in
// scenarios/history_2019_2024.toml); tests/models/test_calibrated.cpp checks they equal the
// committed fit, scenarios/calibration/seoul_2019_2024.fitted.toml.
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
    "no_one_to_turn_to_2019, _2021, _2022 and _2023, no_one_to_turn_to_60_plus_2023, lonely_2024 and solitary_deaths_2024";

inline constexpr CalibratedDefault kCalibrated[] = {
    {"status.strong_tie", 0.2654, 0.5951},
    {"loneliness.need_contacts", 0.3324, 1.374},
    {"ties.lonely_decay_factor", 0.5222, 3.976},
    {"status.kin_support_factor", 0.2025, 0.9266},
    {"loneliness.need_at_80", 0.1332, 1.04},
    {"death.discovery_base", 0.3254, 0.8026},
    {"shocks.covid_distancing.contacts", 0.6176, 0.9643},
    {"shocks.covid_after.contacts", 0.8467, 0.984},
};

}  // namespace lonesim
