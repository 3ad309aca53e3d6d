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
#include "sim/state_archive.hpp"

namespace lonesim {

WorldSize world_size(std::int64_t agents, double table_total, const std::vector<HouseholdCount>& households, Date first_day) {
    WorldSize s;
    s.agents = agents;
    s.scale = static_cast<double>(agents) / table_total;
    // Room for the households that arrive: the growth, and a little over (1%) so that
    // those who replace the departed need not wait for a vacated home to be re-let.
    std::int64_t most = agents;
    if (!households.empty()) {
        // The world keeps its share of Seoul as the count changes.
        s.agents = std::max<std::int64_t>(kDistricts, std::llround(s.scale * households_on(households, first_day)));
        most = std::max(most, static_cast<std::int64_t>(std::llround(s.scale * households_peak(households))));
    }
    s.capacity = std::max(s.agents, most) + std::max<std::int64_t>(kDistricts, most / 100);
    return s;
}

bool same_burn_in(const SimulationSetup& a, const SimulationSetup& b) {
    return a.agents == b.agents && a.capacity == b.capacity && a.scale == b.scale && a.households == b.households &&
           a.params == b.params && a.seed == b.seed && a.replicate == b.replicate && a.start_date == b.start_date &&
           a.burn_in_days == b.burn_in_days && a.shocks == b.shocks;
}

void Simulation::set_up_world(const SeoulData& seoul) {
    World& w = *w_;
    const SimulationSetup& setup = setup_;
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
}

Simulation::Simulation(const SeoulData& seoul, const SimulationSetup& setup, const std::atomic<bool>* stop,
                       const std::function<void(int)>& burn_in_day)
    : Simulation(seoul, setup, NotBurnedIn{}) {
    run_burn_in(stop, burn_in_day);
}

Simulation::Simulation(const SeoulData& seoul, const SimulationSetup& setup, NotBurnedIn)
    : w_(std::make_unique<World>()), setup_(setup), burn_in_next_(-setup.burn_in_days) {
    set_up_world(seoul);
    World& w = *w_;
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
    w.alive_count = w.households_kept = setup.agents;
    build_ties(w);
    w.programmes = make_programmes(setup.programmes, w);
    scheduled_ = setup.policy;
}

// Burn-in: the days before the start date let the initial conditions settle (ties, days
// since contact and outing, loneliness); they are not recorded and no programme acts in
// them, so every scenario starts day 0 from the same state.
void Simulation::run_burn_in(const std::atomic<bool>* stop, const std::function<void(int)>& burn_in_day) {
    while (burn_in_next_ < 0) {
        const int d = burn_in_next_;
        if (stop && stop->load()) throw Interrupted("in the burn-in, day " + std::to_string(d));
        step_day(*w_, d);
        ++burn_in_next_;
        if (burn_in_day) burn_in_day(d);
    }
}

void Simulation::check_shareable(const Simulation& burned_in, const SimulationSetup& setup) {
    if (!burned_in.w_ || burned_in.days_done_ != 0 || !burned_in.burned_in()) throw std::invalid_argument("a shared burn-in must be taken before its day 0");
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

Simulation::Simulation(const SeoulData& seoul, const SimulationSetup& setup, StateArchive& saved, FromState use)
    : w_(std::make_unique<World>()), setup_(setup) {
    set_up_world(seoul);
    scheduled_ = setup.policy;
    state(saved, use != FromState::continues);
    if (use == FromState::new_programmes) {
        if (days_done_ != 0 || !burned_in()) throw StateMismatch("days_done: programmes start afresh only from a state of day 0");
        next_scheduled_ = 0;
    }
    if (use == FromState::new_period) {
        if (!burned_in()) throw StateMismatch("burn_in_next: a period starts from a burned-in world");
        start_new_period();
    }
}

void Simulation::start_new_period() {
    World& w = *w_;
    Agents& a = w.agents;
    // Programme effects given in the period before are dated in its days: re-dated to this
    // one's, or ended if they ended with it.
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a.boost_until[i] < days_done_) a.outing_boost[i] = 0, a.boost_until[i] = 0;
        else a.boost_until[i] = static_cast<std::uint16_t>(a.boost_until[i] - days_done_);
        if (a.buffer_until[i] < days_done_) a.buffer_impact[i] = 0, a.buffer_hazard[i] = 0, a.buffer_until[i] = 0;
        else a.buffer_until[i] = static_cast<std::uint16_t>(a.buffer_until[i] - days_done_);
    }
    for (auto& day : w.vacated_on) day -= days_done_;
    days_done_ = 0;
    next_scheduled_ = 0;
    w.households_kept = w.alive_count;  // kept, unless this period's path says otherwise
    w.policy_log.clear();
    calendar_and_shocks(w, -1);  // the period before's last day, with this one's shocks
}

