// hotline: calls whose callers are the lonelier; lines x hours x calls per line-hour are
// answered, the rest missed; an answered call relieves and may refer on
// (Loneliness Goodbye 120, Ddokddok 24 by phone).
#include <algorithm>

#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

// clang-format off
#define HOTLINE_PARAMETERS(X) \
  X(calls_per_year, 0, "calls/year", 0, 1e8, false, true, "Calls people would make in a year (callers chosen by loneliness)", "Default; each programme file sets its own, with its source") \
  X(lines, 10, "lines", 0, 10000, false, true, "Lines staffed", "Default; each programme file sets its own, with its source") \
  X(hours_per_day, 24, "hours", 0, 24, false, false, "Hours a day the lines are open", "Default; each programme file sets its own, with its source") \
  X(calls_per_line_hour, 2, "calls", 0, 60, false, false, "Calls one line answers in an hour", "Assumption") \
  X(relief_per_call, 0.02, "0-1", 0, 1, false, false, "Relief from an answered call", "Assumption")
// clang-format on
LONESIM_MECHANISM_PARAMETERS(HotlineParameters, HOTLINE_PARAMETERS)
// Days over which a call's relief fades to 1/e (assumption; not yet a mechanism parameter).
constexpr double kCallReliefDays = 30;

class HotlineProgramme : public Programme {
public:
    template <class... Args>
    explicit HotlineProgramme(Args&&... args) : Programme(std::forward<Args>(args)...), p_(HotlineParameters::from(parameter_values())) {}

    void act(ProgrammeContext& ctx) override {
        CounterRng rng = ctx.rng(0);
        referrals_in_.clear();  // nobody is referred to a phone line
        // The lines' capacity; capacity.concurrent (when set by policy) caps lines instead.
        const double lines = capacity.concurrent > 0 ? std::min(p_.lines, capacity.concurrent) : p_.lines;
        // Up to one call's worth of idle time carries to the next day, so a small world
        // (whose lines answer about one call a day) does not lose the fractions of a call
        // that a whole city's lines would use; in a full-size world it is under 1%.
        double capacity = lines * p_.hours_per_day * p_.calls_per_line_hour + carried_;
        const int calls = poisson_draw(rng, p_.calls_per_year / 365.0);
        for (int k = 0; k < calls; ++k) {
            std::uint32_t i;
            if (!ctx.sample_applicant(rng, i)) continue;
            if (capacity < 1) {
                today[kCallsMissed] += 1;
                continue;
            }
            capacity -= 1;
            today[kCallsAnswered] += 1;
            add_cost_units(ctx.world(), i, 1);
            ctx.relieve(i, p_.relief_per_call, kCallReliefDays);
            CounterRng mine = ctx.rng(i, 1);
            ctx.refer_on(i, mine);
        }
        carried_ = std::clamp(capacity, 0.0, 1.0);
    }
    std::size_t active() const override { return 0; }

private:
    const HotlineParameters p_;
    double carried_ = 0;

protected:
    void mechanism_state(StateArchive& a) override {
        a.value("carried", carried_);
    }
};

}  // namespace

const MechanismType hotline_mechanism = {"hotline", "calls", "an answered call",
    "People call (the lonelier more often) up to the capacity of the lines, `lines` x `hours_per_day` x `calls_per_line_hour` a day; an answered call relieves and may refer on, a call beyond capacity is missed. `capacity.per_year` does not apply to hotlines (set it to 0); `capacity.concurrent`, when set, caps the lines.",
    HotlineParameters::kTable, make_mechanism<HotlineProgramme>};

}  // namespace lonesim
