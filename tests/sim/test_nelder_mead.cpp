// The calibration's Nelder-Mead refinement on functions whose minimum is known: inside the
// unit cube, on its boundary, and along Rosenbrock's curved valley; and its evaluation budget.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "sim/calibration.hpp"

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

}  // namespace

TEST_CASE("Nelder-Mead finds a minimum inside the unit cube and converges") {
    Counted f{bowl};
    const auto r = nelder_mead({0.8, 0.2, 0.1}, 0.1, 2000, std::ref(f));
    CHECK(r.converged);
    CHECK(r.evaluations == f.calls);
    CHECK(r.evaluations <= 2000);
    CHECK(r.best[0] == doctest::Approx(0.3).epsilon(0.01));
    CHECK(r.best[1] == doctest::Approx(0.7).epsilon(0.01));
    CHECK(r.best[2] == doctest::Approx(0.55).epsilon(0.01));
    CHECK(r.value == doctest::Approx(bowl(r.best)));
    CHECK(r.value < 1e-4);
    for (std::size_t i = 1; i < r.trace.size(); ++i) CHECK(r.trace[i] <= r.trace[i - 1]);
    CHECK(r.trace.back() == r.value);
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
    CHECK(r.best[0] == doctest::Approx(0.75).epsilon(0.01));
    CHECK(r.best[1] == doctest::Approx(0.75).epsilon(0.01));
    CHECK(r.value < 1e-3);
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
