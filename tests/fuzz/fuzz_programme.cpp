// Fuzz target: a programme file, read with the mechanisms' rules.
#include "app/programme_file.hpp"
#include "tests/fuzz/fuzz_common.hpp"

using namespace lonesim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::scratch().write("programme.toml", data, size);
    fuzz::expect_clean([&] { load_programme(path, programme_rules()); });
    return 0;
}
