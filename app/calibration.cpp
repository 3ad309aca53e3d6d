#include "app/calibration.hpp"
#include "app/calibration_output.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <numeric>
#include <sstream>
#include <toml.hpp>

#include "models/metrics.hpp"
#include "models/programmes/programme.hpp"
#include "app/batch.hpp"
#include "sim/input_error.hpp"
#include "sim/local_search.hpp"
#include "sim/nan.hpp"
#include "sim/result_file.hpp"
#include "sim/rng.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {
namespace fs = std::filesystem;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<std::string> metric_names() {
    std::vector<std::string> n;
    for (const auto& m : kMetricInfo) n.emplace_back(m.name);
    return n;
}

std::vector<std::string> quantity_names() {
    std::vector<std::string> n;
    for (const auto& m : kProgrammeMetricInfo) n.emplace_back(m.name);
    return n;
}

int index_in(const std::vector<std::string>& names, const std::string& name) {
    return static_cast<int>(std::find(names.begin(), names.end(), name) - names.begin());
}

Date last_day(const ScenarioSpec& s) { return civil_from_days(days_from_civil(s.start_date) + s.days - 1); }

}  // namespace

namespace {

std::string scenario_file(const TomlReader& r, const toml::value& v, const std::string& key) { return r.existing_file(v, key, r.string(v, key)); }

// [calibration]: the scenario and the search's settings.
void read_settings(const TomlReader& r, const toml::value& x, CalibrationSpec& c, ParamTable table, const ProgrammeRules* rules) {
    r.check_keys(x, "calibration.", {"name", "description", "scenario", "method", "seed", "particles", "generations", "replicates",
                                     "first_draws", "proposals", "max_rounds", "quantile", "check_replicates", "finalists", "refine",
                                     "refine_method"});
    if (x.contains("name")) c.name = r.file_name(x.at("name"), "calibration.name");
    if (x.contains("description")) c.description = r.string(x.at("description"), "calibration.description");
    if (x.contains("method")) r.choice(x.at("method"), "calibration.method", {"abc-smc"});
    if (x.contains("refine_method"))
        c.refine_method = r.choice(x.at("refine_method"), "calibration.refine_method", {"nelder-mead", "levenberg-marquardt"});
    if (!x.contains("scenario")) r.fail(x, "calibration.scenario", "missing (the scenario file the fit runs)");
    c.scenarios.push_back(load_scenario(scenario_file(r, x.at("scenario"), "calibration.scenario"), table, rules));
    auto count = [&](const char* key, int& out, int lo, int hi) {
        if (x.contains(key)) out = static_cast<int>(r.integer(x.at(key), std::string("calibration.") + key, lo, hi));
    };
    count("particles", c.particles, 2, 100000);
    count("generations", c.generations, 0, 100);
    count("replicates", c.replicates, 1, 1000);
    count("first_draws", c.first_draws, 2, 10'000'000);
    count("proposals", c.proposals, 1, 10'000'000);
    count("max_rounds", c.max_rounds, 1, 1000);
    count("check_replicates", c.check_replicates, 2, 10000);
    count("finalists", c.finalists, 1, 10000);
    count("refine", c.refine, 0, 100000);
    if (x.contains("seed")) c.seed = static_cast<std::uint64_t>(r.integer(x.at("seed"), "calibration.seed", 0, INT64_MAX));
    if (x.contains("quantile")) {
        c.quantile = r.number(x.at("quantile"), "calibration.quantile");
        if (!(c.quantile > 0 && c.quantile < 1)) r.fail(x.at("quantile"), "calibration.quantile", format_number(c.quantile) + " is out of range (0, 1)");
    }
    if (c.first_draws == 0) c.first_draws = 3 * c.particles;
    if (c.proposals == 0) c.proposals = c.particles;
    if (c.first_draws < c.particles)
        r.fail(x.at("first_draws"), "calibration.first_draws", "must be at least calibration.particles (" + std::to_string(c.particles) + ")");
}

// One [[parameters]] entry: a variable of the scenario with a range inside its own.
CalibrationParameter read_parameter(const TomlReader& r, const toml::value& v, const CalibrationSpec& c, const std::vector<std::string>& names,
                                    ParamTable table) {
    r.table(v, "parameters");
    r.check_keys(v, "parameters.", {"name", "range", "prior"});
    if (!v.contains("name")) r.fail(v, "parameters.name", "missing");
    if (!v.contains("range")) r.fail(v, "parameters.range", "missing ([min, max])");
    CalibrationParameter p;
    p.name = r.string(v.at("name"), "parameters.name");
    const auto var = find_variable(c.scenarios[0], p.name, table);
    if (!var) {
        const std::string hint = nearest(p.name, names);
        r.fail(v.at("name"), "parameters.name", "unknown parameter '" + p.name + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    if (var->integer) r.fail(v.at("name"), "parameters.name", p.name + " is a whole number; only continuous parameters can be calibrated");
    for (const auto& other : c.parameters)
        if (other.name == p.name) r.fail(v.at("name"), "parameters.name", "'" + p.name + "' is listed twice");
    const auto& range = v.at("range");
    if (!range.is_array() || range.as_array().size() != 2) r.fail(range, "parameters.range", "must be [min, max]");
    p.min = r.number(range.as_array()[0], "parameters.range");
    p.max = r.number(range.as_array()[1], "parameters.range");
    if (!(p.min < p.max)) r.fail(range, "parameters.range", "must be [min, max] with min < max");
    if (p.min < var->min || p.max > var->max) {
        std::ostringstream os;
        os << "[" << p.min << ", " << p.max << "] is outside " << p.name << "'s range [" << var->min << ", "
           << var->max << "] (" << var->unit << ")";
        r.fail(range, "parameters.range", os.str());
    }
    if (v.contains("prior")) p.log_uniform = r.choice(v.at("prior"), "parameters.prior", {"uniform", "log-uniform"}) == "log-uniform";
    if (p.log_uniform && !(p.min > 0)) r.fail(range, "parameters.range", "a log-uniform prior needs min > 0");
    p.unit = var->unit;
    return p;
}

// A target's statistic: which metrics (or programme quantity), over which ages.
void read_statistic_kind(const TomlReader& r, const toml::value& v, const ScenarioSpec& sc, Statistic& st) {
    const auto metrics = metric_names(), quantities = quantity_names();
    const std::string kind = r.choice(v.at("statistic"), "targets.statistic", {"share", "per_year", "programme_total"});
    st.kind = kind == "share" ? StatisticKind::share : kind == "per_year" ? StatisticKind::per_year : StatisticKind::programme_total;
    if (st.kind == StatisticKind::programme_total) {
        for (const char* need : {"programme", "quantity"})
            if (!v.contains(need)) r.fail(v, std::string("targets.") + need, "missing (a programme_total names a programme and a quantity)");
        std::vector<std::string> programmes;
        for (const auto& p : sc.programmes) programmes.push_back(p.name);
        st.programme = r.choice(v.at("programme"), "targets.programme", programmes);
        st.quantity = index_in(quantities, r.choice(v.at("quantity"), "targets.quantity", quantities));
    } else {
        if (!v.contains("metrics")) r.fail(v, "targets.metrics", "missing (the metrics whose sum is the statistic)");
        for (const auto& m : r.strings(v.at("metrics"), "targets.metrics")) {
            const std::string name = r.choice_of(v.at("metrics"), "targets.metrics", m, metrics);
            const int k = index_in(metrics, name);
            if (st.kind == StatisticKind::share && !kMetricInfo[static_cast<std::size_t>(k)].stock)
                r.fail(v.at("metrics"), "targets.metrics", "'" + name + "' is a flow (per day): use statistic = \"per_year\"");
            if (st.kind == StatisticKind::per_year && kMetricInfo[static_cast<std::size_t>(k)].stock)
                r.fail(v.at("metrics"), "targets.metrics", "'" + name + "' is a stock: use statistic = \"share\"");
            if (kMetricInfo[static_cast<std::size_t>(k)].mean) r.fail(v.at("metrics"), "targets.metrics", "'" + name + "' is a mean, not a count");
            st.metrics.push_back(k);
        }
        if (st.metrics.empty()) r.fail(v.at("metrics"), "targets.metrics", "needs at least one metric");
        if (v.contains("ages")) {
            const auto& a = v.at("ages");
            if (!a.is_array() || a.as_array().size() != 2) r.fail(a, "targets.ages", "must be [youngest, oldest]");
            st.age_min = static_cast<int>(r.integer(a.as_array()[0], "targets.ages", 0, 120));
            st.age_max = static_cast<int>(r.integer(a.as_array()[1], "targets.ages", 0, 200));
            if (st.age_min > st.age_max) r.fail(a, "targets.ages", "youngest is above oldest");
        }
    }
}

// One [[targets]] entry (its scenario loaded into c.scenarios if new).
CalibrationTarget read_target(const TomlReader& r, const toml::value& v, CalibrationSpec& c, ParamTable table, const ProgrammeRules* rules) {
    r.table(v, "targets");
    r.check_keys(v, "targets.", {"name", "scenario", "statistic", "metrics", "ages", "from", "to", "programme", "quantity", "observed",
                                 "tolerance", "fit", "source", "mapping"});
    for (const char* need : {"name", "statistic", "from", "to", "observed", "tolerance", "source"})
        if (!v.contains(need)) r.fail(v, std::string("targets.") + need, "missing");
    CalibrationTarget t;
    Statistic& st = t.statistic;
    st.name = r.string(v.at("name"), "targets.name");
    for (const auto& other : c.targets)
        if (other.statistic.name == st.name) r.fail(v.at("name"), "targets.name", "'" + st.name + "' is listed twice");
    if (v.contains("scenario")) {
        const std::string file = scenario_file(r, v.at("scenario"), "targets.scenario");
        auto it = std::find_if(c.scenarios.begin(), c.scenarios.end(), [&](const ScenarioSpec& s) { return s.path == file; });
        if (it == c.scenarios.end()) {
            c.scenarios.push_back(load_scenario(file, table, rules));
            c.scenarios.back().scale = c.scenarios[0].scale, c.scenarios.back().agents = c.scenarios[0].agents;
            it = c.scenarios.end() - 1;
        }
        st.scenario = static_cast<int>(it - c.scenarios.begin());
    }
    const ScenarioSpec& sc = c.scenarios[static_cast<std::size_t>(st.scenario)];
    read_statistic_kind(r, v, sc, st);
    st.from = r.date(v.at("from"), "targets.from");
    st.to = r.date(v.at("to"), "targets.to");
    if (st.to < st.from) r.fail(v.at("to"), "targets.to", "ends before it starts");
    if (st.from < sc.start_date || last_day(sc) < st.to)
        r.fail(v.at("from"), "targets.from", "the window " + to_string(st.from) + " to " + to_string(st.to) + " is not inside scenario '" + sc.name +
                                                 "' (" + to_string(sc.start_date) + " to " + to_string(last_day(sc)) + ")");
    t.observed = r.number(v.at("observed"), "targets.observed");
    t.tolerance = r.number(v.at("tolerance"), "targets.tolerance");
    if (!(t.tolerance > 0) || !std::isfinite(t.tolerance)) r.fail(v.at("tolerance"), "targets.tolerance", "must be above 0");
    if (!std::isfinite(t.observed)) r.fail(v.at("observed"), "targets.observed", "must be a finite number");
    if (!(t.tolerance >= 1e-9 * std::max(1.0, std::abs(t.observed))))
        r.fail(v.at("tolerance"), "targets.tolerance", format_number(t.tolerance) + " is too small to compare a simulation with");
    if (st.kind == StatisticKind::share && !(t.observed >= 0 && t.observed <= 1))
        r.fail(v.at("observed"), "targets.observed", format_number(t.observed) + " is not a share: it must be in [0, 1]");
    if (v.contains("fit")) {
        if (!v.at("fit").is_boolean()) r.fail(v.at("fit"), "targets.fit", "must be true or false");
        t.fit = v.at("fit").as_boolean();
    }
    if (t.fit && st.scenario != 0)
        r.fail(v.at("scenario"), "targets.fit", "a fitted target must be of the calibration scenario; set fit = false to only report it");
    t.source = r.string(v.at("source"), "targets.source");
    if (v.contains("mapping")) t.mapping = r.string(v.at("mapping"), "targets.mapping");
    return t;
}

}  // namespace

CalibrationSpec load_calibration(const std::string& path, ParamTable table, const ProgrammeRules* rules) {
    CalibrationSpec c;
    c.path = path;
    const toml::value root = parse_toml_file(path, &c.file_text);
    c.name = fs::path(path).stem().string();
    TomlReader r(path);
    r.check_keys(root, "", {"calibration", "population", "parameters", "targets"});
    if (!root.contains("calibration")) r.fail(root, "calibration", "missing (the [calibration] table names the scenario)");
    read_settings(r, r.table(root.at("calibration"), "calibration"), c, table, rules);

    // The world: every scenario of the calibration runs at this size.
    if (root.contains("population")) {
        const auto& p = r.table(root.at("population"), "population");
        r.check_keys(p, "population.", {"scale", "agents"});
        read_world_size(r, p, c.scenarios[0].scale, c.scenarios[0].agents);
    }

    if (!root.contains("parameters") || !root.at("parameters").is_array() || root.at("parameters").as_array().empty())
        r.fail(root, "parameters", "missing (an array of tables [[parameters]] with name and range)");
    const std::vector<std::string> names = variable_names(c.scenarios[0], table);
    for (const auto& v : root.at("parameters").as_array()) c.parameters.push_back(read_parameter(r, v, c, names, table));

    if (!root.contains("targets") || !root.at("targets").is_array() || root.at("targets").as_array().empty())
        r.fail(root, "targets", "missing (an array of tables [[targets]])");
    for (const auto& v : root.at("targets").as_array()) c.targets.push_back(read_target(r, v, c, table, rules));
    if (std::none_of(c.targets.begin(), c.targets.end(), [](const CalibrationTarget& t) { return t.fit; }))
        r.fail(root.at("targets"), "targets", "no target has fit = true: nothing to fit");
    return c;
}

double calibration_distance(const CalibrationSpec& c, const std::vector<double>& model) {
    double sum = 0;
    int n = 0;
    for (std::size_t j = 0; j < c.targets.size(); ++j) {
        const auto& t = c.targets[j];
        if (!t.fit) continue;
        if (!std::isfinite(model[j])) return kInf;
        const double z = (model[j] - t.observed) / t.tolerance;
        sum += z * z;
        ++n;
    }
    return std::sqrt(sum / n);
}

double weighted_quantile(std::vector<std::pair<double, double>> vw, double q) {
    std::sort(vw.begin(), vw.end());
    double total = 0;
    for (const auto& [v, w] : vw) total += w;
    double seen = 0;
    for (const auto& [v, w] : vw) {
        seen += w;
        if (seen >= q * total) return v;
    }
    return vw.empty() ? kNaN : vw.back().first;
}

namespace {

// Parameters live in [0, 1]^k during the search (the prior is uniform there).
double to_value(const CalibrationParameter& p, double u) {
    return p.log_uniform ? std::exp(std::log(p.min) + u * (std::log(p.max) - std::log(p.min))) : p.min + u * (p.max - p.min);
}

}  // namespace

std::vector<double> to_values(const CalibrationSpec& c, const std::vector<double>& u) {
    std::vector<double> v(u.size());
    for (std::size_t j = 0; j < u.size(); ++j) v[j] = to_value(c.parameters[j], u[j]);
    return v;
}

namespace {

struct Simulated {
    std::vector<std::vector<double>> mean;                   // [point][target]
    std::vector<std::vector<std::vector<double>>> per_run;   // [point][replicate][target]
};

// Simulates every point (parameter values) with the given replicates of one scenario,
// through the batch layer, and reads back the targets' statistics.
Simulated simulate(const CalibrationSpec& c, int scenario, const std::vector<std::vector<double>>& points, int replicates,
                   const std::string& folder, const std::string& label, const CalibrationOptions& options, Cluster& cluster, int& simulations) {
    ExperimentSpec e;
    e.path = c.path;
    // What determines the runs (the scenario, the points, the statistics and the replicates
    // are hashed by the fingerprint), not the whole calibration file: a calibration resumed
    // with more generations or particles reuses every run already done.
    e.file_text = "lonesim calibrate: " + label + ", " + std::to_string(replicates) + " replicate(s)";
    e.name = c.name + "/" + label;
    e.scenarios = {c.scenarios[static_cast<std::size_t>(scenario)]};
    e.replicates = replicates;
    e.design = DesignType::single;
    for (const auto& p : c.parameters) e.parameters.push_back({p.name, {}, p.min, p.max});
    e.points = points;
    std::vector<int> which;  // target of each statistic
    for (std::size_t j = 0; j < c.targets.size(); ++j)
        if (c.targets[j].statistic.scenario == scenario) {
            e.statistics.push_back(c.targets[j].statistic);
            e.statistics.back().scenario = 0;
            which.push_back(static_cast<int>(j));
        }
    BatchOptions bo;
    bo.out = folder;
    bo.runs_at_once = options.runs_at_once;
    bo.quiet = true;
    bo.stop = options.stop;
    bo.replace_foreign = options.replace_foreign;
    run_batch(e, bo, cluster);
    simulations += e.runs();

    Simulated s;
    const std::size_t T = c.targets.size();
    s.mean.assign(points.size(), std::vector<double>(T, kNaN));
    s.per_run.assign(points.size(), std::vector<std::vector<double>>(static_cast<std::size_t>(replicates), std::vector<double>(T, kNaN)));
    for (int i = 0; i < e.runs(); ++i) {
        const RunKey k = run_key(e, i);
        const auto values = h5::InFile((fs::path(folder) / run_file_name(i)).string()).doubles("/statistics/values");
        for (std::size_t m = 0; m < which.size(); ++m)
            s.per_run[static_cast<std::size_t>(k.point)][static_cast<std::size_t>(k.replicate)][static_cast<std::size_t>(which[m])] = values[m];
    }
    for (std::size_t p = 0; p < points.size(); ++p)
        for (int j : which) {
            double sum = 0;
            for (int rep = 0; rep < replicates; ++rep) sum += s.per_run[p][static_cast<std::size_t>(rep)][static_cast<std::size_t>(j)];
            s.mean[p][static_cast<std::size_t>(j)] = sum / replicates;
        }
    return s;
}

// Every scenario at the given values, `replicates` times, with the check's seeds (the
// ABC's, the finalists' and the refinement's are all different): the runs' statistics,
// their mean's distance and each target's mean, 95% range of runs and whether it is within
// its tolerance.
struct Checked {
    std::vector<std::vector<double>> runs;  // [run][target]
    double distance = 0;
    std::vector<TargetCheck> targets;  // post_lo, post_hi not a number
};

Checked check_at(const CalibrationSpec& c, const std::vector<double>& values, int replicates, const fs::path& folder,
                 const CalibrationOptions& options, Cluster& cluster, int& simulations) {
    const std::size_t T = c.targets.size();
    CalibrationSpec checked = c;
    for (auto& sc : checked.scenarios) sc.seed ^= 0xc4ec'0000'0000ull;
    Checked out;
    out.runs.assign(static_cast<std::size_t>(replicates), std::vector<double>(T, kNaN));
    std::vector<double> mean(T, 0.0);
    for (std::size_t sc = 0; sc < c.scenarios.size(); ++sc) {
        const Simulated s = simulate(checked, static_cast<int>(sc), {values}, replicates, (folder / c.scenarios[sc].name).string(),
                                     "check " + c.scenarios[sc].name, options, cluster, simulations);
        for (std::size_t j = 0; j < T; ++j)
            if (c.targets[j].statistic.scenario == static_cast<int>(sc)) {
                mean[j] = s.mean[0][j];
                for (std::size_t rep = 0; rep < out.runs.size(); ++rep) out.runs[rep][j] = s.per_run[0][rep][j];
            }
    }
    out.distance = calibration_distance(c, mean);
    for (std::size_t j = 0; j < T; ++j) {
        TargetCheck t;
        std::vector<std::pair<double, double>> runs;
        for (const auto& row : out.runs) runs.emplace_back(row[j], 1.0);
        t.mean = mean[j];
        t.lo = weighted_quantile(runs, 0.025), t.hi = weighted_quantile(runs, 0.975);
        t.post_lo = t.post_hi = kNaN;
        t.within = std::abs(t.mean - c.targets[j].observed) <= c.targets[j].tolerance;
        out.targets.push_back(t);
    }
    return out;
}

// Twice the weighted covariance of the particles (Beaumont et al. 2009), floored so a
// parameter the data pin down still moves a little.
std::vector<std::vector<double>> kernel_covariance(const Generation& g) {
    const std::size_t k = g.points.front().size(), n = g.points.size();
    std::vector<double> mean(k, 0.0);
    double wsum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        wsum += g.weights[i];
        for (std::size_t j = 0; j < k; ++j) mean[j] += g.weights[i] * g.points[i][j];
    }
    for (auto& m : mean) m /= wsum;
    std::vector<std::vector<double>> cov(k, std::vector<double>(k, 0.0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < k; ++a)
            for (std::size_t b = 0; b < k; ++b) cov[a][b] += g.weights[i] * (g.points[i][a] - mean[a]) * (g.points[i][b] - mean[b]);
    for (std::size_t a = 0; a < k; ++a) {
        for (std::size_t b = 0; b < k; ++b) cov[a][b] *= 2.0 / wsum;
        cov[a][a] = std::max(cov[a][a], 1e-6);
    }
    return cov;
}

// exp(-q/2) of the kernel centred at `from`, evaluated at x (constants cancel in weights).
double kernel_density(const std::vector<std::vector<double>>& chol, const std::vector<double>& x, const std::vector<double>& from) {
    const std::size_t k = x.size();
    std::vector<double> y(k);
    for (std::size_t i = 0; i < k; ++i) {  // solve L y = x - from
        double s = x[i] - from[i];
        for (std::size_t m = 0; m < i; ++m) s -= chol[i][m] * y[m];
        y[i] = s / chol[i][i];
    }
    double q = 0;
    for (double v : y) q += v * v;
    return std::exp(-0.5 * q);
}


std::string folder_of(const std::string& out, int generation, int round) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "generation_%02d/round_%02d", generation, round);
    return (fs::path(out) / buf).string();
}


// A calibration's steps, and what they share: the file, the options, the ranks, and the
// result they fill in.
class Fitting {
public:
    Fitting(const CalibrationSpec& c, const CalibrationOptions& options, Cluster& cluster, CalibrationResult& res)
        : c_(c), options_(options), cluster_(cluster), res_(res), k_(c.parameters.size()), n_(static_cast<std::size_t>(c.particles)),
          streams_(c.seed, 0, 0), fresh_(c) {
        // The finalists' re-runs and the refinement's check draw afresh: with the ABC's seeds
        // their first `replicates` runs would be the very runs that made them finalists.
        for (auto& sc : fresh_.scenarios) sc.seed ^= 0x5eed'0000'0000ull;
    }

