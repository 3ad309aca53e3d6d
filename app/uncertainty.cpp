#include "app/uncertainty.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <set>
#include <toml.hpp>

#include "app/batch.hpp"
#include "app/experiment.hpp"
#include "app/start_state.hpp"
#include "models/parameters.hpp"
#include "sim/cluster.hpp"
#include "sim/csv.hpp"
#include "sim/digest.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"
#include "sim/nan.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {
namespace fs = std::filesystem;

namespace {

const ParamSpec* find_spec(ParamTable table, const std::string& name) {
    for (const auto& p : table)
        if (p.name == name) return &p;
    return nullptr;
}

Posterior read_posterior(const std::string& path, ParamTable table) {
    const CsvTable t = read_csv(path);
    Posterior p;
    p.path = path;
    if (t.header.empty() || t.header[0] != "weight") throw InputError(path, 1, "weight", "the first column must be 'weight'");
    if (t.rows.empty()) throw InputError(path, 2, "weight", "no particles");
    std::vector<double> lo, hi;
    for (std::size_t c = 1; c < t.header.size(); ++c) {
        const std::string& name = t.header[c];
        if (std::find(p.names.begin(), p.names.end(), name) != p.names.end()) throw InputError(path, 1, name, "is a column twice");
        if (const ParamSpec* s = find_spec(table, name)) {
            lo.push_back(s->min), hi.push_back(s->max);
        } else if (name.rfind("shocks.", 0) == 0) {
            lo.push_back(0), hi.push_back(10);
        } else {
            throw InputError(path, 1, name, "is not a parameter of the model or a shock factor");
        }
        p.names.push_back(name);
    }
    double total = 0;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const double w = t.number(r, "weight", 0, 1e300);
        if (!(w > 0)) throw InputError(path, static_cast<int>(r) + 2, "weight", "must be above 0");
        p.weights.push_back(w), total += w;
        std::vector<double> row;
        for (std::size_t c = 0; c < p.names.size(); ++c) row.push_back(t.number(r, p.names[c], lo[c], hi[c]));
        p.rows.push_back(std::move(row));
    }
    for (double& w : p.weights) w /= total;
    return p;
}

// Each of the scenarios' programmes once, with its [uncertainty] numbers.
std::vector<Draws::Variable> programme_variables(const std::vector<ScenarioSpec>& scenarios, std::vector<Distribution>& dists) {
    std::vector<Draws::Variable> out;
    std::set<std::string> seen;
    for (const auto& s : scenarios)
        for (const auto& p : s.programmes)
            for (const auto& u : p.uncertain) {
                const std::string name = "programmes." + p.name + "." + u.name;
                if (!seen.insert(name).second) continue;
                out.push_back({name, "programme", to_string(u.distribution.shape), u.source, u.distribution.lo, u.distribution.hi, u.integer});
                dists.push_back(u.distribution);
            }
    return out;
}

// The mean of values (NaN for none).
double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? kNaN : s / static_cast<double>(v.size());
}
}  // namespace

double Posterior::effective_size() const {
    double s = 0;
    for (double w : weights) s += w * w;
    return s > 0 ? 1.0 / s : 0.0;
}

namespace {
// One entry of [[parameters]], [[fixed]] or [[definitions]]: a parameter of the model, not
// calibrated and in no other entry of the file.
const ParamSpec& listed_parameter(const TomlReader& r, const toml::value& v, const std::string& list, const UncertaintySpec& u, ParamTable table) {
    r.table(v, list);
    if (!v.contains("name")) r.fail(v, list + ".name", "missing");
    const std::string name = r.string(v.at("name"), list + ".name");
    const ParamSpec* s = find_spec(table, name);
    if (!s) r.fail(v.at("name"), list + ".name", "'" + name + "' is not a parameter of the model (lonesim parameters lists them)");
    if (std::find(u.posterior.names.begin(), u.posterior.names.end(), name) != u.posterior.names.end())
        r.fail(v.at("name"), list + ".name", "'" + name + "' is calibrated: its draws come from the posterior file");
    const auto named = [&](const auto& n) { return n.name == name; };
    const auto held = [&](const HeldNumber& h) { return h.number.name == name; };
    if (std::any_of(u.parameters.begin(), u.parameters.end(), named) || std::any_of(u.fixed.begin(), u.fixed.end(), held) ||
        std::any_of(u.definitions.begin(), u.definitions.end(), held))
        r.fail(v.at("name"), list + ".name", "'" + name + "' is listed twice");
    return *s;
}

std::string reason(const TomlReader& r, const toml::value& v, const std::string& list) {
    if (!v.contains("reason")) r.fail(v, list + ".reason", "missing: say why it is held at its default");
    std::string text = r.string(v.at("reason"), list + ".reason");
    if (text.empty()) r.fail(v.at("reason"), list + ".reason", "is empty: say why it is held at its default");
    return text;
}

const toml::array& entries(const TomlReader& r, const toml::value& root, const std::string& list) {
    static const toml::array none;
    if (!root.contains(list)) return none;
    const auto& a = root.at(list);
    if (!a.is_array()) r.fail(a, list, "must be an array of tables ([[" + list + "]])");
    return a.as_array();
}
}  // namespace

