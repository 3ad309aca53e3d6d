// Each phase of the day on a tiny world built by hand (no Seoul tables), with expected
// values worked out in the test.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "models/contacts.hpp"
#include "models/day.hpp"
#include "models/life_events.hpp"
#include "models/loneliness.hpp"
#include "models/metrics.hpp"
#include "models/outings.hpp"
#include "models/population.hpp"
#include "models/programmes/programme.hpp"
#include "models/status.hpp"
#include "models/world.hpp"
#include "sim/calendar.hpp"
#include "sim/rng.hpp"
#include "sim/tie_graph.hpp"

using namespace lonesim;

namespace {

struct Resident {
    int district, age;
};

// A world of one agent per resident (given in store order: by district, then age band),
// everyone alive, female, middle income, employed, connected, well, sociability 1,
// resilience 0.5, loneliness 0.3, recent contact 1, no ties; default parameters; day 0.
std::unique_ptr<World> tiny_world(const std::vector<Resident>& residents, Date start = {2025, 6, 4}, std::uint64_t seed = 11) {
    auto w = std::make_unique<World>();
    w->p = Parameters{};
    w->seed = seed;
    w->replicate = 0;
    w->start_date = start;
    w->population_scale = 1.0;
    for (Purpose k = 0; k < kPurposeCount; ++k) w->streams[k] = RandomStreams(seed, 0, k);
    const auto n = static_cast<std::uint32_t>(residents.size());
    Agents& a = w->agents;
    a.resize(n);
    std::array<std::uint32_t, kCells> per_cell{};
    for (std::uint32_t i = 0; i < n; ++i) {
        const Resident r = residents[i];
        if (i > 0) REQUIRE(cell_of(r.district, r.age) >= cell_of(residents[i - 1].district, residents[i - 1].age));
        a.sex[i] = 0;
        a.income[i] = 1;
        a.traits[i] = 0;
        a.birthday[i] = 400;  // never: no day of the year is 400
        a.sociability[i] = 1.0f;
        a.resilience[i] = 0.5f;
        a.alive[i] = 1;
        a.district[i] = static_cast<std::uint8_t>(r.district);
        a.age[i] = static_cast<std::uint8_t>(r.age);
        a.employment[i] = Employment::employed;
        a.status[i] = Status::connected;
        a.loneliness[i] = 0.3f;
        a.recent_contact[i] = 1.0f;
        a.relief_decay[i] = 1.0f;
        ++per_cell[static_cast<std::size_t>(cell_of(r.district, r.age))];
    }
    w->cell_begin[0] = 0;
    for (int c = 0; c < kCells; ++c)
        w->cell_begin[static_cast<std::size_t>(c) + 1] = w->cell_begin[static_cast<std::size_t>(c)] + per_cell[static_cast<std::size_t>(c)];
    for (int d = 0; d <= kDistricts; ++d) w->district_begin[static_cast<std::size_t>(d)] = w->cell_begin[static_cast<std::size_t>(d * kAgeBands)];
    w->ties = TieGraph(n, static_cast<int>(w->p.max_ties));
    w->alive_count = n;
    calendar_and_shocks(*w, 0);
    return w;
}

std::vector<Resident> in_district(int district, const std::vector<int>& ages) {
    std::vector<Resident> r;
    for (int age : ages) r.push_back({district, age});
    return r;
}

constexpr TieGraph::Tie kNoTie = 0xFFFFFFFFu;
TieGraph::Tie tie_between(const World& w, std::uint32_t x, std::uint32_t y) {
    for (auto t : w.ties.ties_of(x))
        if (w.ties.other(t, x) == y) return t;
    return kNoTie;
}
float weight_between(const World& w, std::uint32_t x, std::uint32_t y) {
    const auto t = tie_between(w, x, y);
    REQUIRE(t != kNoTie);
    return w.ties.weight(t);
}

// Today's daily word of an agent set so that daily_uniform gives u (rounded down to 2^-32).
void set_word(World& w, std::uint32_t i, DailyWord word, double u) {
    w.daily_draws[i][static_cast<std::size_t>(word)] = static_cast<std::uint32_t>(std::floor(u * 0x1.0p32));
}
constexpr std::uint32_t kNoEventWord = 0xFFFFFFFFu;   // u just under 1: no life event, no outing
constexpr std::uint32_t kCalmMood = 0x7FFF8000u;      // 32767 + 32768 = 65535: no mood noise

// The annual-to-daily conversion of life_events.cpp, written out.
double daily_hazard(double annual) { return -std::log1p(-annual) / 365.0; }

}  // namespace

// ---------------------------------------------------------------- phase 1
TEST_CASE("phase 1 calendar_and_shocks: date, weekday, season, overlapping shocks multiply, daily words") {
    auto wp = tiny_world(in_district(0, {30, 40, 50}), {2025, 1, 1});
    World& w = *wp;
    w.shocks.push_back({"first", {2025, 1, 3}, {2025, 1, 5}, 0.5, 0.4, 0.8});
    w.shocks.push_back({"second", {2025, 1, 5}, {2025, 1, 10}, 0.5, 1.0, 0.9});

    calendar_and_shocks(w, 0);  // Wednesday 1 January 2025: no shock
    CHECK(w.today.index == 0);
    CHECK(w.today.date == Date{2025, 1, 1});
    CHECK(w.today.weekday == 2);
    CHECK(w.today.day_of_year == 0);
    CHECK_FALSE(w.today.weekend);
    CHECK(w.today.winter);
    CHECK(w.outing_factor == 1.0);
    CHECK(w.venue_factor == 1.0);
    CHECK(w.contact_factor == 1.0);

    calendar_and_shocks(w, 2);  // Friday 3 January: the first shock only
    CHECK(w.today.weekday == 4);
    CHECK_FALSE(w.today.weekend);
    CHECK(w.outing_factor == doctest::Approx(0.5));
    CHECK(w.venue_factor == doctest::Approx(0.4));
    CHECK(w.contact_factor == doctest::Approx(0.8));

    calendar_and_shocks(w, 4);  // Sunday 5 January: both shocks (inclusive ends), factors multiply
    CHECK(w.today.date == Date{2025, 1, 5});
    CHECK(w.today.weekday == 6);
    CHECK(w.today.weekend);
    CHECK(w.today.day_of_year == 4);
    CHECK(w.outing_factor == doctest::Approx(0.25));
    CHECK(w.venue_factor == doctest::Approx(0.4));
    CHECK(w.contact_factor == doctest::Approx(0.72));

    calendar_and_shocks(w, 10);  // 11 January: both over, factors back to 1
    CHECK(w.outing_factor == 1.0);
    CHECK(w.venue_factor == 1.0);
    CHECK(w.contact_factor == 1.0);

    calendar_and_shocks(w, -1);  // the burn-in's last day: 31 December 2024 (a leap year)
    CHECK(w.today.date == Date{2024, 12, 31});
    CHECK(w.today.day_of_year == 365);

    calendar_and_shocks(w, 150);  // 31 May 2025: spring
    CHECK_FALSE(w.today.winter);

    // The daily words are each agent's (agent, day) stream of the daily purpose, in order.
    calendar_and_shocks(w, 4);
    REQUIRE(w.daily_draws.size() == 3);
    for (std::uint32_t i = 0; i < 3; ++i) {
        CounterRng rng = w.streams[kAgentDayDraw].at(i, 4);
        for (int k = 0; k < 4; ++k) {
            const std::uint32_t word = rng();
            CHECK(w.daily_draws[i][static_cast<std::size_t>(k)] == word);
            CHECK(w.daily_uniform(i, static_cast<DailyWord>(k)) == doctest::Approx(word * 0x1.0p-32));
        }
    }
}

TEST_CASE("phase 1 calendar_and_shocks: a fading shock returns in a straight line to no shock the day after it ends") {
    auto wp = tiny_world(in_district(0, {30, 40, 50}), {2025, 1, 1});
    World& w = *wp;
    ShockPeriod s{"contact_after_2024", {2025, 1, 1}, {2025, 1, 10}, 1.0, 1.0, 0.5};
    s.fades = true;
    w.shocks.push_back(s);
    calendar_and_shocks(w, 0);  // the first day: the whole shock
    CHECK(w.contact_factor == doctest::Approx(0.5));
    CHECK(w.outing_factor == 1.0);
    calendar_and_shocks(w, 5);  // half way: half of it
    CHECK(w.contact_factor == doctest::Approx(0.75));
    calendar_and_shocks(w, 9);  // its last day: a tenth of it
    CHECK(w.contact_factor == doctest::Approx(0.95));
    calendar_and_shocks(w, 10);  // over
    CHECK(w.contact_factor == 1.0);
}

