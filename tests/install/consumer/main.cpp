// Uses the installed model library: Seoul's tables from the installed data, a scenario
// file, a world of 3,000 households built and stepped 10 days, the isolated counted.
//   lonesim_consumer SCENARIO.toml
#include <cstdio>
#include <string>

#include "app/programme_file.hpp"
#include "app/scenario.hpp"
#include "app/seoul_tables.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "models/simulation.hpp"

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    using namespace lonesim;
    const SeoulData seoul = load_seoul(std::string(LONESIM_DATA) + "/scenarios/data");
    ScenarioSpec spec = load_scenario(argv[1], parameter_table(), &programme_rules());
    spec.agents = 3000;
    spec.burn_in_days = 0;
    Simulation sim(seoul, setup_for(spec, seoul));
    for (int day = 0; day < 10; ++day) sim.step();
    std::printf("version %s: %d districts, 10 days, alive %lld, isolated %lld\n", LONESIM_VERSION,
                static_cast<int>(seoul.districts.size()), static_cast<long long>(sim.metrics().total(kAlive)),
                static_cast<long long>(sim.metrics().total(kIsolated)));
    return 0;
}
