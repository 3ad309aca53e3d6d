#include "models/life_events.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "models/contacts.hpp"
#include "models/network_builder.hpp"
#include "models/population.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {
namespace {

double daily(double annual) { return -std::log1p(-std::min(annual, 0.999999)) / 365.0; }

enum class LifeEvent { none, death, job_loss, reemployment, retirement, bereavement, illness, move, departure };

// Contacts one would expect along a tie on an ordinary day (for discovery of a death).
double expected_contact(const World& w, TieGraph::Tie t) {
    const auto type = static_cast<TieType>(w.ties.type(t));
    const double rate = contact_rate(w.p, type) * (type == TieType::coworker ? kWorkdayShare : 1.0);
    return rate * (kWeakTieContact + kStrengthContact * w.ties.weight(t));
}

// Serial part: changes to ties and to other agents' state, made in agent order.
void apply_structural_events(World& w) {
    Agents& a = w.agents;
    const Parameters& p = w.p;
    w.unattended_risk_today = {};
    for (std::uint32_t i = 0; i < a.size(); ++i) {
        const std::uint16_t ev = a.events[i];
        if (!(ev & (kDied | kMoved | kDeparted))) continue;
        if (ev & (kDied | kDeparted)) {
            --w.alive_count;
            w.vacated.push_back(i);
            w.vacated_on.push_back(w.today.index);
        }
        if (ev & kDeparted) {
            // Leaving single-person households: the ties to those who stay are no longer
            // the model's (no bereavement).
            while (w.ties.degree(i) > 0) dissolve_tie(w, w.ties.ties_of(i)[0]);
        } else if (ev & kDied) {
            // Discovery: each day someone may call or visit, or the landlord, bills or
            // neighbours may raise the alarm.
            double rate = 0;
            for (auto t : w.ties.ties_of(i)) rate += expected_contact(w, t);
            double watched = 0;  // outreach programmes that watch this household
            if (w.today.index >= 0)  // nothing acts in the burn-in
                for (const auto& prog : w.programmes) watched += prog->discovery(w, i);
            const double found = std::min(0.999999, 1.0 - (1.0 - p.discovery_base) * (1.0 - std::min(1.0, watched)) * std::exp(-rate * w.contact_factor));
            // Days until found: geometric, so P(days >= unattended_days) = (1 - found)^unattended_days.
            CounterRng rng = w.rng(kDiscoveryDraw, i);
            const double u = rng.uniform();
            const double days = std::floor(std::log1p(-u) / std::log1p(-found));
            if (days >= p.unattended_days) a.events[i] |= kUnattended;
            const double risk = std::exp(p.unattended_days * std::log1p(-found));
            w.unattended_risk_today[static_cast<std::size_t>(cell_of(a.district[i], a.age[i]))] += std::llround(risk * kFixedPointScale);
            // The bereaved: those who counted on the dead person.
            while (w.ties.degree(i) > 0) {
                const auto t = w.ties.ties_of(i)[0];
                const auto j = w.ties.other(t, i);
                if (w.ties.weight(t) >= strong_tie_threshold(p, w.ties.type(t))) {
                    a.loneliness[j] = std::min(1.0f, a.loneliness[j] + static_cast<float>(p.shock_bereavement * (1.0 - a.resilience[j])));
                    a.events[j] |= kBereaved;
                }
                dissolve_tie(w, t);
            }
        } else {
            // Moving: neighbour ties are lost.
            for (int k = w.ties.degree(i) - 1; k >= 0; --k) {
                const auto t = w.ties.ties_of(i)[static_cast<std::size_t>(k)];
                if (w.ties.type(t) == static_cast<std::uint8_t>(TieType::neighbour)) {
                    dissolve_tie(w, t);
                }
            }
        }
    }
}

// The slot a newcomer moves into: one never lived in (the store's room for growth), else
// the home vacated longest ago, once empty kVacantDays. kNoAgent if none.
std::uint32_t free_slot(World& w) {
    if (w.next_arrival < w.waiting_to_arrive.size()) return w.waiting_to_arrive[w.next_arrival++];
    if (w.vacated_next < w.vacated.size() && w.vacated_on[w.vacated_next] <= w.today.index - kVacantDays) return w.vacated[w.vacated_next++];
    return kNoAgent;
}

// The district whose range of the store holds slot i (a home stays in its district).
int home_district(const World& w, std::uint32_t i) {
    const auto it = std::upper_bound(w.district_begin.begin(), w.district_begin.end(), i);
    return std::clamp(static_cast<int>(it - w.district_begin.begin()) - 1, 0, kDistricts - 1);
}

// New households arrive to keep the world at its share of Seoul's count (or at its own
// count, without a path), and each age band at its share of the table: a newcomer is of
// the band furthest below its share, in the district of the home it takes.
void arrivals(World& w) {
    w.reoccupied_today.clear();
    const std::int64_t target =
        w.households.empty() ? w.households_kept : std::llround(w.population_scale * households_on(w.households, w.today.date));
    if (w.alive_count >= target) return;
    Agents& a = w.agents;
    using Bands = std::array<std::int64_t, kAgeBands>;
    Bands alive{};
    PerThread<Bands> counted([] { return Bands{}; });
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        Bands& mine = counted.local();
        for (std::size_t i = begin; i < end; ++i) mine[static_cast<std::size_t>(age_band(a.age[i]))] += a.alive[i];
    });
    counted.each([&](const Bands& c) {
        for (int b = 0; b < kAgeBands; ++b) alive[static_cast<std::size_t>(b)] += c[static_cast<std::size_t>(b)];
    });
    const Bands table = w.seoul.households_by_band();
    const std::int64_t table_total = std::accumulate(table.begin(), table.end(), std::int64_t{0});
    while (w.alive_count < target) {
        const std::uint32_t i = free_slot(w);
        if (i == kNoAgent) break;
        int band = 0;
        double most = -1e300;
        for (int b = 0; b < kAgeBands; ++b) {
            const double short_of = static_cast<double>(target) * static_cast<double>(table[static_cast<std::size_t>(b)]) / static_cast<double>(table_total) -
                                    static_cast<double>(alive[static_cast<std::size_t>(b)]);
            if (short_of > most) most = short_of, band = b;
        }
        CounterRng rng = w.rng(kArrivalDraw, i, 2);  // sub 0: the newcomer's ties; sub 1: the store's order
        const int age = SeoulData::kAgeBandMin[static_cast<std::size_t>(band)] + static_cast<int>(rng.below(static_cast<std::uint32_t>(age_band_span(band))));
        a.for_each_column([i](const char*, auto& column) { column[i] = {}; });
        draw_person(w, i, home_district(w, i), age, rng);
        welcome_newcomer(w, i);
        w.reoccupied_today.push_back(i);
        ++alive[static_cast<std::size_t>(band)];
        ++w.alive_count;
    }
    std::sort(w.reoccupied_today.begin(), w.reoccupied_today.end());
    if (w.vacated_next > 4096 && 2 * w.vacated_next > w.vacated.size()) {  // drop the taken entries
        w.vacated.erase(w.vacated.begin(), w.vacated.begin() + static_cast<std::ptrdiff_t>(w.vacated_next));
        w.vacated_on.erase(w.vacated_on.begin(), w.vacated_on.begin() + static_cast<std::ptrdiff_t>(w.vacated_next));
        w.vacated_next = 0;
    }
}

