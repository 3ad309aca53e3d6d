#pragma once
// An undirected, weighted, typed graph with a fixed number of tie slots per node.
// Each tie is stored once (both ends see the same weight); nodes hold the ids of their
// ties. Structural changes (add, remove) are made by one thread in a fixed order, so
// the graph is the same whatever the thread count; weights may be updated in parallel,
// one writer per tie.
#include <cstdint>
#include <span>
#include <vector>

namespace lonesim {

class TieGraph {
public:
    using Node = std::uint32_t;
    using Tie = std::uint32_t;

    TieGraph() = default;
    TieGraph(std::uint32_t nodes, int slots_per_node);

    std::uint32_t nodes() const { return static_cast<std::uint32_t>(degree_.size()); }
    int slots_per_node() const { return slots_per_node_; }
    int degree(Node n) const { return degree_[n]; }
    std::span<const Tie> ties_of(Node n) const {
        return {slots_.data() + std::size_t{n} * static_cast<std::size_t>(slots_per_node_), degree_[n]};
    }
    Node other(Tie t, Node n) const { return a_[t] == n ? b_[t] : a_[t]; }
    Node end_a(Tie t) const { return a_[t]; }
    Node end_b(Tie t) const { return b_[t]; }
    bool live(Tie t) const { return live_[t] != 0; }

    // All tie ids ever issued; iterate and skip !live(t).
    std::uint32_t tie_capacity() const { return static_cast<std::uint32_t>(a_.size()); }
    std::size_t live_ties() const { return live_count_; }

    bool connected(Node x, Node y) const;
    // Adds a tie unless x == y, they are tied already, or either has no free slot.
    bool add(Node x, Node y, std::uint8_t type, float weight);
    void remove(Tie t);

    // Per-tie data, one writer per tie in parallel loops.
    std::vector<float>& weights() { return weight_; }
    const std::vector<float>& weights() const { return weight_; }
    float weight(Tie t) const { return weight_[t]; }
    std::uint8_t type(Tie t) const { return type_[t]; }

    std::size_t memory_bytes() const;

private:
    int slots_per_node_ = 0;
    std::vector<Tie> slots_;
    std::vector<std::uint8_t> degree_;
    std::vector<Node> a_, b_;
    std::vector<float> weight_;
    std::vector<std::uint8_t> type_, live_;
    std::vector<Tie> free_;
    std::size_t live_count_ = 0;
};

}  // namespace lonesim
