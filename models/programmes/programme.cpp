#include "models/programmes/programme.hpp"



#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/agents.hpp"
#include "models/programmes/mechanisms.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

const std::vector<std::string> kRequirementNames = {"app_user", "chronic_illness", "disability", "foreign",
                                                    "low_income", "student", "employed", "unemployed",
                                                    "retired", "no_one_to_turn_to", "elderly"};
const std::vector<std::string> kStatusNames = {"connected", "lonely", "isolated", "reclusive"};

const std::array<ProgrammeMetricInfo, kProgrammeMetricCount> kProgrammeMetricInfo = {{
    {"eligible", "Living agents the programme may serve (counted every 30 days, carried between)", "people"},
    {"detected", "Flagged by screening today (outreach)", "people per day"},
    {"referred", "Taken in on referral from another programme today", "people per day"},
    {"enrolled", "Taken in today (courses started, registrations, visits, enrolments)", "people per day"},
    {"waiting", "On the waiting list at the end of the day", "people"},
    {"active", "Being served at the end of the day", "people"},
    {"completed", "Finished today (course, registration, visit, coverage)", "people per day"},
    {"dropped_out", "Left today before finishing (including deaths)", "people per day"},
    {"sessions", "Counselling sessions held today", "sessions per day"},
    {"calls_answered", "Hotline calls answered today", "calls per day"},
    {"calls_missed", "Hotline calls not answered today", "calls per day"},
    {"units", "Units of service paid for at costs.per_unit today", "units per day"},
    {"cost", "Spending today: fixed share + enrolments x per_enrolment + units x per_unit", "KRW per day"},
}};

namespace {

// Requirement bits and their names, in one place.
enum Requirement : std::uint32_t {
    kNeedAppUser = 1, kNeedChronic = 2, kNeedDisability = 4, kNeedForeign = 8, kNeedLowIncome = 16,
    kNeedStudent = 32, kNeedEmployed = 64, kNeedUnemployed = 128, kNeedRetired = 256,
    kNeedNoOneToTurnTo = 512, kNeedElderly = 1024,
};

const MechanismType* const kMechanismTypes[] = {
#define LONESIM_LIST_MECHANISM(name) &name##_mechanism,
    LONESIM_MECHANISMS(LONESIM_LIST_MECHANISM)
#undef LONESIM_LIST_MECHANISM
};

std::uint32_t purpose_of(const std::string& name) {
    // By name, so a programme draws the same numbers in every scenario that has it.
    std::uint64_t h = 1469598103934665603ULL;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return kProgrammeDrawBase + static_cast<std::uint32_t>(h % 1000000007ULL);
}

}  // namespace

int poisson_draw(CounterRng& rng, double mean) {
    if (mean <= 0) return 0;
    if (mean > 50) {
        // Normal approximation (Box-Muller), adequate for counts this large.
        const double u1 = 1.0 - rng.uniform(), u2 = rng.uniform();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        return std::max(0, static_cast<int>(std::lround(mean + std::sqrt(mean) * z)));
    }
    const double limit = std::exp(-mean);
    int k = 0;
    for (double prod = rng.uniform(); prod > limit; prod *= rng.uniform()) ++k;
    return k;
}

bool Eligibility::test(const World& w, std::uint32_t i, bool alive) const {
    const Agents& a = w.agents;
    if ((alive && !a.alive[i]) || !(district_mask >> a.district[i] & 1u)) return false;
    if (a.age[i] < min_age || a.age[i] > max_age) return false;
    if (!(status_mask >> static_cast<int>(a.status[i]) & 1u)) return false;
    if (a.loneliness[i] < min_loneliness) return false;
    if (required == 0) return true;
    const std::uint8_t t = a.traits[i];
    const Employment e = a.employment[i];
    auto need = [&](std::uint32_t bit, bool has) { return !(required & bit) || has; };
    return need(kNeedAppUser, t & kAppUser) && need(kNeedChronic, t & kChronicIllness) &&
           need(kNeedDisability, t & kDisability) && need(kNeedForeign, t & kForeign) &&
           need(kNeedLowIncome, a.income[i] == 0) && need(kNeedStudent, e == Employment::student) &&
           need(kNeedEmployed, e == Employment::employed) && need(kNeedUnemployed, e == Employment::unemployed) &&
           need(kNeedRetired, e == Employment::retired) && need(kNeedNoOneToTurnTo, a.strong_ties[i] == 0) &&
           need(kNeedElderly, a.age[i] >= 65);
}

std::span<const MechanismType* const> mechanism_types() { return kMechanismTypes; }

