#pragma once
// The tie network on day 0: family, friends, neighbours and co-workers, chosen with age
// and district homophily and distance decay between district centroids, then closed
// into triangles so that clustering is realistic. Agents still to arrive take no part.
#include <cstdint>

namespace lonesim {

struct World;
struct Parameters;

void build_ties(World& w);

// A new household arrives (serial; during the life-events phase): it becomes alive and
// gets the ties a newcomer brings.
void welcome_newcomer(World& w, std::uint32_t i);

// How many ties an agent seeks: its day-0 mean (by age and occupation, with triadic
// closure) times a top-up for turnover. An agent short of it looks for new ties at a rate
// proportional to the shortfall; at the topped-up number, replacement of a missing tie
// (ties.*_rate per missing tie) balances turnover (ties.turnover_per_year), so a world
// with no shocks keeps about its day-0 network size (Mollenhorst 2009).
double turnover_top_up(const Parameters& p);
double ties_sought(const World& w, std::uint32_t i, double top_up);

}  // namespace lonesim
