#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/tie_graph.hpp"

using namespace lonesim;

TEST_CASE("ties are seen from both ends, refuse duplicates and full nodes, and survive reordering") {
    TieGraph g(6, 2);
    CHECK(g.add(0, 1, 1, 0.5f));
    CHECK(!g.add(1, 0, 1, 0.5f));  // already tied
    CHECK(!g.add(2, 2, 1, 0.5f));  // no self-ties
    CHECK(g.add(0, 2, 0, 0.7f));
    CHECK(!g.add(0, 3, 0, 0.7f));  // node 0 is full
    CHECK(g.add(5, 4, 2, 0.3f));
    CHECK(g.connected(1, 0));
    CHECK(g.degree(0) == 2);
    CHECK(g.live_ties() == 3);
    const auto t = g.ties_of(1)[0];
    CHECK(g.other(t, 1) == 0);
    CHECK(g.weight(t) == 0.5f);
    g.remove(t);
    CHECK(!g.connected(0, 1));
    CHECK(g.degree(0) == 1);
    CHECK(g.degree(1) == 0);
    g.reorder(2);
    CHECK(g.live_ties() == 3 - 1);
    CHECK(g.tie_capacity() == 2);
    CHECK(g.connected(0, 2));
    CHECK(g.connected(4, 5));
    CHECK(g.weight(g.ties_of(4)[0]) == 0.3f);
    CHECK(g.type(g.ties_of(2)[0]) == 0);
}

namespace {

// What a graph must look like from outside: each node's ties in slot order, as the other
// ends, with the rule that a removal moves the last tie into the removed one's place.
struct ReferenceGraph {
    std::vector<std::vector<TieGraph::Node>> slots;
    explicit ReferenceGraph(std::uint32_t n) : slots(n) {}
    void add(TieGraph::Node x, TieGraph::Node y) {
        slots[x].push_back(y);
        slots[y].push_back(x);
    }
    void remove(TieGraph::Node x, TieGraph::Node y) {
        for (auto [from, to] : {std::pair{x, y}, std::pair{y, x}}) {
            auto& s = slots[from];
            *std::find(s.begin(), s.end(), to) = s.back();
            s.pop_back();
        }
    }
};

void require_same(const TieGraph& g, const ReferenceGraph& ref) {
    REQUIRE(g.check() == "");
    std::size_t ends = 0;
    for (TieGraph::Node v = 0; v < g.nodes(); ++v) {
        const auto mine = g.ties_of(v);
        REQUIRE(mine.size() == ref.slots[v].size());
        for (std::size_t i = 0; i < mine.size(); ++i) REQUIRE(g.other(mine[i], v) == ref.slots[v][i]);
        ends += mine.size();
    }
    REQUIRE(ends == 2 * g.live_ties());
}

}  // namespace

TEST_CASE("nodes with many ties move them to overflow chunks and back, in order, and reordering sorts the ids") {
    // 40 nodes with up to 32 ties: many pass the 12 held inline, in both directions, and
    // chunks are freed and reused; reordering (blocks of 8 nodes, so several groups)
    // renumbers without changing any node's order.
    constexpr std::uint32_t n = 40, block = 8;
    TieGraph g(n, 32);
    ReferenceGraph ref(n);
    std::uint64_t state = 12345;
    auto next = [&](std::uint32_t below) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(state >> 33) % below;
    };
    int overflowed_seen = 0;
    for (int round = 0; round < 30; ++round) {
        for (int k = 0; k < 200; ++k) {
            const TieGraph::Node x = next(n), y = next(n);
            const bool expected = x != y && g.degree(x) < 32 && g.degree(y) < 32 && !g.connected(x, y);
            REQUIRE(g.add(x, y, static_cast<std::uint8_t>(next(4)), 0.5f) == expected);
            if (expected) ref.add(x, y);
        }
        for (TieGraph::Node v = 0; v < n; ++v) overflowed_seen += g.degree(v) > TieGraph::kInlineSlots;
        require_same(g, ref);
        for (int k = 0; k < 150 && g.live_ties() > 0; ++k) {
            const TieGraph::Node x = next(n);
            if (g.degree(x) == 0) continue;
            const auto t = g.ties_of(x)[next(static_cast<std::uint32_t>(g.degree(x)))];
            ref.remove(g.end_a(t), g.end_b(t));
            g.remove(t);
        }
        require_same(g, ref);
        if (round % 3 == 2) {
            g.reorder(block);
            require_same(g, ref);
            REQUIRE(g.tie_capacity() == g.live_ties());
            for (TieGraph::Tie t = 1; t < g.tie_capacity(); ++t) {
                const auto key = [&](TieGraph::Tie u) { return std::tuple{g.end_a(u) / block, g.end_b(u), g.end_a(u)}; };
                REQUIRE(key(t - 1) < key(t));
            }
        }
    }
    CHECK(overflowed_seen > 50);
}
