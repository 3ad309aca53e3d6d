// Parameter uncertainty (issue 22): distributions, the uncertainty file, the draws, and
// programme numbers as variables.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/experiment.hpp"
#include "app/programme_file.hpp"
#include "app/uncertainty.hpp"
#include "models/parameters.hpp"
#include "sim/input_error.hpp"
#include "tests/test_support.hpp"

using namespace lonesim;

namespace {
using test::data;
std::string repo(const std::string& f) { return std::string(LONESIM_TEST_DATA) + "/../../" + f; }
}  // namespace

TEST_CASE("a distribution's quantiles invert its distribution function") {
    Distribution t{Distribution::Shape::triangular, 1, 4, 2};
    // CDF of a triangular: (x-a)^2 / ((b-a)(c-a)) below the mode.
    for (double x : {1.2, 1.5, 1.9}) CHECK(t.quantile((x - 1) * (x - 1) / (3.0 * 1)) == doctest::Approx(x));
    for (double x : {2.5, 3.0, 3.9}) CHECK(t.quantile(1 - (4 - x) * (4 - x) / (3.0 * 2)) == doctest::Approx(x));
    CHECK(t.quantile(1.0 / 3) == doctest::Approx(2));  // the mode holds (c - a) / (b - a) of the mass
    CHECK(t.mean() == doctest::Approx(7.0 / 3));
    Distribution lu{Distribution::Shape::log_uniform, 0.01, 1, 0};
    CHECK(lu.quantile(0.5) == doctest::Approx(0.1));  // the geometric middle
    Distribution u{Distribution::Shape::uniform, 2, 6, 0};
    CHECK(u.quantile(0.25) == doctest::Approx(3));
    CHECK(u.quantile(0) == 2);
    CHECK(u.quantile(1) == 6);
}

TEST_CASE("draws: a Latin hypercube through each distribution, posterior particles by weight, the same for the same seed") {
    UncertaintySpec u;
    UncertainNumber a;
    a.name = "loneliness.adjust_rate";
    a.distribution = {Distribution::Shape::uniform, 0.02, 0.08, 0.04};
    u.parameters.push_back(a);
    u.posterior.names = {"status.strong_tie"};
    u.posterior.rows = {{0.2}, {0.3}, {0.4}};
    u.posterior.weights = {0.5, 0.25, 0.25};
    const int n = 400;
    const Draws d = draw_uncertainty(u, {}, n, 99);
    REQUIRE(d.points.size() == static_cast<std::size_t>(n));
    REQUIRE(d.variables.size() == 2);
    CHECK(d.variables[0].kind == "behavioural");
    CHECK(d.variables[1].kind == "calibrated");
    // One draw in each of the n strata of the uniform.
    std::vector<int> strata;
    for (const auto& p : d.points) strata.push_back(static_cast<int>(std::floor((p[0] - 0.02) / 0.06 * n)));
    std::sort(strata.begin(), strata.end());
    for (int i = 0; i < n; ++i) CHECK(strata[static_cast<std::size_t>(i)] == i);
    // Stratified by weight: exactly half the draws take the first particle, a quarter each of the others.
    std::map<double, int> taken;
    for (const auto& p : d.points) ++taken[p[1]];
    CHECK(taken[0.2] == n / 2);
    CHECK(taken[0.3] == n / 4);
    CHECK(taken[0.4] == n / 4);
    for (std::size_t k = 0; k < d.points.size(); ++k) CHECK(u.posterior.rows[static_cast<std::size_t>(d.posterior_row[k])][0] == d.points[k][1]);
    // The same seed gives the same draws; another seed others.
    CHECK(draw_uncertainty(u, {}, n, 99).points == d.points);
    CHECK(draw_uncertainty(u, {}, n, 100).points != d.points);
}

