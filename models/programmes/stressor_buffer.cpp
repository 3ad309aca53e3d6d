// stressor_buffer: cushions life events for those covered (Hospital Safe Accompaniment,
// safe rental contracts, economic education, safe home sets...).
#include <algorithm>
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

// clang-format off
#define STRESSOR_BUFFER_PARAMETERS(X) \
  X(applications_per_year, 0, "people/year", 0, 1e7, false, true, "People taking it up", "Default; each programme file sets its own, with its source") \
  X(impact_reduction, 0.3, "fraction", 0, 1, false, false, "Cut in the loneliness shock of a life event while covered", "Assumption") \
  X(hazard_reduction, 0.0, "fraction", 0, 1, false, false, "Cut in the hazard of job loss, illness and moving while covered", "Assumption") \
  X(duration_days, 365, "days", 1, 3650, true, false, "How long coverage lasts", "Assumption")
// clang-format on
LONESIM_MECHANISM_PARAMETERS(StressorBufferParameters, STRESSOR_BUFFER_PARAMETERS)

class StressorBufferProgramme : public Programme {
public:
    template <class... Args>
    explicit StressorBufferProgramme(Args&&... args) : Programme(std::forward<Args>(args)...), p_(StressorBufferParameters::from(parameter_values())) {}

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        intake(ctx, p_.applications_per_year, rng, [&](std::uint32_t i, bool referred) {
            if (members_.count(i) || !has_room()) return;
            members_.insert(i);
            count_entry();
            if (referred) today[kReferred] += 1;
            today[kEnrolled] += 1;
            charge_enrolment(w, i);
            add_cost_units(w, i, 1);  // a person covered
            const int until = day + static_cast<int>(p_.duration_days) - 1;
            ctx.buffer(i, p_.impact_reduction, p_.hazard_reduction, until);
            covered_.push_back({i, until});
        });
        std::size_t kept = 0;
        for (const Entry& e : covered_) {
            if (!w.agents.alive[e.agent]) {
                today[kDroppedOut] += 1;
                members_.erase(e.agent);
            } else if (e.until < day) {
                today[kCompleted] += 1;
                members_.erase(e.agent);
            } else {
                covered_[kept++] = e;
            }
        }
        covered_.resize(kept);
    }
    std::size_t active() const override { return covered_.size(); }
    void forget(const std::vector<std::uint32_t>& reoccupied) override {
        Programme::forget(reoccupied);
        std::erase_if(covered_, [&](const Entry& e) { return std::binary_search(reoccupied.begin(), reoccupied.end(), e.agent); });
    }

private:
    const StressorBufferParameters p_;
    struct Entry {
        std::uint32_t agent;
        int until;
    };
    std::vector<Entry> covered_;

protected:
    void mechanism_state(StateArchive& a) override {
        a.values("covered", covered_);
        check_agents(covered_, "covered");
    }
};

}  // namespace

const MechanismType stressor_buffer_mechanism = {"stressor_buffer", "cushioning life events", "a person enrolled",
    "Those covered, for `duration_days`, feel a smaller loneliness shock from life events (`impact_reduction`) and meet job loss, illness and moving less often (`hazard_reduction`).",
    StressorBufferParameters::kTable, make_mechanism<StressorBufferProgramme>};

}  // namespace lonesim
