#pragma once
#include <cstdint>

namespace lonesim {
struct World;
// The recent contact (in-person equivalents per day) that meets agent i's need.
double contact_need(const World& w, std::uint32_t i);
// Phase 5: loneliness moves toward what recent contact meets of the agent's need, rises
// with contact with lonely people (contagion), falls with resilience, and wobbles with
// mood. Life-event shocks were added in phase 2.
void loneliness(World& w);
}  // namespace lonesim
