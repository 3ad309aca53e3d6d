// Fuzz target: a lonesim-viz --script file, read against with_programmes' programmes and
// Seoul's districts as the visualizer reads it (viz/script.hpp).
#include "app/programme_file.hpp"
#include "app/scenario.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "viz/script.hpp"

using namespace lonesim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const ScenarioSpec spec =
        load_scenario((fuzz::scratch().dir() / "with_programmes.toml").string(), parameter_table(), &programme_rules());
    static const SeoulData seoul = load_seoul(spec.data_dir);
    const std::string path = fuzz::scratch().write("script.toml", data, size);
    fuzz::expect_clean([&] { viz::load_script(path, spec.programmes, seoul, spec.days); });
    return 0;
}