    // Generation 0: a Latin hypercube over the prior; the best N are kept.
    void first_generation() {
        const auto draws = latin_hypercube(c_.first_draws, static_cast<int>(k_), c_.seed);
        const Simulated s = run(c_, values_of(draws), c_.replicates, folder_of(options_.out, 0, 0), "generation 0");
        std::vector<std::pair<double, std::size_t>> order;
        for (std::size_t i = 0; i < draws.size(); ++i) order.emplace_back(calibration_distance(c_, s.mean[i]), i);
        std::stable_sort(order.begin(), order.end());
        Generation g;
        g.proposed = c_.first_draws;
        for (std::size_t i = 0; i < n_; ++i) {
            g.points.push_back(draws[order[i].second]);
            g.distances.push_back(order[i].first);
            g.statistics.push_back(s.mean[order[i].second]);
            g.weights.push_back(1.0 / static_cast<double>(n_));
        }
        g.epsilon = g.distances.back();
        say("lonesim calibrate: generation 0: %d drawn from the prior, best %zu kept, distance %.3g to %.3g\n", c_.first_draws, n_,
            g.distances.front(), g.epsilon);
        res_.generations.push_back(std::move(g));
    }

    // Generation gen from the last: proposals accepted within the last's quantile of
    // distances, weighted by population Monte Carlo. False (and nothing added) when fewer
    // than two are accepted.
    bool next_generation(int gen) {
        const Generation& prev = res_.generations.back();
        std::vector<double> sorted = prev.distances;
        std::sort(sorted.begin(), sorted.end());
        Generation g;
        g.epsilon = sorted[static_cast<std::size_t>(std::floor(c_.quantile * static_cast<double>(sorted.size() - 1)))];
        const auto chol = cholesky(kernel_covariance(prev));
        for (int round = 0; round < c_.max_rounds && g.points.size() < n_; ++round) {
            const Batch proposals = propose(prev, chol, gen, round);
            const Simulated s = run(c_, values_of(proposals), c_.replicates, folder_of(options_.out, gen, round),
                                    "generation " + std::to_string(gen) + " round " + std::to_string(round));
            g.proposed += c_.proposals;
            accept(prev, chol, proposals, s, g);
        }
        if (g.points.size() < 2) {
            say("lonesim calibrate: generation %d: %zu of %d proposals within distance %.3g; stopping with generation %d\n", gen, g.points.size(),
                g.proposed, g.epsilon, gen - 1);
            return false;
        }
        const double wsum = std::accumulate(g.weights.begin(), g.weights.end(), 0.0);
        for (auto& w : g.weights) w /= wsum;
        say("lonesim calibrate: generation %d: distance at most %.3g, %zu accepted of %d proposed (%.0f%%), effective sample size %.1f\n", gen,
            g.epsilon, g.points.size(), g.proposed, 100.0 * static_cast<double>(g.points.size()) / g.proposed, g.effective_size());
        if (g.effective_size() < static_cast<double>(g.points.size()) / 4)
            say("lonesim calibrate: generation %d: the weights rest on few particles; its credible intervals understate the uncertainty (more "
                "particles help)\n",
                gen);
        res_.generations.push_back(std::move(g));
        return true;
    }

