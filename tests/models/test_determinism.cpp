#include <doctest/doctest.h>
#include <hdf5.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "models/world.hpp"
#include "sim/parallel.hpp"
#include "app/run.hpp"
#include "test_world.hpp"
#include "tests/test_support.hpp"

using namespace lonesim;

namespace {

std::vector<DayMetrics> run_days(std::size_t threads, std::uint64_t seed, int days) {
    ThreadLimit limit(static_cast<int>(threads));
    Simulation sim = test::small_world(30000, seed);
    std::vector<DayMetrics> out;
    for (int d = 0; d < days; ++d) {
        sim.step();
        out.push_back(sim.metrics());
    }
    return out;
}

// Every byte of every dataset under /timeseries and /snapshots.
std::vector<char> dataset_bytes(const std::string& file, const std::string& path) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t d = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
    REQUIRE(d >= 0);
    const hid_t type = H5Dget_type(d);
    const hid_t space = H5Dget_space(d);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) * H5Tget_size(type);
    std::vector<char> bytes(n);
    H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
    H5Sclose(space), H5Tclose(type), H5Dclose(d), H5Fclose(f);
    return bytes;
}

}  // namespace

TEST_CASE("the same seed gives bit-identical days at 1, 2 and 4 threads") {
    const auto one = run_days(1, 7, 40);
    const auto two = run_days(2, 7, 40);
    const auto four = run_days(4, 7, 40);
    for (int d = 0; d < 40; ++d) {
        CAPTURE(d);
        CHECK(std::memcmp(&one[d].cell, &two[d].cell, sizeof(one[d].cell)) == 0);
        CHECK(std::memcmp(&one[d].cell, &four[d].cell, sizeof(one[d].cell)) == 0);
    }
}

TEST_CASE("different seeds give different results") {
    const auto a = run_days(2, 7, 20), b = run_days(2, 8, 20);
    CHECK(std::memcmp(&a.back().cell, &b.back().cell, sizeof(a.back().cell)) != 0);
}

TEST_CASE("output datasets are bit-identical at 1, 2 and 4 threads") {
    // A folder of its own: the sanitized builds run this test at the same time.
    const test::ScratchDir scratch("lonesim_determinism");
    const std::filesystem::path dir = scratch.path;
    ScenarioSpec spec = test::small_spec(8000, 11);
    spec.days = 30;
    spec.replicates = 2;
    spec.snapshot_days = {30};
    std::vector<std::string> files;
    for (std::size_t threads : {1, 2, 4}) {
        ThreadLimit limit(static_cast<int>(threads));
        RunOptions o;
        o.out = (dir / std::to_string(threads)).string() + "threads.h5";
        o.threads = static_cast<int>(threads);
        run_scenario(spec, o);
        files.push_back(o.out);
    }
    std::vector<std::string> paths;
    for (const auto& info : kMetricInfo) paths.push_back(std::string("/timeseries/") + info.name);
    for (const char* p : {"/snapshots/day_30/agents/loneliness", "/snapshots/day_30/agents/status",
                          "/snapshots/day_30/edges/a", "/snapshots/day_30/edges/weight", "/network/clustering"})
        paths.emplace_back(p);
    for (const auto& path : paths) {
        CAPTURE(path);
        const auto reference = dataset_bytes(files[0], path);
        CHECK(!reference.empty());
        CHECK(dataset_bytes(files[1], path) == reference);
        CHECK(dataset_bytes(files[2], path) == reference);
    }
}