namespace {
// A world read from a file is checked before it runs: a hostile or damaged file with valid
// checksums must not index out of bounds or run on impossible values.
void check_loaded_world(const World& w) {
    const Agents& a = w.agents;
    const std::size_t n = a.alive.size();
    bool sizes = true;
    a.for_each_column([&](const char*, const auto& column) { sizes = sizes && column.size() == n; });
    auto require = [](bool ok, const std::string& what) {
        if (!ok) throw StateMismatch(what);
    };
    require(sizes && n > 0 && n < (1u << 31), "agents: columns of different lengths");
    for (std::size_t i = 0; i < n; ++i) {
        require(a.district[i] < kDistricts && a.age[i] <= 130 && a.alive[i] <= 1 && a.sex[i] <= 1 && a.income[i] <= 2 &&
                    static_cast<int>(a.status[i]) < kStatuses && static_cast<int>(a.employment[i]) <= 3,
                "agents: a value out of range at agent " + std::to_string(i));
        require(a.loneliness[i] >= 0 && a.loneliness[i] <= 1 && std::isfinite(a.recent_contact[i]) && std::isfinite(a.relief[i]) &&
                    std::isfinite(a.sociability[i]) && std::isfinite(a.resilience[i]),
                "agents: a value out of range at agent " + std::to_string(i));
    }
    require(w.ties.nodes() == n, "ties: not one node per agent");
    const std::string ties = w.ties.check();
    require(ties.empty(), "ties: " + ties);
    for (const auto& r : w.ties.records()) require(!r.live || r.type < kTieTypes, "ties: a tie of no type");
    for (auto i : w.waiting_to_arrive) require(i < n, "waiting_to_arrive: not an agent");
    require(w.next_arrival <= w.waiting_to_arrive.size(), "next_arrival: past the waiting list");
    require(w.alive_count >= 0 && static_cast<std::size_t>(w.alive_count) <= n, "alive_count: out of range");
    require(w.households_kept >= 0 && static_cast<std::size_t>(w.households_kept) <= n, "households_kept: out of range");
    require(w.vacated.size() == w.vacated_on.size() && w.vacated_next <= w.vacated.size(), "vacated: lists of different lengths");
    for (auto i : w.vacated) require(i < n, "vacated: not an agent");
    for (std::size_t k = w.vacated_next; k < w.vacated.size(); ++k) {  // homes still empty
        require(!a.alive[w.vacated[k]] && w.ties.degree(w.vacated[k]) == 0, "vacated: a home still lived in");
        require(k == w.vacated_next || w.vacated_on[k - 1] <= w.vacated_on[k], "vacated_on: not in order");
    }
    for (std::size_t k = 1; k < w.cell_begin.size(); ++k) require(w.cell_begin[k - 1] <= w.cell_begin[k], "cell_begin: not in order");
    for (std::size_t k = 1; k < w.district_begin.size(); ++k) require(w.district_begin[k - 1] <= w.district_begin[k], "district_begin: not in order");
    require(w.cell_begin.back() <= n && w.district_begin.back() <= n, "cell_begin: past the agents");
}
}  // namespace

void Simulation::save_state(StateArchive& archive) const {
    const_cast<Simulation&>(*this).state(archive);  // writing only reads
}

