#include "models/status.hpp"

#include <algorithm>

#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

bool no_one_to_turn_to(const World& w, unsigned i) {
    return w.agents.strong_ties[i] == 0;
}

namespace {
enum class Episode { none, begins };
// One day of an agent's days out of a state: 0 while in it; counting up once out (saturating
// at kNeverIn - 1, so a never-in agent stays kNeverIn). Entering after `gap` days out, or
// for the first time, begins an episode.
Episode episode_day(std::uint16_t& days_out, bool in_now, bool in_before, std::uint16_t gap) {
    if (in_now) {
        const bool begins = !in_before && days_out >= gap;
        days_out = 0;
        return begins ? Episode::begins : Episode::none;
    }
    if (days_out < kNeverIn - 1) ++days_out;
    return Episode::none;
}
}  // namespace

void status_transitions(World& w) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    const float threshold = static_cast<float>(p.lonely_threshold);
    const auto gap = static_cast<std::uint16_t>(p.episode_gap_days);
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!a.alive[i]) continue;
            a.days_since_contact[i] = a.met_in_person[i] ? 0 : static_cast<std::uint16_t>(std::min(a.days_since_contact[i] + 1, 65535));
            const bool isolated = a.days_since_contact[i] >= p.isolation_days && no_one_to_turn_to(w, i);
            const Status before = a.status[i];
            Status now = Status::connected;
            if (isolated) now = a.days_since_outing[i] >= p.reclusive_days ? Status::reclusive : Status::isolated;
            else if (a.loneliness[i] > threshold) now = Status::lonely;
            const bool was_isolated = before >= Status::isolated, is_isolated = now >= Status::isolated;
            // Episodes, not crossings: a return within status.episode_gap_days of the last
            // day in the state continues its episode; one that has stayed out that long has
            // ended it.
            if (episode_day(a.days_out_of_isolation[i], is_isolated, was_isolated, gap) == Episode::begins) a.events[i] |= kIsolationEpisode;
            else if (a.days_out_of_isolation[i] == gap && !is_isolated) a.events[i] |= kIsolationEpisodeEnded;
            const bool is_reclusive = now == Status::reclusive, was_reclusive = before == Status::reclusive;
            if (episode_day(a.days_out_of_reclusion[i], is_reclusive, was_reclusive, gap) == Episode::begins) a.events[i] |= kReclusionEpisode;
            a.status[i] = now;
        }
    });
}

}  // namespace lonesim
