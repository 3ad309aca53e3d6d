#pragma once
namespace lonesim {
struct World;
// Phase 2: ageing, job loss and re-employment, retirement, bereavement, illness onset
// and recovery, moving home (neighbour ties lost), and death. A death is unattended
// (godoksa) when it is discovered only after death.unattended_days; how soon it is
// discovered depends on the dead person's contacts.
void life_events(World& w);
}  // namespace lonesim
