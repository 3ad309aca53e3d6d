#pragma once
// The defaults fitted by `lonesim calibrate` (docs/calibration.md): which parameters, the
// 95% credible interval of each, and against what. The values themselves are the defaults
// in models/parameters.hpp (and the COVID-19 shock factor in
// scenarios/history_2019_2024.toml); tests/models/test_calibrated.cpp checks they equal the
// committed fit, scenarios/calibration/seoul_2019_2024.fitted.toml.
#include <string_view>

namespace lonesim {

struct CalibratedDefault {
    std::string_view name;
    double lo95, hi95;
};

inline constexpr std::string_view kCalibrationCommand = "lonesim calibrate scenarios/calibration/seoul_2019_2024.toml";
inline constexpr std::string_view kCalibrationTargets =
    "no_one_to_turn_to_2019, _2021, _2022 and _2023, lonely_2024, isolated_or_reclusive_20_39_2022 and solitary_deaths_2024";

inline constexpr CalibratedDefault kCalibrated[] = {
    {"status.strong_tie", 0.2353, 0.589},
    {"loneliness.need_contacts", 0.287, 0.8904},
    {"ties.lonely_decay_factor", 1.246, 2.98},
    {"outings.withdrawn_factor", 0.02001, 0.2988},
    {"death.discovery_base", 0.534, 0.895},
    {"shocks.covid_distancing.contacts", 0.609, 0.9076},
};

}  // namespace lonesim
