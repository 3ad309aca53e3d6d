// hotline: calls whose callers are the lonelier; lines x hours x calls per line-hour are
// answered, the rest missed; an answered call relieves and may refer on
// (Loneliness Goodbye 120, Ddokddok 24 by phone).
#include <algorithm>

#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

enum : int { kCallsPerYear, kLines, kHours, kCallsPerLineHour, kRelief };
constexpr ParamSpec kParams[] = {
    {"calls_per_year", 0, "calls/year", 0, 1e8, false, "Calls people would make in a year", "docs/programmes.md"},
    {"lines", 10, "lines", 0, 10000, false, "Lines staffed", "docs/programmes.md"},
    {"hours_per_day", 24, "hours", 0, 24, false, "Hours a day the lines are open", "docs/programmes.md"},
    {"calls_per_line_hour", 2, "calls", 0, 60, false, "Calls one line answers in an hour", "Assumption"},
    {"relief_per_call", 0.02, "0-1", 0, 1, false, "Relief from an answered call", "Assumption"},
};
constexpr double kReliefDecayDays = 30;

class HotlineProgramme : public Programme {
public:
    using Programme::Programme;

    void act(ProgrammeContext& ctx) override {
        CounterRng rng = ctx.rng(0);
        referrals_in_.clear();  // nobody is referred to a phone line
        // The lines' capacity; `concurrent` (when set by policy) caps lines instead.
        const double lines = concurrent > 0 ? std::min(param(kLines), concurrent) : param(kLines);
        // Up to one call's worth of idle time carries to the next day, so a small world
        // (whose lines answer about one call a day) does not lose the fractions of a call
        // that a whole city's lines would use; in a full-size world it is under 1%.
        double capacity = lines * param(kHours) * param(kCallsPerLineHour) + carried_;
        const int calls = poisson_draw(rng, param(kCallsPerYear) / 365.0);
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
            ctx.relieve(i, param(kRelief), kReliefDecayDays);
            CounterRng mine = ctx.rng(i, 1);
            ctx.refer_on(i, mine);
        }
        carried_ = std::clamp(capacity, 0.0, 1.0);
    }
    std::size_t active() const override { return 0; }

private:
    double carried_ = 0;
};

}  // namespace

const MechanismType kHotline = {MechanismKind::hotline, kParams, make_mechanism<HotlineProgramme, MechanismKind::hotline>};

}  // namespace lonesim
