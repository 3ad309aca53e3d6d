// outing_nudge: raises the outing probability of those enrolled, stepwise for the most
// withdrawn (15-minute outing prescription, delivery-app pop-ups, Silver Car, guards...).
#include <algorithm>
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

enum : int { kApplications, kBoost, kRampWeeks, kDuration, kMinDaysSinceOuting };
constexpr ParamSpec kParams[] = {
    {"applications_per_year", 0, "people/year", 0, 1e7, false, "People taking it up by themselves", "docs/programmes.md"},
    {"boost", 1.5, "multiplier", 1, 20, false, "Outing probability multiplier at full strength", "Assumption"},
    {"ramp_weeks", 4, "weeks", 0, 52, true, "Stepwise ramp to full strength, one step a week", "Assumption"},
    {"duration_days", 84, "days", 1, 3650, true, "How long an enrolment lasts", "Assumption"},
    {"min_days_since_outing", 0, "days", 0, 3650, true, "Only those not out this long take it up", "Assumption"},
};

class OutingNudgeProgramme : public Programme {
public:
    using Programme::Programme;

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        take_newcomers(ctx, param(kApplications), rng, [&](std::uint32_t i, bool referred) {
            return referred || w.agents.days_since_outing[i] >= param(kMinDaysSinceOuting);
        });
        take_in_from_list(ctx, [&](std::uint32_t i) { enrolled_.push_back({i, day, day + static_cast<int>(param(kDuration)) - 1}); });
        waiting_list_.clear();  // no waiting list: who finds it full goes without
        members_.clear();
        std::size_t kept = 0;
        for (const Entry& e : enrolled_) {
            if (!w.agents.alive[e.agent]) {
                today[kDroppedOut] += 1;
                continue;
            }
            if (e.until < day) {
                today[kCompleted] += 1;
                continue;
            }
            const double ramp = param(kRampWeeks);
            const double strength = ramp > 0 ? std::min(1.0, ((day - e.start) / 7 + 1) / ramp) : 1.0;
            ctx.nudge_outings(e.agent, 1.0 + (param(kBoost) - 1.0) * strength, e.until);
            add_cost_units(w, e.agent, 1);  // a person-day
            enrolled_[kept++] = e;
            members_.insert(e.agent);
        }
        enrolled_.resize(kept);
    }
    std::size_t active() const override { return enrolled_.size(); }

private:
    struct Entry {
        std::uint32_t agent;
        int start, until;
    };
    std::vector<Entry> enrolled_;
};

}  // namespace

const MechanismType kOutingNudge = {MechanismKind::outing_nudge, kParams,
                                    make_mechanism<OutingNudgeProgramme, MechanismKind::outing_nudge>};

}  // namespace lonesim
