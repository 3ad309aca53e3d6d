#include "models/outings.hpp"

#include "models/population.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

void outings(World& w) {
    Agents& a = w.agents;
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!a.alive[i]) {
                a.went_out[i] = 0;
                continue;
            }
            const bool out = w.daily_uniform(i, kOutingWord) < outing_probability(w, i);
            a.went_out[i] = out;
            a.days_since_outing[i] = out ? 0 : static_cast<std::uint16_t>(std::min(a.days_since_outing[i] + 1, 65535));
        }
    });
}

}  // namespace lonesim
