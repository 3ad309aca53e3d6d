#include "models/contacts.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {
namespace {

bool works(Employment e) { return e == Employment::employed || e == Employment::student; }

// Each agent's day along its ties, tallied in one 64-bit word so both ends of a tie can
// add to it from any thread: integer additions give the same total in any order.
//   bits  0-31  contact value, in 1/4096 of an in-person contact
//   bits 32-39  contacts       bits 40-47  in person
//   bits 48-55  lonely contacts  bits 56-63  strong ties (someone to turn to)
constexpr double kValueUnit = 4096.0;
constexpr std::uint64_t kCount = 1ull << 32, kMet = 1ull << 40, kLonelyContact = 1ull << 48, kStrong = 1ull << 56;

// Ties are renumbered for locality every this many days (and on day 0).
constexpr int kReorderDays = 28;
constexpr std::uint32_t kReorderBlock = 131072;

void build_contact_view(World& w) {
    const Agents& a = w.agents;
    const float lonely = static_cast<float>(w.p.lonely_threshold);
    w.contact_view.resize(a.size());
    w.contact_tally.assign(a.size(), 0);
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            w.contact_view[i] = {a.loneliness[i], a.went_out[i], works(a.employment[i]), a.loneliness[i] > lonely, 0};
    });
}

// Each live tie decides today's contact and its new strength (one writer per tie) and
// adds what it meant to both ends' tallies.
void contact_along_ties(World& w) {
    const Parameters& p = w.p;
    const bool workday = !w.today.weekend;
    const double rate[kTieTypes] = {p.family_contact_rate, p.friend_contact_rate, p.neighbour_contact_rate,
                                    p.coworker_contact_rate};
    const float floor = static_cast<float>(p.tie_floor), strong = static_cast<float>(p.strong_tie);
    const std::uint64_t remote_value = static_cast<std::uint64_t>(std::llround(p.remote_quality * kValueUnit));
    const std::uint64_t in_person_value = static_cast<std::uint64_t>(kValueUnit);
    auto ties = w.ties.records();
    const auto* view = w.contact_view.data();
    std::uint64_t* tally = w.contact_tally.data();
    w.dropped_by_block.resize(std::max(w.dropped_by_block.size(), block_count(ties.size())));
    parallel_blocks(ties.size(), [&](std::size_t blk, std::size_t begin, std::size_t end) {
        auto& dropped = w.dropped_by_block[blk];
        for (std::size_t t = begin; t < end; ++t) {
            TieGraph::Record& tie = ties[t];
            if (!tie.live) continue;
            const World::ContactView x = view[tie.a], y = view[tie.b];
            double r = rate[tie.type];
            if (tie.type == static_cast<std::uint8_t>(TieType::coworker) && !(workday && x.works && y.works))
                r *= 0.1;  // co-workers rarely meet off work
            float wt = tie.weight;
            const double prob = r * (0.3 + 0.7 * wt) * (1.0 - p.initiative_loneliness * 0.5 * (x.loneliness + y.loneliness)) *
                                w.contact_factor;
            std::uint64_t both = 0;  // what today means to both ends
            CounterRng rng = w.rng(kContactDraw, tie.a, tie.b);
            const bool contact = rng.uniform() < prob;
            if (contact) {
                const bool in_person = (x.went_out && y.went_out) || rng.uniform() < p.visit_share;
                both = kCount + (in_person ? kMet + in_person_value : remote_value);
                const double quality = in_person ? 1.0 : p.remote_quality;
                wt += static_cast<float>(p.tie_gain * quality * (1.0 - wt));
            } else {
                wt -= static_cast<float>(p.tie_decay * wt * (1.0 + p.lonely_decay_factor * std::max(x.loneliness, y.loneliness)));
                if (wt < floor) {
                    if (tie.type == static_cast<std::uint8_t>(TieType::family)) wt = floor;  // family stays family
                    else dropped.push_back(static_cast<std::uint32_t>(t));
                }
            }
            tie.weight = wt;
            if (wt >= strong) both += kStrong;
            if (both == 0) continue;
            const std::uint64_t to_a = both + (contact && y.lonely ? kLonelyContact : 0);
            const std::uint64_t to_b = both + (contact && x.lonely ? kLonelyContact : 0);
            std::atomic_ref<std::uint64_t>(tally[tie.a]).fetch_add(to_a, std::memory_order_relaxed);
            std::atomic_ref<std::uint64_t>(tally[tie.b]).fetch_add(to_b, std::memory_order_relaxed);
        }
    });
}

