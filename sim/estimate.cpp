#include "sim/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "sim/nan.hpp"
#include "sim/rng.hpp"

namespace lonesim {
namespace {


// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
double t975(int df) {
    static const double q[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    return df >= 1 && df <= 30 ? q[df - 1] : 1.96;
}

}  // namespace

Estimate estimate(const std::vector<double>& v) {
    Estimate e;
    const double n = static_cast<double>(v.size());
    e.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    if (v.size() < 2) {
        e.lo = e.hi = kNaN;
        return e;
    }
    double ss = 0;
    for (double x : v) ss += (x - e.mean) * (x - e.mean);
    const double half = t975(static_cast<int>(v.size()) - 1) * std::sqrt(ss / (n - 1) / n);
    e.lo = e.mean - half, e.hi = e.mean + half;
    return e;
}

Estimate ratio_estimate(const std::vector<double>& num, const std::vector<double>& den) {
    auto ratio = [](double a, double b) { return b > 0 ? a / b : kNaN; };
    const double sn = std::accumulate(num.begin(), num.end(), 0.0), sd = std::accumulate(den.begin(), den.end(), 0.0);
    Estimate e{ratio(sn, sd), kNaN, kNaN};
    if (num.size() < 2) return e;
    // Percentile bootstrap over replicates; a fixed stream keeps the report reproducible.
    CounterRng rng = RandomStreams(20250101, 0, 777).at(0, 0);
    std::vector<double> draws;
    const auto n = static_cast<std::uint32_t>(num.size());
    for (int b = 0; b < 2000; ++b) {
        double a = 0, c = 0;
        for (std::uint32_t k = 0; k < n; ++k) {
            const std::uint32_t j = rng.below(n);
            a += num[j], c += den[j];
        }
        const double x = ratio(a, c);
        if (!std::isnan(x)) draws.push_back(x);
    }
    if (draws.size() < 1900) return e;  // averted too often <= 0: no meaningful interval
    std::sort(draws.begin(), draws.end());
    e.lo = draws[static_cast<std::size_t>(0.025 * static_cast<double>(draws.size()))];
    e.hi = draws[static_cast<std::size_t>(0.975 * static_cast<double>(draws.size())) - 1];
    return e;
}

}  // namespace lonesim
