#pragma once
namespace lonesim {
struct World;
class PhaseTimer;
// Phase 4: contacts along ties (in person when both are out or one visits, by phone or
// online otherwise), tie strengthening with contact and decay without it (faster for
// lonely ends), dissolution below the floor, and new ties: at district venues during
// outings, through friends of friends, and at work.
void contacts(World& w, PhaseTimer* timer = nullptr);
}  // namespace lonesim