// Unpack each agent's tally into its day's contact fields.
void summarise_contacts(World& w) {
    Agents& a = w.agents;
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const std::uint64_t v = w.contact_tally[i];
            a.contact_value[i] = static_cast<float>(static_cast<double>(v & 0xFFFFFFFFu) / kValueUnit);
            a.contacts_today[i] = static_cast<std::uint8_t>(v >> 32);
            a.met_in_person[i] = static_cast<std::uint8_t>(v >> 40) != 0;
            a.lonely_contacts[i] = static_cast<std::uint8_t>(v >> 48);
            a.strong_ties[i] = static_cast<std::uint8_t>(v >> 56);
        }
    });
}

// Chance meetings and introductions that may become ties (proposals only).
void propose_new_ties(World& w) {
    const Parameters& p = w.p;
    const Agents& a = w.agents;
    const TieGraph& g = w.ties;
    const bool workday = !w.today.weekend;
    w.proposals_by_block.resize(std::max(w.proposals_by_block.size(), block_count(a.size())));
    parallel_blocks(a.size(), [&](std::size_t blk, std::size_t begin, std::size_t end) {
        auto& out = w.proposals_by_block[blk];
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!a.alive[i]) continue;
            const double openness = 1.0 - 0.5 * a.loneliness[i];
            CounterRng rng = w.rng(kTieFormationDraw, i);
            const double u_venue = rng.uniform(), u_fof = rng.uniform(), u_work = rng.uniform();
            if (a.went_out[i] && u_venue < p.venue_tie_rate * openness * w.venue_factor) {
                // Someone else out in the same district today.
                const int d = a.district[i];
                const std::uint32_t lo = w.district_begin[static_cast<std::size_t>(d)];
                const std::uint32_t j = lo + rng.below(w.district_begin[static_cast<std::size_t>(d) + 1] - lo);
                if (j != i && a.alive[j] && a.went_out[j] && a.district[j] == d) out.push_back({i, j, TieType::friend_});
            }
            if (g.degree(i) > 0 && u_fof < p.friend_of_friend_rate * openness) {
                const auto mine = g.ties_of(i);
                const std::uint32_t j = g.other(mine[rng.below(static_cast<std::uint32_t>(mine.size()))], i);
                const auto theirs = g.ties_of(j);
                if (!theirs.empty()) {
                    const std::uint32_t k = g.other(theirs[rng.below(static_cast<std::uint32_t>(theirs.size()))], j);
                    if (k != i) out.push_back({i, k, TieType::friend_});
                }
            }
            if (workday && works(a.employment[i]) && a.went_out[i] && u_work < p.work_tie_rate) {
                const int d = w.friend_kernel.draw(a.district[i], rng.uniform());
                const std::uint32_t lo = w.district_begin[static_cast<std::size_t>(d)];
                const std::uint32_t j = lo + rng.below(w.district_begin[static_cast<std::size_t>(d) + 1] - lo);
                if (j != i && a.alive[j] && works(a.employment[j])) out.push_back({i, j, TieType::coworker});
            }
        }
    });
}

// Serial, in a fixed order: weak ties dissolve, proposed ties form where both have room.
void apply_tie_changes(World& w) {
    Agents& a = w.agents;
    concat_blocks(w.dropped_by_block, w.dropped);
    for (auto t : w.dropped) {
        ++a.ties_lost[std::min(w.ties.end_a(t), w.ties.end_b(t))];
        w.ties.remove(t);
    }
    concat_blocks(w.proposals_by_block, w.proposals);
    const float weight = static_cast<float>(w.p.new_tie_weight);
    for (const auto& pr : w.proposals)
        if (a.alive[pr.to] && w.ties.add(pr.from, pr.to, static_cast<std::uint8_t>(pr.type), weight))
            ++a.ties_formed[std::min(pr.from, pr.to)];
}

}  // namespace

void contacts(World& w) {
    if (w.today.index % kReorderDays == 0) w.ties.reorder(kReorderBlock);
    build_contact_view(w);
    contact_along_ties(w);
    summarise_contacts(w);
    propose_new_ties(w);
    apply_tie_changes(w);
}

}  // namespace lonesim