// A spell without work this long is long-term unemployment (life.long_unemployed_factor).
constexpr int kLongUnemployedDays = 365;

// Each event's daily hazard, computed once a day rather than once an agent (death and
// bereavement by age, death by sex too).
struct DailyHazards {
    double job_loss, reemploy, reemploy_long, retire, ill, move;  // reemploy_long: after kLongUnemployedDays
    std::array<std::array<double, 2>, 121> death{};
    std::array<double, 121> bereaved{}, departure{};
};

// Each band's annual hazard of leaving single-person households, from the table read as a
// stationary population: a cohort in band b is in band b + 1 five years later, so the
// band's net outflow per year is ln(N_b / N_b+1) / 5; what deaths do not explain (the
// model's mortality at the band's middle, both sexes) is departure. Bands that grow (net
// arrivals) have none; nor have the last two (the open 85+ band is no five-year cohort to
// read 80-84's outflow from).
std::array<double, kAgeBands> departure_by_band(const Parameters& p, const SeoulData& seoul) {
    const auto n = seoul.households_by_band();
    std::array<double, kAgeBands> out{};
    const double sexes = 0.5 * (std::sqrt(p.male_mortality_ratio) + 1.0 / std::sqrt(p.male_mortality_ratio));
    for (int b = 1; b + 2 < kAgeBands; ++b) {
        const std::size_t k = static_cast<std::size_t>(b);
        if (n[k] <= 0 || n[k + 1] <= 0) continue;
        const double middle = SeoulData::kAgeBandMin[k] + 2.5;
        const double dying = std::min(0.5, p.mortality_at_50 * std::exp(p.mortality_slope * (middle - 50)) * sexes);
        out[k] = std::min(0.9, p.departure_factor * std::max(0.0, std::log(static_cast<double>(n[k]) / static_cast<double>(n[k + 1])) / 5.0 - dying));
    }
    return out;
}

