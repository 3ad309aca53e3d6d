// lonesim: the command line. Exit codes: 0 success, 2 bad input, interruption or a
// failed write (with one line on stderr saying why).
#include <tbb/global_control.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "lonesim_commit.hpp"
#include "models/calibrated.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "models/seoul.hpp"
#include "models/simulation.hpp"
#include "sim/input_error.hpp"
#include "app/batch.hpp"
#include "app/calibration.hpp"
#include "sim/cluster.hpp"
#include "app/compare.hpp"
#include "app/experiment.hpp"
#include "app/run.hpp"
#include "app/scenario.hpp"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop.store(true); }

struct CommonOptions {
    std::string scenario;
    std::int64_t agents = 0;
    double scale = 0;
    int days = 0;
    std::int64_t seed = -1;
    int replicates = 0;
    int threads = 0;
    std::string out;
    std::vector<std::string> sets;
    bool quiet = false;
};

void add_scenario_options(CLI::App* cmd, CommonOptions& o) {
    cmd->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
    auto* agents = cmd->add_option("--agents", o.agents, "World size in agents (keeps the district x age mix)")
                       ->check(CLI::Range(std::int64_t{25}, std::int64_t{100'000'000}));
    cmd->add_option("--scale", o.scale, "World size as a fraction of Seoul's 1,660,813 households")
        ->check(CLI::Range(1e-6, 10.0))
        ->excludes(agents);
    cmd->add_option("--days", o.days, "Days to simulate")->check(CLI::Range(1, 36500));
    cmd->add_option("--seed", o.seed, "Random seed")->check(CLI::Range(std::int64_t{0}, INT64_MAX));
    cmd->add_option("--replicates", o.replicates, "Replicates (seeds derived from --seed)")->check(CLI::Range(1, 10000));
    cmd->add_option("--set", o.sets, "Override a parameter: --set outings.base_prob=0.8 (repeatable)");
}

// What every long-running command sets up: at most `threads` worker threads (all cores
// when 0), Ctrl-C and SIGTERM raise the stop flag, and a file-size limit (ulimit -f)
// fails a write like a full disk instead of killing the process with a half-written file.
std::unique_ptr<tbb::global_control> prepare_long_run(int& threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGXFSZ, SIG_IGN);
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
}

lonesim::ScenarioSpec resolve(const CommonOptions& o) {
    using namespace lonesim;
    ScenarioSpec spec = load_scenario(o.scenario, parameter_table(), &programme_rules());
    apply_overrides(spec, o.sets, parameter_table());
    if (o.agents > 0) spec.agents = o.agents;
    if (o.scale > 0) spec.scale = o.scale, spec.agents = 0;
    if (o.days > 0) spec.days = o.days;
    if (o.seed >= 0) spec.seed = static_cast<std::uint64_t>(o.seed);
    if (o.replicates > 0) spec.replicates = o.replicates;
    if (!o.out.empty()) spec.out = o.out;
    if (spec.out.empty()) spec.out = "outputs/" + spec.name + ".h5";
    return spec;
}

