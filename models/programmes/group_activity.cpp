// group_activity: recurring events for registrants; attending counts as an outing and
// co-participants may become friends (365 Seoul Challenge, Happy Table, support centres...).
#include <algorithm>
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

// clang-format off
#define GROUP_ACTIVITY_PARAMETERS(X) \
  X(applications_per_year, 0, "people/year", 0, 1e7, false, true, "People signing up by themselves", "Default; each programme file sets its own, with its source") \
  X(interval_days, 7, "days", 1, 365, true, false, "Days between events", "Default; each programme file sets its own, with its source") \
  X(duration_days, 84, "days", 1, 3650, true, false, "How long a registration lasts", "Assumption") \
  X(attendance, 0.7, "probability", 0, 1, false, false, "Chance a registrant attends an event (it counts as an outing)", "Assumption") \
  X(relief_per_event, 0.01, "0-1", 0, 1, false, false, "Relief per event attended", "Assumption") \
  X(tie_chance, 0.05, "probability", 0, 1, false, false, "Chance per attendee per event of a new tie with another attendee", "Assumption") \
  X(max_wait_days, 60, "days", 1, 3650, true, false, "Leave the waiting list after this long", "Assumption")
// clang-format on
LONESIM_MECHANISM_PARAMETERS(GroupActivityParameters, GROUP_ACTIVITY_PARAMETERS)
// Days over which an event's relief fades to 1/e (assumption; not yet a mechanism parameter).
constexpr double kEventReliefDays = 60;

class GroupActivityProgramme : public Programme {
public:
    template <class... Args>
    explicit GroupActivityProgramme(Args&&... args) : Programme(std::forward<Args>(args)...), p_(GroupActivityParameters::from(parameter_values())) {}

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        take_newcomers(ctx, p_.applications_per_year, rng, [](std::uint32_t, bool) { return true; });
        leave_after(day, p_.max_wait_days);
        take_in_from_list(ctx, [&](std::uint32_t i) { registered_.push_back({i, day + static_cast<int>(p_.duration_days)}); });
        // Registrations that ended, and the dead.
        std::size_t kept = 0;
        for (const Entry& e : registered_) {
            if (!w.agents.alive[e.agent]) {
                today[kDroppedOut] += 1;
                members_.erase(e.agent);
            } else if (e.until < day) {
                today[kCompleted] += 1;
                CounterRng mine = ctx.rng(e.agent, 3);
                ctx.refer_on(e.agent, mine);
                members_.erase(e.agent);
            } else {
                registered_[kept++] = e;
            }
        }
        registered_.resize(kept);
        if ((day - start_day_index()) % static_cast<int>(p_.interval_days) != 0) return;
        // Event day.
        attendees_.clear();
        for (const Entry& e : registered_) {
            CounterRng mine = ctx.rng(e.agent, 2);
            if (mine.bernoulli(p_.attendance)) attendees_.push_back(e.agent);
        }
        for (std::uint32_t i : attendees_) {
            ctx.attend_event(i);
            ctx.relieve(i, p_.relief_per_event, kEventReliefDays);
            add_cost_units(w, i, 1);
        }
        if (attendees_.size() < 2) return;
        for (std::uint32_t i : attendees_) {
            CounterRng mine = ctx.rng(i, 4);
            if (!mine.bernoulli(p_.tie_chance)) continue;
            const std::uint32_t j = attendees_[mine.below(static_cast<std::uint32_t>(attendees_.size()))];
            if (j != i) ctx.propose_tie(i, j);
        }
    }
    std::size_t active() const override { return registered_.size(); }
    void forget(const std::vector<std::uint32_t>& reoccupied) override {
        Programme::forget(reoccupied);
        std::erase_if(registered_, [&](const Entry& e) { return std::binary_search(reoccupied.begin(), reoccupied.end(), e.agent); });
    }

private:
    const GroupActivityParameters p_;
    struct Entry {
        std::uint32_t agent;
        int until;
    };
    std::vector<Entry> registered_;
    std::vector<std::uint32_t> attendees_;

protected:
    void mechanism_state(StateArchive& a) override {
        a.values("registered", registered_);
        a.values("attendees", attendees_);
        check_agents(registered_, "registered");
        for (auto i : attendees_)
            if (i >= loaded_agents()) throw StateMismatch("attendees: not an agent of the world");
    }
};

}  // namespace

const MechanismType group_activity_mechanism = {"group_activity", "recurring events", "a participant at an event",
    "Registrants (self-applied or referred, up to capacity) are invited to an event every `interval_days` for `duration_days`. Each attends with probability `attendance`: attending counts as an outing, brings relief, and may start a tie with another attendee.",
    GroupActivityParameters::kTable, make_mechanism<GroupActivityProgramme>};

}  // namespace lonesim
