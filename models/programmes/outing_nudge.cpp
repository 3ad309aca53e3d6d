// outing_nudge: raises the outing probability of those enrolled, stepwise for the most
// withdrawn (15-minute outing prescription, delivery-app pop-ups, Silver Car, guards...).
#include <algorithm>
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

// clang-format off
#define OUTING_NUDGE_PARAMETERS(X) \
  X(applications_per_year, 0, "people/year", 0, 1e7, false, true, "People taking it up by themselves", "Default; each programme file sets its own, with its source") \
  X(boost, 1.5, "multiplier", 1, 20, false, false, "Outing probability multiplier at full strength", "Assumption") \
  X(ramp_weeks, 4, "weeks", 0, 52, true, false, "Stepwise ramp to full strength, one step a week (the 15-minute prescription)", "Assumption") \
  X(duration_days, 84, "days", 1, 3650, true, false, "How long an enrolment lasts", "Assumption") \
  X(min_days_since_outing, 0, "days", 0, 3650, true, false, "Only those who have not been out this long take it up", "Assumption")
// clang-format on
LONESIM_MECHANISM_PARAMETERS(OutingNudgeParameters, OUTING_NUDGE_PARAMETERS)

class OutingNudgeProgramme : public Programme {
public:
    template <class... Args>
    explicit OutingNudgeProgramme(Args&&... args) : Programme(std::forward<Args>(args)...), p_(OutingNudgeParameters::from(parameter_values())) {}

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        take_newcomers(ctx, p_.applications_per_year, rng, [&](std::uint32_t i, bool referred) {
            return referred || w.agents.days_since_outing[i] >= p_.min_days_since_outing;
        });
        take_in_from_list(ctx, [&](std::uint32_t i) { enrolled_.push_back({i, day, day + static_cast<int>(p_.duration_days) - 1}); });
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
            const double ramp = p_.ramp_weeks;
            const double strength = ramp > 0 ? std::min(1.0, ((day - e.start) / 7 + 1) / ramp) : 1.0;
            ctx.nudge_outings(e.agent, 1.0 + (p_.boost - 1.0) * strength, e.until);
            add_cost_units(w, e.agent, 1);  // a person-day
            enrolled_[kept++] = e;
            members_.insert(e.agent);
        }
        enrolled_.resize(kept);
    }
    std::size_t active() const override { return enrolled_.size(); }
    void forget(const std::vector<std::uint32_t>& reoccupied) override {
        Programme::forget(reoccupied);
        std::erase_if(enrolled_, [&](const Entry& e) { return std::binary_search(reoccupied.begin(), reoccupied.end(), e.agent); });
    }

private:
    const OutingNudgeParameters p_;
    struct Entry {
        std::uint32_t agent;
        int start, until;
    };
    std::vector<Entry> enrolled_;

protected:
    void mechanism_state(StateArchive& a) override {
        a.values("enrolled", enrolled_);
        check_agents(enrolled_, "enrolled");
    }
};

}  // namespace

const MechanismType outing_nudge_mechanism = {"outing_nudge", "more outings for the withdrawn", "a person-day enrolled",
    "Those enrolled go out more often: their outing probability is multiplied by a factor that rises a step a week over `ramp_weeks` to `boost`, for `duration_days`.",
    OutingNudgeParameters::kTable, make_mechanism<OutingNudgeProgramme>};

}  // namespace lonesim
