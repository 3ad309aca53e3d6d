#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

#include "app/programme_file.hpp"
#include "models/programmes/programme.hpp"
#include "models/world.hpp"
#include "sim/input_error.hpp"
#include "test_world.hpp"
#include "tests/test_support.hpp"

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

using test::within;

bool is(const Programme& p, const char* mechanism) { return p.spec().mechanism == mechanism; }

// A programme's value of its mechanism's parameter, by name (volumes scaled to the world).
double parameter(const Programme& p, std::string_view name) {
    const ParamTable table = mechanism_parameters(p.spec().mechanism);
    for (std::size_t k = 0; k < table.size(); ++k)
        if (table[k].name == name) return p.parameter_values()[k];
    FAIL("no parameter " << name << " in " << p.spec().mechanism);
    return 0;
}

// Sessions a counselling enrolment gives, up to `available` session days left in the run:
// none if it drops out before the first, else one more after each session it stays for
// (dropout_per_session), up to the course's; its mean and variance.
std::pair<double, double> sessions_of_one_enrolment(const Programme& p, int available) {
    const double first = 1.0 - parameter(p, "dropout_before_first"), stay = 1.0 - parameter(p, "dropout_per_session");
    const int n = std::min(available, static_cast<int>(parameter(p, "sessions")));
    double mean = 0, square = 0;
    for (int k = 1; k <= n; ++k) {
        const double pk = first * std::pow(stay, k - 1) * (k < n ? 1.0 - stay : 1.0);  // exactly k sessions
        mean += k * pk;
        square += static_cast<double>(k) * k * pk;
    }
    return {mean, square - mean * mean};
}

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
    CHECK(p.capacity.per_year == 249000);
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
    double hotline_carried = 0;                    // under one call of idle time carried over
    double sessions_expected = 0, sessions_variance = 0;
    double detected_expected = 0, detected_variance = 0;
    for (int d = 0; d < spec.days; ++d) {
        sim.step();
        const DayMetrics& m = sim.metrics();
        for (std::size_t k = 0; k < programmes.size(); ++k) {
            const Programme& p = *programmes[k];
            const ProgrammeDay& t = p.today;
            CAPTURE(p.name());
            CAPTURE(d);
            for (int q = 0; q < kProgrammeMetricCount; ++q) totals[k][static_cast<std::size_t>(q)] += t[static_cast<std::size_t>(q)];
            if (p.capacity.concurrent > 0) CHECK(t[kActive] <= p.capacity.concurrent);
            if (!is(p, "hotline"))
                CHECK(totals[k][kEnrolled] <= p.spec().capacity.in_world(sim.world().population_scale).per_year * (d + 1) / 365.0 + 1.0);
            else
            {
                // Today's capacity is lines x hours x calls per line-hour plus what was
                // carried: when calls are missed, exactly its whole calls are answered.
                const double capacity = parameter(p, "lines") * parameter(p, "hours_per_day") * parameter(p, "calls_per_line_hour") + hotline_carried;
                if (t[kCallsMissed] > 0) CHECK(t[kCallsAnswered] == std::floor(capacity));
                else CHECK(t[kCallsAnswered] <= std::floor(capacity));
                hotline_carried = std::clamp(capacity - t[kCallsAnswered], 0.0, 1.0);
                // lines (scaled) x hours x calls per line-hour a day, plus under one call of
                // idle time carried from the day before; over the run, no more than the lines'
                // total and that one call.
                CHECK(t[kCallsAnswered] < parameter(p, "lines") * 8 * 1 + 1.0);
                CHECK(totals[k][kCallsAnswered] <= parameter(p, "lines") * 8 * 1 * (d + 1) + 1e-9);
            }
            const bool on = p.enabled && p.in_dates(d);
            const double expected = (on ? p.spec().fixed_per_year / 365.0 : 0.0) + t[kEnrolled] * p.spec().per_enrolment +
                                    t[kUnits] * p.spec().per_unit;
            CHECK(t[kCost] == doctest::Approx(expected));
            if (is(p, "counseling")) {
                CHECK(t[kSessions] == t[kUnits]);
                // Sessions fall every interval_days from the day of enrolment: in the first
                // interval every session is someone's first, held the day they enrol unless
                // they drop out before it.
                const int interval = static_cast<int>(parameter(p, "interval_days"));
                if (d < interval) {
                    CHECK(t[kSessions] <= t[kEnrolled]);
                    CHECK(t[kSessions] >= t[kEnrolled] - t[kDroppedOut]);
                }
                const int available = (spec.days - 1 - d) / interval + 1;
                const auto [mean, variance] = sessions_of_one_enrolment(p, available);
                sessions_expected += t[kEnrolled] * mean;
                sessions_variance += t[kEnrolled] * variance;
            }
            if (is(p, "outreach")) {
                // screened_per_day households (a Poisson number) among the living, each
                // flagged with its status's sensitivity: mean m pi, variance m pi (1 - pi) + m pi^2.
                const double flagged = (m.total(kConnected) * parameter(p, "false_positive") + m.total(kLonely) * parameter(p, "sensitivity_lonely") +
                                        m.total(kIsolated) * parameter(p, "sensitivity_isolated") + m.total(kReclusive) * parameter(p, "sensitivity_reclusive")) /
                                       static_cast<double>(m.total(kAlive));
                detected_expected += parameter(p, "screened_per_day") * flagged;
                detected_variance += parameter(p, "screened_per_day") * flagged;
            }
            if (is(p, "hotline")) CHECK(t[kCallsAnswered] == t[kUnits]);
            if (!is(p, "hotline") && !is(p, "outreach"))
                CHECK(totals[k][kEnrolled] == totals[k][kCompleted] + totals[k][kDroppedOut] + t[kActive]);
        }
    }
    auto index_of = [&](const std::string& n) {
        for (std::size_t k = 0; k < programmes.size(); ++k)
            if (programmes[k]->name() == n) return k;
        FAIL("no programme " << n);
        return std::size_t{0};
    };
    auto by_name = [&](const std::string& n) -> const ProgrammeDay& { return totals[index_of(n)]; };
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

    // Counselling sessions: each enrolment's expected sessions (dropout before the first
    // and after each later one, courses cut at the run's end), summed; deaths in a course
    // (some 0.1% in 120 days) are within the band.
    const ProgrammeDay& counseling = by_name("test_counseling");
    INFO("sessions " << counseling[kSessions] << ", expected " << sessions_expected << " +- " << std::sqrt(sessions_variance));
    CHECK(within(counseling[kSessions], sessions_expected, sessions_variance));
    // Outreach: flagged ~ screened x sum over statuses of (share x sensitivity).
    const ProgrammeDay& outreach = by_name("test_outreach");
    INFO("detected " << outreach[kDetected] << ", expected " << detected_expected << " +- " << std::sqrt(detected_variance));
    CHECK(within(outreach[kDetected], detected_expected, detected_variance));
    // Hotline: calls come as a Poisson number, calls_per_year / 365 a day, each answered or missed.
    const Programme& hotline = *programmes[index_of("test_hotline")];
    const ProgrammeDay& calls = by_name("test_hotline");
    const double calls_expected = spec.days * parameter(hotline, "calls_per_year") / 365.0;
    INFO("calls " << calls[kCallsAnswered] + calls[kCallsMissed] << ", expected " << calls_expected);
    CHECK(within(calls[kCallsAnswered] + calls[kCallsMissed], calls_expected, calls_expected));
    // Referrals: a finished counselling course goes on to test_group with chance 0.5, a
    // visit to test_nudge with 0.5 (taken the same day, or when test_group is back on).
    // Binomial, less the few who are members already.
    auto referred_from = [&](const std::string& from, const std::string& to) {
        double probability = 0;
        for (const auto& [target, chance] : programmes[index_of(from)]->spec().referrals)
            if (target == to) probability = chance;
        const double n = by_name(from)[kCompleted], sent = by_name(to)[kReferred];
        INFO(from << " -> " << to << ": " << sent << " referred of " << n << " finished at chance " << probability);
        CHECK(n > 50);
        CHECK(within(sent, n * probability, n * probability * (1 - probability)));
    };
    referred_from("test_counseling", "test_group");
    referred_from("test_outreach", "test_nudge");
    // The policy log: test_group off on day 60, on again (and larger) on day 90.
    REQUIRE(sim.policy_log().size() == 2);
    CHECK(sim.policy_log()[0].day == 60);
    CHECK(sim.policy_log()[0].enabled == 0);
    CHECK(sim.policy_log()[1].day == 90);
    CHECK(sim.policy_log()[1].capacity.per_year == 4000);
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
    const int start = 60;
    for (auto& p : with.programmes) p.start = civil_from_days(days_from_civil(with.start_date) + start);
    Simulation a(test::seoul(), setup_for(base, test::seoul())), b(test::seoul(), setup_for(with, test::seoul()));
    // What the programmes may change in agents (programme.hpp's effects) and what follows.
    auto same_agents = [](const Agents& x, const Agents& y) {
        return x.relief == y.relief && x.relief_decay == y.relief_decay && x.outing_boost == y.outing_boost &&
               x.boost_until == y.boost_until && x.buffer_impact == y.buffer_impact && x.buffer_hazard == y.buffer_hazard &&
               x.buffer_until == y.buffer_until && x.went_out == y.went_out && x.days_since_outing == y.days_since_outing &&
               x.days_since_contact == y.days_since_contact && x.loneliness == y.loneliness && x.status == y.status &&
               x.strong_ties == y.strong_ties && x.alive == y.alive;
    };
    int first_agents = -1, first_metrics = -1;
    for (int d = 0; d <= start + 1; ++d) {
        a.step(), b.step();
        if (first_metrics < 0 && !same(a.metrics(), b.metrics())) first_metrics = d;
        if (first_agents < 0 && !same_agents(a.world().agents, b.world().agents)) first_agents = d;
    }
    // The programmes first act (phase 7) on their start day and change agents that day;
    // the counts first differ that day too: test_group's first event (on its start day)
    // is an outing for those who come.
    CHECK(first_agents == start);
    CHECK(first_metrics == start);
}