const MechanismType* mechanism_type(std::string_view name) {
    for (const MechanismType* m : kMechanismTypes)
        if (m->name == name) return m;
    return nullptr;
}

Programme::Programme(const ProgrammeSpec& spec, const MechanismType& type, std::vector<double> params, int start_day,
                     int end_day, Eligibility eligibility, std::uint32_t purpose)
    : name_(spec.name), spec_(spec), mechanism_(&type),
      params_(std::move(params)), start_day_(start_day), end_day_(end_day), eligibility_(eligibility), purpose_(purpose) {
    enabled = spec.enabled;
}

void Programme::start_day() {
    constexpr double kCarryDays = 30;
    const double daily = capacity.per_year / 365.0;
    allowance_ = std::min(allowance_ + daily, std::max(1.0, daily * kCarryDays));
    if (capacity.per_year <= 0) allowance_ = 0;
}

void Programme::charge(const World& w, std::uint32_t agent, double krw) {
    if (krw == 0) return;
    today[kCost] += krw;
    if (cost_cells_.empty()) cost_cells_.assign(kCells, 0.0);
    cost_cells_[static_cast<std::size_t>(cell_of(w.agents.district[agent], w.agents.age[agent]))] += krw;
}

std::vector<double> Programme::cost_by_cell(const World& w) const {
    std::vector<double> out = cost_cells_.empty() ? std::vector<double>(kCells, 0.0) : cost_cells_;
    double weight_total = 0;
    std::vector<double> weight(kCells, 0.0);
    for (int c = 0; c < kCells; ++c)
        if (eligibility_.district_mask >> (c / kAgeBands) & 1u)
            weight_total += weight[static_cast<std::size_t>(c)] = w.cell_begin[static_cast<std::size_t>(c) + 1] - w.cell_begin[static_cast<std::size_t>(c)];
    if (weight_total > 0)
        for (int c = 0; c < kCells; ++c) out[static_cast<std::size_t>(c)] += fixed_spent_ * weight[static_cast<std::size_t>(c)] / weight_total;
    return out;
}

bool Programme::has_room() const {
    if (allowance_ < 1.0) return false;
    return capacity.concurrent <= 0 || static_cast<double>(active()) + 1.0 <= capacity.concurrent;
}

ProgrammeContext::ProgrammeContext(World& w, Programme& p, std::vector<std::unique_ptr<Programme>>& all)
    : w_(w), p_(p), all_(all) {}

int ProgrammeContext::day() const { return w_.today.index; }

CounterRng ProgrammeContext::rng(std::uint32_t agent, std::uint32_t sub) const {
    return RandomStreams(w_.seed, w_.replicate, p_.purpose()).at(agent, static_cast<std::uint32_t>(day()), sub);
}

bool ProgrammeContext::eligible(std::uint32_t i) const { return p_.eligibility().test(w_, i); }

bool ProgrammeContext::world_alive(std::uint32_t i) const { return w_.agents.alive[i] != 0; }

void Programme::forget(const std::vector<std::uint32_t>& reoccupied) {
    auto gone = [&](std::uint32_t i) { return std::binary_search(reoccupied.begin(), reoccupied.end(), i); };
    std::erase_if(waiting_list_, [&](const Waiting& x) { return gone(x.agent); });
    std::erase_if(referrals_in_, gone);
    for (auto i : reoccupied) members_.erase(i);
}

void Programme::leave_after(int day, double max_wait_days) {
    while (!waiting_list_.empty() && day - waiting_list_.front().since > max_wait_days) {
        members_.erase(waiting_list_.front().agent);
        waiting_list_.pop_front();
    }
}

bool ProgrammeContext::sample_agent(CounterRng& rng, std::uint32_t& out) const {
    // Uniform over the store positions of the programme's districts.
    const std::uint32_t mask = p_.eligibility().district_mask;
    std::uint32_t total = 0;
    for (int d = 0; d < kDistricts; ++d)
        if (mask >> d & 1u) total += w_.district_begin[static_cast<std::size_t>(d) + 1] - w_.district_begin[static_cast<std::size_t>(d)];
    if (total == 0) return false;
    std::uint32_t k = rng.below(total);
    for (int d = 0; d < kDistricts; ++d) {
        if (!(mask >> d & 1u)) continue;
        const std::uint32_t n = w_.district_begin[static_cast<std::size_t>(d) + 1] - w_.district_begin[static_cast<std::size_t>(d)];
        if (k < n) {
            out = w_.district_begin[static_cast<std::size_t>(d)] + k;
            return true;
        }
        k -= n;
    }
    return false;
}

