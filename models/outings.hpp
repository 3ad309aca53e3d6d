#pragma once
namespace lonesim {
struct World;
// Phase 3: who goes out today (beyond necessities), by age, health, loneliness,
// withdrawal, weekday, season and the day's shocks. Work and school count as outings.
void outings(World& w);
}  // namespace lonesim
