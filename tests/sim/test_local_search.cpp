// The calibration's local searches on functions whose minimum is known: inside the
// unit cube, on its boundary, and along Rosenbrock's curved valley; and their evaluation budgets.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "sim/local_search.hpp"

using lonesim::Batch;
using lonesim::levenberg_marquardt;
using lonesim::nelder_mead;

namespace {

using Points = std::vector<std::vector<double>>;

// f over a batch of points, counting the points it was given.
struct Counted {
    double (*f)(const std::vector<double>&);
    int calls = 0;
    std::vector<double> operator()(const Points& xs) {
        std::vector<double> out;
        for (const auto& x : xs) out.push_back(f(x)), ++calls;
        return out;
    }
};

double bowl(const std::vector<double>& x) {  // minimum 0 at (0.3, 0.7, 0.55)
    const double c[3] = {0.3, 0.7, 0.55};
    double s = 0;
    for (int a = 0; a < 3; ++a) s += (a + 1) * (x[a] - c[a]) * (x[a] - c[a]);
    return s;
}

double beyond(const std::vector<double>& x) {  // unconstrained minimum at (1.4, -0.2): in the cube, (1, 0)
    return (x[0] - 1.4) * (x[0] - 1.4) + (x[1] + 0.2) * (x[1] + 0.2);
}

double rosenbrock(const std::vector<double>& u) {  // on [-0.5, 1.5]^2 mapped to the cube; minimum 0 at u = (0.75, 0.75)
    const double x = 2 * u[0] - 0.5, y = 2 * u[1] - 0.5;
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}

// A search that found (0.3, 0.7, 0.55) within eps, counted every evaluation it made, never
// let its best value rise, and reports value as `objective` at its best point.
template <class Result>
void check_found_bowl_minimum(const Result& r, int calls, double eps, double objective) {
    CHECK(r.converged);
    CHECK(r.evaluations == calls);
    CHECK(r.best[0] == doctest::Approx(0.3).epsilon(eps));
    CHECK(r.best[1] == doctest::Approx(0.7).epsilon(eps));
    CHECK(r.best[2] == doctest::Approx(0.55).epsilon(eps));
    CHECK(r.value == doctest::Approx(objective));
    for (std::size_t i = 1; i < r.trace.size(); ++i) CHECK(r.trace[i] <= r.trace[i - 1]);
    CHECK(r.trace.back() == r.value);
}

// A search that followed Rosenbrock's valley to its minimum at u = (0.75, 0.75).
template <class Result>
void check_found_rosenbrock_minimum(const Result& r) {
    CHECK(r.best[0] == doctest::Approx(0.75).epsilon(0.01));
    CHECK(r.best[1] == doctest::Approx(0.75).epsilon(0.01));
    CHECK(r.value < 1e-3);
}

}  // namespace

TEST_CASE("Nelder-Mead finds a minimum inside the unit cube and converges") {
    Counted f{bowl};
    const auto r = nelder_mead({0.8, 0.2, 0.1}, 0.1, 2000, std::ref(f));
    check_found_bowl_minimum(r, f.calls, 0.01, bowl(r.best));
    CHECK(r.evaluations <= 2000);
    CHECK(r.value < 1e-4);
}

TEST_CASE("Nelder-Mead stops on the cube's boundary when the minimum lies beyond it") {
    Counted f{beyond};
    const auto r = nelder_mead({0.5, 0.5}, 0.1, 2000, std::ref(f));
    CHECK(r.best[0] == doctest::Approx(1.0).epsilon(0.005));
    CHECK(r.best[1] == doctest::Approx(0.0).epsilon(0.005));
    for (double v : r.best) CHECK((v >= 0.0 && v <= 1.0));
}

TEST_CASE("Nelder-Mead follows Rosenbrock's curved valley to its minimum") {
    Counted f{rosenbrock};
    const auto r = nelder_mead({0.25, 0.5}, 0.1, 5000, std::ref(f));
    check_found_rosenbrock_minimum(r);
}

