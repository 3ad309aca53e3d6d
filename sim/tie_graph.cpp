#include "sim/tie_graph.hpp"

#include <algorithm>
#include <cassert>

#include "sim/parallel.hpp"

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
    const std::uint32_t n = nodes();
    const std::uint32_t blocks = (n + block - 1) / block;
    // 1. Live ties grouped by the block of end a (a stable counting sort)...
    std::vector<std::uint32_t> start(std::size_t{blocks} + 1, 0);
    for (const auto& r : ties_)
        if (r.live) ++start[r.a / block + 1];
    for (std::uint32_t k = 0; k < blocks; ++k) start[k + 1] += start[k];
    // Scratch buffers live as long as the graph: fresh ones cost page faults each time.
    auto& order = reorder_keys_;
    order.resize(live_count_);
    {
        std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
        for (Tie t = 0; t < ties_.size(); ++t)
            if (ties_[t].live) order[next[ties_[t].a / block]++] = {std::uint64_t{ties_[t].b} << 32 | ties_[t].a, t};
    }
    // 2. ...then by end b within each group.
    parallel_for_each_index(blocks, [&](std::size_t k) {
        std::sort(order.begin() + start[k], order.begin() + start[k + 1],
                  [](const Keyed& x, const Keyed& y) { return x.key < y.key; });
    });
    // 3. Move the records and renumber every slot; each node keeps its slot order.
    auto& new_id = reorder_ids_;
    new_id.resize(ties_.size());
    auto& sorted = reorder_records_;
    sorted.resize(order.size());
    parallel_for_each_index(order.size(), [&](std::size_t k) {
        new_id[order[k].id] = static_cast<Tie>(k);
        sorted[k] = ties_[order[k].id];
    });
    parallel_for_each_index(n, [&](std::size_t v) {  // tbb::parallel_for over the nodes, as before
        Tie* s = slots_.data() + v * static_cast<std::size_t>(slots_per_node_);
        for (int i = 0; i < degree_[v]; ++i) s[i] = new_id[s[i]];
    });
    ties_.swap(sorted);
    free_.clear();
}

std::size_t TieGraph::memory_bytes() const {
    return slots_.capacity() * sizeof(Tie) + degree_.capacity() +
           (ties_.capacity() + reorder_records_.capacity()) * sizeof(Record) +
           (free_.capacity() + reorder_ids_.capacity()) * sizeof(Tie) + reorder_keys_.capacity() * sizeof(Keyed);
}

std::string TieGraph::check() const {
    const std::size_t n = degree_.size();
    if (slots_per_node_ < 1 || slots_per_node_ > 255) return "slots per node " + std::to_string(slots_per_node_) + " out of range";
    if (slots_.size() != n * static_cast<std::size_t>(slots_per_node_)) return "slots do not match the nodes";
    std::size_t live = 0, in_slots = 0;
    for (const Record& r : ties_)
        if (r.live) {
            ++live;
            if (r.a >= n || r.b >= n || r.a == r.b) return "a tie's ends are not two nodes";
        }
    if (live != live_count_) return "the live ties do not add up";
    for (Node v = 0; v < n; ++v) {
        if (degree_[v] > slots_per_node_) return "a node has more ties than slots";
        for (Tie t : ties_of(v)) {
            if (t >= ties_.size() || !ties_[t].live || (ties_[t].a != v && ties_[t].b != v)) return "a slot names a tie its node is not in";
            ++in_slots;
        }
    }
    if (in_slots != 2 * live) return "the ties in the slots do not add up";
    for (Tie t : free_)
        if (t >= ties_.size() || ties_[t].live) return "a free id is in use";
    return "";
}

}  // namespace lonesim