DailyHazards daily_hazards(const Parameters& p, const SeoulData& seoul) {
    DailyHazards h;
    const auto leaving = departure_by_band(p, seoul);
    h.job_loss = daily(p.job_loss), h.reemploy = daily(std::min(p.reemployment, 0.99)), h.retire = daily(p.retirement);
    h.reemploy_long = h.reemploy * p.long_unemployed_factor;
    h.ill = daily(p.illness_onset), h.move = daily(p.moving);
    const double male_ratio = std::sqrt(p.male_mortality_ratio);
    for (int age = 0; age <= 120; ++age) {
        const double gompertz = p.mortality_at_50 * std::exp(p.mortality_slope * (age - 50));
        for (int sex = 0; sex < 2; ++sex)
            h.death[static_cast<std::size_t>(age)][static_cast<std::size_t>(sex)] =
                daily(std::min(0.5, gompertz * (sex ? male_ratio : 1.0 / male_ratio)));
        h.bereaved[static_cast<std::size_t>(age)] = daily(std::min(0.5, p.bereavement * std::exp2((age - 50) / 15.0)));
        h.departure[static_cast<std::size_t>(age)] = daily(leaving[static_cast<std::size_t>(age_band(age))]);
    }
    return h;
}

// Which event, if any, agent i meets today: one draw against the hazards laid end to end
// (events are rare). A programme's buffer cuts some hazards while it lasts.
LifeEvent todays_event(const World& w, const DailyHazards& h, std::uint32_t i, double hazard_cut) {
    const Agents& a = w.agents;
    const int age = a.age[i];
    const Employment e = a.employment[i];
    const double hazard[] = {
        h.death[age][a.sex[i]],
        e == Employment::employed ? h.job_loss * hazard_cut : 0.0,
        e == Employment::unemployed && age < 65 ? (a.days_unemployed[i] >= kLongUnemployedDays ? h.reemploy_long : h.reemploy) : 0.0,
        e == Employment::employed && age >= 60 ? h.retire : 0.0,
        h.bereaved[age],
        a.ill_days[i] == 0 ? h.ill * ((a.traits[i] & kChronicIllness) ? 2.0 : 1.0) * hazard_cut : 0.0,
        h.move * hazard_cut,
        h.departure[age],
    };
    double u = w.daily_uniform(i, kLifeEventWord);
    for (int k = 0; k < 8; ++k) {
        if (u < hazard[k]) return static_cast<LifeEvent>(k + 1);
        u -= hazard[k];
    }
    return LifeEvent::none;
}