    // The posterior: the last generation, weighted.
    void summarise_posterior() {
        const Generation& last = res_.generations.back();
        for (std::size_t a = 0; a < k_; ++a) {
            std::vector<std::pair<double, double>> vw;
            double mean = 0, sq = 0;
            for (std::size_t i = 0; i < last.points.size(); ++i) {
                const double v = to_value(c_.parameters[a], last.points[i][a]);
                vw.emplace_back(v, last.weights[i]);
                mean += last.weights[i] * v;
            }
            for (const auto& [v, w] : vw) sq += w * (v - mean) * (v - mean);
            ParameterSummary p;
            p.mean = mean, p.sd = std::sqrt(sq);
            p.q025 = weighted_quantile(vw, 0.025), p.q50 = weighted_quantile(vw, 0.5), p.q975 = weighted_quantile(vw, 0.975);
            res_.posterior.push_back(p);
        }
    }

    // The finalists: the last generation's nearest particles, each re-run check_replicates
    // times; the fitted values are the one nearest on the mean of those runs. A joint point
    // of the posterior (the marginal medians together can miss when parameters trade off),
    // chosen on more runs than the ABC gave it (the nearest on 2 runs is partly luck).
    // Returns the chosen finalist as a point of the unit cube.
    std::vector<double> choose_finalist() {
        const Generation& last = res_.generations.back();
        std::vector<std::size_t> nearest(last.points.size());
        std::iota(nearest.begin(), nearest.end(), std::size_t{0});
        std::stable_sort(nearest.begin(), nearest.end(), [&](std::size_t a, std::size_t b) { return last.distances[a] < last.distances[b]; });
        nearest.resize(std::min(nearest.size(), static_cast<std::size_t>(c_.finalists)));
        Batch finalist_values;
        for (std::size_t i : nearest) finalist_values.push_back(to_values(c_, last.points[i]));
        const Simulated fin = run(fresh_, finalist_values, c_.check_replicates, (fs::path(check_folder()) / c_.scenarios[0].name).string(), "finalists");
        for (std::size_t f = 0; f < nearest.size(); ++f) {
            res_.finalists.push_back({finalist_values[f], last.distances[nearest[f]], calibration_distance(c_, fin.mean[f])});
            if (res_.finalists[f].check_distance < res_.finalists[res_.chosen].check_distance) res_.chosen = f;
        }
        const std::size_t chosen = res_.chosen;
        res_.fitted = finalist_values[chosen];
        say("lonesim calibrate: finalists re-run %d times each; the fitted values are finalist %zu of %zu (distance %.3g on %d runs, %.3g in the "
            "ABC)\n",
            c_.check_replicates, chosen + 1, nearest.size(), res_.finalists[chosen].check_distance, c_.check_replicates,
            res_.finalists[chosen].abc_distance);
        return last.points[nearest[chosen]];
    }

