#pragma once
// Reading a programme file (scenarios/programmes/*.toml, format in docs/programmes.md)
// into the model's ProgrammeSpec, validated once.
#include <functional>
#include <string>
#include <vector>

#include "models/programmes/programme_spec.hpp"
#include "sim/param_table.hpp"

namespace lonesim {

// What the parser must know of the model: each mechanism's parameter table, and the
// words allowed in eligibility.
struct ProgrammeRules {
    std::function<ParamTable(const std::string& mechanism)> mechanism_parameters;  // empty span: unknown
    std::vector<std::string> mechanisms, statuses, required;
};

// Throws InputError naming file, line and key.
ProgrammeSpec load_programme(const std::string& path, const ProgrammeRules& rules);

// The model's rules: its mechanisms and their parameters, statuses and requirements.
const ProgrammeRules& programme_rules();

}  // namespace lonesim