void print_summary(const lonesim::RunSummary& s) {
    auto pct = [](double x) { return x * 100.0; };
    std::printf("lonesim: %lld agents x %d days x %d replicate(s) -> %s\n", static_cast<long long>(s.agents), s.days,
                s.replicates, s.out.c_str());
    std::printf("  %-22s %10s %10s\n", "", "day 1", "last day");
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "connected", pct(s.start.connected), pct(s.end.connected));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "lonely", pct(s.start.lonely), pct(s.end.lonely));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "isolated", pct(s.start.isolated), pct(s.end.isolated));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "reclusive", pct(s.start.reclusive), pct(s.end.reclusive));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "no one to turn to", pct(s.start.no_one_to_turn_to), pct(s.end.no_one_to_turn_to));
    std::printf("  %-22s %10.3f %10.3f\n", "mean loneliness (0-1)", s.start.mean_loneliness, s.end.mean_loneliness);
    std::printf("  %-22s %10.2f %10.2f\n", "mean degree", s.start.mean_degree, s.end.mean_degree);
    std::printf("  %-22s %10.3f %10.3f   (start / end of run)\n", "clustering", s.clustering_start, s.clustering_end);
    if (!s.degree_histogram.empty()) {
        // The degree distribution in a line: share of agents by number of ties.
        const int edges[] = {0, 1, 3, 6, 11, 21, 1 << 30};
        double total = 0;
        for (auto n : s.degree_histogram) total += static_cast<double>(n);
        std::printf("  degree distribution   ");
        for (int k = 0; k + 1 < 7; ++k) {
            double n = 0;
            for (std::size_t d = static_cast<std::size_t>(edges[k]); d < s.degree_histogram.size() && d < static_cast<std::size_t>(edges[k + 1]); ++d)
                n += static_cast<double>(s.degree_histogram[d]);
            if (edges[k + 1] - edges[k] == 1) std::printf(" %d: %.1f%%", edges[k], pct(n / total));
            else if (k == 5) std::printf("  %d+: %.1f%%", edges[k], pct(n / total));
            else std::printf("  %d-%d: %.1f%%", edges[k], edges[k + 1] - 1, pct(n / total));
        }
        std::printf("   (last day)\n");
    }
    std::printf("  deaths %.0f a year, unattended (godoksa) %.0f a year (expected given who died: %.1f)\n", s.deaths_per_year,
                s.unattended_per_year, s.expected_unattended_per_year);
    std::printf("  wall time %.1f s, %.2f million agent-days/s (burn-in included)\n", s.wall_seconds, s.agent_days_per_second / 1e6);
}

