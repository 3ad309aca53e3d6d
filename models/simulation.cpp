#include "models/simulation.hpp"

#include <cmath>

#include "models/day.hpp"
#include "models/network_builder.hpp"
#include "models/population.hpp"
#include "models/world.hpp"
#include "sim/input_error.hpp"

namespace lonesim {

SimulationSetup setup_for(const ScenarioSpec& spec, const SeoulData& seoul) {
    SimulationSetup s;
    s.agents = spec.agents > 0 ? spec.agents
                               : static_cast<std::int64_t>(std::llround(spec.scale * static_cast<double>(seoul.total_households())));
    if (s.agents < kDistricts)
        throw InputError(spec.path, 0, "population", "a world of " + std::to_string(s.agents) + " agents is too small (at least 25)");
    if (s.agents > 100'000'000)
        throw InputError(spec.path, 0, "population", "a world of " + std::to_string(s.agents) + " agents is too large");
    const auto values = spec.resolved(parameter_table());
    const auto table = parameter_table();
    for (std::size_t k = 0; k < table.size(); ++k) s.params.set(table[k].name, values[k]);
    s.seed = spec.seed;
    s.start_date = spec.start_date;
    s.burn_in_days = spec.burn_in_days;
    s.shocks = spec.shocks;
    s.programmes = spec.programmes;
    s.policy = spec.policy;
    return s;
}

Simulation::Simulation(const SeoulData& seoul, const SimulationSetup& setup) : w_(std::make_unique<World>()) {
    World& w = *w_;
    w.p = setup.params;
    w.seoul = seoul;
    w.seed = setup.seed;
    w.replicate = setup.replicate;
    w.start_date = setup.start_date;
    w.shocks = setup.shocks;
    for (Purpose k = 0; k < kPurposeCount; ++k) w.streams[k] = RandomStreams(setup.seed, setup.replicate, k);
    calendar_and_shocks(w, 0);
    w.population_scale = static_cast<double>(setup.agents) / static_cast<double>(seoul.total_households());
    build_population(w, setup.agents);
    build_ties(w);
    w.programmes = make_programmes(setup.programmes, w);
    scheduled_ = setup.policy;
    // Burn-in: the days before the start date let the initial conditions settle (ties,
    // days since contact and outing, loneliness); they are not recorded and no programme
    // acts in them, so every scenario starts day 0 from the same state.
    for (int d = -setup.burn_in_days; d < 0; ++d) step_day(w, d);
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::step(PhaseTimer* timer) {
    while (next_scheduled_ < scheduled_.size() && scheduled_[next_scheduled_].day <= days_done_)
        apply_policy(scheduled_[next_scheduled_++]);
    step_day(*w_, days_done_++, timer);
}

void Simulation::apply_policy(PolicyChange change) {
    change.day = days_done_;
    lonesim::apply_policy(*w_, change);
}

const std::vector<PolicyChange>& Simulation::policy_log() const { return w_->policy_log; }

const DayMetrics& Simulation::metrics() const { return w_->metrics; }

NetworkStats Simulation::network() const { return network_stats(*w_); }

std::size_t Simulation::memory_bytes() const {
    return w_->agents.memory_bytes() + w_->ties.memory_bytes() + w_->contact_view.capacity() * sizeof(World::ContactView) + w_->contact_tally.capacity() * 8;
}

}  // namespace lonesim
