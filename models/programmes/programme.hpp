#pragma once
// A programme: one of six mechanisms, configured by a programme file, acting on agents
// only through ProgrammeContext (the engine alone writes agent state).
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_set>
#include <string>
#include <vector>

#include "sim/param_table.hpp"
#include "models/programmes/programme_spec.hpp"
#include "models/inputs.hpp"
#include "sim/rng.hpp"
#include "sim/state_archive.hpp"

namespace lonesim {

struct World;
struct Agents;

struct MechanismType;

// The words of eligibility in programme files: statuses, and what a person must be or have.
extern const std::vector<std::string> kStatusNames, kRequirementNames;

// Who a programme may serve.
struct Eligibility {
    std::uint32_t district_mask = (1u << 25) - 1;
    int min_age = 0, max_age = 120;
    std::uint8_t status_mask = 0xF;   // bit per Status
    std::uint32_t required = 0;       // Requirement bits
    float min_loneliness = 0;
    // alive = false tests a person who has just died (for discovery of the death).
    bool test(const World& w, std::uint32_t i, bool alive = true) const;
};

// The day's accounting of one programme (docs/model.md#778-programme-accounting; written
// as /programmes/<name>/<metric>, README "Outputs").
enum ProgrammeMetric : int {
    kEligible, kDetected, kReferred, kEnrolled, kWaiting, kActive, kCompleted, kDroppedOut,
    kSessions, kCallsAnswered, kCallsMissed, kUnits, kCost, kProgrammeMetricCount
};
struct ProgrammeMetricInfo {
    const char* name;
    const char* description;
    const char* units;
};
extern const std::array<ProgrammeMetricInfo, kProgrammeMetricCount> kProgrammeMetricInfo;
using ProgrammeDay = std::array<double, kProgrammeMetricCount>;

class Programme;

// A Poisson count with the given mean (Knuth's method for small means, normal
// approximation above 50).
int poisson_draw(CounterRng& rng, double mean);

// What a mechanism may do to the world: read it, draw from its own streams, and ask the
// engine for one of a few effects.
class ProgrammeContext {
public:
    ProgrammeContext(World& w, Programme& p, std::vector<std::unique_ptr<Programme>>& all);
    const World& world() const { return w_; }
    int day() const;
    CounterRng rng(std::uint32_t agent, std::uint32_t sub = 0) const;
    bool eligible(std::uint32_t i) const;
    bool world_alive(std::uint32_t i) const;
    // A random agent of the programme's districts, or none (returns false).
    bool sample_agent(CounterRng& rng, std::uint32_t& out) const;
    // Among people who apply or call by themselves, the lonelier are likelier: a sampled
    // eligible agent is accepted with probability equal to its loneliness.
    bool sample_applicant(CounterRng& rng, std::uint32_t& out, int attempts = 400) const;

    // effects
    void relieve(std::uint32_t i, double amount, double decay_days);
    void attend_event(std::uint32_t i);
    void propose_tie(std::uint32_t i, std::uint32_t j);
    void nudge_outings(std::uint32_t i, double boost, int until_day);
    void buffer(std::uint32_t i, double impact_cut, double hazard_cut, int until_day);
    // Send on to the programme's referral targets, each with its probability.
    void refer_on(std::uint32_t i, CounterRng& rng);

private:
    World& w_;
    Programme& p_;
    std::vector<std::unique_ptr<Programme>>& all_;
};

class Programme {
public:
    Programme(const ProgrammeSpec& spec, const MechanismType& type, std::vector<double> params, int start_day,
              int end_day, Eligibility eligibility, std::uint32_t purpose);
    virtual ~Programme() = default;

    // The day's work, called in phase 7 while the programme is on and in its dates.
    virtual void act(ProgrammeContext& ctx) = 0;
    // People it is serving or has waiting (for the day's stocks).
    virtual std::size_t active() const = 0;
    virtual std::size_t waiting() const { return waiting_list_.size(); }
    // Extra daily chance a death of agent i is discovered (outreach only).
    virtual double discovery(const World&, std::uint32_t) const { return 0.0; }

    // Agents whose slots new households took today (sorted): whatever the programme still
    // held of the people who lived there is dropped, whether it is on or off. Mechanisms
    // with lists of their own drop those entries too.
    virtual void forget(const std::vector<std::uint32_t>& reoccupied);

    // Referrals in from other programmes, taken in on the next act().
    void receive_referral(std::uint32_t agent) { referrals_in_.push_back(agent); }

    const std::string& name() const { return name_; }
    const ProgrammeSpec& spec() const { return spec_; }
    const MechanismType& mechanism() const { return *mechanism_; }
    // The mechanism's parameters in its table's order, in this world (volumes scaled).
    const std::vector<double>& parameter_values() const { return params_; }
    bool in_dates(int day) const { return day >= start_day_ && day <= end_day_; }
    const Eligibility& eligibility() const { return eligibility_; }
    std::uint32_t purpose() const { return purpose_; }

    // Switched by the policy interface; capacity in this world (make_programmes sets it).
    bool enabled = true;
    Capacity capacity;
    std::vector<std::pair<int, double>> referral_targets;  // (programme index, probability)

    ProgrammeDay today{};  // reset each day
    ProgrammeDay totals{};
    double eligible_count = 0;