    // The refinement: a local search from the chosen finalist on the ABC's seeds, then a
    // fresh check; the refined point is fitted only if it is nearer there too (on the seeds
    // it was tuned on it is nearer by construction).
    void refine(const std::vector<double>& from) {
        const std::string folder = (fs::path(check_folder()).parent_path() / "refine").string();
        const LocalSearch found = local_search(from, folder);
        CalibrationResult::Refinement r;
        r.method = c_.refine_method;
        r.start = res_.fitted;
        r.values = to_values(c_, found.best);
        r.distance = found.value;
        r.evaluations = found.evaluations;
        r.converged = found.converged;
        r.trace = found.trace;
        const Simulated rf = run(fresh_, {r.values}, c_.check_replicates, (fs::path(folder) / "check").string(), "refined");
        r.fresh_distance = calibration_distance(c_, rf.mean[0]);
        const double finalist = res_.finalists[res_.chosen].check_distance;
        r.adopted = r.fresh_distance < finalist;
        if (r.adopted) res_.fitted = r.values;
        say("lonesim calibrate: refinement: %d evaluations, distance %.3g on the ABC's seeds, %.3g on %d fresh runs (the finalist: %.3g): %s\n",
            r.evaluations, r.distance, r.fresh_distance, c_.check_replicates, finalist, r.adopted ? "fitted" : "not fitted");
        res_.refinement.push_back(std::move(r));
    }

