#include "models/loneliness.hpp"

#include <algorithm>
#include <cmath>

#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

double contact_need(const World& w, std::uint32_t i) {
    const Parameters& p = w.p;
    const double older = std::clamp((w.agents.age[i] - 50.0) / 30.0, 0.0, 1.0);
    return p.need_contacts * w.agents.sociability[i] * (1.0 + (p.need_at_80 - 1.0) * older);
}

void loneliness(World& w) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    const double memory = 1.0 / p.contact_memory_days;
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        // Mood noise: triangular (the sum of two 16-bit uniforms), scaled to noise_sd.
        const double noise_scale = p.loneliness_noise * std::sqrt(6.0) / 65536.0;
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!a.alive[i]) continue;
            const double recent = a.recent_contact[i] + memory * (a.contact_value[i] - a.recent_contact[i]);
            a.recent_contact[i] = static_cast<float>(recent);
            const double need = contact_need(w, i);
            const double deficit = std::clamp(1.0 - recent / need, 0.0, 1.0);
            // Programmes' relief lowers where loneliness settles, and fades.
            const double target = std::max(0.0, p.loneliness_floor + (1.0 - p.loneliness_floor) * deficit - a.relief[i]);
            a.relief[i] *= a.relief_decay[i];
            double L = a.loneliness[i];
            L += p.loneliness_adjust * (target - L);
            L += p.contagion * a.lonely_contacts[i] * (1.0 - L);
            L -= p.resilience_recovery * a.resilience[i] * L;
            const std::uint32_t word = w.daily_draws[i][kMoodWord];
            L += (static_cast<double>(word & 0xFFFFu) + static_cast<double>(word >> 16) - 65535.0) * noise_scale;
            a.loneliness[i] = static_cast<float>(std::clamp(L, 0.0, 1.0));
        }
    });
}

}  // namespace lonesim
