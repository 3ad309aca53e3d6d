#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "models/population.hpp"
#include "models/world.hpp"
#include "test_world.hpp"

using namespace lonesim;

TEST_CASE("the full world has the table's 1,660,813 households in every district x age band") {
    const SeoulData& seoul = test::seoul();
    CHECK(seoul.total_households() == 1660813);
    const auto cells = allocate_cells(seoul, seoul.total_households());
    for (int d = 0; d < kDistricts; ++d)
        for (int b = 0; b < kAgeBands; ++b)
            CHECK(cells[static_cast<std::size_t>(d * kAgeBands + b)] == seoul.districts[static_cast<std::size_t>(d)].by_age[static_cast<std::size_t>(b)]);
}

TEST_CASE("smaller worlds keep the mix by largest remainder and sum exactly") {
    const SeoulData& seoul = test::seoul();
    for (std::int64_t n : {166081, 100000, 12345, 1000}) {
        const auto cells = allocate_cells(seoul, n);
        CHECK(std::accumulate(cells.begin(), cells.end(), std::int64_t{0}) == n);
        for (int d = 0; d < kDistricts; ++d)
            for (int b = 0; b < kAgeBands; ++b) {
                const double quota = static_cast<double>(seoul.districts[static_cast<std::size_t>(d)].by_age[static_cast<std::size_t>(b)]) * n / 1660813.0;
                const auto got = cells[static_cast<std::size_t>(d * kAgeBands + b)];
                CHECK(got >= std::floor(quota));
                CHECK(got <= std::floor(quota) + 1);
            }
    }
}

TEST_CASE("a built population has the table's mix and plausible attributes") {
    Simulation sim = test::small_world(20000);
    const World& w = sim.world();
    const Agents& a = w.agents;
    // The store has room (1%) for newcomers; every slot is drawn from the table's mix.
    REQUIRE(a.size() >= 20000);
    REQUIRE(a.size() <= 20300);
    CHECK(w.alive_count == 20000);
    const auto cells = allocate_cells(w.seoul, a.size());
    std::array<std::int64_t, kCells> seen{};
    int male = 0, employed = 0, retired_over65 = 0, over65 = 0, app_old = 0, old = 0;
    double sociability = 0;
    for (std::uint32_t i = 0; i < a.size(); ++i) {
        ++seen[static_cast<std::size_t>(cell_of(a.district[i], a.age[i]))];
        male += a.sex[i];
        employed += a.employment[i] == Employment::employed;
        if (a.age[i] >= 65) ++over65, retired_over65 += a.employment[i] == Employment::retired;
        if (a.age[i] >= 60) ++old, app_old += (a.traits[i] & kAppUser) != 0;
        sociability += a.sociability[i];
    }
    CHECK(seen == cells);
    // Seoul's single households are 49% male (district indicators).
    CHECK(male / 20000.0 == doctest::Approx(0.49).epsilon(0.05));
    CHECK(retired_over65 / static_cast<double>(over65) == doctest::Approx(1 - w.p.employment_rate_65plus).epsilon(0.08));
    CHECK(app_old / static_cast<double>(old) == doctest::Approx(w.p.app_use_60plus).epsilon(0.08));
    CHECK(sociability / 20000 == doctest::Approx(1.0).epsilon(0.03));
    CHECK(employed > 8000);
}
