#include "models/day.hpp"

#include "models/contacts.hpp"
#include "models/life_events.hpp"
#include "models/loneliness.hpp"
#include "models/outings.hpp"
#include "models/status.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"
#include "sim/phase_timer.hpp"

namespace lonesim {

namespace {
void draw_daily_words(World& w) {
    w.daily_draws.resize(w.agents.size());
    parallel_over(w.agents.size(), [&](std::size_t begin, std::size_t end) {
        w.for_each_agent(kAgentDayDraw, begin, end, [&](std::uint32_t i, CounterRng& rng) {
            auto& words = w.daily_draws[i];
            for (auto& word : words) word = rng();
        });
    });
}
}  // namespace

void calendar_and_shocks(World& w, int day) {
    w.today = day_info(w.start_date, day);
    w.outing_factor = w.venue_factor = w.contact_factor = 1.0;
    for (const auto& s : w.shocks)
        if (s.start <= w.today.date && w.today.date <= s.end) {
            // Fading: the share of the shock still on today.
            const double on = !s.fades ? 1.0
                                       : 1.0 - static_cast<double>(days_from_civil(w.today.date) - days_from_civil(s.start)) /
                                                   static_cast<double>(days_from_civil(s.end) - days_from_civil(s.start) + 1);
            w.outing_factor *= 1.0 + (s.outings - 1.0) * on;
            w.venue_factor *= 1.0 + (s.venues - 1.0) * on;
            w.contact_factor *= 1.0 + (s.contacts - 1.0) * on;
        }
    draw_daily_words(w);
}

void step_day(World& w, int day, PhaseTimer* t) {
    timed(t, "calendar", [&] { calendar_and_shocks(w, day); });  // 1
    timed(t, "life_events", [&] { life_events(w); });            // 2
    timed(t, "outings", [&] { outings(w); });                    // 3
    timed(t, "contacts", [&] { contacts(w, t); });                  // 4
    timed(t, "loneliness", [&] { loneliness(w); });              // 5
    timed(t, "status", [&] { status_transitions(w); });          // 6
    timed(t, "programmes", [&] { run_programmes(w); });          // 7
    timed(t, "metrics", [&] { accumulate_metrics(w); });         // 8
}

}  // namespace lonesim
