#pragma once
// The files lonesim calibrate writes, each whole or not at all (written to a partial file,
// then renamed): calibration.h5, fitted.toml and report.md for a calibration, and
// defaults_check.md for --check-defaults.
#include <string>
#include <vector>

#include "app/calibration.hpp"

namespace lonesim {

void write_calibration_outputs(const CalibrationSpec& c, const CalibrationResult& res, const std::string& out);
void write_defaults_check(const CalibrationSpec& c, const DefaultsCheck& res, const std::string& path);

// A point of the unit cube the search works in, as the parameters' values.
std::vector<double> to_values(const CalibrationSpec& c, const std::vector<double>& u);

}  // namespace lonesim