// ---------------------------------------------------------------- phase 2
TEST_CASE("phase 2 life_events: each event where the day's draw falls among the daily hazards, with its shock") {
    //                                 0   1   2   3   4   5   6   7   8   9  10  11
    auto wp = tiny_world(in_district(0, {30, 35, 36, 38, 40, 44, 50, 55, 62, 70, 80, 80}));
    World& w = *wp;
    Agents& a = w.agents;
    const Parameters& p = w.p;
    // Moves from district 0 go to district 0 below 0.3, else to district 2.
    w.friend_kernel.cumulative[0].fill(1.0);
    w.friend_kernel.cumulative[0][0] = 0.3;
    w.friend_kernel.cumulative[0][1] = 0.3;

    const double root = std::sqrt(p.male_mortality_ratio);
    auto death = [&](int age, int sex) {
        return daily_hazard(p.mortality_at_50 * std::exp(p.mortality_slope * (age - 50)) * (sex ? root : 1.0 / root));
    };
    auto bereaved = [&](int age) { return daily_hazard(p.bereavement * std::exp2((age - 50) / 15.0)); };
    const double h_job = daily_hazard(p.job_loss), h_re = daily_hazard(p.reemployment), h_retire = daily_hazard(p.retirement),
                 h_ill = daily_hazard(p.illness_onset), h_move = daily_hazard(p.moving);

    for (std::uint32_t i = 0; i < a.size(); ++i) w.daily_draws[i][kLifeEventWord] = kNoEventWord;
    // 0: unemployed, 30: half-way into the re-employment interval (after death's).
    a.employment[0] = Employment::unemployed;
    set_word(w, 0, kLifeEventWord, death(30, 0) + 0.5 * h_re);
    // 1: employed, 35, resilience 0.2: just inside the job-loss interval (0.1% from its end).
    a.resilience[1] = 0.2f;
    set_word(w, 1, kLifeEventWord, death(35, 0) + h_job * 0.999);
    // 2: the same draw 0.1% past the job-loss interval falls into bereavement's.
    set_word(w, 2, kLifeEventWord, death(36, 0) + h_job * 1.001);
    // 3: buffered (hazards and shocks halved until day 10): 0.6 of the way into the
    // unbuffered job-loss interval is past the halved one, 0.1 h_job into bereavement's.
    REQUIRE(0.1 * h_job < bereaved(38));
    a.buffer_hazard[3] = 0.5f, a.buffer_impact[3] = 0.5f, a.buffer_until[3] = 10;
    set_word(w, 3, kLifeEventWord, death(38, 0) + 0.6 * h_job);
    // 4: no event; counted on agent 11 (resilience 0.4), who dies today.
    a.resilience[4] = 0.4f;
    // 5: a birthday today, three days into an illness; a weak tie to agent 11.
    a.birthday[5] = static_cast<std::uint16_t>(w.today.day_of_year);
    a.ill_days[5] = 3;
    // 6: retired, chronically ill, resilience 0.3: three quarters into the (doubled) illness
    // interval, past the end of an ordinary one.
    a.employment[6] = Employment::retired;
    a.traits[6] = kChronicIllness;
    a.resilience[6] = 0.3f;
    set_word(w, 6, kLifeEventWord, death(50, 0) + bereaved(50) + 1.5 * h_ill);
    // 7: retired, moves: half-way into the moving interval.
    a.employment[7] = Employment::retired;
    set_word(w, 7, kLifeEventWord, death(55, 0) + bereaved(55) + h_ill + 0.5 * h_move);
    // 8: employed at 62: half-way into the retirement interval.
    set_word(w, 8, kLifeEventWord, death(62, 0) + h_job + 0.5 * h_retire);
    // 9: long dead, with yesterday's scratch left over.
    a.alive[9] = 0;
    w.alive_count = 11;
    a.events[9] = 0xFFFF;
    a.ties_formed[9] = 5;
    // 10: retired woman of 80: the same draw as 11's is past a woman's death hazard, and
    // (the rest of it) inside her bereavement hazard.
    a.employment[10] = Employment::retired;
    set_word(w, 10, kLifeEventWord, 0.5 * (death(80, 0) + death(80, 1)));
    REQUIRE(0.5 * (death(80, 1) - death(80, 0)) < bereaved(80));
    // 11: retired man of 80: dies (the draw is under a man's hazard).
    a.employment[11] = Employment::retired;
    a.sex[11] = 1;
    set_word(w, 11, kLifeEventWord, 0.5 * (death(80, 0) + death(80, 1)));
    REQUIRE(form_tie(w, 11, 4, TieType::friend_, 0.9f));   // 4 counted on 11
    REQUIRE(form_tie(w, 11, 5, TieType::friend_, 0.1f));   // 5 did not
    REQUIRE(form_tie(w, 11, 6, TieType::family, 0.2f));    // kin: someone to turn to from 0.57 x 0.256
    REQUIRE(form_tie(w, 7, 5, TieType::neighbour, 0.3f));  // lost when 7 moves
    REQUIRE(form_tie(w, 7, 8, TieType::friend_, 0.3f));    // kept when 7 moves
    CHECK(a.strong_ties[4] == 1);
    CHECK(a.strong_ties[6] == 1);
    for (std::uint32_t i = 0; i < a.size(); ++i) a.ties_formed[i] = 0;

    // What discovery of 11's death will be: expected contacts along its ties.
    const double rate = p.friend_contact_rate * (0.3 + 0.7 * 0.9f) + p.friend_contact_rate * (0.3 + 0.7 * 0.1f) +
                        p.family_contact_rate * (0.3 + 0.7 * 0.2f);
    const double found = 1.0 - (1.0 - p.discovery_base) * std::exp(-rate);
    const double u_found = w.rng(kDiscoveryDraw, 11).uniform();
    const bool unattended = std::floor(std::log1p(-u_found) / std::log1p(-found)) >= p.unattended_days;
    const double risk = std::exp(p.unattended_days * std::log1p(-found));
    CounterRng ill_rng = w.rng(kLifeEventDraw, 6), move_rng = w.rng(kLifeEventDraw, 7);
    const double ill_days = 1.0 + std::floor(std::log1p(-ill_rng.uniform()) / std::log1p(-1.0 / p.illness_days));
    const int destination = move_rng.uniform() < 0.3 ? 0 : 2;

    life_events(w);

    CHECK(a.employment[0] == Employment::employed);
    CHECK(a.events[0] == 0);
    CHECK(a.loneliness[0] == doctest::Approx(0.3));

    CHECK(a.employment[1] == Employment::unemployed);
    CHECK(a.events[1] == kJobLoss);
    CHECK(a.loneliness[1] == doctest::Approx(0.3 + p.shock_job_loss * 0.8));

    CHECK(a.employment[2] == Employment::employed);
    CHECK(a.events[2] == kBereaved);
    CHECK(a.loneliness[2] == doctest::Approx(0.3 + p.shock_bereavement * 0.5));

    CHECK(a.employment[3] == Employment::employed);
    CHECK(a.events[3] == kBereaved);
    CHECK(a.loneliness[3] == doctest::Approx(0.3 + p.shock_bereavement * 0.5 * 0.5));

    CHECK(a.events[4] == kBereaved);
    CHECK(a.loneliness[4] == doctest::Approx(0.3 + p.shock_bereavement * 0.6));
    CHECK(a.strong_ties[4] == 0);

    CHECK(a.age[5] == 45);
    CHECK(a.ill_days[5] == 2);
    CHECK(a.events[5] == 0);  // the weak tie to 11 was no one to turn to
    CHECK(a.loneliness[5] == doctest::Approx(0.3));

    CHECK(a.ill_days[6] == static_cast<int>(std::min(ill_days, 255.0)));
    CHECK(a.events[6] == (kFellIll | kBereaved));  // ill, then bereaved of kin
    CHECK(a.loneliness[6] == doctest::Approx(0.3 + (p.shock_illness + p.shock_bereavement) * 0.7));

    CHECK(a.events[7] == kMoved);
    CHECK(a.district[7] == destination);
    CHECK(a.loneliness[7] == doctest::Approx(0.3 + p.shock_move * 0.5));
    CHECK(tie_between(w, 7, 5) == kNoTie);
    CHECK(tie_between(w, 7, 8) != kNoTie);

    CHECK(a.employment[8] == Employment::retired);
    CHECK(a.events[8] == 0);

    CHECK(a.events[9] == 0);
    CHECK(a.ties_formed[9] == 0);
    CHECK(a.alive[9] == 0);

    CHECK(a.alive[10] == 1);  // a woman's hazard at 80 is below the same draw
    CHECK(a.events[10] == kBereaved);
    CHECK(a.loneliness[10] == doctest::Approx(0.3 + p.shock_bereavement * 0.5));

    CHECK(a.alive[11] == 0);
    CHECK((a.events[11] & kDied));
    CHECK(((a.events[11] & kUnattended) != 0) == unattended);
    CHECK(w.ties.degree(11) == 0);
    CHECK(w.alive_count == 10);
    CHECK(w.unattended_risk_today[static_cast<std::size_t>(cell_of(0, 80))] == std::llround(risk * kFixedPointScale));
    // Ties lost, counted at the lower end: 4-11, 5-11, 6-11 and 5-7.
    CHECK(a.ties_lost[4] == 1);
    CHECK(a.ties_lost[5] == 2);
    CHECK(a.ties_lost[6] == 1);
    CHECK(w.ties.live_ties() == 1u);
}