bool ProgrammeContext::sample_applicant(CounterRng& rng, std::uint32_t& out, int attempts) const {
    for (int k = 0; k < attempts; ++k) {
        std::uint32_t i;
        if (!sample_agent(rng, i)) return false;
        if (eligible(i) && rng.uniform() < w_.agents.loneliness[i]) {
            out = i;
            return true;
        }
    }
    return false;
}

void ProgrammeContext::relieve(std::uint32_t i, double amount, double decay_days) {
    Agents& a = w_.agents;
    a.relief[i] = static_cast<float>(std::min(1.0, a.relief[i] + amount));
    a.relief_decay[i] = static_cast<float>(std::exp(-1.0 / decay_days));
}

void ProgrammeContext::attend_event(std::uint32_t i) {
    Agents& a = w_.agents;
    a.went_out[i] = 1;
    a.days_since_outing[i] = 0;
    a.days_since_contact[i] = 0;  // met people in person
}

void ProgrammeContext::propose_tie(std::uint32_t i, std::uint32_t j) {
    if (w_.agents.alive[i] && w_.agents.alive[j])
        form_tie(w_, i, j, TieType::friend_, static_cast<float>(w_.p.new_tie_weight));
}

void ProgrammeContext::nudge_outings(std::uint32_t i, double boost, int until_day) {
    w_.agents.outing_boost[i] = static_cast<float>(boost);
    w_.agents.boost_until[i] = static_cast<std::uint16_t>(std::clamp(until_day, 0, 65535));
}

void ProgrammeContext::buffer(std::uint32_t i, double impact_cut, double hazard_cut, int until_day) {
    w_.agents.buffer_impact[i] = static_cast<float>(impact_cut);
    w_.agents.buffer_hazard[i] = static_cast<float>(hazard_cut);
    w_.agents.buffer_until[i] = static_cast<std::uint16_t>(std::clamp(until_day, 0, 65535));
}

void ProgrammeContext::refer_on(std::uint32_t i, CounterRng& rng) {
    for (const auto& [target, probability] : p_.referral_targets)
        if (rng.bernoulli(probability)) all_[static_cast<std::size_t>(target)]->receive_referral(i);
}

ParamTable mechanism_parameters(const std::string& mechanism) {
    const MechanismType* m = mechanism_type(mechanism);
    return m ? m->parameters : ParamTable{};
}

std::vector<std::unique_ptr<Programme>> make_programmes(const std::vector<ProgrammeSpec>& specs, const World& w) {
    std::vector<std::unique_ptr<Programme>> out;
    const double scale = w.population_scale;
    for (ProgrammeSpec s : specs) {
        s.fixed_per_year *= scale;
        // Volumes are written for the real Seoul; a smaller world gets its share of them.
        const MechanismType* m = mechanism_type(s.mechanism);
        std::vector<double> params;
        for (const auto& p : m->parameters) params.push_back(p.default_value * (p.scales_with_population ? scale : 1.0));
        for (const auto& [key, value] : s.parameters)
            for (std::size_t k = 0; k < m->parameters.size(); ++k)
                if (m->parameters[k].name == key) params[k] = value * (m->parameters[k].scales_with_population ? scale : 1.0);
        Eligibility e;
        if (!s.districts.empty()) {
            e.district_mask = 0;
            std::vector<std::string> names;
            for (const auto& d : w.seoul.districts) names.push_back(d.name);
            for (const auto& name : s.districts) {
                const int found = static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
                // The app checked the names against the tables (app/scenario.cpp).
                if (found == static_cast<int>(names.size())) throw std::invalid_argument("unknown district '" + name + "'");
                e.district_mask |= 1u << found;
            }
        }
        e.min_age = s.min_age, e.max_age = s.max_age;
        e.min_loneliness = static_cast<float>(s.min_loneliness);
        if (!s.statuses.empty()) {
            e.status_mask = 0;
            for (const auto& st : s.statuses)
                e.status_mask |= static_cast<std::uint8_t>(1u << (std::find(kStatusNames.begin(), kStatusNames.end(), st) - kStatusNames.begin()));
        }
        for (const auto& rq : s.required)
            e.required |= 1u << (std::find(kRequirementNames.begin(), kRequirementNames.end(), rq) - kRequirementNames.begin());
        const int start = static_cast<int>(days_from_civil(s.start) - days_from_civil(w.start_date));
        const int end = static_cast<int>(days_from_civil(s.end) - days_from_civil(w.start_date));
        out.push_back(m->make(s, *m, std::move(params), start, end, e, purpose_of(s.name)));
        out.back()->capacity = s.capacity.in_world(scale);
    }
    // Referral targets by index; targets not in the scenario are left out.
    for (auto& p : out)
        for (const auto& [to, probability] : p->spec().referrals)
            for (std::size_t k = 0; k < out.size(); ++k)
                if (out[k]->name() == to) p->referral_targets.emplace_back(static_cast<int>(k), probability);
    return out;
}

