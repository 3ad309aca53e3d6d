#pragma once
// An undirected, weighted, typed graph with at most a fixed number of tie slots per node.
// Each tie is stored once, as one 16-byte record (both ends see the same weight); nodes
// hold the ids of their ties: up to kInlineSlots in the node's own slots, and a node with
// more moves them all, in order, to a chunk of slots_per_node slots in an overflow pool
// (most nodes have far fewer ties than the maximum: Seoul's mean is about 6.5 of 32).
// Structural changes (add, remove) are made by one thread in a fixed order, so the graph
// is the same whatever the thread count; records may be updated in parallel, one writer
// per tie.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lonesim {

class TieGraph {
public:
    using Node = std::uint32_t;
    using Tie = std::uint32_t;

    struct Record {
        Node a, b;
        float weight;
        std::uint8_t type;
        std::uint8_t live;
        std::uint8_t flags;  // the model's per-day scratch (today's contact, say)
        std::uint8_t placed;  // 1 once a reordering has put it in order; 0 for ties added since
    };
    static_assert(sizeof(Record) == 16);

    TieGraph() = default;
    TieGraph(std::uint32_t nodes, int slots_per_node);

    std::uint32_t nodes() const { return static_cast<std::uint32_t>(degree_.size()); }
    int slots_per_node() const { return slots_per_node_; }
    int degree(Node n) const { return degree_[n]; }
    // A node's ties, in the order they were added (a removal moves the last into its place).
    std::span<const Tie> ties_of(Node n) const { return {slots_of(n), degree_[n]}; }
    Node other(Tie t, Node n) const { return ties_[t].a == n ? ties_[t].b : ties_[t].a; }
    Node end_a(Tie t) const { return ties_[t].a; }
    Node end_b(Tie t) const { return ties_[t].b; }
    bool live(Tie t) const { return ties_[t].live != 0; }
    float weight(Tie t) const { return ties_[t].weight; }
    std::uint8_t type(Tie t) const { return ties_[t].type; }

    // All tie ids ever issued; iterate and skip !live(t).
    std::uint32_t tie_capacity() const { return static_cast<std::uint32_t>(ties_.size()); }
    std::size_t live_ties() const { return live_count_; }

    // Records, for parallel loops with one writer per tie (weight and flags only).
    std::span<Record> records() { return ties_; }
    std::span<const Record> records() const { return ties_; }

    // Room for this many tie ids in all, so adding up to it never copies the records.
    void reserve(std::size_t ties) { ties_.reserve(ties); }

    bool connected(Node x, Node y) const;
    // Adds a tie unless x == y, they are tied already, or either has no free slot.
    bool add(Node x, Node y, std::uint8_t type, float weight);
    void remove(Tie t);

    // Renumbers the live ties so that a loop over tie ids reads node data nearly in
    // order: ties sorted by (end a / block, end b, end a), block a power of two.
    // Renumbers every node's slots, keeping their order; drops the ids of removed ties.
    // Deterministic. Ties placed by the last reordering are still in order, so only those
    // added since are sorted and merged in: O(ties + nodes + new ties log new ties).
    // Keeps no scratch afterwards.
    void reorder(std::uint32_t block);

    std::size_t memory_bytes() const;

    // What is wrong with a graph read from a file ("" when nothing): every slot names a
    // live tie of its node, every live tie's ends are nodes with it in their slots, the
    // counts add up. O(ties + nodes).
    std::string check() const;

    // Its state, both ways (sim/state_archive.hpp): all of it.
    template <class Archive>
    void state(Archive& a) {
        a.value("slots_per_node", slots_per_node_);
        a.values("slots", slots_);
        a.values("degree", degree_);
        a.values("overflow", overflow_);
        a.values("free_chunks", free_chunks_);
        a.values("ties", ties_);
        a.values("free", free_);
        a.value("live_count", live_count_);
    }

    // Ties a node holds in its own slots; beyond this, in an overflow chunk. 12 keeps 94%
    // of Seoul's nodes inline (bench_day's degree count), at 48 bytes a node.
    static constexpr int kInlineSlots = 12;

private:
    int inline_slots() const { return slots_per_node_ < kInlineSlots ? slots_per_node_ : kInlineSlots; }
    // A node with more ties than inline_slots() keeps the index of its overflow chunk in
    // its first own slot (the others are unused then).
    bool overflowed(Node n) const { return degree_[n] > inline_slots(); }
    const Tie* slots_of(Node n) const {
        const Tie* own = slots_.data() + std::size_t{n} * static_cast<std::size_t>(inline_slots());
        return overflowed(n) ? overflow_.data() + std::size_t{*own} * static_cast<std::size_t>(slots_per_node_) : own;
    }
    Tie* slots_of(Node n) { return const_cast<Tie*>(std::as_const(*this).slots_of(n)); }
    void push_slot(Node n, Tie t);
    void drop_slot(Node n, Tie t);

    int slots_per_node_ = 0;
    std::vector<Tie> slots_;  // inline_slots() a node
    std::vector<Tie> overflow_;  // slots_per_node_ a chunk
    std::vector<std::uint32_t> free_chunks_;
    std::vector<std::uint8_t> degree_;
    std::vector<Record> ties_;
    std::vector<Tie> free_;
    std::size_t live_count_ = 0;
    // Records grow by an eighth of their number at a time, not double (see add).
    static constexpr std::size_t kGrowthDivisor = 8;
};

}  // namespace lonesim
