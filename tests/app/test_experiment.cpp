// Experiment files, designs and the sensitivity estimators.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "app/programme_file.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "app/experiment.hpp"
#include "sim/input_error.hpp"
#include "sim/sensitivity.hpp"
#include "tests/test_support.hpp"

using namespace lonesim;

namespace {
using test::data;
}  // namespace

TEST_CASE("an experiment file gives scenarios on one world, design points and numbered runs") {
    const ExperimentSpec e = load_experiment(data("experiments/small_lhs.toml"), parameter_table(), &programme_rules());
    CHECK(e.scenarios.size() == 2);
    CHECK(e.points.size() == 6);
    CHECK(e.runs() == 24);
    for (const auto& s : e.scenarios) {
        CHECK(s.agents == 3000);
        CHECK(s.days == 30);
        CHECK(s.seed == 11);
        CHECK(s.burn_in_days == 0);
    }
    // Run numbering: replicate fastest, then scenario, then point.
    const RunKey k = run_key(e, 13);
    CHECK(k.replicate == 1);
    CHECK(k.scenario == 0);
    CHECK(k.point == 3);
    const ScenarioSpec s = run_scenario_spec(e, k);
    CHECK(s.parameters.back().first == "outings.base_prob");
    CHECK(s.parameters.back().second == e.points[3][1]);
    // The design's values are inside the ranges; the fingerprint is stable.
    for (const auto& p : e.points) {
        CHECK(p[0] >= 0.06);
        CHECK(p[0] <= 0.24);
        CHECK(p[1] >= 0.6);
        CHECK(p[1] <= 0.95);
    }
    CHECK(e.fingerprint(parameter_table()) == load_experiment(data("experiments/small_lhs.toml"), parameter_table(), &programme_rules()).fingerprint(parameter_table()));
}

TEST_CASE("a grid is every combination, the first parameter slowest") {
    const ExperimentSpec e = load_experiment(data("experiments/resume.toml"), parameter_table(), &programme_rules());
    REQUIRE(e.points.size() == 4);
    CHECK(e.points[0] == std::vector<double>{0.08, 0.7});
    CHECK(e.points[1] == std::vector<double>{0.08, 0.9});
    CHECK(e.points[2] == std::vector<double>{0.16, 0.7});
    CHECK(e.points[3] == std::vector<double>{0.16, 0.9});
}

TEST_CASE("a Latin hypercube puts one point in each stratum of each parameter") {
    const auto x = latin_hypercube(50, 3, 9);
    for (int j = 0; j < 3; ++j) {
        std::set<int> strata;
        for (const auto& row : x) strata.insert(static_cast<int>(row[static_cast<std::size_t>(j)] * 50));
        CHECK(strata.size() == 50);
    }
    CHECK(latin_hypercube(50, 3, 9) == x);
    CHECK(latin_hypercube(50, 3, 10) != x);
}

TEST_CASE("the Saltelli layout: A, B, then A with one column from B") {
    const auto x = saltelli_sample(16, 3);
    REQUIRE(x.size() == 16 * 5);
    for (int i = 0; i < 16; ++i)
        for (int p = 0; p < 3; ++p)
            for (int j = 0; j < 3; ++j) {
                const auto& ab = x[static_cast<std::size_t>((2 + p) * 16 + i)];
                const auto& from = j == p ? x[static_cast<std::size_t>(16 + i)] : x[static_cast<std::size_t>(i)];
                CHECK(ab[static_cast<std::size_t>(j)] == from[static_cast<std::size_t>(j)]);
            }
}

TEST_CASE("Sobol' indices of the Ishigami function match the analytic values") {
    // f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3 (Ishigami and Homma 1990):
    // S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244.
    const int n = 4096;
    const auto x = saltelli_sample(n, 3);
    auto f = [](const std::vector<double>& u) {
        const double a = (2 * u[0] - 1) * M_PI, b = (2 * u[1] - 1) * M_PI, c = (2 * u[2] - 1) * M_PI;
        return std::sin(a) + 7 * std::sin(b) * std::sin(b) + 0.1 * std::pow(c, 4) * std::sin(a);
    };
    std::vector<double> fa, fb;
    std::vector<std::vector<double>> fab(3);
    for (int i = 0; i < n; ++i) fa.push_back(f(x[static_cast<std::size_t>(i)])), fb.push_back(f(x[static_cast<std::size_t>(n + i)]));
    for (int p = 0; p < 3; ++p)
        for (int i = 0; i < n; ++i) fab[static_cast<std::size_t>(p)].push_back(f(x[static_cast<std::size_t>((2 + p) * n + i)]));
    const SobolIndices s = sobol_indices(fa, fb, fab, 1, 200);
    const double first[] = {0.314, 0.442, 0.0}, total[] = {0.558, 0.442, 0.244};
    for (int p = 0; p < 3; ++p) {
        CAPTURE(p);
        CHECK(std::abs(s.first[static_cast<std::size_t>(p)] - first[p]) < 0.03);
        CHECK(std::abs(s.total[static_cast<std::size_t>(p)] - total[p]) < 0.03);
        CHECK(s.first_lo[static_cast<std::size_t>(p)] <= s.first[static_cast<std::size_t>(p)]);
        CHECK(s.first_hi[static_cast<std::size_t>(p)] >= s.first[static_cast<std::size_t>(p)]);
    }
}

TEST_CASE("standardised regression coefficients of a linear model") {
    // y = 3 x1 - x2 + 0 x3 with x uniform: SRC_i = b_i sd_i / sd_y, R^2 = 1.
    const auto x = latin_hypercube(200, 3, 4);
    std::vector<double> y;
    for (const auto& r : x) y.push_back(3 * r[0] - r[1]);
    const Regression reg = standardised_regression(x, y);
    CHECK(reg.r2 == doctest::Approx(1.0));
    CHECK(reg.src[0] == doctest::Approx(3 / std::sqrt(10.0)).epsilon(0.02));
    CHECK(reg.src[1] == doctest::Approx(-1 / std::sqrt(10.0)).epsilon(0.02));
    CHECK(std::abs(reg.src[2]) < 0.01);
}

TEST_CASE("bad experiment files name the file, the line and the key") {
    try {
        load_experiment(data("experiments/typo_design.toml"), parameter_table(), &programme_rules());
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("typo_design.toml:9: design.parameters.name: unknown parameter 'contacts.frend_rate'") != std::string::npos);
    }
}