UncertaintySpec load_uncertainty(const std::string& path, ParamTable table) {
    UncertaintySpec u;
    u.path = path;
    const toml::value root = parse_toml_file(path);
    const TomlReader r(path);
    r.check_keys(root, "", {"uncertainty", "parameters", "fixed", "definitions"});
    if (!root.contains("uncertainty")) r.fail(root, "uncertainty", "missing (the [uncertainty] table names the posterior file)");
    const auto& head = r.table(root.at("uncertainty"), "uncertainty");
    r.check_keys(head, "uncertainty.", {"name", "description", "posterior"});
    if (head.contains("name")) u.name = r.string(head.at("name"), "uncertainty.name");
    if (head.contains("description")) u.description = r.string(head.at("description"), "uncertainty.description");
    if (head.contains("posterior")) {
        const std::string file = r.existing_file(head.at("posterior"), "uncertainty.posterior", r.string(head.at("posterior"), "uncertainty.posterior"));
        u.posterior = read_posterior(file, table);
    }
    // A drawn or fixed entry: its distribution as the TOML reader checks it, the name and
    // reason aside.
    const auto number = [&](const toml::value& v, const std::string& list, const ParamSpec& s) {
        toml::value entry = v;
        entry.as_table().erase("name");
        entry.as_table().erase("reason");
        UncertainNumber n = r.uncertain(entry, list, s.default_value, s.min, s.max);
        n.name = std::string(s.name), n.integer = s.integer;
        return n;
    };
    for (const auto& v : entries(r, root, "parameters")) {
        const ParamSpec& s = listed_parameter(r, v, "parameters", u, table);
        if (v.contains("reason")) r.fail(v.at("reason"), "parameters.reason", "a drawn parameter is not held: move it to [[fixed]] or drop the reason");
        u.parameters.push_back(number(v, "parameters", s));
    }
    for (const auto& v : entries(r, root, "fixed")) {
        const ParamSpec& s = listed_parameter(r, v, "fixed", u, table);
        std::string why = reason(r, v, "fixed");
        u.fixed.push_back({number(v, "fixed", s), std::move(why)});
    }
    for (const auto& v : entries(r, root, "definitions")) {
        const ParamSpec& s = listed_parameter(r, v, "definitions", u, table);
        r.check_keys(v, "definitions.", {"name", "reason"});
        HeldNumber d{{}, reason(r, v, "definitions")};
        d.number.name = std::string(s.name), d.number.file = path, d.number.line = static_cast<int>(v.location().line());
        u.definitions.push_back(std::move(d));
    }
    return u;
}

Draws draw_uncertainty(const UncertaintySpec& u, const std::vector<ScenarioSpec>& scenarios, int n, std::uint64_t seed) {
    Draws d;
    std::vector<Distribution> dists;
    for (const auto& p : u.parameters) {
        d.variables.push_back({p.name, "behavioural", to_string(p.distribution.shape), p.source, p.distribution.lo, p.distribution.hi, p.integer});
        dists.push_back(p.distribution);
    }
    for (auto& v : programme_variables(scenarios, dists)) d.variables.push_back(std::move(v));
    const std::size_t drawn = d.variables.size();
    const bool posterior = !u.posterior.rows.empty();
    if (posterior)
        for (std::size_t c = 0; c < u.posterior.names.size(); ++c) {
            double lo = u.posterior.rows[0][c], hi = lo;
            for (const auto& row : u.posterior.rows) lo = std::min(lo, row[c]), hi = std::max(hi, row[c]);
            d.variables.push_back({u.posterior.names[c], "calibrated", "posterior", u.posterior.path, lo, hi});
        }
    const auto unit = latin_hypercube(n, static_cast<int>(drawn) + (posterior ? 1 : 0), seed);
    std::vector<double> cumulative;
    double c = 0;
    for (double w : u.posterior.weights) cumulative.push_back(c += w);
    for (const auto& row : unit) {
        std::vector<double> point;
        for (std::size_t j = 0; j < drawn; ++j) {
            const double x = dists[j].quantile(row[j]);
            point.push_back(d.variables[j].integer ? std::floor(std::min(x, dists[j].hi)) : x);
        }
        int which = -1;
        if (posterior) {
            const double x = row[drawn] * cumulative.back();
            which = static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
            which = std::min(which, static_cast<int>(cumulative.size()) - 1);
            for (double v : u.posterior.rows[static_cast<std::size_t>(which)]) point.push_back(v);
        }
        d.points.push_back(std::move(point));
        d.posterior_row.push_back(which);
    }
    return d;
}

