#include "sim/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "sim/nan.hpp"
#include "sim/rng.hpp"

namespace lonesim {

namespace {


struct SobolPoint {
    double a, b;
    std::vector<double> ab;
};

// The estimators over a set of sample rows.
void estimate(const std::vector<SobolPoint>& pts, const std::vector<std::size_t>& rows, std::size_t k, std::vector<double>& first,
              std::vector<double>& total) {
    const double n = static_cast<double>(rows.size());
    double mean = 0;
    for (auto r : rows) mean += pts[r].a + pts[r].b;
    mean /= 2 * n;
    double var = 0;
    for (auto r : rows) var += (pts[r].a - mean) * (pts[r].a - mean) + (pts[r].b - mean) * (pts[r].b - mean);
    var /= 2 * n - 1;
    first.assign(k, kNaN);
    total.assign(k, kNaN);
    if (!(var > 0)) return;
    for (std::size_t i = 0; i < k; ++i) {
        double s = 0, t = 0;
        for (auto r : rows) {
            const auto& p = pts[r];
            s += p.b * (p.ab[i] - p.a);
            t += (p.a - p.ab[i]) * (p.a - p.ab[i]);
        }
        first[i] = s / n / var;
        total[i] = t / (2 * n) / var;
    }
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& f_a, const std::vector<double>& f_b, const std::vector<std::vector<double>>& f_ab,
                           std::uint64_t seed, int resamples) {
    const std::size_t k = f_ab.size();
    std::vector<SobolPoint> pts;
    for (std::size_t r = 0; r < f_a.size(); ++r) {
        SobolPoint p{f_a[r], f_b[r], {}};
        bool ok = std::isfinite(p.a) && std::isfinite(p.b);
        for (std::size_t i = 0; i < k; ++i) {
            p.ab.push_back(f_ab[i][r]);
            ok = ok && std::isfinite(f_ab[i][r]);
        }
        if (ok) pts.push_back(std::move(p));
    }
    SobolIndices out;
    std::vector<std::size_t> all(pts.size());
    std::iota(all.begin(), all.end(), 0);
    if (pts.size() < 2) {
        out.first.assign(k, kNaN), out.total = out.first_lo = out.first_hi = out.total_lo = out.total_hi = out.first;
        return out;
    }
    estimate(pts, all, k, out.first, out.total);
    // Percentile bootstrap over the sample rows.
    std::vector<std::vector<double>> firsts(k), totals(k);
    CounterRng rng = RandomStreams(seed, 0, 0).at(0, 0);
    std::vector<std::size_t> rows(pts.size());
    std::vector<double> f, t;
    for (int b = 0; b < resamples; ++b) {
        for (auto& r : rows) r = rng.below(static_cast<std::uint32_t>(pts.size()));
        estimate(pts, rows, k, f, t);
        for (std::size_t i = 0; i < k; ++i)
            if (std::isfinite(f[i])) firsts[i].push_back(f[i]), totals[i].push_back(t[i]);
    }
    auto quantile = [](std::vector<double>& v, double q) {
        if (v.empty()) return kNaN;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    for (std::size_t i = 0; i < k; ++i) {
        out.first_lo.push_back(quantile(firsts[i], 0.025));
        out.first_hi.push_back(quantile(firsts[i], 0.975));
        out.total_lo.push_back(quantile(totals[i], 0.025));
        out.total_hi.push_back(quantile(totals[i], 0.975));
    }
    return out;
}

Regression standardised_regression(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
    const std::size_t k = x.empty() ? 0 : x[0].size();
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < y.size(); ++r)
        if (std::isfinite(y[r])) rows.push_back(r);
    Regression out;
    out.src.assign(k, kNaN);
    out.r2 = kNaN;
    const double n = static_cast<double>(rows.size());
    if (rows.size() < k + 2) return out;
    // Standardise; constant columns are left out of the fit.
    std::vector<double> mx(k, 0), sx(k, 0);
    double my = 0, sy = 0;
    for (auto r : rows) {
        my += y[r];
        for (std::size_t j = 0; j < k; ++j) mx[j] += x[r][j];
    }
    my /= n;
    for (auto& m : mx) m /= n;
    for (auto r : rows) {
        sy += (y[r] - my) * (y[r] - my);
        for (std::size_t j = 0; j < k; ++j) sx[j] += (x[r][j] - mx[j]) * (x[r][j] - mx[j]);
    }
    sy = std::sqrt(sy / (n - 1));
    std::vector<std::size_t> cols;
    for (std::size_t j = 0; j < k; ++j) {
        sx[j] = std::sqrt(sx[j] / (n - 1));
        if (sx[j] > 0) cols.push_back(j);
    }
    if (!(sy > 0) || cols.empty()) return out;
    const std::size_t m = cols.size();
    // Normal equations (Z'Z) b = Z'y on standardised data, solved by Gaussian elimination
    // with partial pivoting.
    std::vector<std::vector<double>> a(m, std::vector<double>(m + 1, 0));
    for (auto r : rows) {
        const double yz = (y[r] - my) / sy;
        for (std::size_t i = 0; i < m; ++i) {
            const double zi = (x[r][cols[i]] - mx[cols[i]]) / sx[cols[i]];
            for (std::size_t j = 0; j < m; ++j) a[i][j] += zi * (x[r][cols[j]] - mx[cols[j]]) / sx[cols[j]];
            a[i][m] += zi * yz;
        }
    }
    for (std::size_t c = 0; c < m; ++c) {
        std::size_t piv = c;
        for (std::size_t i = c + 1; i < m; ++i)
            if (std::abs(a[i][c]) > std::abs(a[piv][c])) piv = i;
        std::swap(a[c], a[piv]);
        if (std::abs(a[c][c]) < 1e-12) return out;  // collinear parameters
        for (std::size_t i = 0; i < m; ++i) {
            if (i == c) continue;
            const double f = a[i][c] / a[c][c];
            for (std::size_t j = c; j <= m; ++j) a[i][j] -= f * a[c][j];
        }
    }
    std::vector<double> b(m);
    for (std::size_t i = 0; i < m; ++i) b[i] = a[i][m] / a[i][i];
    double ss_res = 0;
    for (auto r : rows) {
        double fit = 0;
        for (std::size_t i = 0; i < m; ++i) fit += b[i] * (x[r][cols[i]] - mx[cols[i]]) / sx[cols[i]];
        const double e = (y[r] - my) / sy - fit;
        ss_res += e * e;
    }
    for (std::size_t i = 0; i < m; ++i) out.src[cols[i]] = b[i];
    out.r2 = 1 - ss_res / (n - 1);
    return out;
}

}  // namespace lonesim