namespace {
void count_eligible(World& w) {
    for (auto& p : w.programmes) {
        PerThread<std::int64_t> n([] { return std::int64_t{0}; });
        parallel_over(w.agents.size(), [&](std::size_t begin, std::size_t end) {
            std::int64_t& local = n.local();
            for (std::size_t i = begin; i < end; ++i) local += p->eligibility().test(w, static_cast<std::uint32_t>(i));
        });
        p->eligible_count = static_cast<double>(n.combine(std::plus<>()));
    }
}
}  // namespace

void run_programmes(World& w) {
    if (w.programmes.empty() || w.today.index < 0) return;  // nothing acts in the burn-in
    const int day = w.today.index;
    if (!w.reoccupied_today.empty())
        for (auto& p : w.programmes) p->forget(w.reoccupied_today);
    if (day % 30 == 0) count_eligible(w);
    for (auto& p : w.programmes) {
        p->today = {};
        p->start_day();
        const bool on = p->enabled && p->in_dates(day);
        if (on) {
            ProgrammeContext ctx(w, *p, w.programmes);
            p->act(ctx);
            p->today[kCost] += p->spec().fixed_per_year / 365.0;
            p->fixed_spent_ += p->spec().fixed_per_year / 365.0;
        }
        p->today[kEligible] = p->eligible_count;
        p->today[kWaiting] = static_cast<double>(p->waiting());
        p->today[kActive] = static_cast<double>(p->active());
        for (int k = 0; k < kProgrammeMetricCount; ++k) p->totals[static_cast<std::size_t>(k)] += p->today[static_cast<std::size_t>(k)];
    }
}

void apply_policy(World& w, const PolicyChange& c) {
    for (auto& p : w.programmes) {
        if (p->name() != c.programme) continue;
        if (c.enabled >= 0) p->enabled = c.enabled == 1;
        const Capacity world = c.capacity.in_world(w.population_scale);
        if (c.capacity.per_year >= 0) p->capacity.per_year = world.per_year;
        if (c.capacity.concurrent >= 0) p->capacity.concurrent = world.concurrent;
        w.policy_log.push_back(c);
        return;
    }
    throw std::invalid_argument("no programme named '" + c.programme + "' in this scenario");
}

void Programme::state(StateArchive& a, std::uint32_t agents) {
    loaded_agents_ = agents;
    std::uint8_t on = enabled ? 1 : 0;  // a byte, not a bool: a file may hold any byte
    a.value("enabled", on);
    enabled = on != 0;
    a.value("capacity", capacity);
    a.values("today", today);
    a.values("totals", totals);
    a.value("eligible_count", eligible_count);
    a.values("referrals_in", referrals_in_);
    std::vector<Waiting> waiting(waiting_list_.begin(), waiting_list_.end());
    a.values("waiting_list", waiting);
    // Members in order, so that the file does not depend on the hash table's layout; the
    // set is only ever asked whether it holds someone, never walked.
    std::vector<std::uint32_t> members(members_.begin(), members_.end());
    std::sort(members.begin(), members.end());
    a.values("members", members);
    a.value("allowance", allowance_);
    a.values("cost_cells", cost_cells_);
    a.value("fixed_spent", fixed_spent_);
    if (a.loading()) {
        auto fail = [](const char* what) { throw StateMismatch(std::string(what) + ": out of range"); };
        for (auto i : referrals_in_)
            if (i >= agents) fail("referrals_in");
        for (auto i : members)
            if (i >= agents) fail("members");
        check_agents(waiting, "waiting_list");
        if (!cost_cells_.empty() && cost_cells_.size() != kCells) fail("cost_cells");
        if (!std::isfinite(allowance_) || !std::isfinite(fixed_spent_) || !std::isfinite(capacity.per_year) || !std::isfinite(capacity.concurrent))
            fail("allowance or capacity");
        waiting_list_.assign(waiting.begin(), waiting.end());
        members_.clear();
        members_.insert(members.begin(), members.end());
    }
    StateArchive own = a.group("mechanism");
    mechanism_state(own);
}

}  // namespace lonesim
