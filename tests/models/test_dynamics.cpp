#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "models/loneliness.hpp"
#include "models/status.hpp"
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

TEST_CASE("with no shocks or programmes the network keeps its size and loneliness settles") {
    // Ties end by turnover and agents replace them in proportion to how many they are
    // short of (ties.turnover_per_year, ties.*_rate): the network should hold about its
    // day-0 size, as personal networks do (Mollenhorst 2009). Before turnover, the mean
    // degree grew from 7.4 to 12.7 in six years and loneliness kept falling. From the
    // day-0 state loneliness takes years to settle (hence the history's five-year
    // burn-in); after those five years, a year changes little.
    Simulation sim = test::small_world(5000);
    const double day0 = sim.network().mean_degree;
    std::array<double, 6> degree{}, lonely{}, ended{};
    for (int year = 0; year < 6; ++year) {
        for (int d = 0; d < 365; ++d) {
            sim.step();
            const DayMetrics& m = sim.metrics();
            degree[year] += m.seoul_mean(kMeanDegree) / 365.0;
            lonely[year] += share(m, kFeelsLonely) / 365.0;
            ended[year] += static_cast<double>(m.total(kTiesLost));
        }
    }
    MESSAGE("mean degree: day 0 " << day0 << ", years 1-6 " << degree[0] << " " << degree[1] << " " << degree[2] << " " << degree[3] << " "
                                  << degree[4] << " " << degree[5]);
    MESSAGE("feels lonely, years 1-6: " << lonely[0] << " " << lonely[1] << " " << lonely[2] << " " << lonely[3] << " " << lonely[4] << " "
                                        << lonely[5]);
    CHECK(std::abs(degree[5] / day0 - 1.0) < 0.15);
    CHECK(std::abs(degree[5] / degree[4] - 1.0) < 0.03);
    CHECK(std::abs(lonely[5] - lonely[4]) < 0.02);
    // Turnover alone ends about a tenth of the non-family ties a year (5000 agents with
    // about 6 such ties: some 3,000 ties a year, each counted once).
    CHECK(ended[5] > 0.05 * 5000 * 6 / 2);
}

TEST_CASE("ties.turnover_per_year ends ties whatever their strength, and family ties never") {
    ScenarioSpec spec = test::small_spec(3000);
    spec.parameters.push_back({"ties.turnover_per_year", 2.0});
    spec.parameters.push_back({"ties.venue_tie_rate", 0.0});
    spec.parameters.push_back({"ties.friend_of_friend_rate", 0.0});
    spec.parameters.push_back({"ties.work_tie_rate", 0.0});
    Simulation churn(test::seoul(), setup_for(spec, test::seoul()));
    spec.parameters.push_back({"ties.turnover_per_year", 0.0});  // the same world without turnover
    Simulation still(test::seoul(), setup_for(spec, test::seoul()));
    const auto before = churn.network();
    for (int d = 0; d < 100; ++d) churn.step(), still.step();
    const auto a = churn.network(), b = still.network();
    // Two a year for 100 days leaves exp(-2 * 100 / 365) = 58% of friend ties, before
    // any that weaken away; without turnover far more stay.
    CHECK(a.ties_by_type[1] < 0.62 * before.ties_by_type[1]);
    CHECK(b.ties_by_type[1] > a.ties_by_type[1] * 1.3);
    CHECK(a.ties_by_type[0] > 0.97 * before.ties_by_type[0]);  // family stays (but for deaths)
}

namespace {
// Recount each agent's people to turn to from the ties and their kinds' thresholds.
int miscounted_strong_ties(const World& w) {
    int wrong = 0;
    for (std::uint32_t i = 0; i < w.agents.size(); ++i) {
        int n = 0;
        for (auto t : w.ties.ties_of(i)) n += w.ties.weight(t) >= strong_tie_threshold(w.p, w.ties.type(t));
        wrong += n != w.agents.strong_ties[i];
    }
    return wrong;
}

double no_one_share(const Simulation& sim) {
    const World& w = sim.world();
    int alive = 0, none = 0;
    for (std::uint32_t i = 0; i < w.agents.size(); ++i) {
        if (!w.agents.alive[i]) continue;
        ++alive;
        none += no_one_to_turn_to(w, i);
    }
    return static_cast<double>(none) / alive;
}
}  // namespace

