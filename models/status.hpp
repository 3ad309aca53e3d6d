#pragma once
namespace lonesim {
struct World;
// Phase 6: each agent's status, by the operational definitions of
// docs/model.md#76-status-transitions:
//   reclusive  isolated, and no outing beyond necessities for status.reclusive_days;
//   isolated   no in-person contact for status.isolation_days and no one to turn to;
//   lonely     loneliness above loneliness.threshold;
//   connected  otherwise.
// "No one to turn to" (no tie as strong as its kind's threshold, strong_tie_threshold:
// status.strong_tie, lower for kin and higher for co-workers) is counted on its own.
void status_transitions(World& w);
// No tie strong enough to ask for help (the social-isolation index).
bool no_one_to_turn_to(const World& w, unsigned i);
}  // namespace lonesim
