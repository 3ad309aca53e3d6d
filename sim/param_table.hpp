#pragma once
// A parameter table: every tunable number with its default, unit, range and source.
// The engine validates scenario files against it and generates docs/parameters.md
// from it; it knows nothing of what the parameters mean.
#include <span>
#include <string_view>

namespace lonesim {

struct ParamSpec {
    std::string_view name;  // "section.key", as written in scenario files
    double default_value;
    std::string_view unit;
    double min, max;  // inclusive range
    bool integer;     // whole numbers only
    std::string_view description;
    std::string_view source;
    // A volume of the real city (people a year, lines staffed) that a smaller simulated
    // world gets its share of; false for rates, probabilities and durations.
    bool scales_with_population = false;
};

using ParamTable = std::span<const ParamSpec>;

}  // namespace lonesim