TEST_CASE("phase 2 life_events: students leave education at 25, and a year without work slows finding it") {
    //                                  0   1   2   3   4   5
    auto wp = tiny_world(in_district(0, {24, 24, 24, 30, 30, 30}));
    World& w = *wp;
    Agents& a = w.agents;
    Parameters& p = w.p;
    for (std::uint32_t i = 0; i < a.size(); ++i) w.daily_draws[i][kLifeEventWord] = kNoEventWord;
    // 0-2: students whose 25th birthday is today; 2's is tomorrow.
    for (std::uint32_t i : {0u, 1u, 2u}) a.employment[i] = Employment::student;
    a.birthday[0] = a.birthday[1] = static_cast<std::uint16_t>(w.today.day_of_year);
    a.birthday[2] = static_cast<std::uint16_t>(w.today.day_of_year + 1);
    // Whether each goes into work is its own draw: sub-stream 1 of the life events' stream.
    p.graduate_employment = 0.5;
    const bool works0 = w.rng(kLifeEventDraw, 0, 1).bernoulli(0.5), works1 = w.rng(kLifeEventDraw, 1, 1).bernoulli(0.5);
    // 3-5: job seekers, the same draw 80% into the ordinary re-employment interval (after
    // death's): 3 is 100 days into the spell, 4 and 5 a year or more, where the hazard is
    // life.long_unemployed_factor (0.6) of it, so the draw is past it.
    REQUIRE(p.long_unemployed_factor < 0.8);
    const double h_re = daily_hazard(p.reemployment);
    const double death30 = daily_hazard(p.mortality_at_50 * std::exp(p.mortality_slope * (30 - 50)) / std::sqrt(p.male_mortality_ratio));
    for (std::uint32_t i : {3u, 4u, 5u}) {
        a.employment[i] = Employment::unemployed;
        set_word(w, i, kLifeEventWord, death30 + 0.8 * h_re);
    }
    a.days_unemployed[3] = 100, a.days_unemployed[4] = 364, a.days_unemployed[5] = 400;

    life_events(w);

    CHECK(a.age[0] == 25);
    CHECK(a.age[1] == 25);
    CHECK(a.employment[0] == (works0 ? Employment::employed : Employment::unemployed));
    CHECK(a.employment[1] == (works1 ? Employment::employed : Employment::unemployed));
    CHECK(a.days_unemployed[0] == (works0 ? 0 : 1));  // a job seeker's first day is counted
    CHECK(a.age[2] == 24);
    CHECK(a.employment[2] == Employment::student);
    CHECK(a.employment[3] == Employment::employed);    // 101 days: the ordinary hazard
    CHECK(a.employment[4] == Employment::unemployed);  // day 365 of the spell: the long-term hazard
    CHECK(a.days_unemployed[4] == 365);
    CHECK(a.employment[5] == Employment::unemployed);
    CHECK(a.days_unemployed[5] == 401);

    // With every student into work, and none: the parameter decides.
    for (double share : {0.0, 1.0}) {
        auto wq = tiny_world(in_district(0, {24, 24, 24, 24}));
        wq->p.graduate_employment = share;
        for (std::uint32_t i = 0; i < 4; ++i) {
            wq->agents.employment[i] = Employment::student;
            wq->agents.birthday[i] = static_cast<std::uint16_t>(wq->today.day_of_year);
            wq->daily_draws[i][kLifeEventWord] = kNoEventWord;
        }
        life_events(*wq);
        for (std::uint32_t i = 0; i < 4; ++i) CHECK(wq->agents.employment[i] == (share > 0 ? Employment::employed : Employment::unemployed));
    }
}

TEST_CASE("phase 2 life_events: an outreach programme that watches the dead shortens discovery") {
    auto risk_with = [](bool outreach, bool enabled) {
        auto wp = tiny_world(in_district(0, {70, 80}));
        World& w = *wp;
        w.p.discovery_base = 0.0;
        if (outreach) {
            ProgrammeSpec s;
            s.name = "watch";
            s.mechanism = "outreach";
            s.capacity.per_year = 365;
            s.parameters = {{"discovery_per_day", 0.5}, {"screened_per_day", 0.0}};
            w.programmes = make_programmes({s}, w);
            w.programmes[0]->enabled = enabled;
        }
        set_word(w, 1, kLifeEventWord, 0.0);  // 1 dies; nobody calls
        w.daily_draws[0][kLifeEventWord] = kNoEventWord;
        life_events(w);
        REQUIRE(w.agents.alive[1] == 0);
        return w.unattended_risk_today[static_cast<std::size_t>(cell_of(0, 80))];
    };
    // Found each day with chance 1 - (1 - 0)(1 - 0.5) e^0 = 0.5: (1 - 0.5)^3 = 1/8 of such
    // deaths lie three days; unwatched and uncalled, all of them.
    CHECK(risk_with(true, true) == std::llround(0.125 * kFixedPointScale));
    CHECK(risk_with(true, false) == std::llround(kFixedPointScale));
    CHECK(risk_with(false, false) == std::llround(kFixedPointScale));
}

// ---------------------------------------------------------------- phase 3
TEST_CASE("phase 3 outings: the outing probability, checked a hair either side of each agent's draw") {
    // Pairs of identical agents: the first draws just under the expected probability (goes
    // out), the second just over (stays in). Wednesday 4 June 2025: a workday, not winter.
    auto wp = tiny_world(in_district(0, {20, 20, 30, 30, 70, 70, 75, 75, 80}));
    World& w = *wp;
    Agents& a = w.agents;
    const Parameters& p = w.p;
    double expected[4];
    // 0-1: a student of 20 nudged by a programme (x1.05 until day 5).
    for (std::uint32_t i : {0u, 1u}) {
        a.employment[i] = Employment::student;
        a.outing_boost[i] = 1.05f;
        a.boost_until[i] = 5;
        a.days_since_outing[i] = 7;
    }
    expected[0] = 0.95 * 1.05f;
    // 2-3: employed at 30: a workday is an outing (loneliness and habit do not matter).
    for (std::uint32_t i : {2u, 3u}) a.loneliness[i] = 0.9f, a.days_since_outing[i] = 3;
    expected[1] = 0.95;
    // 4-5: unemployed at 70, ill, lonely 0.2, 40 days in (withdrawn).
    for (std::uint32_t i : {4u, 5u}) {
        a.employment[i] = Employment::unemployed;
        a.ill_days[i] = 3;
        a.loneliness[i] = 0.2f;
        a.days_since_outing[i] = 40;
    }
    expected[2] = p.outing_base * (1.0 - (1.0 - p.outing_elderly_factor) * 0.5) * p.outing_illness_factor *
                  (1.0 - p.outing_loneliness_effect * 0.2f) / (1.0 + 40.0 / p.outing_habit_days) * p.withdrawn_factor;
    // 6-7: retired at 75 with a disability, lonely 0.4, out 5 days ago.
    for (std::uint32_t i : {6u, 7u}) {
        a.employment[i] = Employment::retired;
        a.traits[i] = kDisability;
        a.loneliness[i] = 0.4f;
        a.days_since_outing[i] = 5;
    }
    expected[3] = p.outing_base * p.outing_elderly_factor * p.outing_disability_factor * (1.0 - p.outing_loneliness_effect * 0.4f) /
                  (1.0 + 5.0 / p.outing_habit_days);
    a.alive[8] = 0;
    a.went_out[8] = 1;
    for (std::uint32_t k = 0; k < 4; ++k) {
        CAPTURE(k);
        CHECK(outing_probability(w, 2 * k) == doctest::Approx(expected[k]).epsilon(1e-9));
        set_word(w, 2 * k, kOutingWord, expected[k] - 1e-7);
        set_word(w, 2 * k + 1, kOutingWord, expected[k] + 1e-7);
    }
    const std::uint16_t before[] = {7, 7, 3, 3, 40, 40, 5, 5};
    outings(w);
    for (std::uint32_t i = 0; i < 8; ++i) {
        CAPTURE(i);
        CHECK(a.went_out[i] == (i % 2 == 0));
        CHECK(a.days_since_outing[i] == (i % 2 == 0 ? 0 : before[i] + 1));
    }
    CHECK(a.went_out[8] == 0);
}

TEST_CASE("phase 3 outings: young job seekers and a depressive or anxiety disorder go out less") {
    // Wednesday 4 June 2025, a workday. All lonely 0.3 and out 10 days ago.
    auto wp = tiny_world(in_district(0, {30, 30, 39, 45, 50}));
    World& w = *wp;
    Agents& a = w.agents;
    const Parameters& p = w.p;
    for (std::uint32_t i = 0; i < a.size(); ++i) a.days_since_outing[i] = 10;
    for (std::uint32_t i : {0u, 1u, 2u, 3u}) a.employment[i] = Employment::unemployed;
    a.traits[1] = kMentalIllness;
    a.traits[4] = kMentalIllness;  // 4 works: a workday is an outing whatever the disorder
    const double idle = p.outing_base * (1.0 - p.outing_loneliness_effect * 0.3f) / (1.0 + 10.0 / p.outing_habit_days);
    REQUIRE(p.jobseeker_outing_factor < 1.0);
    REQUIRE(p.mental_illness_outing_factor < 1.0);
    CHECK(outing_probability(w, 0) == doctest::Approx(idle * p.jobseeker_outing_factor).epsilon(1e-9));
    CHECK(outing_probability(w, 1) == doctest::Approx(idle * p.jobseeker_outing_factor * p.mental_illness_outing_factor).epsilon(1e-9));
    CHECK(outing_probability(w, 2) == doctest::Approx(idle * p.jobseeker_outing_factor).epsilon(1e-9));  // 39: still young
    CHECK(outing_probability(w, 3) == doctest::Approx(idle).epsilon(1e-9));                              // 45: not
    CHECK(outing_probability(w, 4) == doctest::Approx(0.95).epsilon(1e-9));
}