TEST_CASE("common random numbers: programmes with zero capacity leave the run identical to the baseline") {
    ScenarioSpec base = programme_spec();
    base.agents = 8000;
    base.policy.clear();
    ScenarioSpec zero = base;
    base.programmes.clear();
    for (auto& p : zero.programmes) {
        p.capacity = {};
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
    for (auto& p : with.programmes) p.capacity.per_year *= 10, p.capacity.concurrent *= 10;
    Simulation a(test::seoul(), setup_for(base, test::seoul())), b(test::seoul(), setup_for(with, test::seoul()));
    // Relief r lowers where loneliness settles by r: each day an agent's loneliness moves
    // loneliness.adjust_rate of the way to where it settles and loses resilience_recovery x
    // resilience of itself, so relief alone lowers it by D, with
    //   D(t + 1) = (1 - adjust_rate - resilience_recovery x resilience) D(t) + adjust_rate r(t),
    // r(t) the relief the programmes left on day t (used in day t + 1's loneliness phase).
    const World& w = b.world();
    const Parameters& p = w.p;
    std::vector<double> drop(w.agents.size(), 0.0);
    for (int d = 0; d < 120; ++d) {
        const std::vector<float> relief = w.agents.relief;
        a.step(), b.step();
        for (std::uint32_t i = 0; i < w.agents.size(); ++i)
            drop[i] = (1.0 - p.loneliness_adjust - p.resilience_recovery * w.agents.resilience[i]) * drop[i] + p.loneliness_adjust * relief[i];
    }
    double predicted = 0;
    int alive = 0;
    for (std::uint32_t i = 0; i < w.agents.size(); ++i)
        if (w.agents.alive[i]) predicted += drop[i], ++alive;
    predicted /= alive;
    const double observed = a.metrics().seoul_mean(kMeanLoneliness) - b.metrics().seoul_mean(kMeanLoneliness);
    // Relief alone is most of the effect; the outings, events and new ties add to it, less
    // than as much again (the clamps at zero of loneliness and of where it settles rarely
    // bind above loneliness.floor): between 1 and 2 times relief's own.
    INFO("drop in mean loneliness: observed " << observed << ", from relief alone " << predicted);
    CHECK(predicted > 0.004);
    CHECK(observed > predicted);
    CHECK(observed < 2.0 * predicted);
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
