#pragma once
// The tie network on day 0: family, friends, neighbours and co-workers, chosen with age
// and district homophily and distance decay between district centroids, then closed
// into triangles so that clustering is realistic. Agents still to arrive take no part.
#include <cstdint>

namespace lonesim {

struct World;

void build_ties(World& w);

// A new household arrives (serial; during the life-events phase): it becomes alive and
// gets the ties a newcomer brings.
void welcome_newcomer(World& w, std::uint32_t i);

}  // namespace lonesim