TEST_CASE("phase 3 outings: weekend, winter and a shock's outing factor multiply") {
    // Saturday 4 January 2025, under a shock halving outings.
    auto wp = tiny_world(in_district(0, {30, 30, 30}), {2025, 1, 4});
    World& w = *wp;
    w.shocks.push_back({"cold snap", {2025, 1, 1}, {2025, 1, 31}, 0.5, 1.0, 1.0});
    calendar_and_shocks(w, 0);
    Agents& a = w.agents;
    const Parameters& p = w.p;
    for (std::uint32_t i = 0; i < 3; ++i) a.loneliness[i] = 0.3f, a.days_since_outing[i] = 2;
    a.days_since_outing[2] = 65535;  // saturates
    // Employed, but not working today: the leisure formula applies.
    const double expected = p.outing_base * (1.0 - p.outing_loneliness_effect * 0.3f) / (1.0 + 2.0 / p.outing_habit_days) *
                            p.outing_weekend_factor * p.outing_winter_factor * 0.5;
    CHECK(outing_probability(w, 0) == doctest::Approx(expected).epsilon(1e-9));
    set_word(w, 0, kOutingWord, expected - 1e-7);
    set_word(w, 1, kOutingWord, expected + 1e-7);
    w.daily_draws[2][kOutingWord] = kNoEventWord;
    outings(w);
    CHECK(a.went_out[0] == 1);
    CHECK(a.went_out[1] == 0);
    CHECK(a.days_since_outing[1] == 3);
    CHECK(a.went_out[2] == 0);
    CHECK(a.days_since_outing[2] == 65535);
}

// ---------------------------------------------------------------- phase 4
TEST_CASE("phase 4 contacts: certain contact and certain silence, tie strength, tallies and strong-tie counts") {
    // Day 1 (Thursday 5 June 2025): a workday, and not a day the ties are renumbered.
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33, 34, 35, 66, 67, 68, 69, 70, 71, 72, 73}));
    World& w = *wp;
    Parameters& p = w.p;
    p.friend_contact_rate = 10;  // contact certain
    p.coworker_contact_rate = 10;
    p.family_contact_rate = 0;   // contact impossible
    p.neighbour_contact_rate = 0;
    p.visit_share = 0;           // remote unless both are out
    p.tie_turnover = 0;
    p.venue_tie_rate = p.friend_of_friend_rate = p.work_tie_rate = 0;
    calendar_and_shocks(w, 1);
    Agents& a = w.agents;
    const float L[] = {0.2f, 0.6f, 0.1f, 0.3f, 0.6f, 0.2f};
    const std::uint8_t out[] = {1, 1, 0, 1, 0, 0};
    for (std::uint32_t i = 0; i < 6; ++i) a.loneliness[i] = L[i], a.went_out[i] = out[i];
    // Just under a friend's threshold (status.strong_tie): a contact in person makes it strong.
    const float friend_at = strong_tie_threshold(p, static_cast<std::uint8_t>(TieType::friend_)) - 0.01f;
    REQUIRE(friend_at + static_cast<float>(p.tie_gain) * (1.0f - friend_at) >= friend_at + 0.01f);
    REQUIRE(form_tie(w, 0, 1, TieType::friend_, friend_at)); // in person; becomes strong
    REQUIRE(form_tie(w, 0, 2, TieType::friend_, 0.3f));      // by phone: 2 stayed in
    REQUIRE(form_tie(w, 1, 3, TieType::coworker, 0.6f));     // at work
    REQUIRE(form_tie(w, 3, 4, TieType::family, 0.0505f));    // decays below the floor: stays at it
    REQUIRE(form_tie(w, 3, 5, TieType::neighbour, 0.0505f)); // decays, stays above the floor
    REQUIRE(form_tie(w, 4, 5, TieType::neighbour, 0.0505f)); // decays below the floor: dissolves
    // Just above kin's threshold (status.strong_tie x status.kin_support_factor): a day's
    // decay takes it below.
    const float kin_at = strong_tie_threshold(p, static_cast<std::uint8_t>(TieType::family)) * 1.001f;
    REQUIRE(kin_at * (1.0 - p.tie_decay * (1.0 + p.lonely_decay_factor * 0.2)) < strong_tie_threshold(p, static_cast<std::uint8_t>(TieType::family)));
    REQUIRE(form_tie(w, 2, 5, TieType::family, kin_at));     // decays below kin's threshold
    const std::uint8_t strong_before[] = {0, 0, 1, 0, 0, 1};
    for (std::uint32_t i = 0; i < 6; ++i) CHECK(a.strong_ties[i] == strong_before[i]);
    // A co-worker tie of 3 to a retired agent (6-9, lonely 0.6, stayed in): certain on a
    // workday when both work (10 x 0.342 x 0.775 > 1), at a tenth of that (0.265) otherwise.
    // Take the first whose draw on this tie is above the off-work chance.
    std::uint32_t offwork = 0;
    for (std::uint32_t y = 6; y < 10 && offwork == 0; ++y) {
        a.employment[y] = Employment::retired, a.loneliness[y] = 0.6f, a.went_out[y] = 0;
        CounterRng rng = w.streams[kContactDraw].at(3, 1, y);
        if (static_cast<float>(rng()) * 0x1.0p-32f > 0.3f) offwork = y;
    }
    REQUIRE(offwork != 0);
    REQUIRE(form_tie(w, 3, offwork, TieType::coworker, 0.06f));
    // A weak friend tie between two very lonely agents (10 and one of 11-13, 0.95 each):
    // lonely people initiate less, but at a quarter of their summed loneliness, contact is
    // still certain (10 x 0.342 x 0.525 > 1). Taken where the draw is above 0.2, so that
    // a formula losing more (at half the sum: x 0.05, chance 0.171) would miss it.
    std::uint32_t shy = 0;
    a.loneliness[10] = 0.95f, a.went_out[10] = 1;
    for (std::uint32_t y = 11; y < 14 && shy == 0; ++y) {
        a.loneliness[y] = 0.95f, a.went_out[y] = 1;
        CounterRng rng = w.streams[kContactDraw].at(10, 1, y);
        if (static_cast<float>(rng()) * 0x1.0p-32f > 0.2f) shy = y;
    }
    REQUIRE(shy != 0);
    REQUIRE(form_tie(w, 10, shy, TieType::friend_, 0.06f));
    contacts(w);

    const double gain = p.tie_gain, remote = p.remote_quality, decay = p.tie_decay, lonely = p.lonely_decay_factor;
    CHECK(weight_between(w, 0, 1) == doctest::Approx(friend_at + gain * (1.0 - friend_at)));
    CHECK(weight_between(w, 0, 2) == doctest::Approx(0.3 + gain * remote * 0.7));
    CHECK(weight_between(w, 1, 3) == doctest::Approx(0.6 + gain * 0.4));
    CHECK(weight_between(w, 3, 4) == doctest::Approx(p.tie_floor));
    CHECK(weight_between(w, 3, 5) == doctest::Approx(0.0505 * (1.0 - decay * (1.0 + lonely * 0.3))));
    CHECK(tie_between(w, 4, 5) == kNoTie);
    CHECK(weight_between(w, 2, 5) == doctest::Approx(kin_at * (1.0 - decay * (1.0 + lonely * 0.2))));
    // The retired co-worker met at a tenth of the rate: its draw was above that, so silent.
    CHECK(weight_between(w, 3, offwork) == doctest::Approx(0.06 * (1.0 - decay * (1.0 + lonely * 0.6))));
    CHECK(a.contacts_today[offwork] == 0);
    CHECK(weight_between(w, 10, shy) == doctest::Approx(0.06 + gain * 0.94));
    CHECK(a.contacts_today[shy] == 1);
    CHECK(a.lonely_contacts[shy] == 1);
    CHECK(w.ties.live_ties() == 8u);
    CHECK(a.ties_lost[4] == 1);

    // Tallies: 0 met 1 (lonely) in person and phoned 2; 1 met 0 and 3; 3 met 1 (lonely).
    const float value[] = {1.5f, 2.0f, 0.5f, 1.0f, 0.0f, 0.0f};
    const int count[] = {2, 2, 1, 1, 0, 0}, met[] = {1, 1, 0, 1, 0, 0}, lonely_met[] = {1, 0, 0, 1, 0, 0};
    const std::uint8_t strong_after[] = {1, 1, 0, 0, 0, 0};
    for (std::uint32_t i = 0; i < 6; ++i) {
        CAPTURE(i);
        CHECK(a.contact_value[i] == doctest::Approx(value[i]));
        CHECK(a.contacts_today[i] == count[i]);
        CHECK(a.met_in_person[i] == met[i]);
        CHECK(a.lonely_contacts[i] == lonely_met[i]);
        CHECK(a.strong_ties[i] == strong_after[i]);
    }
}