namespace {

// values[outcome][draw][replicate] of one plan against the baseline, from the batch's runs.
std::vector<std::vector<std::vector<double>>> plan_values(const std::vector<double>& outcomes, int S, int D, int R, int s) {
    auto at = [&](int d, int scenario, int r, int o) {
        const std::size_t index = static_cast<std::size_t>((d * S + scenario) * R + r);
        return outcomes[index * kRunOutcomeCount + static_cast<std::size_t>(o)];
    };
    std::vector<std::vector<std::vector<double>>> v(kUncertainOutcomes, std::vector<std::vector<double>>(static_cast<std::size_t>(D)));
    for (int d = 0; d < D; ++d)
        for (int r = 0; r < R; ++r) {
            const double averted = at(d, 0, r, kIsolatedPersonYears) - at(d, s, r, kIsolatedPersonYears);
            const double cost = at(d, s, r, kCostKrw) - at(d, 0, r, kCostKrw);
            const double row[kUncertainOutcomes - 1] = {averted, at(d, 0, r, kLonelyPersonYears) - at(d, s, r, kLonelyPersonYears),
                                                        at(d, 0, r, kReclusivePersonYears) - at(d, s, r, kReclusivePersonYears),
                                                        at(d, 0, r, kExpectedUnattendedDeathsPerYear) - at(d, s, r, kExpectedUnattendedDeathsPerYear), cost};
            for (int o = 0; o < kUncertainOutcomes - 1; ++o) v[static_cast<std::size_t>(o)][static_cast<std::size_t>(d)].push_back(row[o]);
        }
    // The cost ratio of each draw: its mean cost over its mean effect (one value per draw).
    for (int d = 0; d < D; ++d) {
        const double e = mean(v[0][static_cast<std::size_t>(d)]), c = mean(v[4][static_cast<std::size_t>(d)]);
        v[5][static_cast<std::size_t>(d)] = {e > 0 ? c / e : kNaN};
    }
    return v;
}

}  // namespace

