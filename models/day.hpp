#pragma once
namespace lonesim {
struct World;
// One simulated day: the phases of DESIGN.md, in order.
void step_day(World& w, int day);
// Phase 1: the date, weekday and season, and the scenario's shocks in force today.
void calendar_and_shocks(World& w, int day);
}  // namespace lonesim