TEST_CASE("someone to turn to depends on the kind of tie: kin at a lower strength, co-workers at a higher") {
    ScenarioSpec spec = test::small_spec(4000);
    spec.parameters.push_back({"status.kin_support_factor", 0.5});
    spec.parameters.push_back({"status.coworker_support_factor", 1.5});
    Simulation sim(test::seoul(), setup_for(spec, test::seoul()));
    const World& w = sim.world();
    CHECK(strong_tie_threshold(w.p, static_cast<std::uint8_t>(TieType::family)) == doctest::Approx(0.5 * w.p.strong_tie));
    CHECK(strong_tie_threshold(w.p, static_cast<std::uint8_t>(TieType::friend_)) == doctest::Approx(w.p.strong_tie));
    CHECK(strong_tie_threshold(w.p, static_cast<std::uint8_t>(TieType::coworker)) == doctest::Approx(1.5 * w.p.strong_tie));
    // The counts kept up day by day (contact, decay, turnover, new ties, deaths) match a
    // recount by kind of tie.
    CHECK(miscounted_strong_ties(w) == 0);
    for (int d = 0; d < 90; ++d) sim.step();
    CHECK(miscounted_strong_ties(w) == 0);

    // The same day-0 world counts fewer without anyone to turn to when kin count sooner,
    // and more when co-workers count only when very close.
    auto day0_share = [](double kin, double coworker) {
        ScenarioSpec s = test::small_spec(4000);
        s.parameters.push_back({"status.kin_support_factor", kin});
        s.parameters.push_back({"status.coworker_support_factor", coworker});
        return no_one_share(Simulation(test::seoul(), setup_for(s, test::seoul())));
    };
    const double plain = day0_share(1.0, 1.0);
    CHECK(day0_share(0.4, 1.0) < plain - 0.02);
    CHECK(day0_share(1.0, 3.0) > plain + 0.02);
}

TEST_CASE("loneliness.need_at_80: the need for contact changes linearly from 50 to 80") {
    ScenarioSpec spec = test::small_spec(3000);
    spec.parameters.push_back({"loneliness.need_at_80", 0.4});
    Simulation sim(test::seoul(), setup_for(spec, test::seoul()));
    const World& w = sim.world();
    int checked[3] = {0, 0, 0};
    for (std::uint32_t i = 0; i < w.agents.size(); ++i) {
        const double base = w.p.need_contacts * w.agents.sociability[i];
        const int age = w.agents.age[i];
        if (age < 50) {
            CHECK(contact_need(w, i) == doctest::Approx(base));
            ++checked[0];
        } else if (age == 65) {
            CHECK(contact_need(w, i) == doctest::Approx(base * 0.7));
            ++checked[1];
        } else if (age >= 80) {
            CHECK(contact_need(w, i) == doctest::Approx(base * 0.4));
            ++checked[2];
        }
    }
    CHECK(checked[0] > 100);
    CHECK(checked[1] > 5);
    CHECK(checked[2] > 50);
}

TEST_CASE("expected_unattended_deaths is the chance each death goes unattended, summed: it tracks the count with less noise") {
    ScenarioSpec spec = test::small_spec(10000);
    spec.parameters.push_back({"life.mortality_at_50", 0.03});  // ten times Seoul's: many deaths
    spec.parameters.push_back({"death.discovery_base", 0.2});
    Simulation sim(test::seoul(), setup_for(spec, test::seoul()));
    double expected = 0, variance = 0;
    std::int64_t deaths = 0, unattended = 0;
    for (int d = 0; d < 200; ++d) {
        sim.step();
        const DayMetrics& m = sim.metrics();
        const double e = m.seoul_value(kExpectedUnattendedDeaths);
        CHECK(e >= 0.0);
        CHECK(e <= static_cast<double>(m.total(kDeaths)) + 1e-9);
        if (m.total(kDeaths) == 0) CHECK(e == 0.0);
        for (int c = 0; c < kCells; ++c) CHECK(m.value(kExpectedUnattendedDeaths, c) <= static_cast<double>(m.cell[kDeaths][static_cast<std::size_t>(c)]) + 1e-9);
        expected += e;
        variance += e;  // the sum of p(1-p) is at most the sum of p
        deaths += m.total(kDeaths);
        unattended += m.total(kUnattendedDeaths);
    }
    REQUIRE(deaths > 300);
    INFO("deaths " << deaths << ", unattended " << unattended << ", expected " << expected);
    CHECK(expected > 0.1 * static_cast<double>(deaths));  // a fifth found each day: a real share goes unattended
    CHECK(std::abs(static_cast<double>(unattended) - expected) < 4.0 * std::sqrt(variance));
}