    // The check: every scenario at the fitted values, check_replicates times, with seeds of
    // its own: the finalists' and the refinement's fresh runs chose the fitted point (the
    // nearest of several on them), so on those runs it looks better than it is.
    void final_check() {
        Checked ck = check_at(c_, res_.fitted, c_.check_replicates, fs::path(check_folder()) / "fitted", options_, cluster_, res_.simulations);
        res_.check = std::move(ck.runs);
        res_.check_distance = ck.distance;
        res_.targets = std::move(ck.targets);
        say("lonesim calibrate: the check: distance %.3g on %d runs with seeds of their own\n", res_.check_distance, c_.check_replicates);
        const Generation& last = res_.generations.back();
        for (std::size_t j = 0; j < c_.targets.size(); ++j) {
            if (!c_.targets[j].fit) continue;
            std::vector<std::pair<double, double>> post;
            for (std::size_t i = 0; i < last.points.size(); ++i) post.emplace_back(last.statistics[i][j], last.weights[i]);
            res_.targets[j].post_lo = weighted_quantile(post, 0.025);
            res_.targets[j].post_hi = weighted_quantile(post, 0.975);
        }
    }

private:
    template <class... Args>
    void say(const char* fmt, Args... args) const {
        if (options_.quiet || cluster_.rank() != 0) return;
        std::printf(fmt, args...);
        std::fflush(stdout);
    }
    Batch values_of(const Batch& us) const {
        Batch v;
        for (const auto& u : us) v.push_back(to_values(c_, u));
        return v;
    }
    Simulated run(const CalibrationSpec& spec, const Batch& values, int replicates, const std::string& folder, const std::string& label) {
        return simulate(spec, 0, values, replicates, folder, label, options_, cluster_, res_.simulations);
    }
    std::string check_folder() const {
        return fs::path(folder_of(options_.out, static_cast<int>(res_.generations.size()) - 1, 0)).parent_path() / "check";
    }

