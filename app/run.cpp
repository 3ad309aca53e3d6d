#include "app/run.hpp"

#include <unistd.h>

#include <chrono>

#include "app/progress.hpp"
#include "app/run_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/recorders.hpp"
#include "models/simulation.hpp"
#include "sim/day_loop.hpp"
#include "sim/input_error.hpp"
#include "sim/result_file.hpp"

namespace lonesim {
namespace {

using Clock = std::chrono::steady_clock;

void add_to_mean(StatusShares& sum, const StatusShares& s, double weight) {
    sum.connected += s.connected * weight, sum.lonely += s.lonely * weight, sum.isolated += s.isolated * weight;
    sum.reclusive += s.reclusive * weight, sum.no_one_to_turn_to += s.no_one_to_turn_to * weight;
    sum.mean_loneliness += s.mean_loneliness * weight, sum.mean_degree += s.mean_degree * weight;
}

// What the summary keeps of a replicate: means over replicates, sums for the rates.
struct SummaryTotals {
    double deaths = 0, unattended = 0, expected_unattended = 0;
    void add(RunSummary& summary, const RunTotalsRecorder& totals, const NetworkRecorder& network, int r, int replicates) {
        deaths += totals.deaths(), unattended += totals.unattended_deaths(), expected_unattended += totals.expected_unattended_deaths();
        add_to_mean(summary.start, totals.first_day(), 1.0 / replicates);
        add_to_mean(summary.end, totals.last_day(), 1.0 / replicates);
        summary.clustering_start += network.at_start().clustering / replicates;
        summary.clustering_end += network.at_end().clustering / replicates;
        if (r == 0) summary.degree_histogram = network.at_end().degree_histogram;
    }
};

std::string of_replicate(int r, int replicates) { return ", replicate " + std::to_string(r + 1) + "/" + std::to_string(replicates); }

// Replicate r: its world built and burned in, its days recorded and written.
void run_replicate(const ScenarioSpec& spec, const SeoulData& seoul, SimulationSetup setup, int r, RunFile& file, h5::File& f,
                   ProgressBar& bar, RunSummary& summary, SummaryTotals& sums, const RunOptions& options) {
    setup.replicate = static_cast<std::uint32_t>(r);
    auto interrupted = [&](const std::string& where) {
        bar.finish();
        file.mark_interrupted("replicate " + std::to_string(r) + ", " + where);
        return Interrupted("interrupted at replicate " + std::to_string(r) + ", " + where + "; partial results in " + options.out +
                           ".partial (marked complete = 0)");
    };
    Simulation sim = [&] {
        try {
            return Simulation(seoul, setup, options.stop, [&](int d) {
                bar.advance(bar.on() ? "burn-in day " + std::to_string(spec.burn_in_days + d + 1) + "/" + std::to_string(spec.burn_in_days) +
                                           of_replicate(r, spec.replicates)
                                     : std::string());
            });
        } catch (const Interrupted& e) {
            throw interrupted(e.what());
        }
    }();
    CellSeriesRecorder cells(spec.days);
    ProgrammeSeriesRecorder programmes(spec.programmes.size(), spec.days);
    RunTotalsRecorder totals;
    NetworkFileRecorder network(file, r);
    SnapshotRecorder snapshots(f, r == 0 ? spec.snapshot_days : std::vector<int>{});
    ProgressRecorder progress(bar, [&](int day) { return "day " + std::to_string(day + 1) + "/" + std::to_string(spec.days) + of_replicate(r, spec.replicates); });
    try {
        run_days(sim, spec.days, {&network, &snapshots, &cells, &programmes, &totals, &progress}, options.stop);
    } catch (const Interrupted& e) {
        throw interrupted(e.what());
    }
    file.write_replicate(r, cells, programmes, sim.policy_log());
    sums.add(summary, totals, network, r, spec.replicates);
}

}  // namespace

RunSummary run_scenario(const ScenarioSpec& spec, const RunOptions& options) {
    const auto wall_start = Clock::now();
    const SeoulData seoul = load_seoul(spec.data_dir);
    const SimulationSetup setup = setup_for(spec, seoul);
    RunSummary summary;
    summary.out = options.out;
    summary.agents = setup.agents;
    summary.days = spec.days;
    summary.replicates = spec.replicates;
    SummaryTotals sums;
    write_result_file(options.out, [&](h5::File& f) {
        RunFile file(f, spec, setup, seoul, options.threads);
        ProgressBar bar(options.progress, static_cast<double>(spec.replicates) * (spec.burn_in_days + spec.days));
        for (int r = 0; r < spec.replicates; ++r) run_replicate(spec, seoul, setup, r, file, f, bar, summary, sums, options);
        bar.finish();
        const int days = spec.days * spec.replicates;  // simulated days, all replicates
        summary.deaths_per_year = per_year(sums.deaths, days);
        summary.unattended_per_year = per_year(sums.unattended, days);
        summary.expected_unattended_per_year = per_year(sums.expected_unattended, days);
        summary.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
        // Every simulated day counts, the burn-in's too.
        summary.agent_days_per_second =
            static_cast<double>(setup.agents) * (spec.burn_in_days + spec.days) * spec.replicates / summary.wall_seconds;
        file.finish(summary.wall_seconds);
    });
    return summary;
}

}  // namespace lonesim
