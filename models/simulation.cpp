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
    s.shocks = spec.shocks;
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
    build_population(w, setup.agents);
    build_ties(w);
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::step(PhaseTimer* timer) { step_day(*w_, days_done_++, timer); }

const DayMetrics& Simulation::metrics() const { return w_->metrics; }

NetworkStats Simulation::network() const { return network_stats(*w_); }

std::size_t Simulation::memory_bytes() const {
    return w_->agents.memory_bytes() + w_->ties.memory_bytes() + w_->contact_view.capacity() * sizeof(World::ContactView) + w_->contact_tally.capacity() * 8;
}

}  // namespace lonesim
