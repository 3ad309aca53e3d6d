#pragma once
// The state of one simulated Seoul: agents, ties, tables, today's calendar and the
// random streams of each purpose. Phases in models/ read and write it; the engine
// never changes it behind their back.
#include <array>
#include <cstdint>
#include <vector>

#include "models/agents.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "models/seoul.hpp"
#include "sim/calendar.hpp"
#include "sim/rng.hpp"
#include "models/inputs.hpp"
#include "sim/tie_graph.hpp"

namespace lonesim {

// Why a draw is made. Each purpose has its own streams, so adding draws of one purpose
// (a programme, say) leaves every other purpose's draws unchanged.
enum PurposeId : Purpose {
    kAgentDayDraw = 0,  // the four daily words of every agent (see DailyWord)
    kPopulationDraw = 1,
    kNetworkDraw,
    kLifeEventDraw,
    kContactDraw,
    kTieFormationDraw,
    kDiscoveryDraw,
    kArrivalDraw,
    kPurposeCount,
    // programmes draw from purposes kProgrammeDrawBase + programme index
    kProgrammeDrawBase = 1000,
};

// Each agent's daily draws come in one Philox block of four 32-bit words, one per
// phase; phases that need more (which event, which partner) draw from their own purpose.
enum DailyWord : int { kLifeEventWord, kOutingWord, kMoodWord, kNewTieWord };

// Chance of choosing each destination district from each origin: weight proportional to
// the destination's households times exp(-distance / scale). Stored as cumulative sums.
struct DistrictKernel {
    std::array<std::array<double, kDistricts>, kDistricts> cumulative{};
    static DistrictKernel gravity(const SeoulData& seoul, double scale_km);
    int draw(int origin, double u) const;
};

// Days a vacated slot stays empty before a newcomer takes it: longer than any programme
// keeps a person it no longer sees (active lists drop the departed the next day; waiting
// lists are also told, Programme::forget).
inline constexpr int kVacantDays = 30;

struct TieProposal {
    std::uint32_t from, to;
    TieType type;
};

// Withdrawn: outings.withdrawn_after_days or more without an outing (outings are rarer, and
// so is contact along ties).
inline bool withdrawn(const Parameters& p, std::uint16_t days_since_outing) { return days_since_outing >= p.withdrawn_after_days; }

// The strength at which a tie of this type makes someone a person to turn to.
inline float strong_tie_threshold(const Parameters& p, std::uint8_t type) {
    const double factor = type == static_cast<std::uint8_t>(TieType::family)     ? p.kin_support_factor
                          : type == static_cast<std::uint8_t>(TieType::coworker) ? p.coworker_support_factor
                                                                                 : 1.0;
    return static_cast<float>(p.strong_tie * factor);
}

struct World;
// A random agent among the n slots from `first`, drawn again (at most kPickAttempts draws
// in all) while the slot is empty (dead, or a household yet to arrive), so that how often
// people meet does not depend on how much of the store is filled. May still return an
// empty slot; kNoAgent if n == 0.
inline constexpr int kPickAttempts = 8;
inline constexpr std::uint32_t kNoAgent = 0xFFFFFFFFu;
std::uint32_t pick_living(const World& w, std::uint32_t first, std::uint32_t n, CounterRng& rng);
// pick_living over the agents who started in a district.
std::uint32_t pick_in_district(const World& w, int district, CounterRng& rng);
// Serial changes to the network that keep the agents' tie counts right.
bool form_tie(World& w, std::uint32_t from, std::uint32_t to, TieType type, float weight);
void dissolve_tie(World& w, TieGraph::Tie t);
// Recount every agent's strong ties (after the network is built).
void count_strong_ties(World& w);

// Everything a world is but its programmes: what a burn-in leaves, and what scenarios
// that share a burn-in copy (Simulation's burn-in constructor).
struct WorldState {
    Parameters p;
    SeoulData seoul;
    Agents agents;
    TieGraph ties;
    std::uint64_t seed = 0;
    double population_scale = 1.0;  // agents / Seoul's single-person households
    std::uint32_t replicate = 0;
    Date start_date;
    std::vector<ShockPeriod> shocks;

