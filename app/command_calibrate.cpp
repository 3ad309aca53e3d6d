// lonesim calibrate CALIBRATION: fit parameters to observed statistics (ABC-SMC, then a
// local refinement), or with --check-defaults the targets at the current defaults.
#include <cstdio>
#include <memory>

#include "app/calibration.hpp"
#include "app/cluster_job.hpp"
#include "app/command.hpp"
#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "sim/cluster.hpp"

namespace lonesim {
namespace {

struct CalibrateJob : ClusterJob {
    bool check_defaults_only = false;
    int check_runs = 0;  // with --check-defaults; 0: the file's check_replicates
};

void print_plan(const CalibrationSpec& c, const CalibrateJob& job, int check_runs, int threads, const Cluster& cluster) {
    const SeoulData seoul = load_seoul(c.scenarios[0].data_dir);
    const SimulationSetup setup = setup_for(c.scenarios[0], seoul);
    char plan[128];
    if (job.check_defaults_only)
        std::snprintf(plan, sizeof plan, "checked at the defaults, %d run(s) of each of %zu scenario(s)", check_runs, c.scenarios.size());
    else
        std::snprintf(plan, sizeof plan, "%d particles x %d replicate(s), up to %d generation(s)", c.particles, c.replicates, c.generations);
    if (cluster.rank() == 0 && !job.quiet)
        std::printf("lonesim calibrate: %s: %zu parameter(s), %zu target(s), %s, %lld agents x %d days, %d rank(s) x %d thread(s)%s\n",
                    c.name.c_str(), c.parameters.size(), c.targets.size(), plan, static_cast<long long>(setup.agents), c.scenarios[0].days,
                    cluster.size(), threads, Cluster::built_with_mpi() ? "" : " (built without MPI)");
}

void print_targets(const CalibrationSpec& c, const std::vector<TargetCheck>& targets) {
    std::printf("\n%-34s %12s %10s %12s %25s %s\n", "target", "observed", "tolerance", "model mean", "95% of runs", "within");
    for (std::size_t j = 0; j < c.targets.size(); ++j)
        std::printf("%-34s %12.5g %10.3g %12.5g %12.5g %12.5g %s%s\n", c.targets[j].statistic.name.c_str(), c.targets[j].observed,
                    c.targets[j].tolerance, targets[j].mean, targets[j].lo, targets[j].hi, targets[j].within ? "yes" : "NO",
                    c.targets[j].fit ? "" : " (reported)");
}

// Exit 1 when a fitted target is outside its tolerance at the defaults.
int check(const CalibrationSpec& c, const CalibrateJob& job, int runs, const CalibrationOptions& options, Cluster& cluster) {
    const DefaultsCheck r = check_defaults(c, parameter_table(), runs, options, cluster);
    if (cluster.rank() == 0 && !job.quiet) {
        std::printf("\n%-44s %12s\n", "parameter", "default");
        for (std::size_t a = 0; a < c.parameters.size(); ++a) std::printf("%-44s %12.5g\n", c.parameters[a].name.c_str(), r.values[a]);
        print_targets(c, r.targets);
        std::printf("\nlonesim calibrate: %d simulations in %.1f s; distance %.3g; wrote %s\n", r.simulations, r.wall_seconds, r.distance,
                    r.file.c_str());
    }
    if (r.outside > 0 && cluster.rank() == 0)
        std::fprintf(stderr, "lonesim calibrate: %d fitted target(s) outside their tolerance at the defaults (%s)\n", r.outside, r.file.c_str());
    return r.outside > 0 ? 1 : 0;
}

int fit(const CalibrationSpec& c, const CalibrateJob& job, const CalibrationOptions& options, Cluster& cluster) {
    const CalibrationResult r = calibrate(c, options, cluster);
    if (cluster.rank() == 0 && !job.quiet) {
        std::printf("\n%-44s %12s %12s %25s\n", "parameter", "median", "mean", "95% credible interval");
        for (std::size_t a = 0; a < c.parameters.size(); ++a)
            std::printf("%-44s %12.5g %12.5g %12.5g %12.5g\n", c.parameters[a].name.c_str(), r.posterior[a].q50, r.posterior[a].mean,
                        r.posterior[a].q025, r.posterior[a].q975);
        print_targets(c, r.targets);
        std::printf("\nlonesim calibrate: %d simulations in %.1f s; wrote %s, fitted.toml and report.md\n", r.simulations, r.wall_seconds,
                    r.file.c_str());
    }
    return 0;
}

int calibrate_or_check(const CalibrateJob& job, Cluster& cluster) {
    const CalibrationSpec c = load_calibration(job.file, parameter_table(), &programme_rules());
    const ThreadLimit limit = prepare_long_run(job.threads);
    const CalibrationOptions options = job.options("outputs/calibration_" + c.name);
    const int check_runs = job.check_runs == 0 ? c.check_replicates : job.check_runs;
    print_plan(c, job, check_runs, limit.threads(), cluster);
    if (job.dry) {
        if (cluster.rank() == 0) std::printf("# ok: into %s\n", options.out.c_str());
        return 0;
    }
    return job.check_defaults_only ? check(c, job, check_runs, options, cluster) : fit(c, job, options, cluster);
}

}  // namespace

Command calibrate_command(CLI::App& app) {
    auto job = std::make_shared<CalibrateJob>();
    CLI::App* cmd = job->add(app, "calibrate", "Fit parameters to observed statistics (ABC-SMC); spread over the ranks when started by mpirun or srun",
                             "calibration", "Calibration file (TOML, see scenarios/calibration/)");
    CLI::Option* check_flag = cmd->add_flag(
        "--check-defaults", job->check_defaults_only,
        "Fit nothing: run the targets at the parameters' current values (check_replicates runs); exit 1 if a fitted target is outside its tolerance");
    cmd->add_option("--replicates", job->check_runs, "With --check-defaults: runs of each scenario (default: the file's check_replicates)")
        ->check(CLI::Range(1, 10000))
        ->needs(check_flag);
    return {cmd, [job](int argc, char** argv) { return on_cluster(argc, argv, [&](Cluster& cluster) { return calibrate_or_check(*job, cluster); }); }};
}

}  // namespace lonesim
