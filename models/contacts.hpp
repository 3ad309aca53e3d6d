#pragma once
#include "models/agents.hpp"
#include "models/parameters.hpp"

namespace lonesim {
struct World;
class PhaseTimer;

// Daily contact chance along a full-strength tie of this type (co-workers: on a
// workday when both work; off work they meet at kOffWorkContact of that).
double contact_rate(const Parameters& p, TieType type);
inline constexpr double kOffWorkContact = 0.1;
// Share of days that are workdays.
inline constexpr double kWorkdayShare = 5.0 / 7.0;
// A weak tie still meets sometimes: contact scales with strength w as 0.3 + 0.7 w.
inline constexpr double kWeakTieContact = 0.3, kStrengthContact = 0.7;

// Phase 4: contacts along ties (in person when both are out or one visits, by phone or
// online otherwise), tie strengthening with contact and decay without it (faster for
// lonely ends), dissolution below the floor, and new ties: at district venues during
// outings, through friends of friends, and at work.
void contacts(World& w, PhaseTimer* timer = nullptr);
}  // namespace lonesim
