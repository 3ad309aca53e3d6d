// lonesim run SCENARIO: the scenario's replicates into one HDF5 file, with a summary.
#include <cstdio>
#include <memory>

#include "app/command.hpp"
#include "app/progress.hpp"
#include "app/run.hpp"
#include "sim/input_error.hpp"

namespace lonesim {
namespace {

void print_degree_distribution(const std::vector<std::uint64_t>& histogram) {
    // The degree distribution in a line: share of agents by number of ties.
    const int edges[] = {0, 1, 3, 6, 11, 21, 1 << 30};
    double total = 0;
    for (auto n : histogram) total += static_cast<double>(n);
    std::printf("  degree distribution   ");
    for (int k = 0; k + 1 < 7; ++k) {
        double n = 0;
        for (std::size_t d = static_cast<std::size_t>(edges[k]); d < histogram.size() && d < static_cast<std::size_t>(edges[k + 1]); ++d)
            n += static_cast<double>(histogram[d]);
        const double pct = n / total * 100.0;
        if (edges[k + 1] - edges[k] == 1) std::printf(" %d: %.1f%%", edges[k], pct);
        else if (k == 5) std::printf("  %d+: %.1f%%", edges[k], pct);
        else std::printf("  %d-%d: %.1f%%", edges[k], edges[k + 1] - 1, pct);
    }
    std::printf("   (last day)\n");
}

void print_summary(const RunSummary& s) {
    auto pct = [](double x) { return x * 100.0; };
    std::printf("lonesim: %lld agents x %d days x %d replicate(s) -> %s\n", static_cast<long long>(s.agents), s.days, s.replicates,
                s.out.c_str());
    std::printf("  %-22s %10s %10s\n", "", "day 1", "last day");
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "connected", pct(s.start.connected), pct(s.end.connected));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "lonely", pct(s.start.lonely), pct(s.end.lonely));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "isolated", pct(s.start.isolated), pct(s.end.isolated));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "reclusive", pct(s.start.reclusive), pct(s.end.reclusive));
    std::printf("  %-22s %9.1f%% %9.1f%%\n", "no one to turn to", pct(s.start.no_one_to_turn_to), pct(s.end.no_one_to_turn_to));
    std::printf("  %-22s %10.3f %10.3f\n", "mean loneliness (0-1)", s.start.mean_loneliness, s.end.mean_loneliness);
    std::printf("  %-22s %10.2f %10.2f\n", "mean degree", s.start.mean_degree, s.end.mean_degree);
    std::printf("  %-22s %10.3f %10.3f   (start / end of run)\n", "clustering", s.clustering_start, s.clustering_end);
    if (!s.degree_histogram.empty()) print_degree_distribution(s.degree_histogram);
    std::printf("  deaths %.0f a year, unattended (godoksa) %.0f a year (expected given who died: %.1f)\n", s.deaths_per_year,
                s.unattended_per_year, s.expected_unattended_per_year);
    std::printf("  wall time %.1f s, %.2f million agent-days/s (burn-in included)\n", s.wall_seconds, s.agent_days_per_second / 1e6);
    if (!s.contact_after.empty()) std::printf("  assumption: %s\n", s.contact_after.c_str());
    if (!s.start_from.empty())
        std::printf("  started from the end of the period before: %s (%s)\n", s.start_from.c_str(),
                    s.start_made_seconds > 0 ? ("made now in " + ProgressBar::duration(s.start_made_seconds)).c_str() : "from the state cache");
    if (s.state_load_seconds > 0) std::printf("  state loaded in %.1f s\n", s.state_load_seconds);
    if (s.state_save_seconds > 0) std::printf("  state saved in %.1f s\n", s.state_save_seconds);
}

}  // namespace

Command run_command(CLI::App& app) {
    auto o = std::make_shared<ScenarioOptions>();
    CLI::App* cmd = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
    add_scenario_options(cmd, *o);
    cmd->add_option("--threads", o->threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    cmd->add_option("--out", o->out, "Result file (default: the scenario's output.file or outputs/<name>.h5)");
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar and no summary");
    auto state = std::make_shared<RunOptions>();
    cmd->add_option("--save-state", state->save_state, "Save every replicate's complete state to this HDF5 file (at the end, or --save-state-at)");
    cmd->add_option("--save-state-at", state->save_state_at, "Save the state after this many of the run's days (0: right after the burn-in)")
        ->check(CLI::Range(0, 36500));
    cmd->add_option("--from-state", state->from_state, "Start from a saved state (no world building, no burn-in) and simulate --days more days");
    cmd->add_option("--checkpoint-every", state->checkpoint_every,
                    "Keep the latest state in OUT.checkpoint/ every this many simulated days (and when stopped)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_flag("--no-cache", state->no_cache, "Make the period before's end state afresh, neither reading nor filling the state cache");
    cmd->add_flag("--resume", state->resume, "Go on from the checkpoints an interrupted run of the same command left");
    return {cmd, [o, state](int, char**) {
                return guarded([&] {
                    const ScenarioSpec spec = resolve(*o);
                    const ThreadLimit limit = prepare_long_run(o->threads);
                    if (state->save_state_at >= 0 && state->save_state.empty())
                        throw InputError("--save-state-at", 0, "", "needs --save-state FILE");
                    RunOptions options = *state;
                    options.out = spec.out;
                    options.threads = limit.threads();
                    options.progress = progress_wanted(o->quiet);
                    options.stop = stop_flag();
                    const RunSummary summary = run_scenario(spec, options);
                    if (!o->quiet) print_summary(summary);
                    return 0;
                });
            }};
}

}  // namespace lonesim
