#include "models/life_events.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "models/contacts.hpp"
#include "models/network_builder.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {
namespace {

double daily(double annual) { return -std::log1p(-std::min(annual, 0.999999)) / 365.0; }

enum class LifeEvent { none, death, job_loss, reemployment, retirement, bereavement, illness, move };

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
        if (!(ev & (kDied | kMoved))) continue;
        if (ev & kDied) {
            --w.alive_count;
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

// New households arrive to keep the world at its share of Seoul's count.
void arrivals(World& w) {
    if (w.households.empty()) return;
    const auto target = std::llround(w.population_scale * households_on(w.households, w.today.date));
    while (w.alive_count < target && w.next_arrival < w.waiting_to_arrive.size()) {
        welcome_newcomer(w, w.waiting_to_arrive[w.next_arrival++]);
        ++w.alive_count;
    }
}

// Each event's daily hazard, computed once a day rather than once an agent (death and
// bereavement by age, death by sex too).
struct DailyHazards {
    double job_loss, reemploy, retire, ill, move;
    std::array<std::array<double, 2>, 121> death{};
    std::array<double, 121> bereaved{};
};

DailyHazards daily_hazards(const Parameters& p) {
    DailyHazards h;
    h.job_loss = daily(p.job_loss), h.reemploy = daily(std::min(p.reemployment, 0.99)), h.retire = daily(p.retirement);
    h.ill = daily(p.illness_onset), h.move = daily(p.moving);
    const double male_ratio = std::sqrt(p.male_mortality_ratio);
    for (int age = 0; age <= 120; ++age) {
        const double gompertz = p.mortality_at_50 * std::exp(p.mortality_slope * (age - 50));
        for (int sex = 0; sex < 2; ++sex)
            h.death[static_cast<std::size_t>(age)][static_cast<std::size_t>(sex)] =
                daily(std::min(0.5, gompertz * (sex ? male_ratio : 1.0 / male_ratio)));
        h.bereaved[static_cast<std::size_t>(age)] = daily(std::min(0.5, p.bereavement * std::exp2((age - 50) / 15.0)));
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
        e == Employment::unemployed && age < 65 ? h.reemploy : 0.0,
        e == Employment::employed && age >= 60 ? h.retire : 0.0,
        h.bereaved[age],
        a.ill_days[i] == 0 ? h.ill * ((a.traits[i] & kChronicIllness) ? 2.0 : 1.0) * hazard_cut : 0.0,
        h.move * hazard_cut,
    };
    double u = w.daily_uniform(i, kLifeEventWord);
    for (int k = 0; k < 7; ++k) {
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
            a.events[i] |= kJobLoss;
            shock(p.shock_job_loss);
            break;
        case LifeEvent::reemployment: a.employment[i] = Employment::employed; break;
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
    }
}

}  // namespace

void life_events(World& w) {
    Agents& a = w.agents;
    const DailyHazards hazards = daily_hazards(w.p);
    const int day_of_year = w.today.day_of_year;
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            a.events[i] = 0;
            a.ties_formed[i] = a.ties_lost[i] = 0;
            if (!a.alive[i]) continue;
            if (a.birthday[i] == day_of_year && a.age[i] < 120) ++a.age[i];
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
