#include "models/contacts.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <utility>

#include "models/network_builder.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"
#include "sim/phase_timer.hpp"

namespace lonesim {

double contact_rate(const Parameters& p, TieType type) {
    switch (type) {
        case TieType::family: return p.family_contact_rate;
        case TieType::friend_: return p.friend_contact_rate;
        case TieType::neighbour: return p.neighbour_contact_rate;
        case TieType::coworker: return p.coworker_contact_rate;
    }
    return 0.0;
}

namespace {

bool works(Employment e) { return e == Employment::employed || e == Employment::student; }

// Each agent's day along its ties, tallied in one 32-bit word:
//   bits 0-7  contacts    bits 8-15  in person    bits 16-23  lonely contacts
// (a node has at most 255 ties, so no field carries into the next). The contact value
// follows from the counts: an in-person contact is worth 1, a remote one
// parameters.remote_quality, in 1/4096 (kValueUnit).
// Each thread adds to a tally of its own (World::contact_tallies[this_worker()]), with
// no atomic operations; summarise_contacts adds them up, and integer sums do not depend
// on which thread added what. Ties are tallied only on days with contact. Strong ties
// (someone to turn to) are counted apart, and changed only when a tie's strength crosses
// its type's threshold (strong_tie_threshold).
constexpr double kValueUnit = 4096.0;
constexpr std::uint32_t kCount = 1u, kMet = 1u << 8, kLonelyContact = 1u << 16;

std::uint64_t remote_value(const Parameters& p) { return static_cast<std::uint64_t>(std::llround(p.remote_quality * kValueUnit)); }

// Ties are renumbered for locality every this many days (and on day 0).
constexpr int kReorderDays = 28;
constexpr std::uint32_t kReorderBlock = 131072;

void build_contact_view(World& w) {
    const Agents& a = w.agents;
    const float lonely = static_cast<float>(w.p.lonely_threshold);
    w.contact_view.resize(a.size());
    // Tallies are zero between days (summarise_contacts clears them); a thread's own is
    // made on its first tie block.
    w.contact_tallies.resize(std::max(w.contact_tallies.size(), worker_slots()));
    for (auto& tally : w.contact_tallies)
        if (!tally.empty()) tally.resize(a.size(), 0);
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            w.contact_view[i] = {a.loneliness[i], a.went_out[i], works(a.employment[i]), a.loneliness[i] > lonely,
                                 withdrawn(w.p, a.days_since_outing[i])};
    });
}

// What a tie's day depends on, the same for every tie today: hoisted out of the hot loop,
// as floats.
struct TieDayRules {
    bool workday, turnover;
    float rate[kTieTypes], strong_at[kTieTypes];
    float offwork_rate, weak, strength, initiative, withdrawn[2], visit, gain_in_person, gain_remote, decay, lonely_decay, floor, ends_above;
};

TieDayRules tie_day_rules(const World& w) {
    const Parameters& p = w.p;
    TieDayRules k;
    k.workday = !w.today.weekend;
    const float cf = static_cast<float>(w.contact_factor);
    for (int t = 0; t < kTieTypes; ++t) k.rate[t] = static_cast<float>(contact_rate(p, static_cast<TieType>(t)) * cf);
    k.offwork_rate = k.rate[static_cast<int>(TieType::coworker)] * static_cast<float>(kOffWorkContact);
    k.weak = static_cast<float>(kWeakTieContact), k.strength = static_cast<float>(kStrengthContact);
    k.withdrawn[0] = 1.0f, k.withdrawn[1] = static_cast<float>(p.withdrawn_contact_factor);
    k.initiative = static_cast<float>(p.initiative_loneliness * 0.5), k.visit = static_cast<float>(p.visit_share);
    k.gain_in_person = static_cast<float>(p.tie_gain), k.gain_remote = static_cast<float>(p.tie_gain * p.remote_quality);
    k.decay = static_cast<float>(p.tie_decay), k.lonely_decay = static_cast<float>(p.lonely_decay_factor);
    k.floor = static_cast<float>(p.tie_floor);
    for (int t = 0; t < kTieTypes; ++t) k.strong_at[t] = strong_tie_threshold(p, static_cast<std::uint8_t>(t));
    // With no turnover nothing ends (u can round up to 1.0f, so the test alone would not do).
    k.turnover = p.tie_turnover > 0;
    k.ends_above = static_cast<float>(1.0 - p.tie_turnover / 365.0);
    return k;
}

// The arrays a tie's day writes: its ends' tallies (this thread's) and counts of people to
// turn to, and the block's list of ties that end.
struct TieDayOutputs {
    std::uint32_t* tally;
    std::uint8_t* strong_ties;
    std::vector<std::uint32_t>& dropped;
};