TEST_CASE("the shipped uncertainty file, posterior and programme ranges load, and programme numbers are variables") {
    const UncertaintySpec u = load_uncertainty(repo("scenarios/uncertainty/seoul.toml"), parameter_table());
    CHECK(u.parameters.size() >= 1);
    CHECK(u.posterior.names.size() == 10);
    double total = 0;
    for (double w : u.posterior.weights) total += w;
    CHECK(total == doctest::Approx(1));
    const ScenarioSpec lfs = load_scenario(repo("scenarios/loneliness_free_seoul.toml"), parameter_table(), &programme_rules());
    const Draws d = draw_uncertainty(u, {lfs}, 5, 1);
    int programmes = 0;
    for (const auto& v : d.variables) programmes += v.kind == "programme";
    CHECK(programmes > 30);
    // Each draw's values set on the scenario are read back.
    ScenarioSpec s = lfs;
    for (std::size_t j = 0; j < d.variables.size(); ++j) set_variable(s, d.variables[j].name, d.points[2][j]);
    for (std::size_t j = 0; j < d.variables.size(); ++j)
        if (d.variables[j].kind == "programme") CHECK(get_variable(s, d.variables[j].name, parameter_table()) == d.points[2][j]);
    // A history shock drawn for the calibration moves the 2025 contact factor with it.
    double before = 0, after = 0;
    for (const auto& sh : s.shocks)
        if (sh.name == kContactAfterShock) before = sh.contacts;
    set_variable(s, "shocks.covid_after.contacts", 0.5);
    for (const auto& sh : s.shocks)
        if (sh.name == kContactAfterShock) after = sh.contacts;
    CHECK(after != before);
    CHECK(after == doctest::Approx(0.5 * before / d.points[2][d.variables.size() - 1]));
}

TEST_CASE("--set of a programme's number: set where the programme is, refused in one line otherwise") {
    ScenarioSpec s = load_scenario(data("uncertainty/fixed_cost.toml"), parameter_table(), &programme_rules());
    apply_overrides(s, {"programmes.fixed_cost_counselling.costs.fixed_per_year=5e9", "programmes.fixed_cost_counselling.parameters.sessions=4"},
                    parameter_table());
    CHECK(s.programmes[0].fixed_per_year == 5e9);
    CHECK(get_variable(s, "programmes.fixed_cost_counselling.parameters.sessions", parameter_table()) == 4);
    CHECK_THROWS_WITH_AS(apply_overrides(s, {"programmes.fixed_cost_counselling.parameters.sessions=4.5"}, parameter_table()),
                         doctest::Contains("whole number"), InputError);
    CHECK_THROWS_WITH_AS(apply_overrides(s, {"programmes.fixed_cost_counselling.costs.per_lunch=1"}, parameter_table()),
                         doctest::Contains("per_unit, per_enrolment and fixed_per_year"), InputError);
    CHECK_THROWS_WITH_AS(apply_overrides(s, {"programmes.elsewhere.costs.per_unit=1"}, parameter_table()),
                         doctest::Contains("no programme named 'elsewhere'"), InputError);
    std::vector<std::string> not_here;
    apply_overrides(s, {"programmes.elsewhere.costs.per_unit=1"}, parameter_table(), &not_here);
    CHECK(not_here.size() == 1);
}

