#pragma once
// Summary statistics of the tie network, reported at the start and end of a run.
#include <array>
#include <cstdint>
#include <vector>

namespace lonesim {

struct World;

struct NetworkStats {
    std::uint64_t ties = 0;
    double mean_degree = 0;
    double clustering = 0;                  // mean local clustering coefficient
    std::uint32_t clustering_sample = 0;    // agents it was measured on
    std::vector<std::uint64_t> degree_histogram;  // [degree] -> living agents
    std::array<std::uint64_t, 4> ties_by_type{};
    double mean_weight = 0;
};

// Clustering is measured on up to max_sample living agents of degree >= 2, evenly
// spaced through the store (deterministic).
NetworkStats network_stats(const World& w, std::uint32_t max_sample = 50000);

}  // namespace lonesim