    // Capacity: capacity.per_year is spread evenly over the year as a daily allowance (unused
    // allowance carries over for up to 30 days); capacity.concurrent caps the people served
    // at once.
    void start_day();  // called once a day before act()
    bool has_room() const;
    void count_entry() { allowance_ -= 1.0; }
    int start_day_index() const { return start_day_; }
    // Spending, attributed to the district and age band of the person served.
    void add_cost_units(const World& w, std::uint32_t agent, double units) {
        today[kUnits] += units;
        charge(w, agent, units * spec_.per_unit);
    }
    void charge_enrolment(const World& w, std::uint32_t agent) { charge(w, agent, spec_.per_enrolment); }
    void charge(const World& w, std::uint32_t agent, double krw);
    // Spending by (district, age band) cell since the start; fixed costs are spread over
    // the cells of the programme's districts by their number of agents.
    std::vector<double> cost_by_cell(const World& w) const;

    friend void run_programmes(World& w);

    // What changes as it runs, both ways (a saved state, issue 20): the switch, capacity,
    // today's and total accounting, referrals, the waiting list and members, the
    // allowance, spending, then the mechanism's own (mechanism_state).
    // Reading checks that every agent named is one of the world's `agents`.
    void state(StateArchive& a, std::uint32_t agents);

protected:
    virtual void mechanism_state(StateArchive&) {}
    std::uint32_t loaded_agents() const { return loaded_agents_; }
    // For mechanism_state: throws StateMismatch unless every entry's agent is the world's.
    template <class Entries>
    void check_agents(const Entries& entries, const char* what) const {
        for (const auto& e : entries)
            if (e.agent >= loaded_agents_) throw StateMismatch(std::string(what) + ": not an agent of the world");
    }

    // Referrals in first, then self-applications (a Poisson number a day, applicants
    // chosen by loneliness); accept(agent, referred) for each eligible newcomer.
    template <class Accept>
    void intake(ProgrammeContext& ctx, double applications_per_year, CounterRng& rng, Accept&& accept);

    std::vector<std::uint32_t> referrals_in_;

    // The waiting list of the mechanisms that take people in. members_ are those waiting
    // or being served, so nobody joins twice.
    struct Waiting {
        std::uint32_t agent;
        int since;
    };
    std::deque<Waiting> waiting_list_;
    std::unordered_set<std::uint32_t> members_;
    bool join_waiting_list(std::uint32_t agent, int day) {
        if (!members_.insert(agent).second) return false;
        waiting_list_.push_back({agent, day});
        return true;
    }
    // Newcomers (referrals, then self-applications) join the list when accept(agent,
    // referred) allows; referrals are counted.
    template <class Accept>
    void take_newcomers(ProgrammeContext& ctx, double applications_per_year, CounterRng& rng, Accept&& accept);
    void leave_after(int day, double max_wait_days);
    // While there is room, take people in from the list (the dead leave it):
    // counted, charged per enrolment, then serve(agent).
    template <class Serve>
    void take_in_from_list(ProgrammeContext& ctx, Serve&& serve);

private:
    std::string name_;
    ProgrammeSpec spec_;
    const MechanismType* mechanism_;
    std::vector<double> params_;
    int start_day_, end_day_;
    Eligibility eligibility_;
    std::uint32_t purpose_;
    double allowance_ = 0;
    std::uint32_t loaded_agents_ = 0;
    std::vector<double> cost_cells_;
    double fixed_spent_ = 0;
};

template <class Accept>
void Programme::intake(ProgrammeContext& ctx, double applications_per_year, CounterRng& rng, Accept&& accept) {
    for (std::uint32_t i : referrals_in_)
        if (ctx.eligible(i)) accept(i, true);
    referrals_in_.clear();
    const int n = poisson_draw(rng, applications_per_year / 365.0);
    for (int k = 0; k < n; ++k) {
        std::uint32_t i;
        if (ctx.sample_applicant(rng, i)) accept(i, false);
    }
}

template <class Accept>
void Programme::take_newcomers(ProgrammeContext& ctx, double applications_per_year, CounterRng& rng, Accept&& accept) {
    intake(ctx, applications_per_year, rng, [&](std::uint32_t i, bool referred) {
        if (accept(i, referred) && join_waiting_list(i, ctx.day()) && referred) today[kReferred] += 1;
    });
}

template <class Serve>
void Programme::take_in_from_list(ProgrammeContext& ctx, Serve&& serve) {
    while (!waiting_list_.empty() && has_room()) {
        const std::uint32_t i = waiting_list_.front().agent;
        waiting_list_.pop_front();
        if (!ctx.world_alive(i)) {
            members_.erase(i);
            continue;
        }
        count_entry();
        today[kEnrolled] += 1;
        charge_enrolment(ctx.world(), i);
        serve(i);
    }
}

// A mechanism's parameter table (empty for an unknown mechanism).
ParamTable mechanism_parameters(const std::string& mechanism);

// Builds the scenario's programmes for a world (district names checked against it).
std::vector<std::unique_ptr<Programme>> make_programmes(const std::vector<ProgrammeSpec>& specs, const World& w);

// Phase 7: every programme acts, in the scenario's order; then the day's accounting.
void run_programmes(World& w);

// Apply a policy change now, recorded in w.policy_log with change.day; throws
// std::invalid_argument for an unknown programme.
void apply_policy(World& w, const PolicyChange& change);

}  // namespace lonesim
