// Fuzz target: the Seoul data tables. The first byte picks the table the rest replaces
// in a copy of the data folder; the copy is restored after each input.
#include <fstream>
#include <iterator>

#include "app/seoul_tables.hpp"
#include "tests/fuzz/fuzz_common.hpp"

using namespace lonesim;

namespace {
const char* const kTables[] = {"seoul_single_households_by_district_age.csv", "seoul_district_indicators.csv",
                               "seoul_district_centroids.csv"};

std::string read_all(const fuzz::fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& s = fuzz::scratch();
    const char* table = kTables[data[0] % std::size(kTables)];
    const auto original_path = s.dir() / "data" / table;
    static std::string originals[std::size(kTables)];
    std::string& original = originals[data[0] % std::size(kTables)];
    if (original.empty()) original = read_all(original_path);
    s.write(std::string("data/") + table, data + 1, size - 1);
    fuzz::expect_clean([&] { load_seoul((s.dir() / "data").string()); });
    s.write(std::string("data/") + table, reinterpret_cast<const std::uint8_t*>(original.data()), original.size());
    return 0;
}
