// Fuzz target: a calibration file (targets, free parameters, its scenarios).
#include "app/calibration.hpp"
#include "models/parameters.hpp"
#include "tests/fuzz/fuzz_common.hpp"

using namespace lonesim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::scratch().write("calibration.toml", data, size);
    fuzz::expect_clean([&] { load_calibration(path, parameter_table(), &programme_rules()); });
    return 0;
}
