#include <doctest/doctest.h>

#include "models/world.hpp"
#include "test_world.hpp"

using namespace lonesim;

namespace {
double share(const DayMetrics& m, int metric) {
    return static_cast<double>(m.total(metric)) / static_cast<double>(m.total(kAlive));
}
}  // namespace

TEST_CASE("statuses partition the living and the world stays plausible over a year") {
    Simulation sim = test::small_world(10000);
    for (int d = 0; d < 365; ++d) {
        sim.step();
        const DayMetrics& m = sim.metrics();
        CHECK(m.total(kConnected) + m.total(kLonely) + m.total(kIsolated) + m.total(kReclusive) == m.total(kAlive));
    }
    const DayMetrics& m = sim.metrics();
    const double lonely_or_worse = share(m, kLonely) + share(m, kIsolated) + share(m, kReclusive);
    CHECK(lonely_or_worse > 0.25);
    CHECK(lonely_or_worse < 0.75);
    CHECK(share(m, kNoOneToTurnTo) > 0.1);
    CHECK(share(m, kNoOneToTurnTo) < 0.7);
    CHECK(m.seoul_mean(kMeanDegree) > 4.0);
    CHECK(sim.world().agents.size() - m.total(kAlive) > 20);  // about 1% die in a year
}

TEST_CASE("cutting contact (a pandemic shock) raises loneliness and isolation") {
    ScenarioSpec spec = test::small_spec(10000);
    Simulation normal(test::seoul(), setup_for(spec, test::seoul()));
    spec.shocks.push_back({"lockdown", {2025, 1, 1}, {2025, 12, 31}, 0.3, 0.2, 0.5});
    Simulation lockdown(test::seoul(), setup_for(spec, test::seoul()));
    for (int d = 0; d < 120; ++d) normal.step(), lockdown.step();
    CHECK(lockdown.metrics().seoul_mean(kMeanLoneliness) > normal.metrics().seoul_mean(kMeanLoneliness) + 0.02);
    CHECK(share(lockdown.metrics(), kIsolated) + share(lockdown.metrics(), kReclusive) >
          share(normal.metrics(), kIsolated) + share(normal.metrics(), kReclusive));
}

TEST_CASE("ties decay without contact and dissolve below the floor, family ties stay, and contact keeps ties") {
    ScenarioSpec spec = test::small_spec(5000);
    // No contact at all: every non-family tie should weaken and many dissolve.
    spec.parameters.push_back({"contacts.family_rate", 0.0});
    spec.parameters.push_back({"contacts.friend_rate", 0.0});
    spec.parameters.push_back({"contacts.neighbour_rate", 0.0});
    spec.parameters.push_back({"contacts.coworker_rate", 0.0});
    spec.parameters.push_back({"ties.venue_tie_rate", 0.0});
    spec.parameters.push_back({"ties.friend_of_friend_rate", 0.0});
    spec.parameters.push_back({"ties.work_tie_rate", 0.0});
    Simulation silent(test::seoul(), setup_for(spec, test::seoul()));
    const auto before = silent.network();
    for (int d = 0; d < 200; ++d) silent.step();
    const auto after = silent.network();
    CHECK(after.mean_weight < before.mean_weight);
    CHECK(after.ties < before.ties * 0.8);
    CHECK(after.ties_by_type[0] > 0.9 * before.ties_by_type[0]);  // family ties stay at the floor
    // And with contact, ties hold.
    Simulation talking = test::small_world(5000);
    for (int d = 0; d < 200; ++d) talking.step();
    CHECK(talking.network().ties > after.ties);
}
