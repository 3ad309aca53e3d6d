// The recorders keep what the day's metrics say: the totals a comparison differences are
// the sums of the daily series (a tally read from the wrong metric once counted every
// lonely household as a reclusion episode).
#include <doctest/doctest.h>

#include "models/recorders.hpp"
#include "sim/day_loop.hpp"
#include "tests/models/test_world.hpp"

namespace lonesim {

TEST_CASE("the run totals are the sums of the daily series, cell by cell: person-days isolated, episodes begun") {
    Simulation sim = test::small_world(3000);
    const int days = 90;
    CellSeriesRecorder cells(days);
    RunTotalsRecorder totals;
    run_days(sim, days, {&cells, &totals});
    auto summed = [&](int metric, int c) {
        double sum = 0;
        for (int d = 0; d < days; ++d) sum += cells.counts(metric)[static_cast<std::size_t>(d) * kCells + static_cast<std::size_t>(c)];
        return sum;
    };
    double isolation_starts = 0, reclusion_starts = 0;
    for (int c = 0; c < kCells; ++c) {
        const auto cc = static_cast<std::size_t>(c);
        CHECK(totals.cells(RunTotalsRecorder::kIsolationStarts)[cc] == summed(kIsolationEpisodes, c));
        CHECK(totals.cells(RunTotalsRecorder::kReclusionStarts)[cc] == summed(kReclusionEpisodes, c));
        CHECK(totals.cells(RunTotalsRecorder::kIsolatedDays)[cc] == summed(kIsolated, c) + summed(kReclusive, c));
        CHECK(totals.cells(RunTotalsRecorder::kLonelyDays)[cc] == summed(kFeelsLonely, c));
        CHECK(totals.cells(RunTotalsRecorder::kReclusiveDays)[cc] == summed(kReclusive, c));
        isolation_starts += summed(kIsolationEpisodes, c), reclusion_starts += summed(kReclusionEpisodes, c);
    }
    CHECK(totals.total(RunTotalsRecorder::kIsolationStarts) == isolation_starts);
    CHECK(totals.total(RunTotalsRecorder::kReclusionStarts) == reclusion_starts);
    CHECK(isolation_starts > 0);  // the world does isolate people in 90 days, so the check is not empty
}

}  // namespace lonesim
