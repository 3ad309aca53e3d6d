// stressor_buffer: cushions life events for those covered (Hospital Safe Accompaniment,
// safe rental contracts, economic education, safe home sets...).
#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"

namespace lonesim {
namespace {

enum : int { kApplications, kImpact, kHazard, kDuration };
constexpr ParamSpec kParams[] = {
    {"applications_per_year", 0, "people/year", 0, 1e7, false, "People taking it up", "docs/programmes.md"},
    {"impact_reduction", 0.3, "fraction", 0, 1, false, "Cut in the loneliness shock of a life event while covered", "Assumption"},
    {"hazard_reduction", 0.0, "fraction", 0, 1, false, "Cut in the hazard of job loss, illness and moving while covered", "Assumption"},
    {"duration_days", 365, "days", 1, 3650, true, "How long coverage lasts", "Assumption"},
};

class StressorBufferProgramme : public Programme {
public:
    using Programme::Programme;

    void act(ProgrammeContext& ctx) override {
        const int day = ctx.day();
        const World& w = ctx.world();
        CounterRng rng = ctx.rng(0);
        intake(ctx, param(kApplications), rng, [&](std::uint32_t i, bool referred) {
            if (members_.count(i) || !has_room()) return;
            members_.insert(i);
            count_entry();
            if (referred) today[kReferred] += 1;
            today[kEnrolled] += 1;
            charge_enrolment(w, i);
            add_cost_units(w, i, 1);  // a person covered
            const int until = day + static_cast<int>(param(kDuration)) - 1;
            ctx.buffer(i, param(kImpact), param(kHazard), until);
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

private:
    struct Entry {
        std::uint32_t agent;
        int until;
    };
    std::vector<Entry> covered_;
};

}  // namespace

const MechanismType kStressorBuffer = {MechanismKind::stressor_buffer, kParams,
                                       make_mechanism<StressorBufferProgramme, MechanismKind::stressor_buffer>};

}  // namespace lonesim
