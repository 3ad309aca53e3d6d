// group_activity: recurring events for registrants; attending counts as an outing and
// co-participants may become friends (365 Seoul Challenge, Happy Table, support centres...).
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

enum : int { kApplications, kInterval, kDuration, kAttendance, kRelief, kTieChance, kMaxWait };
constexpr ParamSpec kParams[] = {
    {"applications_per_year", 0, "people/year", 0, 1e7, false, "People signing up by themselves", "docs/programmes.md"},
    {"interval_days", 7, "days", 1, 365, true, "Days between events", "docs/programmes.md"},
    {"duration_days", 84, "days", 1, 3650, true, "How long a registration lasts", "Assumption"},
    {"attendance", 0.7, "probability", 0, 1, false, "Chance a registrant attends an event", "Assumption"},
    {"relief_per_event", 0.01, "0-1", 0, 1, false, "Relief per event attended", "Assumption"},
    {"tie_chance", 0.05, "probability", 0, 1, false, "Chance per attendee per event of a new tie with another attendee", "Assumption"},
    {"max_wait_days", 60, "days", 1, 3650, true, "Leave the waiting list after this long", "Assumption"},
};
constexpr double kReliefDecayDays = 60;

class GroupActivityProgramme : public Programme {
public:
    using Programme::Programme;

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        take_newcomers(ctx, param(kApplications), rng, [](std::uint32_t, bool) { return true; });
        leave_after(day, param(kMaxWait));
        take_in_from_list(ctx, [&](std::uint32_t i) { registered_.push_back({i, day + static_cast<int>(param(kDuration))}); });
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
        if ((day - start_day_index()) % static_cast<int>(param(kInterval)) != 0) return;
        // Event day.
        attendees_.clear();
        for (const Entry& e : registered_) {
            CounterRng mine = ctx.rng(e.agent, 2);
            if (mine.bernoulli(param(kAttendance))) attendees_.push_back(e.agent);
        }
        for (std::uint32_t i : attendees_) {
            ctx.attend_event(i);
            ctx.relieve(i, param(kRelief), kReliefDecayDays);
            add_cost_units(w, i, 1);
        }
        if (attendees_.size() < 2) return;
        for (std::uint32_t i : attendees_) {
            CounterRng mine = ctx.rng(i, 4);
            if (!mine.bernoulli(param(kTieChance))) continue;
            const std::uint32_t j = attendees_[mine.below(static_cast<std::uint32_t>(attendees_.size()))];
            if (j != i) ctx.propose_tie(i, j);
        }
    }
    std::size_t active() const override { return registered_.size(); }

private:
    struct Entry {
        std::uint32_t agent;
        int until;
    };
    std::vector<Entry> registered_;
    std::vector<std::uint32_t> attendees_;
};

}  // namespace

const MechanismType kGroupActivity = {MechanismKind::group_activity, kParams,
                                      make_mechanism<GroupActivityProgramme, MechanismKind::group_activity>};

}  // namespace lonesim
