// counseling: courses of sessions at an interval, with a waiting list, dropout and
// relief that decays (Mind Investment, counselling mentoring, peer counsellors, ...).
#include <algorithm>
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

// clang-format off
#define COUNSELING_PARAMETERS(X) \
  X(applications_per_year, 0, "people/year", 0, 1e7, false, true, "People seeking it by themselves (referrals come on top); 0 = referrals only", "Default; each programme file sets its own, with its source") \
  X(sessions, 8, "sessions", 1, 100, true, false, "Sessions in a course", "Default; each programme file sets its own, with its source") \
  X(interval_days, 7, "days", 1, 90, true, false, "Days between sessions", "Default; each programme file sets its own, with its source") \
  X(dropout_before_first, 0.34, "probability", 0, 1, false, false, "Leave before the first session", "targets.toml effects.dropout_before_first_session") \
  X(dropout_per_session, 0.05, "probability", 0, 1, false, false, "Leave after any later session", "Assumption") \
  X(effect_per_session, 0.02, "0-1", 0, 1, false, false, "Relief added per session (lowers the loneliness the agent settles at)", "Assumption") \
  X(effect_decay_days, 120, "days", 1, 3650, false, false, "Mean life of relief", "Assumption") \
  X(max_wait_days, 90, "days", 1, 3650, true, false, "Leave the waiting list after this long", "Assumption")
// clang-format on
LONESIM_MECHANISM_PARAMETERS(CounselingParameters, COUNSELING_PARAMETERS)

class CounselingProgramme : public Programme {
public:
    template <class... Args>
    explicit CounselingProgramme(Args&&... args) : Programme(std::forward<Args>(args)...), p_(CounselingParameters::from(parameter_values())) {}

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        take_newcomers(ctx, p_.applications_per_year, rng, [](std::uint32_t, bool) { return true; });
        leave_after(day, p_.max_wait_days);
        take_in_from_list(ctx, [&](std::uint32_t i) {
            CounterRng mine = ctx.rng(i, 1);
            if (mine.bernoulli(p_.dropout_before_first)) {
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
                ctx.relieve(c.agent, p_.effect_per_session, p_.effect_decay_days);
                ++c.sessions;
                CounterRng mine = ctx.rng(c.agent, 2);
                if (c.sessions >= p_.sessions) {
                    today[kCompleted] += 1;
                    ctx.refer_on(c.agent, mine);
                    stays = false;
                } else if (mine.bernoulli(p_.dropout_per_session)) {
                    today[kDroppedOut] += 1;
                    stays = false;
                } else {
                    c.next_day += static_cast<int>(p_.interval_days);
                }
            }
            if (stays) active_[kept++] = c;
            else members_.erase(c.agent);
        }
        active_.resize(kept);
    }
    std::size_t active() const override { return active_.size(); }
    void forget(const std::vector<std::uint32_t>& reoccupied) override {
        Programme::forget(reoccupied);
        std::erase_if(active_, [&](const Course& e) { return std::binary_search(reoccupied.begin(), reoccupied.end(), e.agent); });
    }

private:
    const CounselingParameters p_;
    struct Course {
        std::uint32_t agent;
        int sessions;
        int next_day;
    };
    std::vector<Course> active_;

protected:
    void mechanism_state(StateArchive& a) override {
        a.values("active", active_);
        check_agents(active_, "active");
    }
};

}  // namespace

const MechanismType counseling_mechanism = {"counseling", "courses of sessions", "a session held",
    "People apply (more often the lonelier they are) or are referred; they wait when capacity is full, and leave the list after `max_wait_days`. A course is `sessions` sessions, `interval_days` apart; some drop out before the first session and after each later one. Each session adds relief that fades. Those who complete a course are referred on.",
    CounselingParameters::kTable, make_mechanism<CounselingProgramme>};

}  // namespace lonesim