    // Proposals: a particle of the last generation, moved by the kernel, within the prior.
    Batch propose(const Generation& prev, const std::vector<std::vector<double>>& chol, int gen, int round) const {
        std::vector<double> cumulative(prev.weights.size());
        std::partial_sum(prev.weights.begin(), prev.weights.end(), cumulative.begin());
        Batch proposals;
        for (int p = 0; p < c_.proposals; ++p) {
            CounterRng rng = streams_.at(static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(gen), static_cast<std::uint32_t>(round));
            boost::random::normal_distribution<double> normal;
            std::vector<double> u(k_);
            for (int attempt = 0;; ++attempt) {
                const double pick = rng.uniform() * cumulative.back();
                const std::size_t parent = std::min<std::size_t>(
                    static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin()), cumulative.size() - 1);
                std::vector<double> z(k_);
                for (auto& v : z) v = normal(rng);
                bool inside = true;
                for (std::size_t a = 0; a < k_; ++a) {
                    u[a] = prev.points[parent][a];
                    for (std::size_t b = 0; b <= a; ++b) u[a] += chol[a][b] * z[b];
                    inside = inside && u[a] >= 0 && u[a] <= 1;
                }
                if (inside) break;
                if (attempt == 10000) {
                    for (auto& v : u) v = std::clamp(v, 0.0, 1.0);
                    break;
                }
            }
            proposals.push_back(u);
        }
        return proposals;
    }

