// The calibrated defaults are the fit: each default listed in models/calibrated.hpp equals
// (to the 3 significant digits it is written with) the posterior median in the committed
// output of `lonesim calibrate` (scenarios/calibration/seoul_2019_2024.fitted.toml), lies
// in the range of the last generation's accepted fits, and the calibration file fits
// exactly these parameters.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <toml.hpp>

#include "app/programme_file.hpp"
#include "models/calibrated.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "app/calibration.hpp"
#include "app/scenario.hpp"

using namespace lonesim;

namespace {
const std::string kRoot = std::string(LONESIM_TEST_DATA) + "/../..";

bool close(double a, double b) { return std::abs(a - b) <= 0.006 * std::abs(b) + 1e-12; }
}  // namespace

TEST_CASE("calibrated defaults equal the committed fit and lie within the accepted fits") {
    const auto fitted = toml::parse(kRoot + "/scenarios/calibration/seoul_2019_2024.fitted.toml");
    const auto& values = toml::find(fitted, "parameters").as_table();
    const CalibrationSpec c = load_calibration(kRoot + "/scenarios/calibration/seoul_2019_2024.toml", parameter_table(), &programme_rules());
    REQUIRE(values.size() == c.parameters.size());
    REQUIRE(std::size(kCalibrated) == c.parameters.size());
    const ScenarioSpec history = load_scenario(kRoot + "/scenarios/history_2019_2024.toml", parameter_table(), &programme_rules());
    for (const auto& p : c.parameters) {
        CAPTURE(p.name);
        REQUIRE(values.count(p.name) == 1);
        const double fit = values.at(p.name).is_floating() ? values.at(p.name).as_floating() : static_cast<double>(values.at(p.name).as_integer());
        const auto* entry = std::find_if(std::begin(kCalibrated), std::end(kCalibrated), [&](const CalibratedDefault& k) { return k.name == p.name; });
        REQUIRE(entry != std::end(kCalibrated));
        // The history sets no behavioural parameter, so these are the defaults.
        const double now = get_variable(history, p.name, parameter_table());
        const auto* adjusted = std::find_if(std::begin(kAdjustedSinceFit), std::end(kAdjustedSinceFit), [&](const AdjustedDefault& k) { return k.name == p.name; });
        CHECK(close(now, adjusted == std::end(kAdjustedSinceFit) ? fit : adjusted->value));
        CHECK(entry->fits_lo * 0.994 <= now);  // the fitted particle may be an extreme of the
        CHECK(now <= entry->fits_hi * 1.006);  // accepted; the default is rounded to 3 digits
    }
}