TEST_CASE("a programme file's [uncertainty] is checked against the file's numbers") {
    const std::string dir = std::string(LONESIM_TEST_DATA) + "/uncertainty/";
    const std::string base = [&] {
        std::ifstream in(dir + "fixed_cost_programme.toml");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    auto with = [&](const std::string& line) {
        const std::string path = (std::filesystem::temp_directory_path() / "lonesim_test_uncertain_programme.toml").string();
        std::string text = base.substr(0, base.find("[uncertainty]")) + "[uncertainty]\n" + line + "\n";
        std::ofstream(path) << text;
        return path;
    };
    CHECK_THROWS_WITH_AS(load_programme(with(R"("costs.fixed_per_year" = { distribution = "uniform", range = [3e9, 4e9], source = "x" })"), programme_rules()),
                         doctest::Contains("does not hold the value 2e+09"), InputError);
    CHECK_THROWS_WITH_AS(load_programme(with(R"("capacity.per_year" = { distribution = "uniform", range = [1, 4e5], source = "x" })"), programme_rules()),
                         doctest::Contains("capacity is a decision"), InputError);
    CHECK_THROWS_WITH_AS(load_programme(with(R"("referrals.x" = { distribution = "uniform", range = [0, 1], source = "x" })"), programme_rules()),
                         doctest::Contains("no referral to 'x'"), InputError);
    CHECK_THROWS_WITH_AS(load_programme(with(R"("parameters.dropout_per_session" = { distribution = "log-uniform", range = [0, 0.1], source = "x" })"),
                                        programme_rules()),
                         doctest::Contains("above 0"), InputError);
    CHECK_THROWS_WITH_AS(load_programme(with(R"("costs.per_unit" = { distribution = "uniform", range = [1, 1e5] })"), programme_rules()),
                         doctest::Contains("source: missing"), InputError);
    // The mechanism's default when the file leaves it: counselling's dropout per session 0.05.
    const ProgrammeSpec p = load_programme(with(R"("parameters.dropout_per_session" = { distribution = "triangular", range = [0.02, 0.1], source = "x" })"),
                                           programme_rules());
    REQUIRE(p.uncertain.size() == 1);
    CHECK(p.uncertain[0].distribution.mode == doctest::Approx(0.05));
}

TEST_CASE("every assumption is drawn, fixed with a reason, or a definition") {
    const UncertaintySpec u = load_uncertainty(repo("scenarios/uncertainty/seoul.toml"), parameter_table());
    CHECK(u.fixed.size() >= 40);
    for (const ParamSpec& p : parameter_table()) {
        std::string source(p.source);
        std::transform(source.begin(), source.end(), source.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (source.find("assum") == std::string::npos) continue;  // a published number
        const std::string name(p.name);
        const auto named = [&](const UncertainNumber& n) { return n.name == name; };
        const auto held = [&](const HeldNumber& h) { return h.number.name == name && !h.reason.empty(); };
        const bool calibrated = std::find(u.posterior.names.begin(), u.posterior.names.end(), name) != u.posterior.names.end();
        INFO(name);
        CHECK((calibrated || std::any_of(u.parameters.begin(), u.parameters.end(), named) || std::any_of(u.fixed.begin(), u.fixed.end(), held) ||
               std::any_of(u.definitions.begin(), u.definitions.end(), held)));
    }
    // A fixed number's distribution holds its default, and --draw-fixed draws it in its range.
    UncertaintySpec all = u;
    for (const auto& f : u.fixed) all.parameters.push_back(f.number);
    const ScenarioSpec base = load_scenario(repo("scenarios/baseline.toml"), parameter_table(), &programme_rules());
    const Draws d = draw_uncertainty(all, {base}, 8, 3);
    for (const auto& f : u.fixed) {
        const auto v = std::find_if(d.variables.begin(), d.variables.end(), [&](const Draws::Variable& x) { return x.name == f.number.name; });
        REQUIRE(v != d.variables.end());
        CHECK(v->kind == "behavioural");
        const auto j = static_cast<std::size_t>(v - d.variables.begin());
        for (const auto& point : d.points) CHECK((point[j] >= f.number.distribution.lo && point[j] <= f.number.distribution.hi));
    }
}

TEST_CASE("the uncertainty file's [[fixed]] and [[definitions]] are checked in one line") {
    const std::string path = (std::filesystem::temp_directory_path() / "lonesim_test_uncertainty_fixed.toml").string();
    auto load = [&](const std::string& body) {
        std::ofstream(path) << "[uncertainty]\nname = \"t\"\n\n" << body;
        return load_uncertainty(path, parameter_table());
    };
    const std::string drawn = "[[parameters]]\nname = \"ties.floor\"\ndistribution = \"uniform\"\nrange = [0.02, 0.1]\nsource = \"x\"\n";
    const std::string fixed = "[[fixed]]\nname = \"ties.floor\"\ndistribution = \"uniform\"\nrange = [0.02, 0.1]\nsource = \"x\"\nreason = \"y\"\n";
    CHECK(load(fixed).fixed.size() == 1);
    CHECK(load(fixed).fixed[0].reason == "y");
    CHECK_THROWS_WITH_AS(load(fixed.substr(0, fixed.find("reason"))), doctest::Contains("fixed.reason: missing"), InputError);
    CHECK_THROWS_WITH_AS(load(drawn + "\n" + fixed), doctest::Contains("listed twice"), InputError);
    CHECK_THROWS_WITH_AS(load(drawn + "reason = \"y\"\n"), doctest::Contains("move it to [[fixed]]"), InputError);
    CHECK_THROWS_WITH_AS(load("[[fixed]]\nname = \"ties.flor\"\nreason = \"y\"\n"), doctest::Contains("not a parameter of the model"), InputError);
    CHECK_THROWS_WITH_AS(load(fixed + "colour = 1\n"), doctest::Contains("colour"), InputError);
    CHECK_THROWS_WITH_AS(load("[[definitions]]\nname = \"status.isolation_days\"\nreason = \"\"\n"), doctest::Contains("definitions.reason: is empty"),
                         InputError);
    CHECK_THROWS_WITH_AS(load("[[definitions]]\nname = \"status.isolation_days\"\nreason = \"d\"\nrange = [1, 2]\n"), doctest::Contains("range"),
                         InputError);
    std::filesystem::remove(path);
}
