#include <doctest/doctest.h>

#include <cstring>

#include "app/programme_file.hpp"
#include "models/programmes/programme.hpp"
#include "models/world.hpp"
#include "sim/input_error.hpp"
#include "test_world.hpp"

using namespace lonesim;

namespace {

ScenarioSpec programme_spec() {
    return load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
}

std::vector<DayMetrics> run(const ScenarioSpec& spec, int days) {
    Simulation sim(test::seoul(), setup_for(spec, test::seoul()));
    std::vector<DayMetrics> out;
    for (int d = 0; d < days; ++d) {
        sim.step();
        out.push_back(sim.metrics());
    }
    return out;
}

bool same(const DayMetrics& a, const DayMetrics& b) { return std::memcmp(&a.cell, &b.cell, sizeof(a.cell)) == 0; }

}  // namespace

TEST_CASE("programme files: every number needs a source, and the mechanism's keys are checked") {
    const auto& rules = programme_rules();
    const std::string dir = std::string(LONESIM_TEST_DATA) + "/programmes/";
    try {
        load_programme(dir + "no_source.toml", rules);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("no_source.toml:8: capacity.per_year: has no source") != std::string::npos);
    }
    const ProgrammeSpec p = load_programme(dir + "test_counseling.toml", rules);
    CHECK(p.mechanism == "counseling");
    CHECK(p.per_year == 249000);
    CHECK(p.referrals.size() == 1);
    CHECK(mechanism_parameters("counseling").size() == 8);
    CHECK(mechanism_parameters("nonsense").empty());
}

TEST_CASE("capacity is never exceeded, costs add up and every entrant is accounted for") {
    const ScenarioSpec spec = programme_spec();
    Simulation sim(test::seoul(), setup_for(spec, test::seoul()));
    const auto& programmes = sim.world().programmes;
    REQUIRE(programmes.size() == 6);
    std::vector<ProgrammeDay> totals(programmes.size());
    for (int d = 0; d < spec.days; ++d) {
        sim.step();
        for (std::size_t k = 0; k < programmes.size(); ++k) {
            const Programme& p = *programmes[k];
            const ProgrammeDay& t = p.today;
            CAPTURE(p.name());
            CAPTURE(d);
            for (int q = 0; q < kProgrammeMetricCount; ++q) totals[k][static_cast<std::size_t>(q)] += t[static_cast<std::size_t>(q)];
            if (p.concurrent > 0) CHECK(t[kActive] <= p.concurrent);
            if (p.kind() != MechanismKind::hotline)
                CHECK(totals[k][kEnrolled] <= p.spec().per_year * (d + 1) / 365.0 + 1.0);
            else
            {
                // lines (scaled) x hours x calls per line-hour a day, plus under one call of
                // idle time carried from the day before; over the run, no more than the lines'
                // total and that one call.
                CHECK(t[kCallsAnswered] < p.param(1) * 8 * 1 + 1.0);
                CHECK(totals[k][kCallsAnswered] <= p.param(1) * 8 * 1 * (d + 1) + 1e-9);
            }
            const bool on = p.enabled && p.in_dates(d);
            const double expected = (on ? p.spec().fixed_per_year / 365.0 : 0.0) + t[kEnrolled] * p.spec().per_enrolment +
                                    t[kUnits] * p.spec().per_unit;
            CHECK(t[kCost] == doctest::Approx(expected));
            if (p.kind() == MechanismKind::counseling) CHECK(t[kSessions] == t[kUnits]);
            if (p.kind() == MechanismKind::hotline) CHECK(t[kCallsAnswered] == t[kUnits]);
            if (p.kind() != MechanismKind::hotline && p.kind() != MechanismKind::outreach)
                CHECK(totals[k][kEnrolled] == totals[k][kCompleted] + totals[k][kDroppedOut] + t[kActive]);
        }
    }
    auto by_name = [&](const std::string& n) -> const ProgrammeDay& {
        for (std::size_t k = 0; k < programmes.size(); ++k)
            if (programmes[k]->name() == n) return totals[k];
        FAIL("no programme " << n);
        return totals[0];
    };
    // Every mechanism did something, and referrals connected them.
    CHECK(by_name("test_counseling")[kSessions] > 100);
    CHECK(by_name("test_counseling")[kReferred] > 0);
    CHECK(by_name("test_group")[kUnits] > 100);
    CHECK(by_name("test_outreach")[kDetected] > 0);
    CHECK(by_name("test_outreach")[kEnrolled] > 0);
    CHECK(by_name("test_hotline")[kCallsAnswered] > 0);
    CHECK(by_name("test_hotline")[kCallsMissed] > 0);  // 8 lines-hours cannot take ~16 calls a day
    CHECK(by_name("test_nudge")[kEnrolled] > 0);
    CHECK(by_name("test_buffer")[kEnrolled] > 0);
    // The policy log: test_group off on day 60, on again (and larger) on day 90.
    REQUIRE(sim.policy_log().size() == 2);
    CHECK(sim.policy_log()[0].day == 60);
    CHECK(sim.policy_log()[0].enabled == 0);
    CHECK(sim.policy_log()[1].day == 90);
    CHECK(sim.policy_log()[1].per_year == 4000);
}

