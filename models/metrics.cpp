#include "models/metrics.hpp"



#include <cmath>
#include <limits>

#include "models/status.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

const std::array<MetricInfo, kMetricCount> kMetricInfo = {{
    {"alive", "Single-person households alive at the end of the day", "households", true, false},
    {"connected", "Alive and neither lonely, isolated nor reclusive", "households", true, false},
    {"lonely", "Loneliness above the threshold, not isolated (exclusive status)", "households", true, false},
    {"isolated", "No contact for status.isolation_days and no one to turn to, not reclusive", "households", true, false},
    {"reclusive", "Isolated and no outing for status.reclusive_days", "households", true, false},
    {"no_one_to_turn_to", "No tie strong enough to ask for help (social-isolation index; overlaps the statuses)", "households", true, false},
    {"feels_lonely", "Loneliness above the threshold, whatever the status (subjective loneliness)", "households", true, false},
    {"mean_loneliness", "Mean loneliness L of the living (0-1; UCLA-3 = 3 + 6 L); NaN where none alive", "0-1", true, true, true},
    {"mean_degree", "Mean number of ties of the living; NaN where none alive", "ties", true, true},
    {"isolation_episodes", "Isolation episodes begun today: became isolated or reclusive for the first time, or after status.episode_gap_days out of it (a return sooner continues the episode)", "episodes per day", false, false},
    {"reclusion_episodes", "Reclusion episodes begun today: became reclusive for the first time, or after status.episode_gap_days not reclusive", "episodes per day", false, false},
    {"recoveries", "Isolation episodes ended today: status.episode_gap_days out of isolation and reclusion", "episodes per day", false, false},
    {"deaths", "Deaths today", "deaths per day", false, false},
    {"unattended_deaths", "Deaths today discovered only after death.unattended_days (godoksa), counted on the day of death", "deaths per day", false, false},
    {"expected_unattended_deaths", "Today's deaths' chances of lying undiscovered for death.unattended_days, summed: the expected unattended_deaths given who died, with the discovery draw's noise taken out", "deaths per day", false, false, true},
    {"ties_formed", "Ties formed today, counted at the lower-numbered end", "ties per day", false, false},
    {"ties_lost", "Ties dissolved today (decay, turnover, death, departure, moving), counted at the lower-numbered end", "ties per day", false, false},
    {"outings", "Agents who went out today beyond necessities", "agents per day", false, false},
    {"contacts", "Contacts made along ties today, counted at both ends", "contact ends per day", false, false},
    {"arrivals", "New single-person households that arrived today (replacing those who left or died, and the growth of a [[population.households]] path)", "households per day", false, false},
    {"departures", "Single-person households that left today (moved in with a partner or family, or out of Seoul; life.departure_factor)", "households per day", false, false},
}};

namespace {
double scale_of(int metric) { return kMetricInfo[static_cast<std::size_t>(metric)].fractional ? kFixedPointScale : 1.0; }
}  // namespace

double DayMetrics::value(int metric, int c) const {
    const double v = static_cast<double>(cell[static_cast<std::size_t>(metric)][static_cast<std::size_t>(c)]) / scale_of(metric);
    if (!kMetricInfo[static_cast<std::size_t>(metric)].mean) return v;
    const std::int64_t alive = cell[kAlive][static_cast<std::size_t>(c)];
    if (alive == 0) return std::numeric_limits<double>::quiet_NaN();
    return v / static_cast<double>(alive);
}

std::int64_t DayMetrics::total(int metric) const {
    std::int64_t s = 0;
    for (auto v : cell[static_cast<std::size_t>(metric)]) s += v;
    return s;
}

double DayMetrics::seoul_mean(int metric) const {
    const auto alive = total(kAlive);
    return alive ? static_cast<double>(total(metric)) / scale_of(metric) / static_cast<double>(alive) : 0.0;
}

double DayMetrics::seoul_value(int metric) const {
    return kMetricInfo[static_cast<std::size_t>(metric)].mean ? seoul_mean(metric) : static_cast<double>(total(metric)) / scale_of(metric);
}

void accumulate_metrics(World& w) {
    const Agents& a = w.agents;
    using Cells = std::array<std::array<std::int64_t, kCells>, kMetricCount>;
    PerThread<Cells> partial([] { return Cells{}; });
    const float lonely = static_cast<float>(w.p.lonely_threshold);
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        Cells& m = partial.local();
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            const std::size_t c = static_cast<std::size_t>(cell_of(a.district[i], a.age[i]));
            const std::uint16_t ev = a.events[i];
            m[kDeaths][c] += (ev & kDied) != 0;
            m[kDepartures][c] += (ev & kDeparted) != 0;
            m[kUnattendedDeaths][c] += (ev & kUnattended) != 0;
            m[kTiesFormed][c] += a.ties_formed[i];
            m[kTiesLost][c] += a.ties_lost[i];
            if (!a.alive[i]) continue;
            m[kAlive][c] += 1;
            m[kConnected + static_cast<int>(a.status[i])][c] += 1;
            m[kNoOneToTurnTo][c] += no_one_to_turn_to(w, i);
            m[kFeelsLonely][c] += a.loneliness[i] > lonely;
            m[kMeanLoneliness][c] += std::llround(a.loneliness[i] * kFixedPointScale);
            m[kMeanDegree][c] += w.ties.degree(i);
            m[kIsolationEpisodes][c] += (ev & kIsolationEpisode) != 0;
            m[kReclusionEpisodes][c] += (ev & kReclusionEpisode) != 0;
            m[kRecoveries][c] += (ev & kIsolationEpisodeEnded) != 0;
            m[kOutings][c] += a.went_out[i];
            m[kContacts][c] += a.contacts_today[i];
            m[kArrivals][c] += (ev & kArrived) != 0;
        }
    });
    // Integer sums: the same total whatever the order threads finished in.
    w.metrics.cell = Cells{};
    w.metrics.cell[kExpectedUnattendedDeaths] = w.unattended_risk_today;
    partial.each([&](const Cells& m) {
        for (int k = 0; k < kMetricCount; ++k)
            for (int c = 0; c < kCells; ++c) w.metrics.cell[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)] += m[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)];
    });
}

}  // namespace lonesim