constexpr float kUnit32 = 0x1.0p-32f;
constexpr std::uint8_t kCoworker = static_cast<std::uint8_t>(TieType::coworker);
constexpr std::uint8_t kFamily = static_cast<std::uint8_t>(TieType::family);

// Someone to turn to gained or lost, at both ends, when the weight crosses the threshold.
inline void count_strong_change(const TieGraph::Record& tie, float old, float wt, float strong, std::uint8_t* strong_ties) {
    if ((old >= strong) == (wt >= strong)) return;
    for (auto e : {tie.a, tie.b}) {
        std::atomic_ref<std::uint8_t> count(strong_ties[e]);
        if (wt >= strong) count.fetch_add(1, std::memory_order_relaxed);
        else count.fetch_sub(1, std::memory_order_relaxed);
    }
}

// One tie's day: contact or not, its new strength (or its end), and what it meant to both
// ends (one writer per tie).
inline void tie_day(const TieDayRules& k, TieGraph::Record& tie, std::size_t t, const World::ContactView& x, const World::ContactView& y,
                    CounterRng& rng, TieDayOutputs& out) {
    float r = k.rate[tie.type];
    if (tie.type == kCoworker && !(k.workday && x.works && y.works)) r = k.offwork_rate;
    const float old = tie.weight;
    const float prob = r * (k.weak + k.strength * old) * (1.0f - k.initiative * (x.loneliness + y.loneliness)) * k.withdrawn[x.withdrawn | y.withdrawn];
    // One draw decides both: contact below prob, turnover in the top `turnover` of
    // [0, 1) (the two never overlap: prob stays far below 1 - turnover).
    const float u = static_cast<float>(rng()) * kUnit32;
    if (k.turnover && u >= k.ends_above && tie.type != kFamily) {
        out.dropped.push_back(static_cast<std::uint32_t>(t));
        return;
    }
    const bool contact = u < prob;
    float wt = old;
    std::uint32_t both = 0;  // what today means to both ends
    if (contact) {
        const bool in_person = (x.went_out && y.went_out) || static_cast<float>(rng()) * kUnit32 < k.visit;
        both = kCount + (in_person ? kMet : 0);
        wt += (in_person ? k.gain_in_person : k.gain_remote) * (1.0f - wt);
    } else {
        wt -= k.decay * wt * (1.0f + k.lonely_decay * std::max(x.loneliness, y.loneliness));
        if (wt < k.floor) {
            if (tie.type == kFamily) wt = k.floor;  // family stays family
            else out.dropped.push_back(static_cast<std::uint32_t>(t));
        }
    }
    tie.weight = wt;
    count_strong_change(tie, old, wt, k.strong_at[tie.type], out.strong_ties);
    if (!contact) return;
    out.tally[tie.a] += both + (y.lonely ? kLonelyContact : 0);
    out.tally[tie.b] += both + (x.lonely ? kLonelyContact : 0);
}

// Each live tie decides today's contact and its new strength (one writer per tie) and
// adds what it meant to both ends, in the running thread's tally.
void contact_along_ties(World& w) {
    const TieDayRules rules = tie_day_rules(w);
    TieGraph::Record* const ties = w.ties.records().data();
    const World::ContactView* const view = w.contact_view.data();
    const std::size_t n = w.ties.records().size();
    const std::uint32_t day = static_cast<std::uint32_t>(w.today.index);
    const RandomStreams& streams = w.streams[kContactDraw];
    w.dropped_by_block.resize(std::max(w.dropped_by_block.size(), block_count(n)));
    parallel_blocks(n, [&](std::size_t blk, std::size_t begin, std::size_t end) {
        std::vector<std::uint32_t>& tally = w.contact_tallies[this_worker()];
        if (tally.empty()) tally.assign(w.agents.size(), 0);
        TieDayOutputs out{tally.data(), w.agents.strong_ties.data(), w.dropped_by_block[blk]};
        // Fetching both ends' views while the batch's random numbers are computed hides
        // most of the memory latency.
        auto end_a = [&](std::size_t t) {
            __builtin_prefetch(&view[ties[t].a]);
            __builtin_prefetch(out.tally + ties[t].a, 1);
            return ties[t].a;
        };
        auto end_b = [&](std::size_t t) {
            __builtin_prefetch(&view[ties[t].b]);
            __builtin_prefetch(out.tally + ties[t].b, 1);
            return ties[t].b;
        };
        streams.for_each(begin, end, day, end_a, end_b, [&](std::size_t t, CounterRng& rng) {
            TieGraph::Record& tie = ties[t];
            if (tie.live) tie_day(rules, tie, t, view[tie.a], view[tie.b], rng, out);
        });
    });
}