TEST_CASE("phase 4 contacts: each tie's contact is its draw below r (0.3 + 0.7 w)(1 - (La + Lb) / 4), none with someone withdrawn") {
    // 8 agents on a workday, four kinds of ties, two of the agents retired (so their
    // co-worker ties meet at the off-work rate), half of them out, one (6) withdrawn.
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33, 34, 35, 66, 67}), {2025, 6, 4}, 5);
    World& w = *wp;
    Parameters& p = w.p;
    p.family_contact_rate = 0.5, p.friend_contact_rate = 0.6, p.neighbour_contact_rate = 0.4, p.coworker_contact_rate = 0.9;
    p.venue_tie_rate = p.friend_of_friend_rate = p.work_tie_rate = 0;
    p.withdrawn_contact_factor = 0.0;  // the withdrawn (6) are in touch with no one
    w.shocks.push_back({"", {2025, 6, 1}, {2025, 6, 30}, 1.0, 1.0, 0.8});
    calendar_and_shocks(w, 1);
    Agents& a = w.agents;
    a.employment[6] = a.employment[7] = Employment::retired;
    for (std::uint32_t i = 0; i < 8; ++i) {
        a.loneliness[i] = 0.1f * static_cast<float>(i);
        a.went_out[i] = i % 2;
    }
    a.days_since_outing[6] = static_cast<std::uint16_t>(p.withdrawn_after_days);  // withdrawn from today
    a.days_since_outing[4] = static_cast<std::uint16_t>(p.withdrawn_after_days - 1);  // not yet
    struct Planned {
        std::uint32_t x, y;
        TieType type;
        float weight;
    };
    const std::vector<Planned> planned = {
        {0, 1, TieType::family, 0.4f},   {0, 2, TieType::friend_, 0.7f},  {0, 3, TieType::neighbour, 0.5f},
        {0, 6, TieType::coworker, 0.5f}, {1, 2, TieType::coworker, 0.3f}, {1, 3, TieType::friend_, 0.9f},
        {1, 7, TieType::friend_, 0.2f},  {2, 4, TieType::family, 0.8f},   {2, 5, TieType::neighbour, 0.6f},
        {3, 4, TieType::coworker, 0.8f}, {3, 5, TieType::friend_, 0.5f},  {3, 7, TieType::coworker, 0.6f},
        {4, 5, TieType::friend_, 0.4f},  {4, 6, TieType::family, 0.3f},   {5, 6, TieType::friend_, 0.8f},
        {5, 7, TieType::neighbour, 0.7f}, {6, 7, TieType::family, 0.9f},  {2, 7, TieType::friend_, 0.6f},
        {1, 6, TieType::friend_, 0.9f},   {2, 6, TieType::family, 0.8f},   {3, 6, TieType::neighbour, 0.9f},
    };
    for (const auto& t : planned) REQUIRE(form_tie(w, t.x, t.y, t.type, t.weight));

    // The phase's equation, evaluated on the tie's own stream.
    const float cf = static_cast<float>(w.contact_factor);
    REQUIRE(cf == 0.8f);
    auto works = [&](std::uint32_t i) { return a.employment[i] == Employment::employed; };
    std::vector<float> value(8, 0.0f);
    std::vector<int> count(8, 0), in_person_count(8, 0);
    std::vector<float> weight_after;
    std::vector<bool> kept;
    int contacts_made = 0, silent = 0, held_back = 0;
    for (const auto& t : planned) {
        float r = static_cast<float>(contact_rate(p, t.type) * cf);
        if (t.type == TieType::coworker && !(works(t.x) && works(t.y))) r *= static_cast<float>(kOffWorkContact);
        const float withdrawn = (t.x == 6 || t.y == 6) ? 0.0f : 1.0f;
        const float open = r * (0.3f + 0.7f * t.weight) * (1.0f - 0.25f * (a.loneliness[t.x] + a.loneliness[t.y]));
        const float prob = open * withdrawn;
        CounterRng rng = w.streams[kContactDraw].at(t.x, 1, t.y);
        const float u = static_cast<float>(rng()) * 0x1.0p-32f;
        const bool ends = u >= static_cast<float>(1.0 - p.tie_turnover / 365.0) && t.type != TieType::family;
        held_back += withdrawn < 1.0f && !ends && u < open;  // would have been in touch
        const bool contact = !ends && u < prob;
        float wt = t.weight;
        if (contact) {
            const bool in_person = (a.went_out[t.x] && a.went_out[t.y]) || static_cast<float>(rng()) * 0x1.0p-32f < p.visit_share;
            wt += static_cast<float>(p.tie_gain * (in_person ? 1.0 : p.remote_quality)) * (1.0f - wt);
            for (auto e : {t.x, t.y}) {
                value[e] += in_person ? 1.0f : static_cast<float>(p.remote_quality);
                ++count[e];
                in_person_count[e] += in_person;
            }
            ++contacts_made;
        } else if (!ends) {
            wt -= static_cast<float>(p.tie_decay) * wt * (1.0f + static_cast<float>(p.lonely_decay_factor) * std::max(a.loneliness[t.x], a.loneliness[t.y]));
            ++silent;
        }
        bool keep = !ends;
        if (wt < static_cast<float>(p.tie_floor)) {
            if (t.type == TieType::family) wt = static_cast<float>(p.tie_floor);
            else keep = false;
        }
        weight_after.push_back(wt);
        kept.push_back(keep);
    }
    REQUIRE(contacts_made >= 3);  // both outcomes occur, so both are checked
    REQUIRE(held_back >= 1);      // withdrawal kept at least one contact from happening
    REQUIRE(silent >= 3);

    contacts(w);

    for (std::size_t k = 0; k < planned.size(); ++k) {
        CAPTURE(k);
        const auto t = tie_between(w, planned[k].x, planned[k].y);
        CHECK((t != kNoTie) == kept[k]);
        if (t != kNoTie) CHECK(w.ties.weight(t) == doctest::Approx(weight_after[k]));
    }
    for (std::uint32_t i = 0; i < 8; ++i) {
        CAPTURE(i);
        CHECK(a.contacts_today[i] == count[i]);
        CHECK(a.contact_value[i] == doctest::Approx(value[i]));
        CHECK(a.met_in_person[i] == (in_person_count[i] > 0));
    }
}

TEST_CASE("phase 4 contacts: turnover ends non-family ties whatever their strength, never family ties") {
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33}));
    World& w = *wp;
    Parameters& p = w.p;
    p.tie_turnover = 365;  // the top 365/365 of [0, 1): every non-family tie ends today
    p.family_contact_rate = p.friend_contact_rate = p.neighbour_contact_rate = p.coworker_contact_rate = 0;
    p.venue_tie_rate = p.friend_of_friend_rate = p.work_tie_rate = 0;
    calendar_and_shocks(w, 1);
    REQUIRE(form_tie(w, 0, 1, TieType::friend_, 0.95f));  // strong, ends all the same
    REQUIRE(form_tie(w, 1, 2, TieType::coworker, 0.5f));
    REQUIRE(form_tie(w, 2, 3, TieType::neighbour, 0.5f));
    REQUIRE(form_tie(w, 0, 3, TieType::family, 0.5f));
    REQUIRE(form_tie(w, 1, 3, TieType::family, 0.1f));
    CHECK(w.agents.strong_ties[0] == 2);
    for (std::uint32_t i = 0; i < 4; ++i) w.agents.loneliness[i] = 0.0f;

    contacts(w);

    CHECK(w.ties.live_ties() == 2u);
    CHECK(weight_between(w, 0, 3) == doctest::Approx(0.5 * (1.0 - p.tie_decay)));
    CHECK(weight_between(w, 1, 3) == doctest::Approx(0.1 * (1.0 - p.tie_decay)));
    const int lost[] = {1, 1, 1, 0};
    const int strong[] = {1, 0, 0, 1};
    for (std::uint32_t i = 0; i < 4; ++i) {
        CAPTURE(i);
        CHECK(w.agents.ties_lost[i] == lost[i]);
        CHECK(w.agents.strong_ties[i] == strong[i]);
    }
}

TEST_CASE("phase 4 contacts: without contact a tie weakens geometrically, w0 (1 - decay (1 + 1.8 L))^n, until the floor") {
    // The tiny-world version of test_dynamics' "ties decay without contact": 60 silent days
    // (a renumbering of the ties on day 28 included) at fixed loneliness.
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33}));
    World& w = *wp;
    Parameters& p = w.p;
    p.family_contact_rate = p.friend_contact_rate = p.neighbour_contact_rate = p.coworker_contact_rate = 0;
    p.venue_tie_rate = p.friend_of_friend_rate = p.work_tie_rate = 0;
    p.tie_turnover = 0;
    const float L[] = {0.1f, 0.5f, 0.0f, 0.2f};
    for (std::uint32_t i = 0; i < 4; ++i) w.agents.loneliness[i] = L[i];
    REQUIRE(form_tie(w, 0, 1, TieType::friend_, 0.8f));  // lonelier end 0.5
    REQUIRE(form_tie(w, 2, 3, TieType::friend_, 0.8f));  // lonelier end 0.2
    REQUIRE(form_tie(w, 1, 2, TieType::family, 0.07f));     // reaches the floor and stays
    REQUIRE(form_tie(w, 0, 3, TieType::neighbour, 0.07f));  // dissolves the day it falls below
    const double k01 = p.tie_decay * (1 + p.lonely_decay_factor * 0.5), k23 = p.tie_decay * (1 + p.lonely_decay_factor * 0.2),
                 k03 = p.tie_decay * (1 + p.lonely_decay_factor * 0.2);
    // The neighbour tie's last day: the first n with 0.07 (1 - k)^n < floor (day 42).
    const int gone = static_cast<int>(std::ceil(std::log(p.tie_floor / 0.07) / std::log(1 - k03)));
    REQUIRE(gone < 60);
    for (int day = 1; day <= 60; ++day) {
        CAPTURE(day);
        calendar_and_shocks(w, day);
        contacts(w);
        CHECK((tie_between(w, 0, 3) != kNoTie) == (day < gone));
    }
    CHECK(weight_between(w, 0, 1) == doctest::Approx(0.8 * std::pow(1 - k01, 60)).epsilon(1e-4));
    CHECK(weight_between(w, 2, 3) == doctest::Approx(0.8 * std::pow(1 - k23, 60)).epsilon(1e-4));
    CHECK(weight_between(w, 1, 2) == doctest::Approx(p.tie_floor));
}

