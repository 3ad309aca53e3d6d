// The calibration's local searches: Nelder-Mead and Levenberg-Marquardt (local_search.hpp).
#include "sim/local_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lonesim {

// Cholesky factor of a symmetric positive-definite matrix (lower triangle).
std::vector<std::vector<double>> cholesky(std::vector<std::vector<double>> a) {
    const std::size_t k = a.size();
    for (std::size_t j = 0; j < k; ++j) {
        for (std::size_t m = 0; m < j; ++m) a[j][j] -= a[j][m] * a[j][m];
        a[j][j] = std::sqrt(std::max(a[j][j], 1e-12));
        for (std::size_t i = j + 1; i < k; ++i) {
            for (std::size_t m = 0; m < j; ++m) a[i][j] -= a[i][m] * a[j][m];
            a[i][j] /= a[j][j];
        }
        for (std::size_t i = 0; i < j; ++i) a[i][j] = 0;
    }
    return a;
}

LocalSearch nelder_mead(const std::vector<double>& start, double step, int max_evals,
                        const std::function<std::vector<double>(const Batch&)>& f) {
    const std::size_t k = start.size();
    auto toward = [&](const std::vector<double>& from, const std::vector<double>& to, double t) {  // from + t (to - from), clamped
        std::vector<double> x(k);
        for (std::size_t a = 0; a < k; ++a) x[a] = std::clamp(from[a] + t * (to[a] - from[a]), 0.0, 1.0);
        return x;
    };
    std::vector<std::vector<double>> x{start};
    for (std::size_t a = 0; a < k; ++a) {
        auto p = start;
        p[a] += p[a] + step <= 1.0 ? step : -step;
        x.push_back(p);
    }
    std::vector<double> fx = f(x);
    LocalSearch r;
    r.evaluations = static_cast<int>(x.size());
    auto room = [&](std::size_t n) { return r.evaluations + static_cast<int>(n) <= max_evals; };
    auto one = [&](const std::vector<double>& p) {
        ++r.evaluations;
        return f({p})[0];
    };
    std::vector<std::size_t> order(k + 1);
    auto sort = [&] {
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return fx[i] < fx[j]; });
    };
    while (true) {
        sort();
        const std::size_t best = order[0], worst = order[k], second = order[k - 1];
        r.trace.push_back(fx[best]);
        double span = 0;
        for (std::size_t i = 0; i <= k; ++i)
            for (std::size_t a = 0; a < k; ++a) span = std::max(span, std::abs(x[i][a] - x[best][a]));
        r.converged = span < 1e-3;
        if (r.converged || !room(1)) break;
        std::vector<double> centroid(k, 0.0);
        for (std::size_t i = 0; i <= k; ++i)
            if (i != worst)
                for (std::size_t a = 0; a < k; ++a) centroid[a] += x[i][a] / static_cast<double>(k);
        const auto xr = toward(centroid, x[worst], -1.0);
        const double fr = one(xr);
        if (fr < fx[best]) {
            const auto xe = toward(centroid, x[worst], -2.0);
            const double fe = xe != xr && room(1) ? one(xe) : fr;  // clamping can put xe on xr
            if (fe < fr) x[worst] = xe, fx[worst] = fe;
            else x[worst] = xr, fx[worst] = fr;
            continue;
        }
        if (fr < fx[second]) {
            x[worst] = xr, fx[worst] = fr;
            continue;
        }
        if (!room(1)) break;
        const bool outside = fr < fx[worst];
        const auto xc = toward(centroid, outside ? xr : x[worst], 0.5);
        const double fc = one(xc);
        if (fc < (outside ? fr : fx[worst])) {
            x[worst] = xc, fx[worst] = fc;
            continue;
        }
        if (!room(k)) break;
        std::vector<std::vector<double>> shrunk;
        for (std::size_t i = 0; i <= k; ++i)
            if (i != best) shrunk.push_back(toward(x[best], x[i], 0.5));
        const auto fs = f(shrunk);
        r.evaluations += static_cast<int>(shrunk.size());
        for (std::size_t i = 0, m = 0; i <= k; ++i)
            if (i != best) x[i] = shrunk[m], fx[i] = fs[m], ++m;
    }
    sort();
    if (r.trace.empty() || r.trace.back() != fx[order[0]]) r.trace.push_back(fx[order[0]]);
    r.best = x[order[0]], r.value = fx[order[0]];
    return r;
}