// Add up each agent's tallies (clearing them for tomorrow) into its day's contact fields.
void summarise_contacts(World& w) {
    Agents& a = w.agents;
    const std::uint64_t remote = remote_value(w.p), in_person = static_cast<std::uint64_t>(kValueUnit);
    std::vector<std::uint32_t*> tallies;
    for (auto& tally : w.contact_tallies)
        if (!tally.empty()) tallies.push_back(tally.data());
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            std::uint32_t v = 0;
            for (std::uint32_t* tally : tallies) v += std::exchange(tally[i], 0);
            const std::uint64_t contacts = v & 0xFFu, met = (v >> 8) & 0xFFu;
            a.contact_value[i] = static_cast<float>(static_cast<double>(met * in_person + (contacts - met) * remote) / kValueUnit);
            a.contacts_today[i] = static_cast<std::uint8_t>(contacts);
            a.met_in_person[i] = met != 0;
            a.lonely_contacts[i] = static_cast<std::uint8_t>(v >> 16);
        }
    });
}

// Chance meetings and introductions that may become ties (proposals only).
void propose_new_ties(World& w) {
    const Parameters& p = w.p;
    const Agents& a = w.agents;
    const TieGraph& g = w.ties;
    const bool workday = !w.today.weekend;
    const double top_up = turnover_top_up(p);
    w.proposals_by_block.resize(std::max(w.proposals_by_block.size(), block_count(a.size())));
    parallel_blocks(a.size(), [&](std::size_t blk, std::size_t begin, std::size_t end) {
        auto& out = w.proposals_by_block[blk];
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!a.alive[i]) continue;
            // Agents look for new ties in proportion to how many they are short of.
            const double missing = ties_sought(w, i, top_up) - static_cast<double>(g.degree(i));
            if (missing <= 0) continue;
            // One daily word chooses among the (rare, exclusive) ways to meet someone new.
            const double openness = (1.0 - 0.5 * a.loneliness[i]) * missing;
            const double venue = a.went_out[i] ? p.venue_tie_rate * openness * w.venue_factor : 0.0;
            const double fof = g.degree(i) > 0 ? p.friend_of_friend_rate * openness : 0.0;
            const double work = workday && works(a.employment[i]) && a.went_out[i] ? p.work_tie_rate * missing : 0.0;
            const double u = w.daily_uniform(i, kNewTieWord);
            if (u >= venue + fof + work) continue;
            CounterRng rng = w.rng(kTieFormationDraw, i);
            if (u < venue) {
                // Someone else out in the same district today.
                const int d = a.district[i];
                const std::uint32_t j = pick_in_district(w, d, rng);
                if (j != kNoAgent && j != i && a.alive[j] && a.went_out[j] && a.district[j] == d) out.push_back({i, j, TieType::friend_});
            } else if (u < venue + fof) {
                const auto mine = g.ties_of(i);
                const std::uint32_t j = g.other(mine[rng.below(static_cast<std::uint32_t>(mine.size()))], i);
                const auto theirs = g.ties_of(j);
                if (!theirs.empty()) {
                    const std::uint32_t k = g.other(theirs[rng.below(static_cast<std::uint32_t>(theirs.size()))], j);
                    if (k != i) out.push_back({i, k, TieType::friend_});
                }
            } else {
                const int d = w.friend_kernel.draw(a.district[i], rng.uniform());
                const std::uint32_t j = pick_in_district(w, d, rng);
                if (j != kNoAgent && j != i && a.alive[j] && works(a.employment[j])) out.push_back({i, j, TieType::coworker});
            }
        }
    });
}

// Serial, in a fixed order: weak ties dissolve, proposed ties form where both have room.
void apply_tie_changes(World& w) {
    Agents& a = w.agents;
    concat_blocks(w.dropped_by_block, w.dropped);
    for (auto t : w.dropped) {
        dissolve_tie(w, t);
    }
    concat_blocks(w.proposals_by_block, w.proposals);
    const float weight = static_cast<float>(w.p.new_tie_weight);
    for (const auto& pr : w.proposals)
        if (a.alive[pr.to]) form_tie(w, pr.from, pr.to, pr.type, weight);
}

}  // namespace

void contacts(World& w, PhaseTimer* t) {
    if (w.today.index % kReorderDays == 0) timed(t, "  reorder", [&] { w.ties.reorder(kReorderBlock); });
    timed(t, "  view", [&] { build_contact_view(w); });
    timed(t, "  along_ties", [&] { contact_along_ties(w); });
    timed(t, "  summarise", [&] { summarise_contacts(w); });
    timed(t, "  propose", [&] { propose_new_ties(w); });
    timed(t, "  apply", [&] { apply_tie_changes(w); });
}

}  // namespace lonesim