TEST_CASE("Nelder-Mead keeps to its evaluation budget after the first simplex") {
    for (int budget : {1, 4, 5, 6, 9, 17, 40}) {
        Counted f{bowl};
        const auto r = nelder_mead({0.8, 0.2, 0.1}, 0.1, budget, std::ref(f));
        CHECK(r.evaluations == f.calls);
        CHECK(r.evaluations <= std::max(budget, 4));  // the first simplex (k + 1 = 4) is always evaluated
        if (budget > 4) CHECK(r.evaluations > budget - 3);  // only a shrink (k = 3 points) that would not fit is left out
        CHECK_FALSE(r.converged);
        CHECK(r.value <= bowl({0.8, 0.2, 0.1}));
    }
}

namespace {

// Residuals with the shapes of the functions above, counting the points given.
struct CountedResiduals {
    std::vector<double> (*r)(const std::vector<double>&);
    int calls = 0;
    Batch operator()(const Batch& xs) {
        Batch out;
        for (const auto& x : xs) out.push_back(r(x)), ++calls;
        return out;
    }
};

std::vector<double> bowl_residuals(const std::vector<double>& x) {  // zero at (0.3, 0.7, 0.55); an extra residual fixes a mix
    return {x[0] - 0.3, std::sqrt(2.0) * (x[1] - 0.7), std::sqrt(3.0) * (x[2] - 0.55), x[0] + x[1] - 1.0};
}

std::vector<double> beyond_residuals(const std::vector<double>& x) { return {x[0] - 1.4, x[1] + 0.2}; }

std::vector<double> rosenbrock_residuals(const std::vector<double>& u) {  // squares sum to rosenbrock(u)
    const double x = 2 * u[0] - 0.5, y = 2 * u[1] - 0.5;
    return {1 - x, 10 * (y - x * x)};
}

// Smooth but not linear, with one parameter the residuals ignore (its column of the Jacobian is zero).
std::vector<double> ignored_parameter(const std::vector<double>& u) {
    return {std::exp(u[0]) - std::exp(0.4), 3 * (u[1] - 0.6) + (u[0] - 0.4) * (u[0] - 0.4)};
}

double rms(const std::vector<double>& r) {
    double s = 0;
    for (double v : r) s += v * v;
    return std::sqrt(s / static_cast<double>(r.size()));
}

}  // namespace

TEST_CASE("Levenberg-Marquardt solves a linear least-squares problem in a few evaluations") {
    CountedResiduals f{bowl_residuals};
    const auto r = levenberg_marquardt({0.8, 0.2, 0.1}, 0.05, 200, std::ref(f));
    check_found_bowl_minimum(r, f.calls, 0.001, rms(bowl_residuals(r.best)));
    CHECK(r.evaluations <= 40);  // Nelder-Mead needs hundreds on the same bowl
}

TEST_CASE("Levenberg-Marquardt stops on the cube's boundary when the minimum lies beyond it") {
    CountedResiduals f{beyond_residuals};
    const auto r = levenberg_marquardt({0.5, 0.5}, 0.05, 200, std::ref(f));
    CHECK(r.best[0] == doctest::Approx(1.0).epsilon(0.001));
    CHECK(r.best[1] == doctest::Approx(0.0).epsilon(0.001));
}

TEST_CASE("Levenberg-Marquardt follows Rosenbrock's valley, and leaves an ignored parameter alone") {
    CountedResiduals f{rosenbrock_residuals};
    const auto r = levenberg_marquardt({0.25, 0.5}, 0.01, 2000, std::ref(f));
    check_found_rosenbrock_minimum(r);

    CountedResiduals g{ignored_parameter};
    const auto s = levenberg_marquardt({0.1, 0.1, 0.9}, 0.05, 200, std::ref(g));
    CHECK(s.best[0] == doctest::Approx(0.4).epsilon(0.01));
    CHECK(s.best[1] == doctest::Approx(0.6).epsilon(0.01));
    CHECK(s.best[2] == 0.9);
}

TEST_CASE("Levenberg-Marquardt keeps to its evaluation budget after the start's Jacobian") {
    for (int budget : {1, 4, 5, 7, 8, 9, 12, 20}) {
        CountedResiduals f{bowl_residuals};
        const auto r = levenberg_marquardt({0.8, 0.2, 0.1}, 0.05, budget, std::ref(f));
        CHECK(r.evaluations == f.calls);
        CHECK(r.evaluations <= std::max(budget, 4));  // the start and its k = 3 differences are always evaluated
        CHECK(r.value <= rms(bowl_residuals({0.8, 0.2, 0.1})));
    }
}
