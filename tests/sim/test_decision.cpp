#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/decision.hpp"
#include "sim/rng.hpp"

using namespace lonesim;

TEST_CASE("split_variance: total = between + within exactly; the parameters' part corrected for noise") {
    // Two draws of two runs: means 2 and 6 about 4; every run 1 from its draw's mean.
    const VarianceSplit s = split_variance({{1, 3}, {5, 7}});
    CHECK(s.mean == doctest::Approx(4));
    CHECK(s.total == doctest::Approx(5));
    CHECK(s.between == doctest::Approx(4));
    CHECK(s.within == doctest::Approx(1));
    CHECK(s.parameter == doctest::Approx(3));  // 4 - 1 / (2 - 1)
    CHECK(s.parameter + s.noise == doctest::Approx(s.total));
    // One run a draw: nothing to tell noise from parameters by.
    const VarianceSplit one = split_variance({{1}, {3}});
    CHECK(one.parameter == doctest::Approx(1));
    CHECK(one.noise == doctest::Approx(0));
    CHECK_THROWS(split_variance({{1, 2}, {3}}));
}

TEST_CASE("split_variance: a parameter uniform on [0, 1] plus noise of sd 0.1 gives variances 1/12 and 0.01") {
    // 4,000 draws (stratified: one in each 1/4000 of [0, 1]), 3 runs each.
    const int draws = 4000, runs = 3;
    RandomStreams streams(5, 0, 0);
    std::vector<std::vector<double>> values(draws);
    for (int d = 0; d < draws; ++d) {
        CounterRng rng = streams.at(static_cast<std::uint32_t>(d), 0);
        const double p = (d + rng.uniform()) / draws;
        for (int r = 0; r < runs; ++r) {
            // Box-Muller from two uniforms.
            const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
            values[static_cast<std::size_t>(d)].push_back(p + 0.1 * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2));
        }
    }
    const VarianceSplit s = split_variance(values);
    CHECK(s.mean == doctest::Approx(0.5).epsilon(0.01));
    CHECK(s.parameter == doctest::Approx(1.0 / 12).epsilon(0.05));
    CHECK(s.noise == doctest::Approx(0.01).epsilon(0.1));
    // The draws' means are p plus noise of sd 0.1 / sqrt(3): their 2.5% and 97.5% points
    // lie a little outside 0.025 and 0.975.
    CHECK(s.lo < 0.03);
    CHECK(s.hi > 0.97);
    CHECK(s.hi < 1.03);
}

TEST_CASE("quantile and spearman, worked by hand") {
    CHECK(quantile({4, 1, 3, 2}, 0.5) == doctest::Approx(2.5));
    CHECK(quantile({4, 1, 3, 2}, 1.0) == doctest::Approx(4));
    CHECK(quantile({10, 20}, 0.25) == doctest::Approx(12.5));
    CHECK(spearman({1, 2, 3, 4}, {1, 8, 27, 64}) == doctest::Approx(1));
    CHECK(spearman({1, 2, 3, 4}, {4, 3, 2, 1}) == doctest::Approx(-1));
    // Ties share ranks: x ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / sqrt(4.5 x 5).
    CHECK(spearman({1, 2, 2, 3}, {1, 2, 3, 4}) == doctest::Approx(4.5 / std::sqrt(22.5)));
    CHECK(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
}

TEST_CASE("acceptability: a plan costing 100 whose effect is uniform on [0, 2] against doing nothing") {
    // Effect E_d at the middle of each 1/D of [0, 2]: the curve is P(lambda E > 100) =
    // 1 - 50 / lambda from lambda = 50, within 1/D; the expected value of perfect
    // information at lambda = 100 is 100 E[max(0, E - 1)] = 25.
    const int draws = 10000;
    PlanDraws plans;
    plans.cost = {std::vector<double>(draws, 0.0), std::vector<double>(draws, 100.0)};
    plans.effect = {std::vector<double>(draws, 0.0), std::vector<double>(draws)};
    for (int d = 0; d < draws; ++d) plans.effect[1][static_cast<std::size_t>(d)] = 2.0 * (d + 0.5) / draws;
    const std::vector<double> lambdas = {25, 50, 100, 200, 400};
    const Acceptability a = acceptability(plans, lambdas);
    REQUIRE(a.probability.size() == lambdas.size());
    for (std::size_t k = 0; k < lambdas.size(); ++k) {
        CAPTURE(lambdas[k]);
        const double expected = std::max(0.0, 1.0 - 50.0 / lambdas[k]);
        CHECK(a.probability[k][1] == doctest::Approx(expected).epsilon(1e-3));
        CHECK(a.probability[k][0] + a.probability[k][1] == doctest::Approx(1));
    }
    CHECK(a.optimal[0] == 0);  // at 25 KRW a unit, expected 50 - 100 < 0
    CHECK(a.optimal[3] == 1);  // at 200: 200 - 100 > 0
    CHECK(a.evpi[2] == doctest::Approx(25).epsilon(1e-3));
    CHECK(a.evpi[0] == doctest::Approx(0));  // lambda 25: the plan never pays (25 x 2 < 100)
    CHECK(probability_more(plans, 1, 0) == doctest::Approx(1));
    CHECK(probability_more(plans, 0, 1) == doctest::Approx(0));
}

TEST_CASE("icers: the efficiency frontier, strong and extended dominance") {
    // (cost, effect): A (0, 0), B (10, 1), C (30, 2), D (25, 1.2), E (40, 1.5).
    // D vs B: 15 / 0.2 = 75, then C vs D 5 / 0.8 = 6.25: D is extendedly dominated.
    // E costs more than C and achieves less: strongly dominated.
    const std::vector<double> cost = {0, 10, 30, 25, 40}, effect = {0, 1, 2, 1.2, 1.5};
    PlanDraws plans;
    for (std::size_t p = 0; p < cost.size(); ++p) {
        // Two draws either side of the plan's value: only the means matter.
        plans.cost.push_back({cost[p] - 1, cost[p] + 1});
        plans.effect.push_back({effect[p] - 0.1, effect[p] + 0.1});
    }
    const std::vector<Icer> r = icers(plans);
    CHECK(r[0].status == Icer::Status::frontier);
    CHECK(r[0].against == -1);
    CHECK(std::isnan(r[0].icer));
    CHECK(r[1].status == Icer::Status::frontier);
    CHECK(r[1].against == 0);
    CHECK(r[1].icer == doctest::Approx(10));
    CHECK(r[2].status == Icer::Status::frontier);
    CHECK(r[2].against == 1);
    CHECK(r[2].icer == doctest::Approx(20));
    CHECK(r[3].status == Icer::Status::extendedly_dominated);
    CHECK(r[4].status == Icer::Status::strongly_dominated);
    CHECK(to_string(r[3].status) == "extendedly dominated");
}
