#include "models/network_stats.hpp"

#include "sim/parallel.hpp"

#include <algorithm>

#include "models/world.hpp"

namespace lonesim {

NetworkStats network_stats(const World& w, std::uint32_t max_sample) {
    const TieGraph& g = w.ties;
    const Agents& a = w.agents;
    NetworkStats s;
    s.degree_histogram.assign(static_cast<std::size_t>(g.slots_per_node()) + 1, 0);
    std::uint64_t alive = 0, degree_sum = 0;
    for (std::uint32_t i = 0; i < a.size(); ++i) {
        if (!a.alive[i]) continue;
        ++alive;
        degree_sum += static_cast<std::uint64_t>(g.degree(i));
        ++s.degree_histogram[static_cast<std::size_t>(g.degree(i))];
    }
    double weight_sum = 0;
    for (std::uint32_t t = 0; t < g.tie_capacity(); ++t)
        if (g.live(t)) {
            ++s.ties;
            ++s.ties_by_type[g.type(t)];
            weight_sum += g.weight(t);
        }
    s.mean_degree = alive ? static_cast<double>(degree_sum) / static_cast<double>(alive) : 0;
    s.mean_weight = s.ties ? weight_sum / static_cast<double>(s.ties) : 0;

    std::vector<std::uint32_t> sample;
    const std::uint32_t stride = std::max<std::uint32_t>(1, a.size() / max_sample);
    for (std::uint32_t i = 0; i < a.size(); i += stride)
        if (a.alive[i] && g.degree(i) >= 2) sample.push_back(i);
    s.clustering_sample = static_cast<std::uint32_t>(sample.size());
    if (sample.empty()) return s;
    // Summed in a fixed order after the parallel part, so the value is reproducible.
    std::vector<double> local(sample.size());
    parallel_for_each_index(sample.size(), [&](std::size_t k) {
        const std::uint32_t i = sample[k];
        const auto mine = g.ties_of(i);
        std::uint32_t triangles = 0;
        for (std::size_t x = 0; x < mine.size(); ++x)
            for (std::size_t y = x + 1; y < mine.size(); ++y)
                triangles += g.connected(g.other(mine[x], i), g.other(mine[y], i));
        const double pairs = mine.size() * (mine.size() - 1) / 2.0;
        local[k] = triangles / pairs;
    });
    double sum = 0;
    for (double c : local) sum += c;
    s.clustering = sum / static_cast<double>(sample.size());
    return s;
}

}  // namespace lonesim