void print_comparison(const lonesim::ScenarioSpec& base, const std::vector<lonesim::ScenarioComparison>& results,
                      const std::string& out) {
    using namespace lonesim;
    std::printf("lonesim compare: %d replicate(s), common random numbers, baseline '%s' -> %s\n", base.replicates,
                base.name.c_str(), out.c_str());
    static const char* kLabels[kOutcomes] = {"isolated person-years averted", "lonely person-years averted",
                                             "reclusive cases averted", "unattended deaths averted",
                                             "total cost (million KRW)", "KRW per isolated person-year averted"};
    for (const auto& r : results) {
        std::printf("\n  %s vs %s   (mean [95%% interval])\n", r.name.c_str(), base.name.c_str());
        for (int k = 0; k < kOutcomes; ++k) {
            const Estimate& e = r.overall[static_cast<std::size_t>(k)];
            const double scale = k == 4 ? 1e-6 : 1.0;
            std::printf("    %-38s %14.1f  [%.1f, %.1f]\n", kLabels[k], e.mean * scale, e.lo * scale, e.hi * scale);
        }
        if (r.budget_krw > 0) {
            // Capacities and costs scale with the world; compare at city scale.
            const double city = r.simulated_cost / r.population_scale;
            std::printf("    simulated cost over %d days, at city scale: %.1f billion KRW; budget %.1f billion KRW (%.0f%%)\n",
                        r.days, city / 1e9, r.budget_krw / 1e9, 100.0 * city / r.budget_krw);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace lonesim;
    CLI::App app{"lonesim: loneliness and social isolation among Seoul's single-person households"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(LONESIM_VERSION) + " (" + LONESIM_COMMIT + ")");

    CommonOptions run_opts;
    CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
    add_scenario_options(run, run_opts);
    run->add_option("--threads", run_opts.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    run->add_option("--out", run_opts.out, "Result file (default: the scenario's output.file or outputs/<name>.h5)");
    run->add_flag("--quiet,-q", run_opts.quiet, "No progress bar and no summary");

    CommonOptions val_opts;
    CLI::App* validate = app.add_subcommand("validate", "Check a scenario file and print it resolved");
    add_scenario_options(validate, val_opts);

    CommonOptions cmp_opts;
    std::vector<std::string> cmp_scenarios;
    CLI::App* compare = app.add_subcommand("compare", "Compare scenarios against a baseline with common random numbers");
    add_scenario_options(compare, cmp_opts);
    compare->get_option("scenario")->description("The baseline scenario file (TOML)");
    compare->add_option("scenarios", cmp_scenarios, "Scenario files to compare with the baseline")->required();
    compare->add_option("--threads", cmp_opts.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    compare->add_option("--out", cmp_opts.out, "Result file (default: outputs/compare_<scenarios>.h5)");
    compare->add_flag("--quiet,-q", cmp_opts.quiet, "No progress bar and no table");

    std::string report_file, report_out;
    CLI::App* report = app.add_subcommand("report", "Write an HTML report of a comparison file (matplotlib charts)");
    report->add_option("file", report_file, "A result file of lonesim compare")->required();
    report->add_option("--out", report_out, "Folder for index.html and the charts")->required();

    CLI::App* params = app.add_subcommand("parameters", "Print the parameter table as Markdown");

    // batch and calibrate: a file, spread over the ranks of a cluster.
    struct ClusterJob {
        std::string file, out;
        int threads = 0, at_once = 1;
        bool quiet = false, dry = false;
        BatchOptions options(const std::string& default_out) const {
            BatchOptions o;
            o.out = out.empty() ? default_out : out;
            o.runs_at_once = at_once;
            o.quiet = quiet;
            o.stop = &g_stop;
            return o;
        }
    } bat, cal;
    auto add_job = [&](const char* name, const char* what, const char* file, const char* file_help, ClusterJob& job) {
        CLI::App* cmd = app.add_subcommand(name, what);
        cmd->add_option(file, job.file, file_help)->required();
        cmd->add_option("--out", job.out, "Output folder (default: under outputs/)");
        cmd->add_option("--threads", job.threads, "Worker threads per rank (default: all cores)")->check(CLI::Range(1, 1024));
        cmd->add_option("--runs-at-once", job.at_once, "Runs each rank works on side by side (default 1)")->check(CLI::Range(1, 1024));
        cmd->add_flag("--quiet,-q", job.quiet, "Only errors");
        cmd->add_flag("--dry-run", job.dry, std::string("Check the ") + file + " file and print its size; run nothing");
        return cmd;
    };
    CLI::App* batch = add_job("batch", "Run an experiment (scenarios x design x replicates); spread over the ranks when started by mpirun or srun",
                              "experiment", "Experiment file (TOML, see scenarios/experiments/)", bat);
    CLI::App* calibrate_cmd = add_job("calibrate", "Fit parameters to observed statistics (ABC-SMC); spread over the ranks when started by mpirun or srun",
                                      "calibration", "Calibration file (TOML, see scenarios/calibration/)", cal);
    bool check_defaults_only = false;
    int check_runs = 0;
    CLI::Option* check_flag = calibrate_cmd->add_flag(
        "--check-defaults", check_defaults_only,
        "Fit nothing: run the targets at the parameters' current values (check_replicates runs); exit 1 if a fitted target is outside its tolerance");
    calibrate_cmd->add_option("--replicates", check_runs, "With --check-defaults: runs of each scenario (default: the file's check_replicates)")
        ->check(CLI::Range(1, 10000))
        ->needs(check_flag);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::fprintf(stderr, "lonesim: %s (see --help)\n", e.what());
        return 2;
    }

    if (*batch || *calibrate_cmd) {
        // MPI is initialised (when launched by mpirun) before anything can fail, so that
        // every rank reports and exits the same way.
        Cluster cluster(argc, argv);
        auto fail = [&](const char* what) {
            if (cluster.rank() == 0 || !cluster.mpi()) std::fprintf(stderr, "lonesim: %s\n", what);
            else std::fprintf(stderr, "lonesim (rank %d): %s\n", cluster.rank(), what);
            if (cluster.mpi()) cluster.abort(2);
            return 2;
        };
        try {
            if (*calibrate_cmd) {
                const CalibrationSpec c = load_calibration(cal.file, parameter_table(), &programme_rules());
                int threads = cal.threads;
                const auto limit = prepare_long_run(threads);
                const CalibrationOptions options = cal.options("outputs/calibration_" + c.name);
                const SeoulData seoul = load_seoul(c.scenarios[0].data_dir);
                const SimulationSetup setup = setup_for(c.scenarios[0], seoul);
                if (check_runs == 0) check_runs = c.check_replicates;
                char plan[128];
                if (check_defaults_only)
                    std::snprintf(plan, sizeof plan, "checked at the defaults, %d run(s) of each of %zu scenario(s)", check_runs, c.scenarios.size());
                else
                    std::snprintf(plan, sizeof plan, "%d particles x %d replicate(s), up to %d generation(s)", c.particles, c.replicates, c.generations);
                if (cluster.rank() == 0 && !cal.quiet)
                    std::printf("lonesim calibrate: %s: %zu parameter(s), %zu target(s), %s, "
                                "%lld agents x %d days, %d rank(s) x %d thread(s)%s\n",
                                c.name.c_str(), c.parameters.size(), c.targets.size(), plan,
                                static_cast<long long>(setup.agents), c.scenarios[0].days, cluster.size(), threads,
                                Cluster::built_with_mpi() ? "" : " (built without MPI)");
                if (cal.dry) {
                    if (cluster.rank() == 0) std::printf("# ok: into %s\n", options.out.c_str());
                    return 0;
                }
                auto print_targets = [&](const std::vector<TargetCheck>& targets) {
                    std::printf("\n%-34s %12s %10s %12s %25s %s\n", "target", "observed", "tolerance", "model mean", "95% of runs", "within");
                    for (std::size_t j = 0; j < c.targets.size(); ++j)
                        std::printf("%-34s %12.5g %10.3g %12.5g %12.5g %12.5g %s%s\n", c.targets[j].statistic.name.c_str(), c.targets[j].observed,
                                    c.targets[j].tolerance, targets[j].mean, targets[j].lo, targets[j].hi, targets[j].within ? "yes" : "NO",
                                    c.targets[j].fit ? "" : " (reported)");
                };
                if (check_defaults_only) {
                    const DefaultsCheck r = check_defaults(c, parameter_table(), check_runs, options, cluster);
                    if (cluster.rank() == 0 && !cal.quiet) {
                        std::printf("\n%-44s %12s\n", "parameter", "default");
                        for (std::size_t a = 0; a < c.parameters.size(); ++a) std::printf("%-44s %12.5g\n", c.parameters[a].name.c_str(), r.values[a]);
                        print_targets(r.targets);
                        std::printf("\nlonesim calibrate: %d simulations in %.1f s; distance %.3g; wrote %s\n", r.simulations, r.wall_seconds, r.distance,
                                    r.file.c_str());
                    }
                    if (r.outside > 0 && cluster.rank() == 0)
                        std::fprintf(stderr, "lonesim calibrate: %d fitted target(s) outside their tolerance at the defaults (%s)\n", r.outside,
                                     r.file.c_str());
                    return r.outside > 0 ? 1 : 0;
                }
                const CalibrationResult r = calibrate(c, options, cluster);
                if (cluster.rank() == 0 && !cal.quiet) {
                    std::printf("\n%-44s %12s %12s %25s\n", "parameter", "median", "mean", "95% credible interval");
                    for (std::size_t a = 0; a < c.parameters.size(); ++a)
                        std::printf("%-44s %12.5g %12.5g %12.5g %12.5g\n", c.parameters[a].name.c_str(), r.posterior[a].q50, r.posterior[a].mean,
                                    r.posterior[a].q025, r.posterior[a].q975);
                    print_targets(r.targets);
                    std::printf("\nlonesim calibrate: %d simulations in %.1f s; wrote %s, fitted.toml and report.md\n", r.simulations, r.wall_seconds,
                                r.file.c_str());
                }
                return 0;
            }
            const ExperimentSpec e = load_experiment(bat.file, parameter_table(), &programme_rules());
            int threads = bat.threads;
            const auto limit = prepare_long_run(threads);
            const BatchOptions options = bat.options("outputs/" + e.name);
            if (cluster.rank() == 0 && !bat.quiet)
                std::printf("lonesim batch: %s: %zu scenario(s) x %zu design point(s) (%s) x %d replicate(s) = %d runs, %d rank(s) x %d thread(s)%s\n",
                            e.name.c_str(), e.scenarios.size(), e.points.size(), kDesignNames[static_cast<int>(e.design)], e.replicates,
                            e.runs(), cluster.size(), threads, Cluster::built_with_mpi() ? "" : " (built without MPI)");
            if (bat.dry) {
                const SeoulData seoul = load_seoul(e.scenarios[0].data_dir);
                const SimulationSetup setup = setup_for(e.scenarios[0], seoul);
                if (cluster.rank() == 0)
                    std::printf("# ok: %d runs of %lld agents x %d days (after %d burn-in days), into %s\n", e.runs(),
                                static_cast<long long>(setup.agents), e.scenarios[0].days, e.scenarios[0].burn_in_days, options.out.c_str());
                return 0;
            }
            const BatchResult r = run_batch(e, options, cluster);
            if (cluster.rank() == 0 && !bat.quiet) std::printf("lonesim batch: wrote %s in %.1f s\n", r.file.c_str(), r.wall_seconds);
            return 0;
        } catch (const Interrupted& e) {
            const std::string what = std::string(e.what()) + "; finished runs are kept: run the same command again to do the rest";
            return fail(what.c_str());
        } catch (const std::exception& e) {
            return fail(e.what());
        }
    }

    try {
        if (*params) {
            std::printf("| name | default | unit | range | description | source |\n|---|---|---|---|---|---|\n");
            for (const auto& p : parameter_table()) {
                // A calibrated default says so, against what and by which command.
                std::string source(p.source);
                for (const auto& k : kCalibrated)
                    if (k.name == p.name) {
                        char interval[96];
                        std::snprintf(interval, sizeof interval, "%.4g, %.4g", k.fits_lo, k.fits_hi);
                        source = "**Calibrated** by `" + std::string(kCalibrationCommand) + "` against " + std::string(kCalibrationTargets) +
                                 " (docs/calibration.md); accepted fits span [" + interval + "] (lowest-highest). Prior range from: " + source;
                    }
                std::printf("| `%.*s` | %g | %.*s | %g – %g | %.*s | %s |\n", static_cast<int>(p.name.size()), p.name.data(),
                            p.default_value, static_cast<int>(p.unit.size()), p.unit.data(), p.min, p.max,
                            static_cast<int>(p.description.size()), p.description.data(), source.c_str());
            }
            return 0;
        }
        if (*validate) {
            const ScenarioSpec spec = resolve(val_opts);
            const SeoulData seoul = load_seoul(spec.data_dir);
            const SimulationSetup setup = setup_for(spec, seoul);
            std::printf("%s", spec.to_toml(parameter_table()).c_str());
            std::printf("\n# ok: %lld agents, %d days from %s, %d replicate(s)\n", static_cast<long long>(setup.agents),
                        spec.days, to_string(spec.start_date).c_str(), spec.replicates);
            return 0;
        }
        if (*report) {
            // The charts are drawn by matplotlib (Debian's python3-matplotlib) reading the
            // HDF5 file through h5py: tools/report.py in the source tree.
            const std::string script = std::string(LONESIM_SOURCE_DIR) + "/tools/report.py";
            const std::string command = "/usr/bin/python3 '" + script + "' '" + report_file + "' --out '" + report_out + "'";
            const int status = std::system(command.c_str());
            return status == 0 ? 0 : 2;
        }
        if (*compare) {
            ScenarioSpec base = resolve(cmp_opts);
            std::vector<ScenarioSpec> others;
            std::string joined;
            for (const auto& path : cmp_scenarios) {
                CommonOptions o = cmp_opts;
                o.scenario = path;
                others.push_back(resolve(o));
                joined += (joined.empty() ? "" : "_") + others.back().name;
            }
            int threads = cmp_opts.threads;
            const auto limit = prepare_long_run(threads);
            CompareOptions options;
            options.out = cmp_opts.out.empty() ? "outputs/compare_" + joined + ".h5" : cmp_opts.out;
            options.threads = threads;
            options.progress = !cmp_opts.quiet && isatty(STDERR_FILENO);
            options.stop = &g_stop;
            const auto results = compare_scenarios(base, others, options);
            if (!cmp_opts.quiet) print_comparison(base, results, options.out);
            return 0;
        }
        const ScenarioSpec spec = resolve(run_opts);
        int threads = run_opts.threads;
        const auto limit = prepare_long_run(threads);
        RunOptions options;
        options.out = spec.out;
        options.threads = threads;
        options.progress = !run_opts.quiet && isatty(STDERR_FILENO);
        options.stop = &g_stop;
        const RunSummary summary = run_scenario(spec, options);
        if (!run_opts.quiet) print_summary(summary);
        return 0;
    } catch (const InputError& e) {
        std::fprintf(stderr, "lonesim: %s\n", e.what());
        return 2;
    } catch (const Interrupted& e) {
        std::fprintf(stderr, "lonesim: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lonesim: error: %s\n", e.what());
        return 2;
    }
}