void Simulation::state(StateArchive& a, bool fresh_programmes) {
    World& w = *w_;
    a.value("days_done", days_done_);
    if (a.loading() && (days_done_ < 0 || days_done_ > 10'000'000)) throw StateMismatch("days_done: out of range");
    a.value("burn_in_next", burn_in_next_);
    if (a.loading() && (burn_in_next_ > 0 || burn_in_next_ < -setup_.burn_in_days || (burn_in_next_ < 0 && days_done_ != 0)))
        throw StateMismatch("burn_in_next: out of range");
    std::uint64_t next = next_scheduled_, arrival = w.next_arrival;
    a.value("next_scheduled", next);
    a.value("next_arrival", arrival);
    next_scheduled_ = static_cast<std::size_t>(next), w.next_arrival = static_cast<std::size_t>(arrival);
    {
        StateArchive agents = a.group("agents");
        w.agents.for_each_column([&](const char* name, auto& column) { agents.values(name, column); });
        StateArchive ties = a.group("ties");
        w.ties.state(ties);
    }
    a.values("waiting_to_arrive", w.waiting_to_arrive);
    a.value("alive_count", w.alive_count);
    a.value("households_kept", w.households_kept);
    std::uint64_t vacated_next = w.vacated_next;
    a.value("vacated_next", vacated_next);
    w.vacated_next = static_cast<std::size_t>(vacated_next);
    a.values("vacated", w.vacated);
    a.values("vacated_on", w.vacated_on);
    a.values("district_begin", w.district_begin);
    a.values("cell_begin", w.cell_begin);
    if (a.loading()) {  // functions of the tables and parameters, not of the file
        w.friend_kernel = DistrictKernel::gravity(w.seoul, w.p.friend_distance_km);
        w.family_kernel = DistrictKernel::gravity(w.seoul, w.p.family_distance_km);
    }
    // (daily_draws, contact_view and contact_tallies are the day's scratch, not saved)
    a.value("metrics", w.metrics);
    a.values("unattended_risk_today", w.unattended_risk_today);
    if (a.loading()) {
        check_loaded_world(w);
        // The last day's calendar, as the day loop left it (before any day: set_up_world's).
        if (days_done_ > 0 || burn_in_next_ > -setup_.burn_in_days) calendar_and_shocks(w, burn_in_next_ < 0 ? burn_in_next_ - 1 : days_done_ - 1);
    }
    // The programmes are the setup's, made afresh, then given their saved state.
    if (a.loading()) w.programmes = make_programmes(setup_.programmes, w);
    if (fresh_programmes) return;
    for (std::size_t k = 0; k < w.programmes.size(); ++k) {
        StateArchive g = a.group("programme_" + std::to_string(k) + "_" + w.programmes[k]->name());
        w.programmes[k]->state(g, w.agents.size());
    }
    StateArchive log = a.group("policy_log");
    policy_log_state(log, w.policy_log);
}

void policy_log_state(StateArchive& log, std::vector<PolicyChange>& changes) {
    std::vector<std::int32_t> day, enabled;
    std::vector<double> per_year, concurrent;
    std::string names;  // one per line
    for (const auto& c : changes)
        day.push_back(c.day), enabled.push_back(c.enabled), per_year.push_back(c.capacity.per_year),
            concurrent.push_back(c.capacity.concurrent), names += c.programme + "\n";
    log.values("day", day), log.values("enabled", enabled), log.values("per_year", per_year), log.values("concurrent", concurrent);
    log.text("programme", names);
    if (!log.loading()) return;
    changes.clear();
    std::size_t at = 0;
    for (std::size_t k = 0; k < day.size(); ++k) {
        const std::size_t end = names.find('\n', at);
        if (end == std::string::npos || enabled.size() != day.size() || per_year.size() != day.size() || concurrent.size() != day.size())
            throw StateMismatch("policy_log: columns of different lengths");
        changes.push_back({day[k], names.substr(at, end - at), enabled[k], {per_year[k], concurrent[k]}});
        at = end + 1;
    }
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

void Simulation::step(PhaseTimer* timer) {
    if (!burned_in()) throw std::logic_error("a day stepped before the burn-in is done");
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
    return w_->agents.memory_bytes() + w_->ties.memory_bytes() + w_->daily_draws.capacity() * sizeof(w_->daily_draws[0]) +
           w_->contact_scratch_bytes();
}

}  // namespace lonesim
