#include "models/population.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <numeric>

#include "models/loneliness.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

std::array<std::int64_t, kCells> allocate_cells(const SeoulData& seoul, std::int64_t n) {
    const std::int64_t total = seoul.total_households();
    std::array<std::int64_t, kCells> count{};
    std::array<std::int64_t, kCells> remainder{};  // numerator of the fractional part
    std::int64_t given = 0;
    for (int d = 0; d < kDistricts; ++d)
        for (int b = 0; b < kAgeBands; ++b) {
            const int c = d * kAgeBands + b;
            const __int128 quota = static_cast<__int128>(seoul.districts[static_cast<std::size_t>(d)].by_age[static_cast<std::size_t>(b)]) * n;
            count[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(quota / total);
            remainder[static_cast<std::size_t>(c)] = static_cast<std::int64_t>(quota % total);
            given += count[static_cast<std::size_t>(c)];
        }
    std::array<int, kCells> order;
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return remainder[static_cast<std::size_t>(a)] > remainder[static_cast<std::size_t>(b)];
    });
    for (std::int64_t k = 0; given < n; ++k, ++given) ++count[static_cast<std::size_t>(order[static_cast<std::size_t>(k)])];
    return count;
}

double outing_probability(const World& w, std::uint32_t i) {
    const Parameters& p = w.p;
    const Agents& a = w.agents;
    const bool working = (a.employment[i] == Employment::employed || a.employment[i] == Employment::student) &&
                         !w.today.weekend;
    double prob = working ? 0.95 : p.outing_base;  // a workday is an outing
    const int age = a.age[i];
    if (age > 65) prob *= 1.0 - (1.0 - p.outing_elderly_factor) * std::min(1.0, (age - 65) / 10.0);
    if (a.ill_days[i] > 0) prob *= p.outing_illness_factor;
    if (a.traits[i] & kDisability) prob *= p.outing_disability_factor;
    if (!working) {
        prob *= 1.0 - p.outing_loneliness_effect * a.loneliness[i];
        prob /= 1.0 + a.days_since_outing[i] / p.outing_habit_days;
        if (withdrawn(p, a.days_since_outing[i])) prob *= p.withdrawn_factor;
        if (w.today.weekend) prob *= p.outing_weekend_factor;
        // Failed job search keeps the young at home (Seoul 2022, MOHW 2023 surveys).
        if (a.employment[i] == Employment::unemployed && age < 40) prob *= p.jobseeker_outing_factor;
        if (a.traits[i] & kMentalIllness) prob *= p.mental_illness_outing_factor;
    }
    if (w.today.winter) prob *= p.outing_winter_factor;
    if (a.outing_boost[i] > 0 && w.today.index <= a.boost_until[i]) prob *= a.outing_boost[i];  // a programme's nudge
    return std::clamp(prob * w.outing_factor, 0.0, 1.0);
}

