// counseling: courses of sessions at an interval, with a waiting list, dropout and
// relief that decays (Mind Investment, counselling mentoring, peer counsellors, ...).
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

enum : int { kApplications, kSessionsPerCourse, kInterval, kDropFirst, kDropLater, kEffect, kDecay, kMaxWait };
constexpr ParamSpec kParams[] = {
    {"applications_per_year", 0, "people/year", 0, 1e7, false, "People seeking it by themselves (referrals come on top)", "docs/programmes.md"},
    {"sessions", 8, "sessions", 1, 100, true, "Sessions in a course", "docs/programmes.md"},
    {"interval_days", 7, "days", 1, 90, true, "Days between sessions", "docs/programmes.md"},
    {"dropout_before_first", 0.34, "probability", 0, 1, false, "Leave before the first session", "targets.toml effects.dropout_before_first_session"},
    {"dropout_per_session", 0.05, "probability", 0, 1, false, "Leave after a later session", "Assumption"},
    {"effect_per_session", 0.02, "0-1", 0, 1, false, "Relief added per session", "Assumption"},
    {"effect_decay_days", 120, "days", 1, 3650, false, "Mean life of relief", "Assumption"},
    {"max_wait_days", 90, "days", 1, 3650, true, "Leave the waiting list after this long", "Assumption"},
};

class CounselingProgramme : public Programme {
public:
    using Programme::Programme;

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        take_newcomers(ctx, param(kApplications), rng, [](std::uint32_t, bool) { return true; });
        leave_after(day, param(kMaxWait));
        take_in_from_list(ctx, [&](std::uint32_t i) {
            CounterRng mine = ctx.rng(i, 1);
            if (mine.bernoulli(param(kDropFirst))) {
                today[kDroppedOut] += 1;
                members_.erase(i);
            } else {
                active_.push_back({i, 0, day});
            }
        });
        std::size_t kept = 0;
        for (Course c : active_) {
            bool stays = true;
            if (!w.agents.alive[c.agent]) {
                today[kDroppedOut] += 1;
                stays = false;
            } else if (c.next_day == day) {
                add_cost_units(w, c.agent, 1);
                today[kSessions] += 1;
                ctx.relieve(c.agent, param(kEffect), param(kDecay));
                ++c.sessions;
                CounterRng mine = ctx.rng(c.agent, 2);
                if (c.sessions >= param(kSessionsPerCourse)) {
                    today[kCompleted] += 1;
                    ctx.refer_on(c.agent, mine);
                    stays = false;
                } else if (mine.bernoulli(param(kDropLater))) {
                    today[kDroppedOut] += 1;
                    stays = false;
                } else {
                    c.next_day += static_cast<int>(param(kInterval));
                }
            }
            if (stays) active_[kept++] = c;
            else members_.erase(c.agent);
        }
        active_.resize(kept);
    }
    std::size_t active() const override { return active_.size(); }

private:
    struct Course {
        std::uint32_t agent;
        int sessions;
        int next_day;
    };
    std::vector<Course> active_;
};

}  // namespace

const MechanismType kCounseling = {MechanismKind::counseling, kParams,
                                   make_mechanism<CounselingProgramme, MechanismKind::counseling>};

}  // namespace lonesim
