// lonesim batch EXPERIMENT: every run of an experiment, spread over the ranks of an MPI
// job (or one machine), resumable; then OUT/experiment.h5.
#include <cstdio>
#include <memory>

#include "app/batch.hpp"
#include "app/cluster_job.hpp"
#include "app/command.hpp"
#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "sim/cluster.hpp"

namespace lonesim {
namespace {

int batch(const ClusterJob& job, Cluster& cluster) {
    const ExperimentSpec e = load_experiment(job.file, parameter_table(), &programme_rules());
    const ThreadLimit limit = prepare_long_run(job.threads);
    const BatchOptions options = job.options("outputs/" + e.name);
    if (cluster.rank() == 0 && !job.quiet)
        std::printf("lonesim batch: %s: %zu scenario(s) x %zu design point(s) (%s) x %d replicate(s) = %d runs, %d rank(s) x %d thread(s)%s\n",
                    e.name.c_str(), e.scenarios.size(), e.points.size(), kDesignNames[static_cast<int>(e.design)], e.replicates, e.runs(),
                    cluster.size(), limit.threads(), Cluster::built_with_mpi() ? "" : " (built without MPI)");
    if (job.dry) {  // every check of the real run, nothing written
        const int finished = check_batch_folder(e, options);
        const SimulationSetup setup = setup_for(e.scenarios[0], load_seoul(e.scenarios[0].data_dir));
        if (cluster.rank() == 0)
            std::printf("# ok: %d runs of %lld agents x %d days (after %d burn-in days), into %s (%d finished earlier, kept)\n", e.runs(),
                        static_cast<long long>(setup.agents), e.scenarios[0].days, e.scenarios[0].burn_in_days, options.out.c_str(), finished);
        return 0;
    }
    const BatchResult r = run_batch(e, options, cluster);
    if (cluster.rank() == 0 && !job.quiet) std::printf("lonesim batch: wrote %s in %.1f s\n", r.file.c_str(), r.wall_seconds);
    return 0;
}

}  // namespace

Command batch_command(CLI::App& app) {
    auto job = std::make_shared<ClusterJob>();
    CLI::App* cmd = job->add(app, "batch", "Run an experiment (scenarios x design x replicates); spread over the ranks when started by mpirun or srun",
                             "experiment", "Experiment file (TOML, see scenarios/experiments/)");
    return {cmd, [job](int argc, char** argv) { return on_cluster(argc, argv, [&](Cluster& cluster) { return batch(*job, cluster); }); }};
}

}  // namespace lonesim
