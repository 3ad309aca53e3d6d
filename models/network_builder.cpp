#include "models/network_builder.hpp"

#include <algorithm>
#include <array>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

#include "models/contacts.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

DistrictKernel DistrictKernel::gravity(const SeoulData& seoul, double scale_km) {
    DistrictKernel k;
    for (int o = 0; o < kDistricts; ++o) {
        double sum = 0;
        for (int d = 0; d < kDistricts; ++d) {
            sum += static_cast<double>(seoul.districts[static_cast<std::size_t>(d)].single_households) *
                   std::exp(-seoul.distance_km(o, d) / scale_km);
            k.cumulative[static_cast<std::size_t>(o)][static_cast<std::size_t>(d)] = sum;
        }
        for (auto& c : k.cumulative[static_cast<std::size_t>(o)]) c /= sum;
    }
    return k;
}

int DistrictKernel::draw(int origin, double u) const {
    const auto& c = cumulative[static_cast<std::size_t>(origin)];
    return static_cast<int>(std::min<std::ptrdiff_t>(std::upper_bound(c.begin(), c.end(), u) - c.begin(), kDistricts - 1));
}

std::uint32_t pick_living(const World& w, std::uint32_t first, std::uint32_t n, CounterRng& rng) {
    if (n == 0) return kNoAgent;
    std::uint32_t j = first + rng.below(n);
    for (int attempt = 1; attempt < kPickAttempts && !w.agents.alive[j]; ++attempt) j = first + rng.below(n);
    return j;
}

std::uint32_t pick_in_district(const World& w, int district, CounterRng& rng) {
    const std::uint32_t lo = w.district_begin[static_cast<std::size_t>(district)];
    return pick_living(w, lo, w.district_begin[static_cast<std::size_t>(district) + 1] - lo, rng);
}

namespace {

bool withdrawn(const World& w, std::uint32_t i) {
    return w.agents.days_since_outing[i] >= w.p.reclusive_days;
}

// A random agent of the given district and age band, or kNoAgent if the cell is empty.
std::uint32_t pick_in_cell(const World& w, int district, int band, CounterRng& rng) {
    band = std::clamp(band, 0, kAgeBands - 1);
    const std::size_t c = static_cast<std::size_t>(district * kAgeBands + band);
    const std::uint32_t n = w.cell_begin[c + 1] - w.cell_begin[c];
    return pick_living(w, w.cell_begin[c], n, rng);
}

std::uint32_t pick_partner(const World& w, std::uint32_t i, TieType type, CounterRng& rng) {
    boost::random::normal_distribution<double> normal;
    const Agents& a = w.agents;
    const int d = a.district[i], band = age_band(a.age[i]);
    switch (type) {
        case TieType::family: {
            const int dest = w.family_kernel.draw(d, rng.uniform());
            // Siblings and cousins are near in age; parents and children about 30 years apart.
            int b = band + static_cast<int>(std::lround(normal(rng)));
            if (rng.bernoulli(0.5)) b += rng.bernoulli(0.5) ? 6 : -6;
            return pick_in_cell(w, dest, b, rng);
        }
        case TieType::friend_: {
            const int dest = w.friend_kernel.draw(d, rng.uniform());
            const int b = band + static_cast<int>(std::lround(normal(rng) * w.p.age_homophily_bands));
            return pick_in_cell(w, dest, b, rng);
        }
        case TieType::neighbour:
            return pick_in_district(w, d, rng);
        case TieType::coworker: {
            for (int attempt = 0; attempt < 4; ++attempt) {
                const int dest = w.friend_kernel.draw(d, rng.uniform());
                const int b = band + static_cast<int>(std::lround(normal(rng) * 2.0));
                const std::uint32_t j = pick_in_cell(w, dest, b, rng);
                if (j != kNoAgent && (a.employment[j] == Employment::employed || a.employment[j] == Employment::student))
                    return j;
            }
            return kNoAgent;
        }
    }
    return kNoAgent;
}

// The strength at which a tie's expected gain from contact equals its expected decay,
// so day 0 starts near the dynamics' own balance rather than drifting toward it.
double balanced_weight(const Parameters& p, TieType type, double lonely) {
    constexpr double kMeanQuality = 0.7;
    const double days_met = type == TieType::coworker ? kWorkdayShare + kOffWorkContact * (1 - kWorkdayShare) : 1.0;
    const double r = contact_rate(p, type) * days_met * (1.0 - p.initiative_loneliness * lonely);
    const double decay = p.tie_decay * (1.0 + p.lonely_decay_factor * lonely);
    double wt = 0.5;
    for (int k = 0; k < 30; ++k) {
        const double contact = std::min(1.0, r * (kWeakTieContact + kStrengthContact * wt));
        const double gain = contact * p.tie_gain * kMeanQuality;
        wt = gain / (gain + (1.0 - contact) * decay);
    }
    return wt;
}

// Mean ties of each type an agent of this age and occupation has on day 0.
std::array<double, kTieTypes> mean_ties(const World& w, std::uint32_t i) {
    const Parameters& p = w.p;
    const Agents& a = w.agents;
    const int age = a.age[i];
    const double friend_age = age < 30 ? 1.3 : age < 50 ? 1.0 : age < 65 ? 0.8 : 0.6;
    const bool works = a.employment[i] == Employment::employed || a.employment[i] == Employment::student;
    return {p.family_ties, p.friend_ties * friend_age, p.neighbour_ties * (age >= 60 ? 1.5 : 1.0), works ? p.coworker_ties : 0.0};
}

float initial_weight(const World& w, const TieProposal& t, CounterRng& rng) {
    boost::random::normal_distribution<double> normal;
    const double lonely = std::max(w.agents.loneliness[t.from], w.agents.loneliness[t.to]);
    double weight = balanced_weight(w.p, t.type, lonely) * std::exp(w.p.initial_weight_sd * normal(rng));
    if (withdrawn(w, t.from) || withdrawn(w, t.to)) weight *= 0.4;
    return static_cast<float>(std::clamp(weight, w.p.tie_floor + 0.01, 1.0));
}

void add_all(World& w, const std::vector<TieProposal>& proposals, std::uint32_t pass) {
    w.ties.reserve(w.ties.tie_capacity() + proposals.size());  // once, not growing as they are added
    for (const auto& t : proposals) {
        CounterRng rng = w.streams[kNetworkDraw].at(t.from, 0, 1000 + pass);
        rng.discard(t.to & 3);  // vary the draw between proposals of one agent
        w.ties.add(t.from, t.to, static_cast<std::uint8_t>(t.type), initial_weight(w, t, rng));
    }
}

}  // namespace