TEST_CASE("phase 4 contacts: people out in the same district meet at its venues and form ties") {
    // Venue meetings certain for anyone out and short of ties; no other way to meet.
    auto wp = tiny_world({{0, 30}, {0, 31}, {0, 32}, {0, 33}, {0, 34}, {0, 35}, {1, 30}});
    World& w = *wp;
    Parameters& p = w.p;
    p.venue_tie_rate = 1e6;
    p.friend_of_friend_rate = p.work_tie_rate = 0;
    p.tie_turnover = 0;
    calendar_and_shocks(w, 1);
    Agents& a = w.agents;
    const std::uint8_t out[] = {1, 1, 1, 1, 0, 1, 1};
    for (std::uint32_t i = 0; i < 7; ++i) a.went_out[i] = out[i];
    a.alive[5] = 0;  // dead: neither meets nor is met

    // Who each agent out would meet: a living agent of its district drawn on its own
    // stream; a tie if that one is someone else, alive and out too (and not yet tied).
    std::vector<std::pair<std::uint32_t, std::uint32_t>> expected;
    for (std::uint32_t i = 0; i < 7; ++i) {
        if (!a.alive[i] || !a.went_out[i]) continue;
        CounterRng rng = w.rng(kTieFormationDraw, i);
        const std::uint32_t j = pick_in_district(w, a.district[i], rng);
        if (j == kNoAgent || j == i || !a.alive[j] || !a.went_out[j]) continue;
        bool dup = false;
        for (auto [x, y] : expected) dup |= (x == i && y == j) || (x == j && y == i);
        if (!dup) expected.emplace_back(i, j);
    }
    REQUIRE(!expected.empty());

    contacts(w);

    CHECK(w.ties.live_ties() == expected.size());
    std::vector<int> formed(7, 0);
    for (auto [x, y] : expected) {
        const auto t = tie_between(w, x, y);
        REQUIRE(t != kNoTie);
        CHECK(w.ties.type(t) == static_cast<std::uint8_t>(TieType::friend_));
        CHECK(w.ties.weight(t) == doctest::Approx(p.new_tie_weight));
        ++formed[std::min(x, y)];
    }
    for (std::uint32_t i = 0; i < 7; ++i) CHECK(a.ties_formed[i] == formed[i]);
    CHECK(w.ties.degree(4) == 0);  // stayed in
    CHECK(w.ties.degree(5) == 0);  // dead
    CHECK(w.ties.degree(6) == 0);  // alone in district 1
}

// ---------------------------------------------------------------- phase 5
TEST_CASE("phase 5 loneliness: the update of loneliness.cpp worked out for five agents") {
    auto wp = tiny_world(in_district(0, {30, 65, 85, 86, 87, 88}));
    World& w = *wp;
    Agents& a = w.agents;
    const Parameters& p = w.p;
    for (std::uint32_t i = 0; i < 6; ++i) w.daily_draws[i][kMoodWord] = kCalmMood;
    const double memory = 1.0 / p.contact_memory_days;
    auto settle = [&](double L, double target, double lonely_contacts, double resilience) {
        L += p.loneliness_adjust * (target - L);
        L += p.contagion * lonely_contacts * (1.0 - L);
        return L - p.resilience_recovery * resilience * L;
    };

    // 0: 30, sociability 1.2, recent 0.5, met 2 today: below need.
    a.sociability[0] = 1.2f, a.recent_contact[0] = 0.5f, a.contact_value[0] = 2.0f, a.loneliness[0] = 0.4f;
    const double recent0 = 0.5 + memory * (2.0 - 0.5), need0 = p.need_contacts * 1.2f;
    const double target0 = p.loneliness_floor + (1.0 - p.loneliness_floor) * (1.0 - recent0 / need0);
    const double L0 = settle(0.4f, target0, 0, 0.5);
    // 1: 65 (need half-way to need_at_80), no contact, 2 lonely contacts, relief 0.1 fading by 0.9.
    a.recent_contact[1] = 0.3f, a.contact_value[1] = 0, a.lonely_contacts[1] = 2, a.loneliness[1] = 0.5f;
    a.relief[1] = 0.1f, a.relief_decay[1] = 0.9f, a.resilience[1] = 0.8f;
    const double recent1 = 0.3f * (1.0 - memory), need1 = p.need_contacts * (1.0 + (p.need_at_80 - 1.0) * 0.5);
    const double target1 = p.loneliness_floor + (1.0 - p.loneliness_floor) * (1.0 - recent1 / need1) - 0.1f;
    const double L1 = settle(0.5, target1, 2, 0.8f);
    // 2: 85, more than enough contact: the target is the floor less relief 0.2, held at 0.
    a.recent_contact[2] = 2.0f, a.contact_value[2] = 3.0f, a.loneliness[2] = 0.1f, a.relief[2] = 0.2f;
    const double L2 = settle(0.1f, 0.0, 0, 0.5);
    // 3: fully lonely, the mood's top draw: clamped at 1.
    a.recent_contact[3] = 0, a.contact_value[3] = 0, a.loneliness[3] = 1.0f;
    w.daily_draws[3][kMoodWord] = 0xFFFFFFFFu;
    // 4: the mood's bottom draw: -65535/65536 sqrt(6) noise_sd.
    a.recent_contact[4] = 0, a.contact_value[4] = 0, a.loneliness[4] = 0.5f;
    w.daily_draws[4][kMoodWord] = 0;
    const double L4 = settle(0.5f, 1.0, 0, 0.5) - 65535.0 / 65536.0 * std::sqrt(6.0) * p.loneliness_noise;
    // 5: dead: untouched.
    a.alive[5] = 0, a.loneliness[5] = 0.7f, a.recent_contact[5] = 0.25f, a.contact_value[5] = 3.0f;

    CHECK(contact_need(w, 0) == doctest::Approx(need0));
    CHECK(contact_need(w, 1) == doctest::Approx(need1));
    CHECK(contact_need(w, 2) == doctest::Approx(p.need_contacts * p.need_at_80));
    REQUIRE(target1 > 0);

    loneliness(w);

    CHECK(a.recent_contact[0] == doctest::Approx(recent0));
    CHECK(a.loneliness[0] == doctest::Approx(L0));
    CHECK(a.recent_contact[1] == doctest::Approx(recent1));
    CHECK(a.loneliness[1] == doctest::Approx(L1));
    CHECK(a.relief[1] == doctest::Approx(0.09));
    CHECK(a.loneliness[2] == doctest::Approx(L2));
    CHECK(a.relief[2] == doctest::Approx(0.2));  // relief_decay 1: no fading
    CHECK(a.loneliness[3] == 1.0f);
    CHECK(a.loneliness[4] == doctest::Approx(L4));
    CHECK(a.loneliness[5] == 0.7f);
    CHECK(a.recent_contact[5] == 0.25f);
}