UncertaintyResult run_uncertainty(const std::vector<ScenarioSpec>& all, const UncertaintyOptions& options, Cluster& cluster) {
    const auto t0 = std::chrono::steady_clock::now();
    UncertaintySpec u = load_uncertainty(options.file, parameter_table());
    if (options.draw_fixed)
        for (const auto& f : u.fixed) u.parameters.push_back(f.number);
    UncertaintyResult res;
    const int replicates = options.replicates > 0 ? options.replicates : all[0].replicates;
    res.draws = options.draws, res.replicates = replicates, res.seed = all[0].seed;
    res.file = options.file, res.folder = options.folder;
    res.posterior_effective_size = u.posterior.effective_size();
    res.design = draw_uncertainty(u, all, options.draws, all[0].seed);
    ExperimentSpec e;
    e.path = options.file;
    e.name = "uncertainty";
    e.file_text = "compare --uncertainty " + std::to_string(options.draws) + (options.draw_fixed ? " --draw-fixed" : "") + "\n" + u.path;
    e.scenarios = all;
    for (auto& s : e.scenarios) s.out.clear(), s.replicates = replicates;  // where the comparison goes is not what the runs compute
    e.replicates = replicates;
    e.design = DesignType::lhs;
    e.samples = options.draws;
    e.design_seed = all[0].seed;
    // Every drawn variable is one the compared scenarios (or their period before) have, and
    // none is also held at a value on the command line.
    for (const auto& v : res.design.variables) {
        bool somewhere = false;
        for (const auto& s : all) somewhere = somewhere || find_variable(s, v.name, parameter_table()) ||
                                              (!s.starts_from.empty() && find_variable(history_of(s), v.name, parameter_table()));
        const std::string where = v.kind == "calibrated" ? u.posterior.path : v.kind == "behavioural" ? u.path : "--uncertainty";
        if (!somewhere) throw InputError(where, 0, v.name, "no compared scenario (or the period it starts from) has this variable");
        for (const auto& h : options.held)
            if (h == v.name)
                throw InputError("--set", 0, h, "is drawn by --uncertainty (" + v.kind + ", " + where + "); leave the --set out or the number undrawn");
    }
    for (const auto& v : res.design.variables) e.parameters.push_back({v.name, {}, v.lo, v.hi, v.integer});
    e.points = res.design.points;
    BatchOptions b;
    b.out = options.folder, b.runs_at_once = options.runs_at_once, b.quiet = options.quiet, b.stop = options.stop;
    b.print_sensitivity = false;  // the drivers are reported as rank correlations instead
    const BatchResult batch = run_batch(e, b, cluster);
    if (cluster.rank() != 0) return {};
    const std::vector<double> outcomes = h5::InFile(batch.file).doubles("/runs/outcomes");
    const int S = static_cast<int>(all.size()), D = options.draws, R = e.replicates;
    PlanDraws plans;
    plans.cost.push_back(std::vector<double>(static_cast<std::size_t>(D), 0.0));  // no plan: the baseline
    plans.effect.push_back(std::vector<double>(static_cast<std::size_t>(D), 0.0));
    for (int s = 1; s < S; ++s) {
        const auto values = plan_values(outcomes, S, D, R, s);
        PlanUncertainty p;
        p.name = all[static_cast<std::size_t>(s)].name;
        for (int o = 0; o < kUncertainOutcomes; ++o) {
            const auto& per = values[static_cast<std::size_t>(o)];
            // The cost ratio is undefined at a draw that averts nothing: summarised over the others.
            std::vector<std::vector<double>> finite;
            for (const auto& draw : per)
                if (std::all_of(draw.begin(), draw.end(), [](double x) { return std::isfinite(x); })) finite.push_back(draw);
            if (o == kUncertainOutcomes - 1) p.ratio_draws = static_cast<int>(finite.size());
            if (finite.empty()) {
                VarianceSplit none;
                none.mean = none.lo = none.hi = none.total = none.between = none.within = none.parameter = none.noise = kNaN;
                p.outcomes.push_back(none);
            } else {
                p.outcomes.push_back(split_variance(finite));
            }
            std::vector<double> means;
            for (const auto& draw : per) means.push_back(mean(draw));
            std::vector<double> rho;
            for (std::size_t j = 0; j < res.design.variables.size(); ++j) {
                std::vector<double> x, y;  // the draws where the outcome is a number
                for (std::size_t k = 0; k < means.size(); ++k)
                    if (std::isfinite(means[k])) x.push_back(res.design.points[k][j]), y.push_back(means[k]);
                rho.push_back(spearman(x, y));
            }
            p.draw_means.push_back(std::move(means));
            p.drivers.push_back(std::move(rho));
        }
        plans.cost.push_back(p.draw_means[4]);
        plans.effect.push_back(p.draw_means[0]);
        res.plans.push_back(std::move(p));
    }
    // Willingness to pay per isolated person-year averted: 0 to three times the dearest
    // plan's mean cost per person-year (at least 10 million KRW), 101 steps.
    double top = 1e7;
    for (const auto& p : res.plans)
        if (p.outcomes[0].mean > 0) top = std::max(top, 3 * p.outcomes[4].mean / p.outcomes[0].mean);
    std::vector<double> lambdas;
    for (int k = 0; k <= 100; ++k) lambdas.push_back(top * k / 100.0);
    res.acceptability = acceptability(plans, lambdas);
    res.icers = icers(plans);
    const int P = static_cast<int>(plans.cost.size());
    res.probability_more.assign(static_cast<std::size_t>(P), std::vector<double>(static_cast<std::size_t>(P), kNaN));
    for (int a = 0; a < P; ++a)
        for (int b = 0; b < P; ++b)
            if (a != b) res.probability_more[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = probability_more(plans, a, b);
    res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

void write_uncertainty(h5::File& f, const UncertaintyResult& u) {
    const hid_t g = f.group("/uncertainty");
    h5::attribute(g, "draws", static_cast<std::int64_t>(u.draws));
    h5::attribute(g, "replicates", static_cast<std::int64_t>(u.replicates));
    h5::attribute(g, "seed", static_cast<std::int64_t>(u.seed));
    h5::attribute(g, "uncertainty_file", u.file);
    h5::attribute(g, "runs_folder", u.folder);
    h5::attribute(g, "posterior_effective_size", u.posterior_effective_size);
    h5::attribute(g, "wall_seconds", u.wall_seconds);
    h5::attribute(g, "scale", std::string("Seoul (city scale): counts and costs divided by the world's share of Seoul"));
    h5::attribute(g, "method",
                  std::string("probabilistic sensitivity analysis: each draw runs the baseline and every plan with the same replicates "
                              "(common random numbers); intervals are the 2.5% and 97.5% quantiles of the draws' means; the variance split "
                              "separates the parameters' part from simulation noise (within-draw variance over replicates)"));
    h5::File::Column name{"name", {}, {}, {}}, kind{"kind", {}, {}, {}}, dist{"distribution", {}, {}, {}}, lo{"lo", {}, {}, {}},
        hi{"hi", {}, {}, {}}, source{"source", {}, {}, {}};
    for (const auto& v : u.design.variables) {
        name.texts.push_back(v.name), kind.texts.push_back(v.kind), dist.texts.push_back(v.distribution), source.texts.push_back(v.source);
        lo.reals.push_back(v.lo), hi.reals.push_back(v.hi);
    }
    f.write_table("/uncertainty/variables", {name, kind, dist, lo, hi, source},
                  {{"variable"}, "The uncertain numbers: name, kind, distribution, range, source", ""});
    f.coordinate("variable", name.texts, "uncertain number (see variables)", "/uncertainty/");
    f.coordinate("outcome", std::vector<std::string>(std::begin(kUncertainOutcomeNames), std::end(kUncertainOutcomeNames)),
                 "outcome (its unit in its name)", "/uncertainty/");
    const auto D = static_cast<hsize_t>(u.design.points.size()), K = static_cast<hsize_t>(u.design.variables.size());
    std::vector<double> flat;
    for (const auto& pt : u.design.points) flat.insert(flat.end(), pt.begin(), pt.end());
    if (K > 0) {
        h5::Dataset d = f.create("/uncertainty/draws", H5T_IEEE_F64LE, {D, K}, {D, K}, 0);
        d.write(H5T_NATIVE_DOUBLE, {0, 0}, {D, K}, flat.data());
        d.describe({{"draw", "variable"}, "the uncertain numbers' values in each draw", "as the variable's own (see variables)"});
    }
    f.write_vector("/uncertainty/posterior_row", u.design.posterior_row,
                   {{"draw"}, "the calibration posterior's particle each draw takes (-1: none)", "1"}, 0);
    std::vector<std::string> outcome_names(std::begin(kUncertainOutcomeNames), std::end(kUncertainOutcomeNames));
    f.write_strings("/uncertainty/outcomes", outcome_names, {{"outcome"}, "the outcomes summarised", ""});
    std::vector<std::string> plan_names{"no plan (baseline)"};
    for (const auto& p : u.plans) {
        plan_names.push_back(p.name);
        const std::string pg = "/uncertainty/plans/" + p.name;
        h5::File::Column oc{"outcome", {}, {}, {}}, mean{"mean", {}, {}, {}}, lo95{"lo95", {}, {}, {}}, hi95{"hi95", {}, {}, {}},
            var{"variance", {}, {}, {}}, par{"parameter_share", {}, {}, {}}, noise{"noise_share", {}, {}, {}};
        for (int o = 0; o < kUncertainOutcomes; ++o) {
            const VarianceSplit& s = p.outcomes[static_cast<std::size_t>(o)];
            oc.texts.emplace_back(kUncertainOutcomeNames[o]);
            mean.reals.push_back(s.mean), lo95.reals.push_back(s.lo), hi95.reals.push_back(s.hi), var.reals.push_back(s.total);
            par.reals.push_back(s.total > 0 ? s.parameter / s.total : kNaN), noise.reals.push_back(s.total > 0 ? s.noise / s.total : kNaN);
        }
        f.write_table(pg + "/summary", {oc, mean, lo95, hi95, var, par, noise},
                      {{"outcome"}, "The plan's outcomes over the draws: mean, 95% interval, variance, parameters' and noise's shares", ""});
        h5::attribute(f.group(pg), "ratio_draws", static_cast<std::int64_t>(p.ratio_draws));
        h5::attribute(f.group(pg), "ratio_note",
                      std::string("krw_per_isolated_person_year_averted is summarised over the ratio_draws draws that avert any isolated person-year"));
        std::vector<double> means, rho;
        for (const auto& m : p.draw_means) means.insert(means.end(), m.begin(), m.end());
        for (const auto& r : p.drivers) rho.insert(rho.end(), r.begin(), r.end());
        h5::Dataset dm = f.create(pg + "/draw_means", H5T_IEEE_F64LE, {kUncertainOutcomes, D}, {kUncertainOutcomes, D}, 0);
        dm.write(H5T_NATIVE_DOUBLE, {0, 0}, {kUncertainOutcomes, D}, means.data());
        dm.describe({{"outcome", "draw"}, "each draw's mean outcome over its replicates, at Seoul's scale",
                     "as the outcome's name says (person-years, KRW, KRW per person-year)"});
        if (K > 0) {
            h5::Dataset dr = f.create(pg + "/drivers", H5T_IEEE_F64LE, {kUncertainOutcomes, K}, {kUncertainOutcomes, K}, 0);
            dr.write(H5T_NATIVE_DOUBLE, {0, 0}, {kUncertainOutcomes, K}, rho.data());
            dr.describe({{"outcome", "variable"}, "Spearman's rank correlation of the variable with the outcome over the draws", "1"});
            h5::attribute(dr.id(), "statistic", std::string("Spearman's rank correlation of the variable's draws with the outcome's draw means"));
        }
    }
    f.write_strings("/uncertainty/decision/plans", plan_names, {{"plan"}, "the plans compared, the baseline first", ""});
    f.coordinate("plan", plan_names, "plan (the baseline first)", "/uncertainty/");
    f.coordinate("than_plan", plan_names, "the plan compared with", "/uncertainty/");
    const Acceptability& a = u.acceptability;
    const auto L = static_cast<hsize_t>(a.lambdas.size()), P = static_cast<hsize_t>(plan_names.size());
    f.coordinate("willingness_to_pay", a.lambdas, "willingness to pay per isolated person-year averted", "KRW", "/uncertainty/");
    std::vector<double> prob;
    for (const auto& row : a.probability) prob.insert(prob.end(), row.begin(), row.end());
    h5::Dataset pa = f.create("/uncertainty/decision/acceptability", H5T_IEEE_F64LE, {L, P}, {L, P}, 0);
    pa.write(H5T_NATIVE_DOUBLE, {0, 0}, {L, P}, prob.data());
    pa.describe({{"willingness_to_pay", "plan"}, "probability that the plan has the highest net benefit at this willingness to pay", "1"});
    f.write_vector("/uncertainty/decision/optimal", a.optimal,
                   {{"willingness_to_pay"}, "the plan with the highest expected net benefit (its number in plans)", "1"}, 0);
    f.write_vector("/uncertainty/decision/evpi", a.evpi,
                   {{"willingness_to_pay"}, "expected value of perfect parameter information, at Seoul's scale", "KRW"}, 0);
    h5::File::Column plan{"plan", {}, {}, {}}, status{"status", {}, {}, {}}, cost{"cost_krw", {}, {}, {}}, effect{"isolated_person_years_averted", {}, {}, {}},
        against{"against", {}, {}, {}}, icer{"icer_krw_per_person_year", {}, {}, {}};
    for (std::size_t p = 0; p < u.icers.size(); ++p) {
        const Icer& i = u.icers[p];
        plan.texts.push_back(plan_names[p]), status.texts.push_back(to_string(i.status));
        cost.reals.push_back(i.cost), effect.reals.push_back(i.effect), icer.reals.push_back(i.icer);
        against.texts.push_back(i.against >= 0 ? plan_names[static_cast<std::size_t>(i.against)] : "");
    }
    f.write_table("/uncertainty/decision/icers", {plan, status, cost, effect, against, icer},
                  {{"plan"}, "Incremental cost-effectiveness of each plan against the next cheaper one not dominated", ""});
    std::vector<double> more;
    for (const auto& row : u.probability_more) more.insert(more.end(), row.begin(), row.end());
    h5::Dataset pm = f.create("/uncertainty/decision/probability_more", H5T_IEEE_F64LE, {P, P}, {P, P}, 0);
    pm.write(H5T_NATIVE_DOUBLE, {0, 0}, {P, P}, more.data());
    pm.describe({{"plan", "than_plan"}, "probability over the draws that the plan averts more isolated person-years than the other", "1"});
}

}  // namespace lonesim
