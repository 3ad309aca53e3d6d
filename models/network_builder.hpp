#pragma once
// The tie network on day 0: family, friends, neighbours and co-workers, chosen with age
// and district homophily and distance decay between district centroids, then closed
// into triangles so that clustering is realistic.
namespace lonesim {

struct World;

void build_ties(World& w);

}  // namespace lonesim
