#include "sim/tie_graph.hpp"

#include <algorithm>
#include <cassert>

namespace lonesim {

TieGraph::TieGraph(std::uint32_t nodes, int slots_per_node)
    : slots_per_node_(slots_per_node),
      slots_(std::size_t{nodes} * static_cast<std::size_t>(slots_per_node)),
      degree_(nodes, 0) {}

bool TieGraph::connected(Node x, Node y) const {
    const auto mine = degree_[x] <= degree_[y] ? ties_of(x) : ties_of(y);
    const Node from = degree_[x] <= degree_[y] ? x : y, to = from == x ? y : x;
    return std::any_of(mine.begin(), mine.end(), [&](Tie t) { return other(t, from) == to; });
}

bool TieGraph::add(Node x, Node y, std::uint8_t type, float weight) {
    if (x == y || degree_[x] >= slots_per_node_ || degree_[y] >= slots_per_node_ || connected(x, y))
        return false;
    Tie t;
    if (!free_.empty()) {
        t = free_.back();
        free_.pop_back();
        a_[t] = x, b_[t] = y, weight_[t] = weight, type_[t] = type, live_[t] = 1;
    } else {
        t = static_cast<Tie>(a_.size());
        a_.push_back(x), b_.push_back(y), weight_.push_back(weight), type_.push_back(type);
        live_.push_back(1);
    }
    slots_[std::size_t{x} * slots_per_node_ + degree_[x]++] = t;
    slots_[std::size_t{y} * slots_per_node_ + degree_[y]++] = t;
    ++live_count_;
    return true;
}

void TieGraph::remove(Tie t) {
    assert(live_[t]);
    for (Node n : {a_[t], b_[t]}) {
        Tie* s = slots_.data() + std::size_t{n} * slots_per_node_;
        const int d = degree_[n];
        for (int i = 0; i < d; ++i)
            if (s[i] == t) {
                s[i] = s[d - 1];  // keep the slots packed
                break;
            }
        --degree_[n];
    }
    live_[t] = 0;
    weight_[t] = 0;
    free_.push_back(t);
    --live_count_;
}

std::size_t TieGraph::memory_bytes() const {
    return slots_.capacity() * sizeof(Tie) + degree_.capacity() +
           (a_.capacity() + b_.capacity() + free_.capacity()) * sizeof(Node) +
           weight_.capacity() * sizeof(float) + type_.capacity() + live_.capacity();
}

}  // namespace lonesim
