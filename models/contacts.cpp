#include "models/contacts.hpp"

#include <algorithm>

#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {
namespace {

bool works(Employment e) { return e == Employment::employed || e == Employment::student; }

// Each live tie decides today's contact and its new strength; one writer per tie.
void contact_along_ties(World& w) {
    const Parameters& p = w.p;
    const Agents& a = w.agents;
    TieGraph& g = w.ties;
    const bool workday = !w.today.weekend;
    const double rate[kTieTypes] = {p.family_contact_rate, p.friend_contact_rate, p.neighbour_contact_rate,
                                    p.coworker_contact_rate};
    const float floor = static_cast<float>(p.tie_floor);
    w.tie_contact.resize(g.tie_capacity());
    w.dropped_by_block.resize(std::max(w.dropped_by_block.size(), block_count(g.tie_capacity())));
    auto& weights = g.weights();
    parallel_blocks(g.tie_capacity(), [&](std::size_t blk, std::size_t begin, std::size_t end) {
        auto& dropped = w.dropped_by_block[blk];
        for (std::uint32_t t = static_cast<std::uint32_t>(begin); t < end; ++t) {
            w.tie_contact[t] = 0;
            if (!g.live(t)) continue;
            const std::uint32_t x = g.end_a(t), y = g.end_b(t);
            const int type = g.type(t);
            const float lx = a.loneliness[x], ly = a.loneliness[y];
            double r = rate[type];
            if (type == static_cast<int>(TieType::coworker) && !(workday && works(a.employment[x]) && works(a.employment[y])))
                r *= 0.1;  // co-workers rarely meet off work
            float wt = weights[t];
            const double prob = r * (0.3 + 0.7 * wt) * (1.0 - p.initiative_loneliness * 0.5 * (lx + ly)) * w.contact_factor;
            CounterRng rng = w.rng(kContactDraw, x, y);
            if (rng.uniform() < prob) {
                const bool in_person = (a.went_out[x] && a.went_out[y]) || rng.uniform() < p.visit_share;
                w.tie_contact[t] = in_person ? 2 : 1;
                const double quality = in_person ? 1.0 : p.remote_quality;
                wt += static_cast<float>(p.tie_gain * quality * (1.0 - wt));
            } else {
                wt -= static_cast<float>(p.tie_decay * wt * (1.0 + p.lonely_decay_factor * std::max(lx, ly)));
                if (wt < floor) {
                    if (type == static_cast<int>(TieType::family)) wt = floor;  // family stays family
                    else dropped.push_back(t);
                }
            }
            weights[t] = wt;
        }
    });
}

// Each agent sums up its day's contacts (reads ties and neighbours, writes only itself).
void summarise_contacts(World& w) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    const TieGraph& g = w.ties;
    const float lonely = static_cast<float>(p.lonely_threshold);
    parallel_over(a.size(), [&](std::size_t begin, std::size_t end) {
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            float value = 0, strongest = 0;
            int count = 0, lonely_count = 0;
            for (auto t : g.ties_of(i)) {
                strongest = std::max(strongest, g.weight(t));
                const int c = w.tie_contact[t];
                if (c == 0) continue;
                ++count;
                value += c == 2 ? 1.0f : static_cast<float>(p.remote_quality);
                lonely_count += a.loneliness[g.other(t, i)] > lonely;
            }
            a.contact_value[i] = value;
            a.contacts_today[i] = static_cast<std::uint8_t>(std::min(count, 255));
            a.lonely_contacts[i] = static_cast<std::uint8_t>(std::min(lonely_count, 255));
            a.strongest_tie[i] = strongest;
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
    contact_along_ties(w);
    summarise_contacts(w);
    propose_new_ties(w);
    apply_tie_changes(w);
}

}  // namespace lonesim
