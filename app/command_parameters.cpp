// lonesim parameters: the parameter table as Markdown (docs/parameters.md is made from it).
#include <cstdio>

#include "app/command.hpp"
#include "models/calibrated.hpp"
#include "models/parameters.hpp"

namespace lonesim {
namespace {

// A calibrated default says so, against what and by which command.
std::string source_of(const ParamSpec& p) {
    std::string source(p.source);
    for (const auto& k : kCalibrated)
        if (k.name == p.name) {
            char interval[96];
            std::snprintf(interval, sizeof interval, "%.4g, %.4g", k.fits_lo, k.fits_hi);
            source = "**Calibrated** by `" + std::string(kCalibrationCommand) + "` against " + std::string(kCalibrationTargets) +
                     " (docs/calibration.md); accepted fits span [" + interval + "] (lowest-highest). Prior range from: " + source;
        }
    return source;
}

}  // namespace

Command parameters_command(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("parameters", "Print the parameter table as Markdown");
    return {cmd, [](int, char**) {
                std::printf("| name | default | unit | range | description | source |\n|---|---|---|---|---|---|\n");
                for (const auto& p : parameter_table())
                    std::printf("| `%.*s` | %g | %.*s | %g – %g | %.*s | %s |\n", static_cast<int>(p.name.size()), p.name.data(), p.default_value,
                                static_cast<int>(p.unit.size()), p.unit.data(), p.min, p.max, static_cast<int>(p.description.size()),
                                p.description.data(), source_of(p).c_str());
                return 0;
            }};
}

}  // namespace lonesim