    // The proposals within the generation's distance join it, with population Monte Carlo
    // weights: prior (uniform here) over the proposal density.
    void accept(const Generation& prev, const std::vector<std::vector<double>>& chol, const Batch& proposals, const Simulated& s,
                Generation& g) const {
        for (std::size_t i = 0; i < proposals.size() && g.points.size() < n_; ++i) {
            const double d = calibration_distance(c_, s.mean[i]);
            if (d > g.epsilon) continue;
            double mix = 0;
            for (std::size_t j = 0; j < prev.points.size(); ++j) mix += prev.weights[j] * kernel_density(chol, proposals[i], prev.points[j]);
            g.points.push_back(proposals[i]);
            g.distances.push_back(d);
            g.statistics.push_back(s.mean[i]);
            g.weights.push_back(1.0 / std::max(mix, 1e-300));
        }
    }

    // Nelder-Mead on the distance, or Levenberg-Marquardt on the fitted targets' residuals
    // ((model - observed) / tolerance), at unit-cube points.
    LocalSearch local_search(const std::vector<double>& from, const std::string& folder) {
        int step = 0;
        auto model_at = [&](const Batch& us) {  // the fitted scenario's target means
            char name[32];
            std::snprintf(name, sizeof name, "step_%04d", step++);
            return run(c_, values_of(us), c_.replicates, (fs::path(folder) / name).string(), std::string("refine ") + name).mean;
        };
        if (c_.refine_method == "levenberg-marquardt")
            return levenberg_marquardt(from, 0.05, c_.refine, [&](const Batch& us) {
                Batch out;
                for (const auto& m : model_at(us)) {
                    std::vector<double> z;
                    for (std::size_t j = 0; j < c_.targets.size(); ++j)
                        if (c_.targets[j].fit) z.push_back((m[j] - c_.targets[j].observed) / c_.targets[j].tolerance);
                    out.push_back(std::move(z));
                }
                return out;
            });
        return nelder_mead(from, 0.1, c_.refine, [&](const Batch& us) {
            std::vector<double> d;
            for (const auto& m : model_at(us)) d.push_back(calibration_distance(c_, m));
            return d;
        });
    }

