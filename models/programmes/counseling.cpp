// counseling: courses of sessions at an interval, with a waiting list, dropout and
// relief that decays (Mind Investment, counselling mentoring, peer counsellors, ...).
#include <deque>
#include <unordered_set>

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
        intake(ctx, param(kApplications), rng, [&](std::uint32_t i, bool referred) {
            if (!members_.insert(i).second) return;
            waiting_.push_back({i, day});
            if (referred) today[kReferred] += 1;
        });
        while (!waiting_.empty() && day - waiting_.front().since > param(kMaxWait)) {
            members_.erase(waiting_.front().agent);
            waiting_.pop_front();
        }
        while (!waiting_.empty() && has_room()) {
            const std::uint32_t i = waiting_.front().agent;
            waiting_.pop_front();
            if (!w.agents.alive[i]) {
                members_.erase(i);
                continue;
            }
            count_entry();
            today[kEnrolled] += 1;
            charge_enrolment(w, i);
            CounterRng mine = ctx.rng(i, 1);
            if (mine.bernoulli(param(kDropFirst))) {
                today[kDroppedOut] += 1;
                members_.erase(i);
            } else {
                active_.push_back({i, 0, day});
            }
        }
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
    std::size_t waiting() const override { return waiting_.size(); }

private:
    struct Waiting {
        std::uint32_t agent;
        int since;
    };
    struct Course {
        std::uint32_t agent;
        int sessions;
        int next_day;
    };
    std::deque<Waiting> waiting_;
    std::vector<Course> active_;
    std::unordered_set<std::uint32_t> members_;
};

}  // namespace

const MechanismType kCounseling = {
    MechanismKind::counseling, kParams,
    [](const ProgrammeSpec& s, std::vector<double> p, int start, int end, Eligibility e, std::uint32_t purpose) -> std::unique_ptr<Programme> {
        return std::make_unique<CounselingProgramme>(s, MechanismKind::counseling, std::move(p), start, end, e, purpose);
    }};

}  // namespace lonesim
