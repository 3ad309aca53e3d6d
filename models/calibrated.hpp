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
    "no_one_to_turn_to_2019, no_one_to_turn_to_2022, lonely_2024, isolated_or_reclusive_20_39_2022 and solitary_deaths_2024";

inline constexpr CalibratedDefault kCalibrated[] = {
    {"status.strong_tie", 0.2477, 0.4508},
    {"loneliness.need_contacts", 0.4355, 1.191},
    {"outings.withdrawn_factor", 0.0277, 0.3157},
    {"death.discovery_base", 0.4612, 0.7306},
    {"shocks.covid_distancing.contacts", 0.5252, 0.8984},
};

}  // namespace lonesim
