#pragma once
// The defaults fitted by `lonesim calibrate` (docs/calibration.md): which parameters, the
// range of values that fit the targets, and against what. The values themselves are the defaults
// in models/parameters.hpp (and the COVID-19 shock factor in
// scenarios/history_2019_2024.toml); tests/models/test_calibrated.cpp checks they equal the
// committed fit, scenarios/calibration/seoul_2019_2024.fitted.toml.
#include <string_view>

namespace lonesim {

// fits_lo, fits_hi: 2.5% to 97.5% of the last generation's accepted particles, unweighted:
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
    {"status.strong_tie", 0.2561, 0.4796},
    {"loneliness.need_contacts", 1.079, 1.507},
    {"ties.lonely_decay_factor", 0.7368, 2.965},
    {"status.kin_support_factor", 0.202, 0.6019},
    {"loneliness.need_at_80", 0.1587, 0.4151},
    {"death.discovery_base", 0.4513, 0.6966},
    {"shocks.covid_distancing.contacts", 0.6124, 0.9361},
};

}  // namespace lonesim