// ---------------------------------------------------------------- phase 6
TEST_CASE("phase 6 status_transitions: each definition met exactly, at its thresholds, with its events") {
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33, 34, 35, 36, 37, 38, 39}));
    World& w = *wp;
    Agents& a = w.agents;
    const int iso = static_cast<int>(w.p.isolation_days), rec = static_cast<int>(w.p.reclusive_days);
    for (std::uint32_t i = 0; i < 10; ++i)
        a.met_in_person[i] = 0, a.loneliness[i] = 0.2f, a.days_out_of_isolation[i] = a.days_out_of_reclusion[i] = kNeverIn;
    // 0: met someone today after 50 days: connected, and out of isolation (its episode
    // goes on until status.episode_gap_days out).
    a.met_in_person[0] = 1, a.days_since_contact[0] = 50, a.status[0] = Status::isolated, a.days_out_of_isolation[0] = 0;
    // 1: a day short of isolation, lonely.
    a.days_since_contact[1] = static_cast<std::uint16_t>(iso - 2), a.loneliness[1] = 0.6f;
    // 2: reaches isolation today, out a day short of reclusion: isolated.
    a.days_since_contact[2] = static_cast<std::uint16_t>(iso - 1), a.days_since_outing[2] = static_cast<std::uint16_t>(rec - 1);
    // 3: reaches isolation today, out of the house for reclusive_days: reclusive.
    a.days_since_contact[3] = static_cast<std::uint16_t>(iso - 1), a.days_since_outing[3] = static_cast<std::uint16_t>(rec);
    // 4: long without contact, but kin to turn to (0.15 >= 0.57 x 0.256): lonely, not isolated.
    a.days_since_contact[4] = 100, a.days_since_outing[4] = 300, a.loneliness[4] = 0.7f;
    REQUIRE(form_tie(w, 4, 6, TieType::family, 0.15f));
    // 5: a friend too weak to turn to (0.5 < 0.57), reclusive already: stays, no event.
    a.days_since_contact[5] = 100, a.days_since_outing[5] = 300, a.status[5] = Status::reclusive;
    a.days_out_of_isolation[5] = a.days_out_of_reclusion[5] = 0;
    REQUIRE(form_tie(w, 5, 0, TieType::friend_, 0.5f));
    // 6: loneliness exactly at the threshold, met today: connected.
    a.met_in_person[6] = 1, a.loneliness[6] = 0.5f;
    // 7: was reclusive, went out lately: isolated, neither newly isolated nor recovered.
    a.days_since_contact[7] = 40, a.days_since_outing[7] = 0, a.status[7] = Status::reclusive;
    a.days_out_of_isolation[7] = a.days_out_of_reclusion[7] = 0;
    // 8: dead: nothing changes.
    a.alive[8] = 0, a.days_since_contact[8] = 7, a.status[8] = Status::lonely;
    // 9: the counter saturates; a co-worker at 0.9 is not someone to turn to (0.57 x 2).
    a.days_since_contact[9] = 65535, a.days_since_outing[9] = 0;
    REQUIRE(form_tie(w, 9, 1, TieType::coworker, 0.9f));

    CHECK_FALSE(no_one_to_turn_to(w, 4));
    CHECK(no_one_to_turn_to(w, 5));
    CHECK(no_one_to_turn_to(w, 9));

    status_transitions(w);

    const Status expected[] = {Status::connected, Status::lonely,   Status::isolated, Status::reclusive, Status::lonely,
                               Status::reclusive, Status::connected, Status::isolated, Status::lonely,    Status::isolated};
    const std::uint16_t events[] = {0, 0, kIsolationEpisode, kIsolationEpisode | kReclusionEpisode, 0, 0, 0, 0, 0, kIsolationEpisode};
    const std::uint16_t out_isolation[] = {1, kNeverIn, 0, 0, kNeverIn, 0, kNeverIn, 0, kNeverIn, 0};
    const std::uint16_t out_reclusion[] = {kNeverIn, kNeverIn, kNeverIn, 0, kNeverIn, 0, kNeverIn, 1, kNeverIn, kNeverIn};
    const int since[] = {0, iso - 1, iso, iso, 101, 101, 0, 41, 7, 65535};
    for (std::uint32_t i = 0; i < 10; ++i) {
        CAPTURE(i);
        CHECK(a.status[i] == expected[i]);
        CHECK(a.events[i] == events[i]);
        CHECK(a.days_since_contact[i] == since[i]);
        CHECK(a.days_out_of_isolation[i] == out_isolation[i]);
        CHECK(a.days_out_of_reclusion[i] == out_reclusion[i]);
    }
}

TEST_CASE("phase 6 status_transitions: episodes, not crossings: a return within status.episode_gap_days continues an episode") {
    auto wp = tiny_world(in_district(0, {30}));
    World& w = *wp;
    Agents& a = w.agents;
    const auto iso = static_cast<std::uint16_t>(w.p.isolation_days), gap = static_cast<std::uint16_t>(w.p.episode_gap_days);
    a.days_out_of_isolation[0] = a.days_out_of_reclusion[0] = kNeverIn;
    auto day = [&](bool isolated) {  // one day, isolated (no contact for long, no one to turn to) or not
        a.events[0] = 0;
        a.met_in_person[0] = isolated ? 0 : 1;
        a.days_since_contact[0] = isolated ? iso : 0;
        status_transitions(w);
        return a.events[0];
    };
    CHECK(day(true) == kIsolationEpisode);  // the first time: an episode begins
    CHECK(day(true) == 0);
    CHECK(day(false) == 0);  // out, the episode goes on
    for (int k = 1; k < 10; ++k) CHECK(day(false) == 0);
    CHECK(a.days_out_of_isolation[0] == 10);
    CHECK(day(true) == 0);  // back within the gap: the same episode, not a new case
    for (int k = 1; k < gap; ++k) CHECK(day(false) == 0);
    CHECK(day(false) == kIsolationEpisodeEnded);  // gap days out: it has ended
    CHECK(a.days_out_of_isolation[0] == gap);
    CHECK(day(false) == 0);
    CHECK(day(true) == kIsolationEpisode);  // after the gap: a new episode
}

// ---------------------------------------------------------------- phase 7
namespace {
ProgrammeSpec counseling_spec(double per_year) {
    ProgrammeSpec s;
    s.name = "talk";
    s.mechanism = "counseling";
    s.capacity.per_year = per_year;
    s.fixed_per_year = 365000;
    s.per_enrolment = 5000;
    s.per_unit = 20000;
    s.statuses = {"lonely", "isolated"};
    s.parameters = {{"sessions", 2},          {"interval_days", 7},          {"dropout_before_first", 0.0},
                    {"dropout_per_session", 0.0}, {"effect_per_session", 0.1}, {"effect_decay_days", 10}};
    return s;
}
}  // namespace

TEST_CASE("phase 7 programmes: counselling takes eligible referrals, holds sessions every interval, relieves and charges") {
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33, 34}));
    World& w = *wp;
    Agents& a = w.agents;
    a.status[1] = Status::lonely, a.status[2] = Status::connected, a.status[3] = Status::isolated, a.status[4] = Status::lonely;
    a.alive[4] = 0;  // dead: neither eligible nor counted
    w.programmes = make_programmes({counseling_spec(3650)}, w);
    Programme& prog = *w.programmes[0];
    for (std::uint32_t i : {1u, 2u, 3u}) prog.receive_referral(i);  // 2 is not eligible (connected)

    for (int day = 0; day <= 7; ++day) {
        CAPTURE(day);
        calendar_and_shocks(w, day);
        run_programmes(w);
        const ProgrammeDay& t = prog.today;
        CHECK(t[kEligible] == 2);
        if (day == 0) {
            CHECK(t[kReferred] == 2);
            CHECK(t[kEnrolled] == 2);
            CHECK(t[kSessions] == 2);
            CHECK(t[kActive] == 2);
            CHECK(t[kCost] == doctest::Approx(1000 + 2 * 5000 + 2 * 20000));
            CHECK(a.relief[1] == doctest::Approx(0.1));
            CHECK(a.relief_decay[1] == doctest::Approx(std::exp(-1.0 / 10)));
            CHECK(a.relief[2] == 0.0f);
            CHECK(a.relief[3] == doctest::Approx(0.1));
        } else if (day < 7) {
            CHECK(t[kSessions] == 0);
            CHECK(t[kActive] == 2);
            CHECK(t[kCost] == doctest::Approx(1000));
        } else {
            CHECK(t[kSessions] == 2);
            CHECK(t[kCompleted] == 2);
            CHECK(t[kActive] == 0);
            CHECK(t[kCost] == doctest::Approx(1000 + 2 * 20000));
            CHECK(a.relief[1] == doctest::Approx(0.2));  // the loneliness phase did not run to fade it
            CHECK(a.relief[3] == doctest::Approx(0.2));
        }
    }
    CHECK(prog.totals[kSessions] == 4);
    CHECK(prog.totals[kEnrolled] == 2);
    CHECK(prog.totals[kCost] == doctest::Approx(8 * 1000 + 2 * 5000 + 4 * 20000));
}

TEST_CASE("phase 7 then 5: a counselling session lowers the next day's loneliness by adjust_rate x relief") {
    // The quantitative version of test_programmes' "counselling lowers loneliness": two
    // identical lonely agents, one counselled on day 0. Next day's loneliness differs by
    // exactly loneliness.adjust_rate x relief x (1 - resilience_recovery x resilience).
    auto wp = tiny_world(in_district(0, {30, 31}));
    World& w = *wp;
    Agents& a = w.agents;
    for (std::uint32_t i = 0; i < 2; ++i) a.status[i] = Status::lonely, a.loneliness[i] = 0.7f, a.recent_contact[i] = 0.2f;
    w.programmes = make_programmes({counseling_spec(3650)}, w);
    w.programmes[0]->receive_referral(1);
    run_programmes(w);
    REQUIRE(a.relief[1] == doctest::Approx(0.1));
    calendar_and_shocks(w, 1);
    for (std::uint32_t i = 0; i < 2; ++i) w.daily_draws[i][kMoodWord] = kCalmMood;
    loneliness(w);
    const Parameters& p = w.p;
    CHECK(a.loneliness[0] - a.loneliness[1] ==
          doctest::Approx(p.loneliness_adjust * 0.1 * (1 - p.resilience_recovery * 0.5)).epsilon(1e-4));
    CHECK(a.relief[1] == doctest::Approx(0.1 * std::exp(-1.0 / 10)));
}