// Everything about agent i but whether it lives: its district and age as given, the rest
// drawn (the build and every newcomer draw the same way, in this order).
void draw_person(World& w, std::uint32_t i, int d, int age, CounterRng& rng) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    const District& district = w.seoul.districts[static_cast<std::size_t>(d)];
    boost::random::normal_distribution<double> normal;
    a.district[i] = static_cast<std::uint8_t>(d);
    a.age[i] = static_cast<std::uint8_t>(age);
    a.birthday[i] = static_cast<std::uint16_t>(rng.below(365));
    a.sex[i] = rng.bernoulli(district.male_share) ? 1 : 0;

    Employment e;
    if (age < kLeavesEducationAt && rng.bernoulli(p.student_share_under25)) e = Employment::student;
    else if (age >= 65) e = rng.bernoulli(p.employment_rate_65plus) ? Employment::employed : Employment::retired;
    else e = rng.bernoulli(p.employment_rate_25_64) ? Employment::employed : Employment::unemployed;
    a.employment[i] = e;
    // A job seeker is part way through a spell: the days so far are exponential with mean
    // 365 / life.reemployment_per_year (an assumption: it reads the rate as a hazard where
    // life events read it as an annual chance, and ignores long-term unemployment's slower
    // hazard; the burn-in's years forget the start).
    if (e == Employment::unemployed) {
        const double days = -std::log1p(-rng.uniform()) * 365.0 / std::max(p.reemployment, 0.01);
        a.days_unemployed[i] = static_cast<std::uint16_t>(std::min(days, 65535.0));
    } else {
        a.days_unemployed[i] = 0;
    }

    const double u_income = rng.uniform();
    a.income[i] = u_income < p.low_income_share ? 0 : (u_income < 1.0 - p.high_income_share ? 1 : 2);
    std::uint8_t traits = 0;
    const double chronic = age < 40 ? p.chronic_illness_under40 : (age < 65 ? p.chronic_illness_40_64 : p.chronic_illness_65plus);
    if (rng.bernoulli(chronic)) traits |= kChronicIllness;
    if (rng.bernoulli(p.disability_rate)) traits |= kDisability;
    if (rng.bernoulli(p.foreign_share)) traits |= kForeign;
    if (rng.bernoulli(age < 60 ? p.app_use_under60 : p.app_use_60plus)) traits |= kAppUser;
    if (rng.bernoulli(p.mental_illness_share)) traits |= kMentalIllness;
    a.traits[i] = traits;

    // log-normal with mean 1
    const double s = p.sociability_sd;
    a.sociability[i] = static_cast<float>(std::exp(s * normal(rng) - 0.5 * s * s));
    a.resilience[i] = static_cast<float>(std::clamp(p.resilience_mean + p.resilience_sd * normal(rng), 0.0, 1.0));
    const double L = std::clamp(p.initial_loneliness_mean + 0.2 * normal(rng), 0.0, 1.0);
    a.loneliness[i] = static_cast<float>(L);
    // Start recent contact where today's loneliness is what it would settle at.
    const double deficit = std::clamp((L - p.loneliness_floor) / (1.0 - p.loneliness_floor), 0.0, 1.0);
    a.recent_contact[i] = static_cast<float>(contact_need(w, i) * (1.0 - deficit));
    a.status[i] = L > p.lonely_threshold ? Status::lonely : Status::connected;
    a.ill_days[i] = 0;
    a.days_since_contact[i] = 0;
    a.days_out_of_isolation[i] = a.days_out_of_reclusion[i] = kNeverIn;
    // Days since the last outing, in equilibrium with this agent's own chance.
    a.days_since_outing[i] = 0;
    const double q = std::max(1e-3, outing_probability(w, i));
    const double gap = std::floor(std::log(1.0 - rng.uniform()) / std::log1p(-std::min(q, 0.999)));
    a.days_since_outing[i] = static_cast<std::uint16_t>(std::min(gap, 3000.0));
}

void build_population(World& w, std::int64_t n) {
    const Parameters& p = w.p;
    const auto counts = allocate_cells(w.seoul, n);
    Agents& a = w.agents;
    a.resize(static_cast<std::uint32_t>(n));
    w.cell_begin[0] = 0;
    for (int c = 0; c < kCells; ++c) w.cell_begin[static_cast<std::size_t>(c) + 1] = w.cell_begin[static_cast<std::size_t>(c)] + static_cast<std::uint32_t>(counts[static_cast<std::size_t>(c)]);
    for (int d = 0; d <= kDistricts; ++d) w.district_begin[static_cast<std::size_t>(d)] = w.cell_begin[static_cast<std::size_t>(d * kAgeBands)];

    parallel_over(static_cast<std::size_t>(kCells), [&](std::size_t c0, std::size_t c1) {
        for (std::size_t c = c0; c < c1; ++c) {
            const int d = static_cast<int>(c) / kAgeBands, band = static_cast<int>(c) % kAgeBands;
            for (std::uint32_t i = w.cell_begin[c]; i < w.cell_begin[c + 1]; ++i) {
                CounterRng rng = w.streams[kPopulationDraw].at(i, 0);
                const int lo = SeoulData::kAgeBandMin[static_cast<std::size_t>(band)];
                const int age = lo + static_cast<int>(rng.below(static_cast<std::uint32_t>(age_band_span(band))));
                a.alive[i] = 1;
                draw_person(w, i, d, age, rng);
                if (rng.bernoulli(p.initial_withdrawn_share)) {
                    // Withdrawn: long out of the house, lonely, and out of touch; the
                    // network builder gives them few and weak ties.
                    a.days_since_outing[i] = static_cast<std::uint16_t>(p.reclusive_days + rng.below(1000));
                    a.days_since_contact[i] = static_cast<std::uint16_t>(p.isolation_days);
                    a.loneliness[i] = std::max(a.loneliness[i], 0.7f);
                    a.recent_contact[i] = 0;
                    a.status[i] = Status::lonely;
                }
            }
        }
    });
}

}  // namespace lonesim
