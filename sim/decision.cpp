#include "sim/decision.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "sim/nan.hpp"

namespace lonesim {

namespace {

double mean_of(const std::vector<double>& v) {
    return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Average ranks (1-based), ties sharing the mean of their ranks.
std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t k = 0; k < order.size();) {
        std::size_t end = k + 1;
        while (end < order.size() && v[order[end]] == v[order[k]]) ++end;
        const double shared = 0.5 * static_cast<double>(k + 1 + end);  // mean of ranks k+1 .. end
        for (std::size_t j = k; j < end; ++j) r[order[j]] = shared;
        k = end;
    }
    return r;
}

std::size_t draws_of(const PlanDraws& plans) {
    if (plans.cost.empty() || plans.cost.size() != plans.effect.size()) throw std::invalid_argument("plans: as many cost rows as effect rows, at least one");
    const std::size_t d = plans.cost[0].size();
    for (std::size_t p = 0; p < plans.cost.size(); ++p)
        if (plans.cost[p].size() != d || plans.effect[p].size() != d) throw std::invalid_argument("plans: every plan needs the same draws");
    if (d == 0) throw std::invalid_argument("plans: no draws");
    return d;
}
}  // namespace

double quantile(std::vector<double> values, double q) {
    if (values.empty()) throw std::invalid_argument("quantile of no values");
    std::sort(values.begin(), values.end());
    const double h = (static_cast<double>(values.size()) - 1.0) * std::clamp(q, 0.0, 1.0);
    const auto below = static_cast<std::size_t>(std::floor(h));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (h - static_cast<double>(below)) * (values[above] - values[below]);
}

VarianceSplit split_variance(const std::vector<std::vector<double>>& values) {
    if (values.empty() || values[0].empty()) throw std::invalid_argument("split_variance: no draws or no runs");
    const std::size_t runs = values[0].size();
    for (const auto& draw : values)
        if (draw.size() != runs) throw std::invalid_argument("split_variance: every draw needs the same number of runs");
    VarianceSplit s;
    std::vector<double> means;
    double sum = 0;
    for (const auto& draw : values) {
        means.push_back(mean_of(draw));
        sum += std::accumulate(draw.begin(), draw.end(), 0.0);
    }
    const double n = static_cast<double>(values.size() * runs);
    s.mean = sum / n;
    for (std::size_t d = 0; d < values.size(); ++d) {
        s.between += (means[d] - s.mean) * (means[d] - s.mean);
        for (double v : values[d]) {
            s.total += (v - s.mean) * (v - s.mean);
            s.within += (v - means[d]) * (v - means[d]);
        }
    }
    s.total /= n, s.within /= n, s.between /= static_cast<double>(values.size());
    s.parameter = runs > 1 ? std::max(0.0, s.between - s.within / static_cast<double>(runs - 1)) : s.total;
    s.noise = s.total - s.parameter;
    s.lo = quantile(means, 0.025), s.hi = quantile(means, 0.975);
    return s;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) throw std::invalid_argument("spearman: x and y differ in length");
    if (x.size() < 3) return kNaN;
    const std::vector<double> rx = ranks(x), ry = ranks(y);
    const double mx = mean_of(rx), my = mean_of(ry);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : kNaN;
}

Acceptability acceptability(const PlanDraws& plans, const std::vector<double>& lambdas) {
    const std::size_t draws = draws_of(plans), n = plans.cost.size();
    Acceptability a;
    a.lambdas = lambdas;
    for (double lambda : lambdas) {
        std::vector<double> best_count(n, 0.0), expected(n, 0.0);
        double expected_max = 0;
        for (std::size_t d = 0; d < draws; ++d) {
            std::size_t best = 0;
            double best_nb = -std::numeric_limits<double>::infinity();
            for (std::size_t p = 0; p < n; ++p) {
                const double nb = lambda * plans.effect[p][d] - plans.cost[p][d];
                expected[p] += nb;
                if (nb > best_nb) best_nb = nb, best = p;
            }
            best_count[best] += 1;
            expected_max += best_nb;
        }
        for (double& c : best_count) c /= static_cast<double>(draws);
        for (double& e : expected) e /= static_cast<double>(draws);
        const auto top = std::max_element(expected.begin(), expected.end());
        a.probability.push_back(best_count);
        a.optimal.push_back(static_cast<int>(top - expected.begin()));
        a.evpi.push_back(std::max(0.0, expected_max / static_cast<double>(draws) - *top));
    }
    return a;
}

double probability_more(const PlanDraws& plans, int a, int b) {
    const std::size_t draws = draws_of(plans);
    const auto& ea = plans.effect.at(static_cast<std::size_t>(a));
    const auto& eb = plans.effect.at(static_cast<std::size_t>(b));
    double more = 0;
    for (std::size_t d = 0; d < draws; ++d) more += ea[d] > eb[d];
    return more / static_cast<double>(draws);
}

std::vector<Icer> icers(const PlanDraws& plans) {
    draws_of(plans);
    const std::size_t n = plans.cost.size();
    std::vector<Icer> out(n);
    for (std::size_t p = 0; p < n; ++p) {
        out[p].cost = mean_of(plans.cost[p]), out[p].effect = mean_of(plans.effect[p]);
        out[p].icer = kNaN;
    }
    // Strong dominance (of identical plans, the later one is set aside).
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j) continue;
            const bool no_worse = out[j].cost <= out[i].cost && out[j].effect >= out[i].effect;
            const bool strictly = out[j].cost < out[i].cost || out[j].effect > out[i].effect;
            if (no_worse && (strictly || j < i)) out[i].status = Icer::Status::strongly_dominated;
        }
    std::vector<std::size_t> frontier;
    for (std::size_t p = 0; p < n; ++p)
        if (out[p].status == Icer::Status::frontier) frontier.push_back(p);
    std::sort(frontier.begin(), frontier.end(), [&](std::size_t a, std::size_t b) { return out[a].cost < out[b].cost; });
    auto ratio = [&](std::size_t from, std::size_t to) { return (out[to].cost - out[from].cost) / (out[to].effect - out[from].effect); };
    // Extended dominance: a plan whose ICER exceeds the next plan's leaves the frontier;
    // repeat until the ICERs rise along it.
    for (bool removed = true; removed;) {
        removed = false;
        for (std::size_t k = 1; k + 1 < frontier.size(); ++k)
            if (ratio(frontier[k - 1], frontier[k]) > ratio(frontier[k], frontier[k + 1])) {
                out[frontier[k]].status = Icer::Status::extendedly_dominated;
                frontier.erase(frontier.begin() + static_cast<std::ptrdiff_t>(k));
                removed = true;
                break;
            }
    }
    for (std::size_t k = 1; k < frontier.size(); ++k) {
        out[frontier[k]].against = static_cast<int>(frontier[k - 1]);
        out[frontier[k]].icer = ratio(frontier[k - 1], frontier[k]);
    }
    return out;
}

std::string to_string(Icer::Status status) {
    switch (status) {
        case Icer::Status::frontier: return "frontier";
        case Icer::Status::strongly_dominated: return "dominated";
        case Icer::Status::extendedly_dominated: return "extendedly dominated";
    }
    return "?";
}

}  // namespace lonesim
