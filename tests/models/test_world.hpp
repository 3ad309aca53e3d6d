#pragma once
// Small worlds for tests, built from the real Seoul tables.
#include <string>

#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "models/seoul.hpp"
#include "models/simulation.hpp"
#include "app/scenario.hpp"

namespace lonesim::test {

inline const SeoulData& seoul() {
    static const SeoulData data = load_seoul(std::string(LONESIM_SOURCE_DIR) + "/scenarios/data");
    return data;
}

inline ScenarioSpec small_spec(std::int64_t agents = 5000, std::uint64_t seed = 7) {
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/small.toml", parameter_table(), &programme_rules());
    spec.agents = agents;
    spec.seed = seed;
    spec.burn_in_days = 0;  // tests start from the world as built
    return spec;
}

// No deaths and no departures, so no newcomers: for tests of one mechanism that follow
// the day-0 agents and their ties.
inline ScenarioSpec without_turnover(ScenarioSpec spec) {
    spec.parameters.push_back({"life.mortality_at_50", 0.0});
    spec.parameters.push_back({"life.departure_factor", 0.0});
    return spec;
}

inline Simulation small_world(std::int64_t agents = 5000, std::uint64_t seed = 7) {
    return Simulation(seoul(), setup_for(small_spec(agents, seed), seoul()));
}

}  // namespace lonesim::test
