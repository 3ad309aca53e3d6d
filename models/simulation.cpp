#include "models/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "models/day.hpp"
#include "models/network_builder.hpp"
#include "models/population.hpp"
#include "models/world.hpp"
#include "sim/input_error.hpp"  // Interrupted

namespace lonesim {

WorldSize world_size(std::int64_t agents, double table_total, const std::vector<HouseholdCount>& households, Date first_day,
                     int simulated_days) {
    WorldSize s;
    s.agents = agents;
    s.scale = static_cast<double>(agents) / table_total;
    s.capacity = agents;
    if (!households.empty()) {
        // The world keeps its share of Seoul as the count changes. It is built with room
        // for every household that arrives: the growth, plus replacements for those who
        // die (under 1.5% a year at the default mortality).
        s.agents = std::max<std::int64_t>(kDistricts, std::llround(s.scale * households_on(households, first_day)));
        double most = 0;
        for (const auto& h : households) most = std::max(most, h.households);
        const double years = simulated_days / 365.0;
        s.capacity = std::max(s.agents, static_cast<std::int64_t>(std::llround(s.scale * most * (1.0 + 0.015 * years)))) + kDistricts;
    }
    return s;
}

bool same_burn_in(const SimulationSetup& a, const SimulationSetup& b) {
    return a.agents == b.agents && a.capacity == b.capacity && a.scale == b.scale && a.households == b.households &&
           a.params == b.params && a.seed == b.seed && a.replicate == b.replicate && a.start_date == b.start_date &&
           a.burn_in_days == b.burn_in_days && a.shocks == b.shocks;
}

Simulation::Simulation(const SeoulData& seoul, const SimulationSetup& setup, const std::atomic<bool>* stop,
                       const std::function<void(int)>& burn_in_day)
    : w_(std::make_unique<World>()), setup_(setup) {
    World& w = *w_;
    w.p = setup.params;
    w.seoul = seoul;
    w.seed = setup.seed;
    w.replicate = setup.replicate;
    w.start_date = setup.start_date;
    w.shocks = setup.shocks;
    for (Purpose k = 0; k < kPurposeCount; ++k) w.streams[k] = RandomStreams(setup.seed, setup.replicate, k);
    calendar_and_shocks(w, 0);
    w.population_scale = setup.scale > 0 ? setup.scale : static_cast<double>(setup.agents) / static_cast<double>(seoul.total_households());
    w.households = setup.households;
    const std::int64_t capacity = std::max(setup.capacity, setup.agents);
    build_population(w, capacity);
    if (capacity > setup.agents) {
        // Who is still to arrive, and in what order: a random order of the whole store,
        // so arrivals have the table's district and age mix.
        std::vector<std::pair<std::uint64_t, std::uint32_t>> order(static_cast<std::size_t>(capacity));
        for (std::uint32_t i = 0; i < capacity; ++i) {
            CounterRng rng = w.streams[kArrivalDraw].at(i, 0, 1);
            const std::uint64_t hi = rng();
            order[i] = {hi << 32 | rng(), i};
        }
        std::sort(order.begin(), order.end());
        for (std::size_t k = 0; k < static_cast<std::size_t>(capacity - setup.agents); ++k) {
            w.waiting_to_arrive.push_back(order[k].second);
            w.agents.alive[order[k].second] = 0;
        }
    }
    w.alive_count = setup.agents;
    build_ties(w);
    w.programmes = make_programmes(setup.programmes, w);
    scheduled_ = setup.policy;
    // Burn-in: the days before the start date let the initial conditions settle (ties,
    // days since contact and outing, loneliness); they are not recorded and no programme
    // acts in them, so every scenario starts day 0 from the same state.
    for (int d = -setup.burn_in_days; d < 0; ++d) {
        if (stop && stop->load()) throw Interrupted("in the burn-in, day " + std::to_string(d));
        step_day(w, d);
        if (burn_in_day) burn_in_day(d);
    }
}

void Simulation::check_shareable(const Simulation& burned_in, const SimulationSetup& setup) {
    if (!burned_in.w_ || burned_in.days_done_ != 0) throw std::invalid_argument("a shared burn-in must be taken before its day 0");
    if (!same_burn_in(burned_in.setup_, setup)) throw std::invalid_argument("the setups' burn-ins differ");
}

void Simulation::start_programmes() {
    w_->programmes = make_programmes(setup_.programmes, *w_);
    w_->policy_log.clear();
    scheduled_ = setup_.policy;
}

Simulation::Simulation(const Simulation& burned_in, const SimulationSetup& setup) : w_(std::make_unique<World>()), setup_(setup) {
    check_shareable(burned_in, setup);
    static_cast<WorldState&>(*w_) = static_cast<const WorldState&>(*burned_in.w_);
    start_programmes();
}

Simulation::Simulation(Simulation&& burned_in, const SimulationSetup& setup) : setup_(setup) {
    check_shareable(burned_in, setup);
    w_ = std::move(burned_in.w_);
    start_programmes();
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