    const CalibrationSpec& c_;
    const CalibrationOptions& options_;
    Cluster& cluster_;
    CalibrationResult& res_;
    const std::size_t k_, n_;
    const RandomStreams streams_;
    CalibrationSpec fresh_;
};

}  // namespace

CalibrationResult calibrate(const CalibrationSpec& c, const CalibrationOptions& options, Cluster& cluster) {
    const auto t0 = std::chrono::steady_clock::now();
    CalibrationResult res;
    Fitting fitting(c, options, cluster, res);
    fitting.first_generation();
    for (int gen = 1; gen <= c.generations; ++gen)
        if (!fitting.next_generation(gen)) break;
    fitting.summarise_posterior();
    const std::vector<double> finalist = fitting.choose_finalist();
    if (c.refine > 0) fitting.refine(finalist);
    fitting.final_check();
    res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (cluster.rank() == 0) {
        write_calibration_outputs(c, res, options.out);
        res.file = (fs::path(options.out) / "calibration.h5").string();
    }
    cluster.barrier();
    return res;
}

DefaultsCheck check_defaults(const CalibrationSpec& c, ParamTable table, int replicates, const CalibrationOptions& options, Cluster& cluster) {
    const auto t0 = std::chrono::steady_clock::now();
    DefaultsCheck res;
    for (const auto& p : c.parameters) res.values.push_back(get_variable(c.scenarios[0], p.name, table));
    // The runs are a cache: an interrupted check resumes, and runs of other values,
    // replicates or another build are replaced rather than refused.
    CalibrationOptions cache = options;
    cache.replace_foreign = true;
    Checked ck = check_at(c, res.values, replicates, fs::path(options.out) / "defaults", cache, cluster, res.simulations);
    res.check = std::move(ck.runs);
    res.distance = ck.distance;
    res.targets = std::move(ck.targets);
    for (std::size_t j = 0; j < c.targets.size(); ++j) res.outside += c.targets[j].fit && !res.targets[j].within;
    res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (cluster.rank() == 0) {
        res.file = (fs::path(options.out) / "defaults_check.md").string();
        write_defaults_check(c, res, res.file);
    }
    cluster.barrier();
    return res;
}

}  // namespace lonesim
