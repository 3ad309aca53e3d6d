#include "sim/tie_graph.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <iterator>

#include "sim/parallel.hpp"

namespace lonesim {

TieGraph::TieGraph(std::uint32_t nodes, int slots_per_node)
    : slots_per_node_(slots_per_node),
      slots_(std::size_t{nodes} * static_cast<std::size_t>(inline_slots())),
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
        // Doubling would hold the old and a twice-larger copy at once: 48 bytes a tie.
        if (ties_.size() == ties_.capacity()) ties_.reserve(ties_.size() + ties_.size() / kGrowthDivisor + 1024);
        ties_.push_back(r);
    }
    push_slot(x, t);
    push_slot(y, t);
    ++live_count_;
    return true;
}

void TieGraph::push_slot(Node n, Tie t) {
    const int in = inline_slots();
    if (degree_[n] < in || overflowed(n)) {
        slots_of(n)[degree_[n]++] = t;
        return;
    }
    // The node's own slots are full: all its ties move to a chunk, in order.
    std::uint32_t c;
    if (!free_chunks_.empty()) {
        c = free_chunks_.back();
        free_chunks_.pop_back();
    } else {
        c = static_cast<std::uint32_t>(overflow_.size() / static_cast<std::size_t>(slots_per_node_));
        overflow_.resize(overflow_.size() + static_cast<std::size_t>(slots_per_node_));
    }
    Tie* own = slots_.data() + std::size_t{n} * static_cast<std::size_t>(in);
    Tie* chunk = overflow_.data() + std::size_t{c} * static_cast<std::size_t>(slots_per_node_);
    std::copy(own, own + in, chunk);
    chunk[in] = t;
    *own = c;
    ++degree_[n];
}

void TieGraph::drop_slot(Node n, Tie t) {
    Tie* s = slots_of(n);
    const int d = degree_[n];
    for (int i = 0; i < d; ++i)
        if (s[i] == t) {
            s[i] = s[d - 1];  // keep the slots packed
            break;
        }
    const bool was_overflowed = overflowed(n);
    --degree_[n];
    if (!was_overflowed || overflowed(n)) return;
    // Back to the node's own slots, in order; the chunk is free again.
    Tie* own = slots_.data() + std::size_t{n} * static_cast<std::size_t>(inline_slots());
    free_chunks_.push_back(*own);
    std::copy(s, s + degree_[n], own);
}

void TieGraph::remove(Tie t) {
    assert(ties_[t].live);
    for (Node n : {ties_[t].a, ties_[t].b}) drop_slot(n, t);
    ties_[t].live = 0;
    ties_[t].weight = 0;
    free_.push_back(t);
    --live_count_;
}

