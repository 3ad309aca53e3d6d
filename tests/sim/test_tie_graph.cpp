#include <doctest/doctest.h>

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
