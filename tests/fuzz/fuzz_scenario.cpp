// Fuzz target: a scenario file, read and validated as `lonesim validate` does (the
// scenario, its programme files, its world against the Seoul tables), without a world.
#include <map>
#include <memory>

#include "app/scenario.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "tests/fuzz/fuzz_common.hpp"

using namespace lonesim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::map<std::string, std::shared_ptr<const SeoulData>> tables;  // the copy's tables, read once
    const std::string path = fuzz::scratch().write("scenario.toml", data, size);
    fuzz::expect_clean([&] {
        const ScenarioSpec spec = load_scenario(path, parameter_table(), &programme_rules());
        auto& seoul = tables[spec.data_dir];
        if (!seoul) seoul = std::make_shared<const SeoulData>(load_seoul(spec.data_dir));
        setup_for(spec, *seoul);
        spec.to_toml(parameter_table());
    });
    return 0;
}