// What the event does to agent i; shocks to loneliness are cut by resilience and a buffer.
void apply_event(World& w, std::uint32_t i, LifeEvent event, double impact_cut) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    CounterRng rng = w.rng(kLifeEventDraw, i);  // for the event's details
    const double brittle = (1.0 - a.resilience[i]) * impact_cut;
    auto shock = [&](double size) { a.loneliness[i] = static_cast<float>(std::min(1.0, a.loneliness[i] + size * brittle)); };
    switch (event) {
        case LifeEvent::none: break;
        case LifeEvent::death:
            a.alive[i] = 0;
            a.events[i] |= kDied;
            break;
        case LifeEvent::job_loss:
            a.employment[i] = Employment::unemployed;
            a.days_unemployed[i] = 0;
            a.events[i] |= kJobLoss;
            shock(p.shock_job_loss);
            break;
        case LifeEvent::reemployment:
            a.employment[i] = Employment::employed;
            a.days_unemployed[i] = 0;
            break;
        case LifeEvent::retirement: a.employment[i] = Employment::retired; break;
        case LifeEvent::bereavement:
            a.events[i] |= kBereaved;
            shock(p.shock_bereavement);
            break;
        case LifeEvent::illness: {
            const double mean = p.illness_days;
            const double days = 1.0 + std::floor(std::log1p(-rng.uniform()) / std::log1p(-1.0 / mean));
            a.ill_days[i] = static_cast<std::uint8_t>(std::min(days, 255.0));
            a.events[i] |= kFellIll;
            shock(p.shock_illness);
            break;
        }
        case LifeEvent::move:
            a.district[i] = static_cast<std::uint8_t>(w.friend_kernel.draw(a.district[i], rng.uniform()));
            a.events[i] |= kMoved;
            shock(p.shock_move);
            break;
        case LifeEvent::departure:
            a.alive[i] = 0;
            a.events[i] |= kDeparted;
            break;
    }
}

// A student's 25th birthday: into work, or a job seeker's first day (its own draw, sub 1
// of the life events' stream, which an event's details on the same day do not use).
void leave_education(World& w, std::uint32_t i) {
    CounterRng rng = w.rng(kLifeEventDraw, i, 1);
    const bool works = rng.bernoulli(w.p.graduate_employment);
    w.agents.employment[i] = works ? Employment::employed : Employment::unemployed;
    w.agents.days_unemployed[i] = 0;
}

}  // namespace

void life_events(World& w) {
    Agents& a = w.agents;
    const DailyHazards hazards = daily_hazards(w.p, w.seoul);
    const int day_of_year = w.today.day_of_year;
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            a.events[i] = 0;
            a.ties_formed[i] = a.ties_lost[i] = 0;
            if (!a.alive[i]) continue;
            if (a.birthday[i] == day_of_year && a.age[i] < 120) {
                ++a.age[i];
                if (a.age[i] == kLeavesEducationAt && a.employment[i] == Employment::student) leave_education(w, i);
            }
            if (a.employment[i] == Employment::unemployed && a.days_unemployed[i] < 65535) ++a.days_unemployed[i];
            if (a.ill_days[i] > 0) --a.ill_days[i];
            const bool buffered = w.today.index <= a.buffer_until[i];
            const double hazard_cut = buffered ? 1.0 - a.buffer_hazard[i] : 1.0;
            const double impact_cut = buffered ? 1.0 - a.buffer_impact[i] : 1.0;
            const LifeEvent event = todays_event(w, hazards, i, hazard_cut);
            if (event != LifeEvent::none) apply_event(w, i, event, impact_cut);
        }
    });
    apply_structural_events(w);
    arrivals(w);
}

}  // namespace lonesim
