// The files lonesim calibrate writes (sim/calibration.cpp runs the calibration).
#include "app/calibration_output.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/input_error.hpp"
#include "sim/result_file.hpp"
#include "sim/toml_reader.hpp"
#include "lonesim_commit.hpp"  // generated at build time

namespace lonesim {
namespace fs = std::filesystem;

namespace {

std::string number(double v, int digits = 4) {
    if (!std::isfinite(v)) return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    // Numbers too large for the significant digits in full, rounded to a whole number
    // (counts: 52000, not 5.2e+04).
    if (std::strchr(buf, 'e') && std::abs(v) >= 1 && std::abs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

// Text written to a file atomically (FILE.partial, then renamed).
void write_text(const std::string& path, const std::string& text) {
    const std::string partial = path + ".partial";
    {
        std::ofstream f(partial, std::ios::binary);
        f << text;
        f.flush();
        if (!f) {
            std::error_code ec;
            fs::remove(partial, ec);
            throw InputError(path, 0, "", "cannot write (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) throw InputError(path, 0, "", "cannot rename " + partial + ": " + ec.message());
}

// The targets' table of report.md (with the posterior predictive range) and of
// defaults_check.md (without).
std::string targets_table(const CalibrationSpec& c, const std::vector<TargetCheck>& targets, bool posterior) {
    std::ostringstream md;
    md << "| target | observed | tolerance | model mean | 95% of runs | " << (posterior ? "posterior predictive 95% | " : "") << "within |\n|---|---|---|---|---|"
       << (posterior ? "---|" : "") << "---|\n";
    for (std::size_t j = 0; j < c.targets.size(); ++j) {
        const auto& t = c.targets[j];
        const auto& r = targets[j];
        md << "| `" << t.statistic.name << "`" << (t.fit ? "" : " (reported)") << " | " << number(t.observed) << " | ±" << number(t.tolerance) << " | "
           << number(r.mean) << " | [" << number(r.lo) << ", " << number(r.hi) << "] | ";
        if (posterior) md << (t.fit ? "[" + number(r.post_lo) + ", " + number(r.post_hi) + "]" : std::string("")) << " | ";
        md << (r.within ? "yes" : "**no**") << " |\n";
    }
    return md.str();
}

std::string defaults_check_text(const CalibrationSpec& c, const DefaultsCheck& res) {
    std::ostringstream md;
    const bool own_count = res.check.size() != static_cast<std::size_t>(c.check_replicates);
    md << "# Calibration " << c.name << ": the targets at the defaults\n\n`lonesim calibrate " << c.path << " --check-defaults"
       << (own_count ? " --replicates " + std::to_string(res.check.size()) : std::string()) << "`: "
       << res.check.size() << " runs of each scenario with the check's seeds, no fitting; " << res.simulations << " simulations in "
       << number(res.wall_seconds, 3) << " s. Distance " << number(res.distance) << "; " << res.outside
       << " fitted target(s) outside their tolerance.\n\n## The free parameters at their defaults\n\n| parameter | default | calibration range |\n|---|---|---|\n";
    for (std::size_t a = 0; a < c.parameters.size(); ++a)
        md << "| `" << c.parameters[a].name << "` | " << format_number(res.values[a]) << " | [" << number(c.parameters[a].min) << ", "
           << number(c.parameters[a].max) << "] " << c.parameters[a].unit << " |\n";
    md << "\n## Targets\n\n" << targets_table(c, res.targets, false);
    return md.str();
}

// calibration.h5: the file, the priors, the posterior, the finalists and the refinement.
void write_parameters(h5::File& f, const CalibrationSpec& c, const CalibrationResult& res) {
    const std::size_t k = c.parameters.size();
    const hid_t root = f.id();
    h5::attribute(root, "calibration", c.name);
    h5::attribute(root, "file", c.path);
    h5::attribute(root, "method", std::string("abc-smc"));
    h5::attribute(root, "scenario", c.scenarios[0].name);
    h5::attribute(root, "seed", static_cast<std::int64_t>(c.seed));
    h5::attribute(root, "replicates", static_cast<std::int64_t>(c.replicates));
    h5::attribute(root, "simulations", static_cast<std::int64_t>(res.simulations));
    h5::attribute(root, "wall_seconds", res.wall_seconds);
    h5::attribute(root, "calibration_toml", c.file_text);
    h5::attribute(root, "version", std::string(LONESIM_VERSION));
    h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
    std::vector<std::string> names, units, priors;
    std::vector<double> lo, hi;
    for (const auto& p : c.parameters)
        names.push_back(p.name), units.push_back(p.unit), priors.push_back(p.log_uniform ? "log-uniform" : "uniform"), lo.push_back(p.min),
            hi.push_back(p.max);
    f.coordinate("parameter", names, "the calibrated parameter");
    f.write_strings("/parameters/names", names, {{"parameter"}, "the calibrated parameters", ""});
    f.write_strings("/parameters/units", units, {{"parameter"}, "each parameter's units", ""});
    f.write_strings("/parameters/prior", priors, {{"parameter"}, "each parameter's prior", ""});
    f.write_vector("/parameters/min", lo, {{"parameter"}, "the prior's lower end", "as the parameter's own (see units)"}, 0);
    f.write_vector("/parameters/max", hi, {{"parameter"}, "the prior's upper end", "as the parameter's own (see units)"}, 0);
    std::vector<double> v[5];
    for (const auto& p : res.posterior) v[0].push_back(p.mean), v[1].push_back(p.sd), v[2].push_back(p.q025), v[3].push_back(p.q50), v[4].push_back(p.q975);
    const char* stat_names[] = {"mean", "sd", "q025", "q50", "q975"};
    const char* stat_words[] = {"posterior mean", "posterior standard deviation", "posterior 2.5% quantile", "posterior median",
                                "posterior 97.5% quantile"};
    for (int i = 0; i < 5; ++i)
        f.write_vector(std::string("/posterior/") + stat_names[i], v[i], {{"parameter"}, stat_words[i], "as the parameter's own (see units)"}, 0);
    f.write_vector("/fitted", res.fitted, {{"parameter"}, "the fitted values (fitted.toml)", "as the parameter's own (see units)"}, 0);
    {
        std::vector<double> values, abc, check;
        for (const auto& fi : res.finalists) values.insert(values.end(), fi.values.begin(), fi.values.end()), abc.push_back(fi.abc_distance), check.push_back(fi.check_distance);
        const hsize_t n = res.finalists.size();
        auto dv = f.create("/finalists/parameters", H5T_NATIVE_DOUBLE, {n, k}, {n, k}, 0);
        dv.write(H5T_NATIVE_DOUBLE, {0, 0}, {n, k}, values.data());
        dv.describe({{"finalist", "parameter"}, "the finalists' parameter values", "as the parameter's own (see units)"});
        f.write_vector("/finalists/abc_distance", abc, {{"finalist"}, "the finalist's distance to the targets in the ABC runs", "1"}, 0);
        f.write_vector("/finalists/check_distance", check, {{"finalist"}, "the finalist's distance to the targets in fresh runs", "1"}, 0);
        h5::attribute(f.group("/finalists"), "chosen", static_cast<std::int64_t>(res.chosen));  // 0-based
    }
    for (const auto& r : res.refinement) {
        f.write_vector("/refinement/start", r.start, {{"parameter"}, "where the local refinement started", "as the parameter's own (see units)"}, 0);
        f.write_vector("/refinement/values", r.values, {{"parameter"}, "where the local refinement ended", "as the parameter's own (see units)"}, 0);
        f.write_vector("/refinement/trace", r.trace, {{"evaluation"}, "the refinement's distance at each evaluation", "1"}, 0);
        const hid_t g = f.group("/refinement");
        h5::attribute(g, "distance", r.distance);
        h5::attribute(g, "fresh_distance", r.fresh_distance);
        h5::attribute(g, "evaluations", static_cast<std::int64_t>(r.evaluations));
        h5::attribute(g, "adopted", static_cast<std::int64_t>(r.adopted));
        h5::attribute(g, "converged", static_cast<std::int64_t>(r.converged));
        h5::attribute(g, "method", r.method);
    }
}

// calibration.h5: the targets against the check's runs.
void write_targets(h5::File& f, const CalibrationSpec& c, const CalibrationResult& res) {
    const std::size_t T = c.targets.size();
    std::vector<std::string> tnames, tdesc, tsource, tmapping;
    std::vector<double> observed, tolerance, fit, mean, clo, chi, plo, phi, within;
    for (std::size_t j = 0; j < T; ++j) {
        const auto& t = c.targets[j];
        tnames.push_back(t.statistic.name), tdesc.push_back(t.statistic.describe() + " [" + c.scenarios[static_cast<std::size_t>(t.statistic.scenario)].name + "]");
        tsource.push_back(t.source), tmapping.push_back(t.mapping);
        observed.push_back(t.observed), tolerance.push_back(t.tolerance), fit.push_back(t.fit);
        const auto& r = res.targets[j];
        mean.push_back(r.mean), clo.push_back(r.lo), chi.push_back(r.hi), plo.push_back(r.post_lo), phi.push_back(r.post_hi), within.push_back(r.within);
    }
    f.coordinate("target", tnames, "the calibration target");
    f.write_strings("/targets/names", tnames, {{"target"}, "the targets", ""});
    f.write_strings("/targets/description", tdesc, {{"target"}, "what each target measures [in which scenario]", ""});
    f.write_strings("/targets/source", tsource, {{"target"}, "the target's source", ""});
    f.write_strings("/targets/mapping", tmapping, {{"target"}, "how the model's statistic maps to the observed one", ""});
    f.write_vector("/targets/observed", observed, {{"target"}, "the observed value", "as the target's own"}, 0);
    f.write_vector("/targets/tolerance", tolerance, {{"target"}, "the tolerance around it", "as the target's own"}, 0);
    f.write_vector("/targets/fit", fit, {{"target"}, "how the target enters the distance", "see the calibration file"}, 0);
    f.write_vector("/targets/model_mean", mean, {{"target"}, "the model's mean in the check's runs", "as the target's own"}, 0);
    f.write_vector("/targets/model_lo", clo, {{"target"}, "lower end of the model's 95% interval in the check", "as the target's own"}, 0);
    f.write_vector("/targets/model_hi", chi, {{"target"}, "upper end of the model's 95% interval in the check", "as the target's own"}, 0);
    f.write_vector("/targets/posterior_lo", plo, {{"target"}, "lower end of the posterior's 95% predictive interval", "as the target's own"}, 0);
    f.write_vector("/targets/posterior_hi", phi, {{"target"}, "upper end of the posterior's 95% predictive interval", "as the target's own"}, 0);
    f.write_vector("/targets/within_tolerance", within, {{"target"}, "1 when the model's mean is within the tolerance", "1"}, 0);
    std::vector<double> check;
    for (const auto& row : res.check) check.insert(check.end(), row.begin(), row.end());
    auto d = f.create("/check/statistics", H5T_NATIVE_DOUBLE, {res.check.size(), T}, {res.check.size(), T}, 0);
    d.write(H5T_NATIVE_DOUBLE, {0, 0}, {res.check.size(), T}, check.data());
    d.describe({{"check_run", "target"}, "the targets' statistics in each of the check's runs", "as the target's own"});
    h5::attribute(f.group("/check"), "distance", res.check_distance);
}

// calibration.h5: every generation's particles.
void write_generations(h5::File& f, const CalibrationSpec& c, const CalibrationResult& res) {
    const std::size_t k = c.parameters.size(), T = c.targets.size();
    for (std::size_t gi = 0; gi < res.generations.size(); ++gi) {
        const Generation& g = res.generations[gi];
        char buf[48];
        std::snprintf(buf, sizeof buf, "/generations/%02zu", gi);
        const std::string base = buf;
        std::vector<double> values, stats;
        for (const auto& u : g.points) {
            const auto x = to_values(c, u);
            values.insert(values.end(), x.begin(), x.end());
        }
        for (const auto& row : g.statistics) stats.insert(stats.end(), row.begin(), row.end());
        const hsize_t n = g.points.size();
        auto dv = f.create(base + "/parameters", H5T_NATIVE_DOUBLE, {n, k}, {n, k}, 0);
        dv.write(H5T_NATIVE_DOUBLE, {0, 0}, {n, k}, values.data());
        dv.describe({{"particle", "parameter"}, "the generation's particles", "as the parameter's own (see units)"});
        auto ds = f.create(base + "/statistics", H5T_NATIVE_DOUBLE, {n, T}, {n, T}, 0);
        ds.write(H5T_NATIVE_DOUBLE, {0, 0}, {n, T}, stats.data());
        ds.describe({{"particle", "target"}, "the targets' statistics of each particle", "as the target's own"});
        f.write_vector(base + "/weights", g.weights, {{"particle"}, "the particle's importance weight", "1"}, 0);
        f.write_vector(base + "/distances", g.distances, {{"particle"}, "the particle's distance to the targets", "1"}, 0);
        const hid_t group = f.group(base);
        h5::attribute(group, "epsilon", g.epsilon);
        h5::attribute(group, "proposed", static_cast<std::int64_t>(g.proposed));
        h5::attribute(group, "effective_sample_size", g.effective_size());
    }
}

// fitted.toml: the fitted values, as a [parameters] table for a scenario or for the defaults.
std::string fitted_toml(const CalibrationSpec& c, const CalibrationResult& res) {
    const std::size_t k = c.parameters.size();
    std::ostringstream fitted;
    fitted << "# Fitted by lonesim calibrate " << c.path << " (ABC-SMC, " << res.generations.size() - 1 << " generations after the prior, "
           << c.particles << " particles, " << c.replicates << " replicates each; " << res.simulations << " simulations)\n"
           << "# The values: of the last generation's " << res.finalists.size() << " nearest particles, re-run " << c.check_replicates
           << " times each, the one nearest the targets\n"
           << (!res.refinement.empty() && res.refinement[0].adopted
                   ? std::string("# (a joint point of the posterior), refined by ") +
                         (res.refinement[0].method == "levenberg-marquardt" ? "Levenberg-Marquardt" : "Nelder-Mead") + " (report.md);\n"
                   : std::string("# (a joint point of the posterior);\n"))
           << "# the comment gives the posterior median and 95% credible interval.\n[parameters]\n";
    for (std::size_t a = 0; a < k; ++a)
        fitted << "\"" << c.parameters[a].name << "\" = " << format_number(res.fitted[a]) << "  # median " << number(res.posterior[a].q50) << ", 95% [" << number(res.posterior[a].q025) << ", "
               << number(res.posterior[a].q975) << "] " << c.parameters[a].unit << "\n";
    return fitted.str();
}

// report.md: the fit, for people.
std::string report_md(const CalibrationSpec& c, const CalibrationResult& res) {
    const std::size_t k = c.parameters.size();
    std::ostringstream md;
    md << "# Calibration " << c.name << "\n\n`lonesim calibrate " << c.path << "`: ABC-SMC on scenario `" << c.scenarios[0].name << "`, "
       << res.simulations << " simulations in " << number(res.wall_seconds, 3) << " s.\n\n## Parameters\n\n"
       << "| parameter | prior | fitted | posterior median | 95% credible interval | mean ± sd |\n|---|---|---|---|---|---|\n";
    for (std::size_t a = 0; a < k; ++a) {
        const auto& p = c.parameters[a];
        const auto& s = res.posterior[a];
        md << "| `" << p.name << "` | " << (p.log_uniform ? "log-uniform" : "uniform") << " [" << number(p.min) << ", " << number(p.max) << "] | "
           << number(res.fitted[a]) << " | " << number(s.q50) << " | [" << number(s.q025) << ", " << number(s.q975) << "] | " << number(s.mean) << " ± " << number(s.sd) << " |\n";
    }
    md << "\n## Targets (model: " << c.check_replicates << " runs at the fitted values with seeds of their own; distance " << number(res.check_distance)
       << ")\n\n"
       << targets_table(c, res.targets, true);
    md << "\n## Finalists\n\nThe last generation's nearest particles, each re-run " << c.check_replicates
       << " times; the fitted values are the one nearest on those runs.\n\n| finalist | distance in the ABC (" << c.replicates << " runs) | distance on "
       << c.check_replicates << " runs | fitted |\n|---|---|---|---|\n";
    for (std::size_t f = 0; f < res.finalists.size(); ++f)
        md << "| " << f + 1 << " | " << number(res.finalists[f].abc_distance) << " | " << number(res.finalists[f].check_distance) << " | "
           << (f == res.chosen ? "yes" : "") << " |\n";
    for (const auto& r : res.refinement)
        md << "\n## Refinement\n\n" << (r.method == "levenberg-marquardt" ? "Levenberg-Marquardt" : "Nelder-Mead") << " from the chosen finalist, "
           << r.evaluations << " evaluations of " << c.replicates
           << " runs on the ABC's seeds: distance " << number(r.distance) << " there, " << number(r.fresh_distance) << " on " << c.check_replicates
           << " fresh runs (the finalist: " << number(res.finalists[res.chosen].check_distance) << "). "
           << (r.adopted ? "The refined point is the fitted values." : "Not nearer on fresh runs: the finalist stays the fitted values.")
           << (r.converged ? " The search converged." : " The search stopped at its evaluation budget (`refine`).") << "\n";
    md << "\n## Generations\n\n| generation | tolerance (distance) | accepted | proposed | effective sample size |\n|---|---|---|---|---|\n";
    for (std::size_t gi = 0; gi < res.generations.size(); ++gi)
        md << "| " << gi << " | " << number(res.generations[gi].epsilon) << " | " << res.generations[gi].points.size() << " | " << res.generations[gi].proposed
           << " | " << number(res.generations[gi].effective_size()) << " |\n";
    return md.str();
}

}  // namespace

void write_calibration_outputs(const CalibrationSpec& c, const CalibrationResult& res, const std::string& out) {
    write_result_file((fs::path(out) / "calibration.h5").string(), [&](h5::File& f) {
        write_parameters(f, c, res);
        write_targets(f, c, res);
        write_generations(f, c, res);
    });
    write_text((fs::path(out) / "fitted.toml").string(), fitted_toml(c, res));
    write_text((fs::path(out) / "report.md").string(), report_md(c, res));
}

void write_defaults_check(const CalibrationSpec& c, const DefaultsCheck& res, const std::string& path) {
    write_text(path, defaults_check_text(c, res));
}

}  // namespace lonesim