void TieGraph::reorder(std::uint32_t block) {
    assert(block > 0 && (block & (block - 1)) == 0);
    const int shift = std::countr_zero(block);
    const std::uint32_t n = nodes();
    const std::uint32_t blocks = (n >> shift) + 1;
    const std::size_t ids = ties_.size();
    // The scratch lives only while this runs (about 20 bytes a tie at its peak, in step 4),
    // so the graph's steady memory is its slots and records alone.
    // 1. Live ties grouped by the block of end a (a stable counting sort, so each group
    // lists its ties in id order)...
    std::vector<std::size_t> start(std::size_t{blocks} + 1, 0);
    for (const auto& r : ties_)
        if (r.live) ++start[(r.a >> shift) + 1];
    for (std::uint32_t k = 0; k < blocks; ++k) start[k + 1] += start[k];
    std::vector<Tie> order(live_count_);  // new id -> old id
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (Tie t = 0; t < ids; ++t)
            if (ties_[t].live) order[next[ties_[t].a >> shift]++] = t;
    }
    // 2. ...then, within each group, by (b, a): keys unique among live ties. The ties placed by the
    // last reordering are in that order already (a tie's ends never change), so the group's
    // new ties are sorted apart and merged in from the back.
    const auto key = [&](Tie t) { return std::uint64_t{ties_[t].b} << 32 | ties_[t].a; };
    parallel_for_each_index(blocks, [&](std::size_t k) {
        Tie* const group = order.data() + start[k];
        const std::size_t size = start[k + 1] - start[k];
        std::vector<Tie> added;
        std::size_t kept = 0;
        bool in_order = true;
        for (std::size_t i = 0; i < size; ++i) {
            const Tie t = group[i];
            if (!ties_[t].placed) {
                added.push_back(t);
                continue;
            }
            in_order = in_order && (kept == 0 || key(group[kept - 1]) < key(t));
            group[kept++] = t;
        }
        // (A graph whose placed ties are out of order, from a file say, is sorted whole.)
        if (!in_order) {
            std::copy(group, group + kept, std::back_inserter(added));
            kept = 0;
        }
        std::sort(added.begin(), added.end(), [&](Tie x, Tie y) { return key(x) < key(y); });
        std::size_t i = kept, j = added.size(), out = size;
        while (j > 0) group[--out] = i > 0 && key(group[i - 1]) > key(added[j - 1]) ? group[--i] : added[--j];
    });
    // 3. Each tie's new id...
    std::vector<Tie> new_id(ids);
    parallel_over(live_count_, [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end; ++k) new_id[order[k]] = static_cast<Tie>(k);
    });
    std::vector<Tie>().swap(order);
    // 4. ...its record moved there, into a buffer with room for the ties formed before the
    // next reordering (so they do not double the buffer)...
    std::vector<Record> sorted;
    sorted.reserve(live_count_ + live_count_ / kGrowthDivisor + 1);
    sorted.resize(live_count_);
    parallel_over(ids, [&](std::size_t begin, std::size_t end) {
        for (std::size_t t = begin; t < end; ++t)
            if (ties_[t].live) {
                sorted[new_id[t]] = ties_[t];
                sorted[new_id[t]].placed = 1;
            }
    });
    ties_.swap(sorted);
    std::vector<Record>().swap(sorted);
    // 5. ...and every slot renumbered; each node keeps its slot order.
    parallel_for_each_index(n, [&](std::size_t v) {
        Tie* s = slots_of(static_cast<Node>(v));  // a chunk is one node's, so writes never meet
        for (int i = 0; i < degree_[v]; ++i) s[i] = new_id[s[i]];
    });
    std::vector<Tie>().swap(free_);
}

std::size_t TieGraph::memory_bytes() const {
    return (slots_.capacity() + overflow_.capacity() + free_.capacity()) * sizeof(Tie) + free_chunks_.capacity() * sizeof(std::uint32_t) +
           degree_.capacity() + ties_.capacity() * sizeof(Record);
}

std::string TieGraph::check() const {
    const std::size_t n = degree_.size();
    if (slots_per_node_ < 1 || slots_per_node_ > 255) return "slots per node " + std::to_string(slots_per_node_) + " out of range";
    if (slots_.size() != n * static_cast<std::size_t>(inline_slots())) return "slots do not match the nodes";
    if (overflow_.size() % static_cast<std::size_t>(slots_per_node_) != 0) return "the overflow slots are not whole chunks";
    // Each overflow chunk is one node's or free, never both or twice.
    std::vector<std::uint8_t> chunk_taken(overflow_.size() / static_cast<std::size_t>(slots_per_node_), 0);
    auto take = [&](std::uint32_t c) {
        if (c >= chunk_taken.size() || chunk_taken[c]) return false;
        chunk_taken[c] = 1;
        return true;
    };
    for (Node v = 0; v < n; ++v) {
        if (degree_[v] > slots_per_node_) return "a node has more ties than slots";
        if (overflowed(v) && !take(slots_[std::size_t{v} * static_cast<std::size_t>(inline_slots())])) return "a node's overflow chunk is missing or shared";
    }
    for (std::uint32_t c : free_chunks_)
        if (!take(c)) return "a free overflow chunk is missing or in use";
    if (std::find(chunk_taken.begin(), chunk_taken.end(), 0) != chunk_taken.end()) return "an overflow chunk is lost";
    std::size_t live = 0, in_slots = 0;
    for (const Record& r : ties_)
        if (r.live) {
            ++live;
            if (r.a >= n || r.b >= n || r.a == r.b) return "a tie's ends are not two nodes";
        }
    if (live != live_count_) return "the live ties do not add up";
    for (Node v = 0; v < n; ++v) {
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
