// outreach: screens households through signals (crisis data, contact points, neighbours),
// visits those flagged, refers them on, and shortens the discovery of lonely deaths
// (crisis-data early detection, Salpimi, Isolation Prevention Centres, ...).
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

// clang-format off
#define OUTREACH_PARAMETERS(X) \
  X(screened_per_day, 1000, "households/day", 0, 1e7, false, true, "Households whose signals are checked each day", "Default; each programme file sets its own, with its source") \
  X(sensitivity_reclusive, 0.6, "probability", 0, 1, false, false, "Chance a screened reclusive household is flagged", "Assumption") \
  X(sensitivity_isolated, 0.5, "probability", 0, 1, false, false, "Chance a screened isolated household is flagged", "Assumption") \
  X(sensitivity_lonely, 0.15, "probability", 0, 1, false, false, "Chance a screened lonely household is flagged", "Assumption") \
  X(false_positive, 0.01, "probability", 0, 1, false, false, "Chance a screened connected household is flagged (a false positive)", "Assumption") \
  X(relief_per_visit, 0.03, "0-1", 0, 1, false, false, "Relief from a field visit", "Assumption") \
  X(discovery_per_day, 0.0, "probability/day", 0, 1, false, false, "Extra daily chance a death among the eligible is found (0 = no effect)", "Assumption") \
  X(max_wait_days, 30, "days", 1, 3650, true, false, "Flagged people not visited by then are dropped", "Assumption")
// clang-format on
LONESIM_MECHANISM_PARAMETERS(OutreachParameters, OUTREACH_PARAMETERS)
// Days over which a visit's relief fades to 1/e (assumption; not yet a mechanism parameter).
constexpr double kVisitReliefDays = 90;

class OutreachProgramme : public Programme {
public:
    template <class... Args>
    explicit OutreachProgramme(Args&&... args) : Programme(std::forward<Args>(args)...), p_(OutreachParameters::from(parameter_values())) {}

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        for (std::uint32_t i : referrals_in_)
            if (ctx.eligible(i) && join_waiting_list(i, day)) today[kReferred] += 1;
        referrals_in_.clear();
        const double sensitivity[kStatuses] = {p_.false_positive, p_.sensitivity_lonely, p_.sensitivity_isolated,
                                               p_.sensitivity_reclusive};
        // Screening reaches eligible households only; they are found by sampling the
        // programme's districts (at most 50 draws per household screened).
        const int screened = poisson_draw(rng, p_.screened_per_day);
        int checked = 0;
        for (int tries = 0; checked < screened && tries < 50 * screened; ++tries) {
            std::uint32_t i;
            if (!ctx.sample_agent(rng, i) || !ctx.eligible(i)) continue;
            ++checked;
            if (!rng.bernoulli(sensitivity[static_cast<int>(w.agents.status[i])])) continue;
            today[kDetected] += 1;
            join_waiting_list(i, day);
        }
        leave_after(day, p_.max_wait_days);
        take_in_from_list(ctx, [&](std::uint32_t i) {
            members_.erase(i);
            today[kCompleted] += 1;  // a visit is the whole service
            add_cost_units(w, i, 1);
            ctx.relieve(i, p_.relief_per_visit, kVisitReliefDays);
            CounterRng mine = ctx.rng(i, 1);
            ctx.refer_on(i, mine);
        });
    }
    std::size_t active() const override { return 0; }
    double discovery(const World& w, std::uint32_t i) const override {
        // Only a programme that is running (on, in its dates, with capacity) watches.
        if (!enabled || capacity.per_year <= 0 || !in_dates(w.today.index) || !eligibility().test(w, i, false)) return 0.0;
        return p_.discovery_per_day;
    }

private:
    const OutreachParameters p_;
};

}  // namespace

const MechanismType outreach_mechanism = {"outreach", "finding people at risk", "a field visit",
    "Each day it screens a share of eligible households through its signals; detected people wait for a field visit; a visit relieves and refers on. It also shortens the discovery of unattended deaths among the people it covers.",
    OutreachParameters::kTable, make_mechanism<OutreachProgramme>};

}  // namespace lonesim
