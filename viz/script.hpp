#pragma once
// A rehearsed presentation (lonesim-viz --script FILE.toml): timed actions and captions,
// so a demonstration runs the same way every time.
//
//   [[action]]
//   day = 120                      # before day 120 is simulated (as a scenario's [[policy]])
//   programme = "mind_investment"  # switch or resize one of the scenario's programmes
//   enabled = true
//   capacity = 2.0                 # x the scenario's capacity
//   caption = "Mind Investment starts"      # shown for `seconds` (default 6)
//   caption_ko = "마음투자 시작"
//   select = "Gwanak-gu"           # or "Seoul"; metric = "isolated"; lang = "ko"; presentation = true
//
// Programme actions become policy changes of the scenario, applied by the simulation on
// their day exactly as a [[policy]] entry is (so they do not depend on the frame rate),
// and logged as the presenter's are. The other actions act on the screen when the day
// they name is shown.
#include <optional>
#include <string>
#include <vector>

#include "models/inputs.hpp"
#include "models/programmes/programme_spec.hpp"
#include "models/seoul.hpp"

namespace lonesim::viz {

struct ScriptAction {
    int day = 0;
    std::optional<PolicyChange> change;  // city-scale capacities
    std::string caption, caption_ko;
    double seconds = 6;
    std::optional<int> select;  // a district, or -1 for all Seoul
    std::optional<int> metric;  // MapMetric
    std::optional<int> lang;    // Lang
    std::optional<bool> presentation;
    std::string what;  // for the log: "mind_investment on, capacity x2"
};

struct Script {
    std::string path;
    std::vector<ScriptAction> actions;  // by day, in the file's order within a day
    std::vector<PolicyChange> changes() const;
};

// The script, checked against the scenario's programmes and Seoul's districts; the first
// problem is an InputError naming the file, the line and the key.
Script load_script(const std::string& path, const std::vector<ProgrammeSpec>& programmes, const SeoulData& seoul, int horizon_days);

}  // namespace lonesim::viz