void build_ties(World& w) {
    const Parameters& p = w.p;
    const Agents& a = w.agents;
    const std::uint32_t n = a.size();
    w.ties = TieGraph(n, static_cast<int>(p.max_ties));
    w.friend_kernel = DistrictKernel::gravity(w.seoul, p.friend_distance_km);
    w.family_kernel = DistrictKernel::gravity(w.seoul, p.family_distance_km);
    w.proposals_by_block.assign(block_count(n), {});

    // Each tie has two ends, so an agent proposes half its mean number of ties.
    parallel_blocks(n, [&](std::size_t blk, std::size_t begin, std::size_t end) {
        auto& out = w.proposals_by_block[blk];
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            if (!a.alive[i]) continue;  // still to arrive
            CounterRng rng = w.streams[kNetworkDraw].at(i, 0, 0);
            const double damp = withdrawn(w, i) ? 0.15 : 1.0;
            const auto mean = mean_ties(w, i);
            for (int t = 0; t < kTieTypes; ++t) {
                if (mean[t] * damp <= 0) continue;
                boost::random::poisson_distribution<int, double> proposals(mean[t] * damp / 2);
                for (int k = proposals(rng); k > 0; --k) {
                    const std::uint32_t j = pick_partner(w, i, static_cast<TieType>(t), rng);
                    if (j != kNoAgent && j != i && a.alive[j]) out.push_back({i, j, static_cast<TieType>(t)});
                }
            }
        }
    });
    concat_blocks(w.proposals_by_block, w.proposals);
    // The day's loops reuse these buffers for a few proposals a block; the build's
    // millions would otherwise stay allocated for the whole run.
    w.proposals_by_block = std::vector<std::vector<TieProposal>>(block_count(n));  // (assign would keep each one's capacity)
    add_all(w, w.proposals, 0);

    // Triadic closure: introduce two of an agent's contacts to each other.
    parallel_blocks(n, [&](std::size_t blk, std::size_t begin, std::size_t end) {
        auto& out = w.proposals_by_block[blk];
        for (std::uint32_t i = static_cast<std::uint32_t>(begin); i < end; ++i) {
            const auto mine = w.ties.ties_of(i);
            if (mine.size() < 2) continue;
            CounterRng rng = w.streams[kNetworkDraw].at(i, 0, 1);
            boost::random::poisson_distribution<int, double> closures(p.triadic_closure / 2);
            for (int k = closures(rng); k > 0; --k) {
                const std::uint32_t x = rng.below(static_cast<std::uint32_t>(mine.size()));
                std::uint32_t y = rng.below(static_cast<std::uint32_t>(mine.size() - 1));
                if (y >= x) ++y;
                out.push_back({w.ties.other(mine[x], i), w.ties.other(mine[y], i), TieType::friend_});
            }
        }
    });
    concat_blocks(w.proposals_by_block, w.proposals);
    w.proposals_by_block = std::vector<std::vector<TieProposal>>(block_count(n));
    add_all(w, w.proposals, 1);
    std::vector<TieProposal>().swap(w.proposals);
    count_strong_ties(w);
}

