// Fuzz target: an experiment file (its scenarios are the test scenarios beside it), read
// and expanded into its first runs' scenarios as `lonesim batch --dry-run` does.
#include <algorithm>

#include "app/experiment.hpp"
#include "models/parameters.hpp"
#include "tests/fuzz/fuzz_common.hpp"

using namespace lonesim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::scratch().write("experiment.toml", data, size);
    fuzz::expect_clean([&] {
        const ExperimentSpec e = load_experiment(path, parameter_table(), &programme_rules());
        for (int i = 0; i < std::min(e.runs(), 4); ++i) run_scenario_spec(e, run_key(e, i));
        e.fingerprint(parameter_table());
    });
    return 0;
}