namespace {

double rms(const std::vector<double>& r) {
    double s = 0;
    for (double v : r) s += v * v;
    return std::isfinite(s) && !r.empty() ? std::sqrt(s / static_cast<double>(r.size())) : std::numeric_limits<double>::infinity();
}

// The Levenberg-Marquardt step: (J'J + lambda diag(J'J)) d = -J'r, by Cholesky (the
// diagonal floored: a parameter the residuals do not feel gets no step rather than an
// infinite one).
std::vector<double> damped_step(const std::vector<std::vector<double>>& jac, const std::vector<double>& r, double lambda) {
    const std::size_t k = jac.empty() ? 0 : jac[0].size();
    std::vector<std::vector<double>> a(k, std::vector<double>(k, 0.0));
    std::vector<double> g(k, 0.0);
    for (std::size_t i = 0; i < r.size(); ++i)
        for (std::size_t p = 0; p < k; ++p) {
            g[p] += jac[i][p] * r[i];
            for (std::size_t q = 0; q < k; ++q) a[p][q] += jac[i][p] * jac[i][q];
        }
    for (std::size_t p = 0; p < k; ++p) a[p][p] += lambda * std::max(a[p][p], 1e-9) + 1e-12;
    const auto l = cholesky(a);
    std::vector<double> y(k), d(k);
    for (std::size_t p = 0; p < k; ++p) {  // L y = -g, then L' d = y
        double s = -g[p];
        for (std::size_t q = 0; q < p; ++q) s -= l[p][q] * y[q];
        y[p] = s / l[p][p];
    }
    for (std::size_t p = k; p-- > 0;) {
        double s = y[p];
        for (std::size_t q = p + 1; q < k; ++q) s -= l[q][p] * d[q];
        d[p] = s / l[p][p];
    }
    return d;
}

// The residuals at a point and their forward-difference Jacobian, steps inside [0, 1].
class Linearisation {
public:
    Linearisation(double step, const std::function<Batch(const Batch&)>& residuals, LocalSearch& out)
        : step_(step), residuals_(residuals), out_(out) {}
    // At u: the residuals there (unless known: r) and at u + h_a e_a, side by side.
    void at(const std::vector<double>& u, bool with_centre) {
        const std::size_t k = u.size();
        Batch pts;
        if (with_centre) pts.push_back(u);
        std::vector<double> h(k);
        for (std::size_t a = 0; a < k; ++a) {
            auto p = u;
            h[a] = u[a] + step_ <= 1.0 ? step_ : -step_;
            p[a] += h[a];
            pts.push_back(p);
        }
        const Batch rs = residuals_(pts);
        out_.evaluations += static_cast<int>(pts.size());
        if (with_centre) r = rs[0];
        jac.assign(r.size(), std::vector<double>(k, 0.0));
        for (std::size_t a = 0; a < k; ++a)
            for (std::size_t i = 0; i < r.size(); ++i) {
                const double d = (rs[a + (with_centre ? 1 : 0)][i] - r[i]) / h[a];
                jac[i][a] = std::isfinite(d) ? d : 0.0;
            }
    }
    std::vector<double> r;                  // residuals at the point
    std::vector<std::vector<double>> jac;  // [residual][parameter]

private:
    double step_;
    const std::function<Batch(const Batch&)>& residuals_;
    LocalSearch& out_;
};

}  // namespace

LocalSearch levenberg_marquardt(const std::vector<double>& start, double step, int max_evals,
                                const std::function<Batch(const Batch&)>& residuals) {
    const std::size_t k = start.size();
    LocalSearch out;
    auto room = [&](std::size_t n) { return out.evaluations + static_cast<int>(n) <= max_evals; };
    std::vector<double> u = start;
    Linearisation lin(step, residuals, out);
    lin.at(u, true);
    double value = rms(lin.r), lambda = 1e-2;
    while (true) {
        out.trace.push_back(value);
        if (!std::isfinite(value) || !room(1)) break;
        const std::vector<double> d = damped_step(lin.jac, lin.r, lambda);
        auto trial = u;
        double moved = 0;
        for (std::size_t p = 0; p < k; ++p) {
            trial[p] = std::clamp(u[p] + d[p], 0.0, 1.0);
            moved = std::max(moved, std::abs(trial[p] - u[p]));
        }
        if (moved < 1e-4) {
            out.converged = true;
            break;
        }
        const std::vector<double> rt = residuals({trial})[0];
        ++out.evaluations;
        const double vt = rms(rt);
        if (vt < value) {
            u = trial, lin.r = rt, value = vt;
            lambda = std::max(lambda / 3.0, 1e-7);
            if (!room(k)) {
                out.trace.push_back(value);
                break;
            }
            lin.at(u, false);
        } else if ((lambda *= 4.0) > 1e7) {
            out.converged = true;
            break;
        }
    }
    out.best = u, out.value = value;
    return out;
}

}  // namespace lonesim