    // Arrivals of new households (a scenario with [[population.households]]): agents not
    // yet arrived wait, not alive, in the order they will arrive.
    std::vector<HouseholdCount> households;
    std::vector<std::uint32_t> waiting_to_arrive;
    std::size_t next_arrival = 0;
    std::int64_t alive_count = 0;
    // The count the world keeps when no [[population.households]] path is given.
    std::int64_t households_kept = 0;
    // Homes vacated by deaths and departures, in the order they were vacated, with the day:
    // once the waiting list is used up, a newcomer moves into the longest-vacant one that
    // has been empty kVacantDays (entries before vacated_next are taken).
    std::vector<std::uint32_t> vacated;
    std::vector<std::int32_t> vacated_on;
    std::size_t vacated_next = 0;
    std::vector<std::uint32_t> reoccupied_today;  // slots vacated before and taken today (sorted; scratch)

    // Where each district's and each (district, age band) cell's agents start in the
    // store (agents who move keep their index).
    std::array<std::uint32_t, kDistricts + 1> district_begin{};
    std::array<std::uint32_t, kCells + 1> cell_begin{};
    DistrictKernel friend_kernel, family_kernel;
    std::array<RandomStreams, kPurposeCount> streams;

    // today
    DayInfo today;
    double outing_factor = 1, venue_factor = 1, contact_factor = 1;

    // the day's scratch
    std::vector<std::array<std::uint32_t, 4>> daily_draws;  // [agent][DailyWord]
    // What a tie's contact draw needs of each end, packed so one read fetches it.
    struct ContactView {
        float loneliness;
        std::uint8_t went_out, works, lonely, withdrawn;  // withdrawn: outings.withdrawn_after_days without an outing
    };
    std::vector<ContactView> contact_view;
    std::vector<std::vector<std::uint32_t>> contact_tallies;  // one a thread, see contacts.cpp
    std::vector<std::vector<std::uint32_t>> dropped_by_block;
    std::vector<std::vector<TieProposal>> proposals_by_block;
    std::vector<std::uint32_t> dropped;
    std::vector<TieProposal> proposals;
    DayMetrics metrics;
    // Today's deaths' chances of going unattended, per cell, in fixed point (life events
    // sets it, the metrics copy it).
    std::array<std::int64_t, kCells> unattended_risk_today{};

    // Bytes the contact phase's scratch holds (the view and every thread's tally).
    std::size_t contact_scratch_bytes() const {
        std::size_t bytes = contact_view.capacity() * sizeof(ContactView);
        for (const auto& tally : contact_tallies) bytes += tally.capacity() * sizeof(tally[0]);
        return bytes;
    }

    CounterRng rng(PurposeId purpose, std::uint32_t agent, std::uint32_t sub = 0) const {
        return streams[purpose].at(agent, static_cast<std::uint32_t>(today.index), sub);
    }
    // A daily word as a uniform number in [0, 1) (32-bit resolution).
    double daily_uniform(std::uint32_t agent, DailyWord word) const {
        return daily_draws[agent][static_cast<std::size_t>(word)] * 0x1.0p-32;
    }
    // f(i, rng) for agents i in [begin, end), rng = rng(purpose, i): the hot loops' form,
    // which computes the streams in vectorised batches.
    template <class F>
    void for_each_agent(PurposeId purpose, std::size_t begin, std::size_t end, F&& f) const {
        streams[purpose].for_each(
            begin, end, static_cast<std::uint32_t>(today.index),
            [](std::size_t i) { return static_cast<std::uint32_t>(i); }, [](std::size_t) { return 0u; },
            [&](std::size_t i, CounterRng& rng) { f(static_cast<std::uint32_t>(i), rng); });
    }
};

struct World : WorldState {
    // programmes (phase 7), in the scenario's order, and every policy change made
    std::vector<std::unique_ptr<Programme>> programmes;
    std::vector<PolicyChange> policy_log;
};

}  // namespace lonesim
