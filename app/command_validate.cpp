// lonesim validate SCENARIO: check a scenario file and print it fully resolved.
#include <cstdio>
#include <memory>

#include "app/command.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"

namespace lonesim {

Command validate_command(CLI::App& app) {
    auto o = std::make_shared<ScenarioOptions>();
    CLI::App* cmd = app.add_subcommand("validate", "Check a scenario file and print it resolved");
    add_scenario_options(cmd, *o);
    return {cmd, [o](int, char**) {
                return guarded([&] {
                    const ScenarioSpec spec = resolve(*o);
                    const SeoulData seoul = load_seoul(spec.data_dir);
                    const SimulationSetup setup = setup_for(spec, seoul);
                    std::printf("%s", spec.to_toml(parameter_table()).c_str());
                    std::printf("\n# ok: %lld agents, %d days from %s, %d replicate(s)\n", static_cast<long long>(setup.agents), spec.days,
                                to_string(spec.start_date).c_str(), spec.replicates);
                    return 0;
                });
            }};
}

}  // namespace lonesim