TEST_CASE("a switched-off programme does nothing, and the policy interface switches it during a run") {
    ScenarioSpec spec = programme_spec();
    spec.policy.clear();
    Simulation sim(test::seoul(), setup_for(spec, test::seoul()));
    for (int d = 0; d < 20; ++d) sim.step();
    sim.apply_policy({0, "test_counseling", 0, -1, -1});
    for (int d = 0; d < 20; ++d) {
        sim.step();
        const Programme& p = *sim.world().programmes[0];
        CHECK(p.today[kSessions] == 0);
        CHECK(p.today[kEnrolled] == 0);
    }
    REQUIRE(sim.policy_log().size() == 1);
    CHECK(sim.policy_log()[0].day == 20);
    CHECK_THROWS_AS(sim.apply_policy({0, "no_such_programme", 1, -1, -1}), std::invalid_argument);
}

TEST_CASE("common random numbers: before a programme starts the run is the baseline's, bit for bit") {
    ScenarioSpec base = programme_spec();
    base.agents = 8000;
    base.policy.clear();
    ScenarioSpec with = base;
    base.programmes.clear();
    for (auto& p : with.programmes) p.start = civil_from_days(days_from_civil(with.start_date) + 60);
    const auto a = run(base, 90), b = run(with, 90);
    for (int d = 0; d < 60; ++d) {
        CAPTURE(d);
        CHECK(same(a[static_cast<std::size_t>(d)], b[static_cast<std::size_t>(d)]));
    }
    bool differs = false;
    for (int d = 60; d < 90; ++d) differs |= !same(a[static_cast<std::size_t>(d)], b[static_cast<std::size_t>(d)]);
    CHECK(differs);
}

TEST_CASE("common random numbers: programmes with zero capacity leave the run identical to the baseline") {
    ScenarioSpec base = programme_spec();
    base.agents = 8000;
    base.policy.clear();
    ScenarioSpec zero = base;
    base.programmes.clear();
    for (auto& p : zero.programmes) {
        p.per_year = 0;
        p.concurrent = 0;
        if (p.mechanism == "hotline") p.parameters.emplace_back("lines", 0.0);
    }
    const auto a = run(base, 90), b = run(zero, 90);
    for (int d = 0; d < 90; ++d) {
        CAPTURE(d);
        CHECK(same(a[static_cast<std::size_t>(d)], b[static_cast<std::size_t>(d)]));
    }
}

TEST_CASE("programmes have an effect: counselling, outings and events lower loneliness") {
    ScenarioSpec base = programme_spec();
    base.policy.clear();
    ScenarioSpec with = base;
    base.programmes.clear();
    // Much larger capacities so the effect is visible in a small world.
    for (auto& p : with.programmes) p.per_year *= 10, p.concurrent *= 10;
    const auto a = run(base, 120), b = run(with, 120);
    CHECK(b.back().seoul_mean(kMeanLoneliness) < a.back().seoul_mean(kMeanLoneliness));
}

TEST_CASE("a scenario started from another's burned-in state is the same, bit for bit, as one with its own burn-in") {
    ScenarioSpec spec = programme_spec();
    spec.burn_in_days = 40;
    // Programmes dated from before the start (outreach would watch deaths in the burn-in),
    // a shock across the start, and households arriving.
    for (auto& p : spec.programmes) p.start = {2024, 12, 1};
    spec.shocks.push_back({"shock", {2024, 12, 10}, {2025, 1, 20}, 0.8, 0.6, 0.9});
    spec.households = {{{2024, 11, 1}, 1'600'000, "test"}, {{2025, 3, 1}, 1'700'000, "test"}};
    ScenarioSpec bare = spec;  // the same world without programmes: a baseline
    bare.programmes.clear();
    bare.policy.clear();
    const SimulationSetup with = setup_for(spec, test::seoul()), without = setup_for(bare, test::seoul());
    REQUIRE(same_burn_in(with, without));
    REQUIRE(with.capacity > with.agents);
    Simulation own(test::seoul(), with);
    Simulation burned_in(test::seoul(), without);
    Simulation copied(burned_in, with);
    Simulation taken(std::move(burned_in), with);
    for (int d = 0; d < 60; ++d) {
        own.step();
        copied.step();
        taken.step();
        CAPTURE(d);
        REQUIRE(same(own.metrics(), copied.metrics()));
        REQUIRE(same(own.metrics(), taken.metrics()));
        for (std::size_t k = 0; k < own.world().programmes.size(); ++k) {
            REQUIRE(std::memcmp(&own.world().programmes[k]->today, &copied.world().programmes[k]->today, sizeof(ProgrammeDay)) == 0);
            REQUIRE(std::memcmp(&own.world().programmes[k]->today, &taken.world().programmes[k]->today, sizeof(ProgrammeDay)) == 0);
        }
    }
    CHECK(own.world().programmes.size() == 6);
    const Simulation burned_again(test::seoul(), without);
    // A different world or parameters over the burn-in cannot share it.
    SimulationSetup other = with;
    other.params.tie_decay *= 1.5;
    CHECK_FALSE(same_burn_in(other, without));
    CHECK_THROWS_AS(Simulation(burned_again, other), std::invalid_argument);
    other = with;
    other.replicate = 1;
    CHECK_THROWS_AS(Simulation(burned_again, other), std::invalid_argument);
    Simulation stepped(test::seoul(), without);
    stepped.step();
    CHECK_THROWS_AS(Simulation(stepped, with), std::invalid_argument);
}
