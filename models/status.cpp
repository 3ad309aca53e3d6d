#include "models/status.hpp"

#include <algorithm>

#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

bool no_one_to_turn_to(const World& w, unsigned i) {
    return w.agents.strong_ties[i] == 0;
}

void status_transitions(World& w) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    const float threshold = static_cast<float>(p.lonely_threshold);
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
            if (is_isolated && !was_isolated) a.events[i] |= kBecameIsolated;
            if (was_isolated && !is_isolated) a.events[i] |= kLeftIsolation;
            if (now == Status::reclusive && before != Status::reclusive) a.events[i] |= kBecameReclusive;
            a.status[i] = now;
        }
    });
}

}  // namespace lonesim
