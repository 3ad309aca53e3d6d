#pragma once
namespace lonesim {
struct World;
class PhaseTimer;
// One simulated day: the phases of docs/model.md#3-process-overview-and-scheduling, in
// order (timed if a timer is given).
void step_day(World& w, int day, PhaseTimer* timer = nullptr);
// Phase 1: the date, weekday and season, the scenario's shocks in force today, and
// every agent's daily random words.
void calendar_and_shocks(World& w, int day);
}  // namespace lonesim
