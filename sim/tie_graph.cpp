#include "sim/tie_graph.hpp"

#include <algorithm>
#include <cassert>

namespace lonesim {

TieGraph::TieGraph(std::uint32_t nodes, int slots_per_node)
    : slots_per_node_(slots_per_node),
      slots_(std::size_t{nodes} * static_cast<std::size_t>(slots_per_node)),
      degree_(nodes, 0) {}

bool TieGraph::connected(Node x, Node y) const {
    const Node from = degree_[x] <= degree_[y] ? x : y, to = from == x ? y : x;
    const auto mine = ties_of(from);
    return std::any_of(mine.begin(), mine.end(), [&](Tie t) { return other(t, from) == to; });
}

bool TieGraph::add(Node x, Node y, std::uint8_t type, float weight) {
    if (x == y || degree_[x] >= slots_per_node_ || degree_[y] >= slots_per_node_ || connected(x, y))
        return false;
    const Record r{x, y, weight, type, 1, 0, 0};
    Tie t;
    if (!free_.empty()) {
        t = free_.back();
        free_.pop_back();
        ties_[t] = r;
    } else {
        t = static_cast<Tie>(ties_.size());
        ties_.push_back(r);
    }
    slots_[std::size_t{x} * slots_per_node_ + degree_[x]++] = t;
    slots_[std::size_t{y} * slots_per_node_ + degree_[y]++] = t;
    ++live_count_;
    return true;
}

void TieGraph::remove(Tie t) {
    assert(ties_[t].live);
    for (Node n : {ties_[t].a, ties_[t].b}) {
        Tie* s = slots_.data() + std::size_t{n} * slots_per_node_;
        const int d = degree_[n];
        for (int i = 0; i < d; ++i)
            if (s[i] == t) {
                s[i] = s[d - 1];  // keep the slots packed
                break;
            }
        --degree_[n];
    }
    ties_[t].live = 0;
    ties_[t].weight = 0;
    free_.push_back(t);
    --live_count_;
}

void TieGraph::reorder(std::uint32_t block) {
    // Two stable counting sorts: by b, then by a's block.
    const std::uint32_t n = nodes();
    const std::uint32_t blocks = (n + block - 1) / block;
    std::vector<Record> by_b(live_count_), sorted(live_count_);
    {
        std::vector<std::uint32_t> start(std::size_t{n} + 1, 0);
        for (const auto& r : ties_)
            if (r.live) ++start[r.b + 1];
        for (std::uint32_t k = 0; k < n; ++k) start[k + 1] += start[k];
        for (const auto& r : ties_)
            if (r.live) by_b[start[r.b]++] = r;
    }
    {
        std::vector<std::uint32_t> start(std::size_t{blocks} + 1, 0);
        for (const auto& r : by_b) ++start[r.a / block + 1];
        for (std::uint32_t k = 0; k < blocks; ++k) start[k + 1] += start[k];
        for (const auto& r : by_b) sorted[start[r.a / block]++] = r;
    }
    ties_ = std::move(sorted);
    free_.clear();
    std::fill(degree_.begin(), degree_.end(), 0);
    for (Tie t = 0; t < ties_.size(); ++t) {
        slots_[std::size_t{ties_[t].a} * slots_per_node_ + degree_[ties_[t].a]++] = t;
        slots_[std::size_t{ties_[t].b} * slots_per_node_ + degree_[ties_[t].b]++] = t;
    }
}

std::size_t TieGraph::memory_bytes() const {
    return slots_.capacity() * sizeof(Tie) + degree_.capacity() + ties_.capacity() * sizeof(Record) +
           free_.capacity() * sizeof(Tie);
}

}  // namespace lonesim
