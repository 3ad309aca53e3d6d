#pragma once
// The synthetic population: one agent per single-person household, with the district x
// age-band mix of the Seoul table, and attributes drawn from cited distributions.
#include <array>
#include <cstdint>

#include "models/seoul.hpp"
#include "sim/rng.hpp"

namespace lonesim {

struct World;

// Students are drawn among those under this age and leave education on reaching it
// (life.graduate_employment says into what).
inline constexpr int kLeavesEducationAt = 25;

// How many agents each (district, age band) cell gets for a world of n agents:
// proportional to the table, rounded by largest remainder so the cells sum to n.
std::array<std::int64_t, kCells> allocate_cells(const SeoulData& seoul, std::int64_t n);

// Creates w.agents (ordered by district, then age band) and the cell ranges.
void build_population(World& w, std::int64_t n);

// Draws everything about agent i but whether it lives, for district d and this age (the
// build and newcomers use it).
void draw_person(World& w, std::uint32_t i, int d, int age, CounterRng& rng);

// Chance of an outing today for agent i, before the day's random draw (phase 3 uses it;
// the population uses it to start days_since_outing in equilibrium).
double outing_probability(const World& w, std::uint32_t i);

}  // namespace lonesim