void welcome_newcomer(World& w, std::uint32_t i) {
    const Parameters& p = w.p;
    Agents& a = w.agents;
    a.alive[i] = 1;
    a.events[i] |= kArrived;
    a.days_since_outing[i] = 0;
    a.days_since_contact[i] = 0;
    a.days_out_of_isolation[i] = a.days_out_of_reclusion[i] = kNeverIn;  // a new household, new to these states
    a.status[i] = a.loneliness[i] > static_cast<float>(p.lonely_threshold) ? Status::lonely : Status::connected;
    // A newcomer brings family and a job or school; of friends, those already in Seoul
    // (half, an assumption); no neighbours yet. All of an agent's own ties are drawn
    // here, so the means are not halved as they are when both ends propose.
    CounterRng rng = w.rng(kArrivalDraw, i);
    auto mean = mean_ties(w, i);
    mean[static_cast<int>(TieType::friend_)] *= 0.5;
    mean[static_cast<int>(TieType::neighbour)] = 0.0;
    for (int t = 0; t < kTieTypes; ++t) {
        if (mean[t] <= 0) continue;
        boost::random::poisson_distribution<int, double> brought(mean[t]);
        for (int k = brought(rng); k > 0; --k) {
            const std::uint32_t j = pick_partner(w, i, static_cast<TieType>(t), rng);
            if (j == kNoAgent || j == i || !a.alive[j]) continue;
            const TieProposal tie{i, j, static_cast<TieType>(t)};
            form_tie(w, i, j, tie.type, initial_weight(w, tie, rng));
        }
    }
}

bool form_tie(World& w, std::uint32_t from, std::uint32_t to, TieType type, float weight) {
    if (!w.ties.add(from, to, static_cast<std::uint8_t>(type), weight)) return false;
    ++w.agents.ties_formed[std::min(from, to)];
    if (weight >= strong_tie_threshold(w.p, static_cast<std::uint8_t>(type))) ++w.agents.strong_ties[from], ++w.agents.strong_ties[to];
    return true;
}

void dissolve_tie(World& w, TieGraph::Tie t) {
    const auto x = w.ties.end_a(t), y = w.ties.end_b(t);
    ++w.agents.ties_lost[std::min(x, y)];
    if (w.ties.weight(t) >= strong_tie_threshold(w.p, w.ties.type(t))) --w.agents.strong_ties[x], --w.agents.strong_ties[y];
    w.ties.remove(t);
}

void count_strong_ties(World& w) {
    for (std::uint32_t i = 0; i < w.agents.size(); ++i) {
        int n = 0;
        for (auto t : w.ties.ties_of(i)) n += w.ties.weight(t) >= strong_tie_threshold(w.p, w.ties.type(t));
        w.agents.strong_ties[i] = static_cast<std::uint8_t>(n);
    }
}

double turnover_top_up(const Parameters& p) {
    const double per_year = 365.0 * (p.venue_tie_rate * p.outing_base + p.friend_of_friend_rate +
                                     p.work_tie_rate * kWorkdayShare * p.outing_base);
    return per_year > 0 ? 1.0 + p.tie_turnover / per_year : 1.0;
}

double ties_sought(const World& w, std::uint32_t i, double top_up) {
    const auto mean = mean_ties(w, i);
    double sum = w.p.triadic_closure;
    for (double m : mean) sum += m;
    return sum * top_up;
}

}  // namespace lonesim
