#include <doctest/doctest.h>

#include "models/network_stats.hpp"
#include "models/world.hpp"
#include "test_world.hpp"

using namespace lonesim;

TEST_CASE("the day-0 network has every tie type, realistic degree and clustering") {
    Simulation sim = test::small_world(20000);
    const NetworkStats s = sim.network();
    CHECK(s.mean_degree > 5.0);
    CHECK(s.mean_degree < 12.0);
    CHECK(s.clustering > 0.02);  // triadic closure; a random graph this size has ~0.0004
    for (int t = 0; t < kTieTypes; ++t) CHECK(s.ties_by_type[static_cast<std::size_t>(t)] > 1000);
    std::uint64_t counted = 0;
    for (auto n : s.degree_histogram) counted += n;
    CHECK(counted == 20000);
    CHECK(s.degree_histogram[0] < 2000);
}

TEST_CASE("friend ties are mostly within a few districts and close in age") {
    Simulation sim = test::small_world(20000);
    const World& w = sim.world();
    int same_or_near = 0, close_age = 0, friends = 0;
    for (std::uint32_t t = 0; t < w.ties.tie_capacity(); ++t) {
        if (!w.ties.live(t) || w.ties.type(t) != static_cast<std::uint8_t>(TieType::friend_)) continue;
        const auto x = w.ties.end_a(t), y = w.ties.end_b(t);
        ++friends;
        same_or_near += w.seoul.distance_km(w.agents.district[x], w.agents.district[y]) < 10.0;
        close_age += std::abs(w.agents.age[x] - w.agents.age[y]) <= 10;
    }
    CHECK(same_or_near > 0.7 * friends);
    CHECK(close_age > 0.6 * friends);
}