TEST_CASE("phase 7 programmes: counselling capacity is per_year / 365 a day, and dropouts before the first session") {
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33, 34, 35, 36}));
    World& w = *wp;
    for (std::uint32_t i = 0; i < 7; ++i) w.agents.status[i] = Status::lonely;
    ProgrammeSpec s = counseling_spec(365);  // one a day
    s.parameters.emplace_back("dropout_before_first", 1.0);  // the later value wins
    w.programmes = make_programmes({s}, w);
    Programme& prog = *w.programmes[0];
    for (std::uint32_t i = 0; i < 7; ++i) prog.receive_referral(i);
    for (int day = 0; day < 6; ++day) {
        CAPTURE(day);
        calendar_and_shocks(w, day);
        run_programmes(w);
        CHECK(prog.today[kEnrolled] == 1);
        CHECK(prog.today[kDroppedOut] == 1);
        CHECK(prog.today[kSessions] == 0);
        CHECK(prog.today[kWaiting] == 6 - day);
    }
    for (std::uint32_t i = 0; i < 7; ++i) CHECK(w.agents.relief[i] == 0.0f);
}

TEST_CASE("phase 7 programmes: outreach flags exactly the isolated and reclusive it screens, visits and relieves them") {
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33, 34, 35, 36, 37}));
    World& w = *wp;
    Agents& a = w.agents;
    const Status st[] = {Status::connected, Status::lonely,    Status::isolated, Status::reclusive,
                         Status::isolated,  Status::connected, Status::reclusive, Status::lonely};
    for (std::uint32_t i = 0; i < 8; ++i) a.status[i] = st[i];
    a.alive[4] = 0;
    ProgrammeSpec s;
    s.name = "knock";
    s.mechanism = "outreach";
    s.capacity.per_year = 36500;  // 100 visits a day
    s.fixed_per_year = 0;
    s.per_unit = 70000;
    s.parameters = {{"screened_per_day", 200.0}, {"sensitivity_reclusive", 1.0}, {"sensitivity_isolated", 1.0},
                    {"sensitivity_lonely", 0.0}, {"false_positive", 0.0},          {"relief_per_visit", 0.2}};
    w.programmes = make_programmes({s}, w);
    run_programmes(w);
    const ProgrammeDay& t = w.programmes[0]->today;
    // About 200 draws over 7 living agents miss none of the three flagged.
    CHECK(t[kDetected] >= 3);
    CHECK(t[kEnrolled] == 3);
    CHECK(t[kCompleted] == 3);
    CHECK(t[kUnits] == 3);
    CHECK(t[kCost] == doctest::Approx(3 * 70000));
    for (std::uint32_t i = 0; i < 8; ++i) {
        CAPTURE(i);
        const bool visited = i == 2 || i == 3 || i == 6;
        CHECK(a.relief[i] == doctest::Approx(visited ? 0.2 : 0.0));
        if (visited) CHECK(a.relief_decay[i] == doctest::Approx(std::exp(-1.0 / 90)));
    }
}

TEST_CASE("phase 7 programmes: a hotline answers lines x hours x calls per line-hour, carrying a part-call over") {
    auto wp = tiny_world(in_district(0, {30, 31, 32, 33}));
    World& w = *wp;
    for (std::uint32_t i = 0; i < 4; ++i) w.agents.loneliness[i] = 1.0f;  // every caller sampled calls
    ProgrammeSpec s;
    s.name = "line";
    s.mechanism = "hotline";
    s.per_unit = 3000;
    s.fixed_per_year = 3650;
    s.parameters = {{"calls_per_year", 365 * 50.0}, {"lines", 1.0}, {"hours_per_day", 1.0}, {"calls_per_line_hour", 2.5},
                    {"relief_per_call", 0.02}};
    w.programmes = make_programmes({s}, w);
    const Programme& prog = *w.programmes[0];
    // 2.5 calls of capacity a day: 2 answered, then 0.5 + 2.5 = 3, then 2, then 3.
    const int answered[] = {2, 3, 2, 3};
    double relief = 0;
    for (int day = 0; day < 4; ++day) {
        CAPTURE(day);
        calendar_and_shocks(w, day);
        run_programmes(w);
        const ProgrammeDay& t = prog.today;
        REQUIRE(t[kCallsAnswered] + t[kCallsMissed] >= 3);  // about 50 calls a day
        CHECK(t[kCallsAnswered] == answered[day]);
        CHECK(t[kUnits] == answered[day]);
        CHECK(t[kCost] == doctest::Approx(10 + 3000 * answered[day]));
        relief += 0.02 * answered[day];
    }
    double total = 0;
    for (std::uint32_t i = 0; i < 4; ++i) total += w.agents.relief[i];
    CHECK(total == doctest::Approx(relief));
}

// ---------------------------------------------------------------- phase 8
TEST_CASE("phase 8 accumulate_metrics: stocks, flows and means per district x age band on hand-made agents") {
    //                        0        1        2        3        4        5        6        7
    auto wp = tiny_world({{0, 22}, {0, 23}, {0, 67}, {0, 68}, {0, 69}, {3, 40}, {3, 41}, {3, 42}});
    World& w = *wp;
    Agents& a = w.agents;
    const float L[] = {0.3f, 0.7f, 0.6f, 0.4f, 0.9f, 0.5f, 0.55f, 0.8f};
    const Status st[] = {Status::connected, Status::lonely,   Status::isolated, Status::reclusive,
                         Status::isolated,  Status::connected, Status::lonely,   Status::lonely};
    for (std::uint32_t i = 0; i < 8; ++i) a.loneliness[i] = L[i], a.status[i] = st[i];
    REQUIRE(form_tie(w, 0, 1, TieType::friend_, 0.3f));  // weak: nobody to turn to
    REQUIRE(form_tie(w, 5, 6, TieType::friend_, 0.8f));  // strong
    for (std::uint32_t i = 0; i < 8; ++i) a.ties_formed[i] = 0;
    a.went_out[0] = 1, a.contacts_today[0] = 2, a.contacts_today[1] = 1, a.ties_formed[0] = 1;
    a.events[2] = kIsolationEpisode;
    a.events[3] = kIsolationEpisode | kReclusionEpisode;
    a.alive[4] = 0, a.events[4] = kDied | kUnattended, a.ties_lost[4] = 2;  // died today
    a.events[5] = kIsolationEpisodeEnded;
    a.events[6] = kArrived, a.went_out[6] = 1;
    a.alive[7] = 0;  // died long ago
    const std::size_t young = cell_of(0, 22), old = cell_of(0, 67), mid = cell_of(3, 40);
    w.unattended_risk_today[old] = 12345;

    accumulate_metrics(w);
    const DayMetrics& m = w.metrics;
    auto at = [&](int metric, std::size_t c) { return m.cell[static_cast<std::size_t>(metric)][c]; };

    CHECK(at(kAlive, young) == 2);
    CHECK(at(kConnected, young) == 1);
    CHECK(at(kLonely, young) == 1);
    CHECK(at(kNoOneToTurnTo, young) == 2);
    CHECK(at(kFeelsLonely, young) == 1);
    CHECK(m.value(kMeanLoneliness, static_cast<int>(young)) == doctest::Approx((0.3 + 0.7) / 2));
    CHECK(m.value(kMeanDegree, static_cast<int>(young)) == doctest::Approx(1.0));
    CHECK(at(kOutings, young) == 1);
    CHECK(at(kContacts, young) == 3);
    CHECK(at(kTiesFormed, young) == 1);

    CHECK(at(kAlive, old) == 2);
    CHECK(at(kIsolated, old) == 1);
    CHECK(at(kReclusive, old) == 1);
    CHECK(at(kNoOneToTurnTo, old) == 2);
    CHECK(at(kFeelsLonely, old) == 1);
    CHECK(at(kIsolationEpisodes, old) == 2);
    CHECK(at(kReclusionEpisodes, old) == 1);
    CHECK(at(kDeaths, old) == 1);
    CHECK(at(kUnattendedDeaths, old) == 1);
    CHECK(at(kTiesLost, old) == 2);  // the dead's flows count, their stocks do not
    CHECK(m.value(kExpectedUnattendedDeaths, static_cast<int>(old)) == doctest::Approx(12345 / kFixedPointScale));
    CHECK(m.value(kMeanLoneliness, static_cast<int>(old)) == doctest::Approx((0.6 + 0.4) / 2));
    CHECK(m.value(kMeanDegree, static_cast<int>(old)) == 0.0);

    CHECK(at(kAlive, mid) == 2);
    CHECK(at(kConnected, mid) == 1);
    CHECK(at(kLonely, mid) == 1);
    CHECK(at(kNoOneToTurnTo, mid) == 0);
    CHECK(at(kFeelsLonely, mid) == 1);  // 0.5 is not above the threshold
    CHECK(at(kRecoveries, mid) == 1);
    CHECK(at(kArrivals, mid) == 1);
    CHECK(at(kOutings, mid) == 1);
    CHECK(at(kDeaths, mid) == 0);  // died long ago: no flow today
    CHECK(m.value(kMeanLoneliness, static_cast<int>(mid)) == doctest::Approx((0.5 + 0.55) / 2));

    CHECK(std::isnan(m.value(kMeanLoneliness, cell_of(10, 40))));
    CHECK(m.total(kAlive) == 6);
    CHECK(m.total(kConnected) + m.total(kLonely) + m.total(kIsolated) + m.total(kReclusive) == 6);
    CHECK(m.seoul_mean(kMeanDegree) == doctest::Approx(4.0 / 6));
    CHECK(m.seoul_value(kDeaths) == 1);
}
