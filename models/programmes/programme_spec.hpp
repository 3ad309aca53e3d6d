#pragma once
// A programme as the model takes it: what a programme file (scenarios/programmes/*.toml,
// format in docs/programmes.md) says, validated by the app (app/programme_file.hpp):
// numbers only, each with its source. What the numbers mean is the mechanism's business.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/inputs.hpp"
#include "sim/calendar.hpp"
#include "sim/distribution.hpp"

namespace lonesim {

struct ProgrammeSpec {
    std::string file;  // where it came from
    std::string name, title, mechanism, plan, description;
    std::string title_ko;  // the Korean title, for reports and the visualizer
    Date start{2025, 1, 1}, end{2029, 12, 31};
    std::vector<std::string> districts;  // English names; empty = all
    int districts_line = 0;              // for errors about unknown district names
    // eligibility
    int min_age = 0, max_age = 120;
    std::vector<std::string> statuses, required;
    double min_loneliness = 0;
    // capacity and costs (KRW)
    Capacity capacity;  // the city's ([capacity]); a world takes its share (Capacity::in_world)
    double fixed_per_year = 0, per_enrolment = 0, per_unit = 0;
    std::vector<std::pair<std::string, double>> parameters;  // the mechanism's, validated
    std::vector<std::pair<std::string, double>> referrals;   // (to, probability)
    std::map<std::string, std::string> sources;              // "table.key" -> citation
    std::vector<UncertainNumber> uncertain;                  // [uncertainty]: names "parameters.<key>", "costs.<key>", "referrals.<to>"
    bool enabled = true;
};

}  // namespace lonesim
