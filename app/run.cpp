#include "app/run.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>

#include "app/progress.hpp"
#include "app/run_file.hpp"
#include "app/seoul_tables.hpp"
#include "app/state_file.hpp"
#include "models/recorders.hpp"
#include "models/simulation.hpp"
#include "sim/day_loop.hpp"
#include "sim/input_error.hpp"
#include "sim/result_file.hpp"

namespace lonesim {
namespace fs = std::filesystem;
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

// Saves the simulation's state into the state file after `at` of the run's days (0: at
// the start).
class SaveStateRecorder : public SimRecorder {
public:
    SaveStateRecorder(h5::File* state, int replicate, int at, double& seconds) : state_(state), replicate_(replicate), at_(at), seconds_(seconds) {}
    void begin(const Simulation& sim) override {
        if (at_ == 0) save(sim);
    }
    void record(const Simulation& sim, int day) override {
        if (day + 1 == at_) save(sim);
    }

private:
    void save(const Simulation& sim) {
        if (!state_) return;
        const auto t0 = Clock::now();
        write_replicate_state(*state_, replicate_, sim);
        seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
    }
    h5::File* state_;
    int replicate_, at_;
    double& seconds_;
};

std::string of_replicate(int r, int replicates) { return ", replicate " + std::to_string(r + 1) + "/" + std::to_string(replicates); }

// Replicate r: its world built and burned in, its days recorded and written.
void run_replicate(const ScenarioSpec& spec, const SeoulData& seoul, SimulationSetup setup, int r, RunFile& file, h5::File& f,
                   ProgressBar& bar, RunSummary& summary, SummaryTotals& sums, const RunOptions& options, const StateFile* from,
                   h5::File* state) {
    setup.replicate = static_cast<std::uint32_t>(r);
    auto interrupted = [&](const std::string& where) {
        bar.finish();
        file.mark_interrupted("replicate " + std::to_string(r) + ", " + where);
        return Interrupted("interrupted at replicate " + std::to_string(r) + ", " + where + "; partial results in " + options.out +
                           ".partial (marked complete = 0)");
    };
    Simulation sim = [&] {
        if (from) {
            const auto t0 = Clock::now();
            Simulation loaded = load_replicate_state(*from, seoul, setup);
            summary.state_load_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
            return loaded;
        }
        try {
            return Simulation(seoul, setup, options.stop, [&](int d) {
                bar.advance(bar.on() ? "burn-in day " + std::to_string(spec.burn_in_days + d + 1) + "/" +
                                           std::to_string(spec.burn_in_days) + of_replicate(r, spec.replicates)
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
    ProgressRecorder progress(bar, [&](int day) {
        return "day " + std::to_string(day + 1) + "/" + std::to_string(spec.days) + of_replicate(r, spec.replicates);
    });
    SaveStateRecorder save(state, r, options.save_state_at < 0 ? spec.days : options.save_state_at, summary.state_save_seconds);
    try {
        run_days(sim, spec.days, {&network, &snapshots, &cells, &programmes, &totals, &progress, &save}, options.stop);
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
    // State files are checked before any work.
    std::optional<StateFile> from;
    if (!options.from_state.empty()) from = check_state_file(options.from_state, spec);
    if (!options.save_state.empty()) {
        check_output_path(options.save_state);
        if (fs::weakly_canonical(options.save_state) == fs::weakly_canonical(options.out))
            throw InputError(options.save_state, 0, "--save-state", "is the result file too; give the state its own file");
        if (options.save_state_at > spec.days)
            throw InputError(options.save_state, 0, "--save-state-at",
                             std::to_string(options.save_state_at) + " is after the run's last day (" + std::to_string(spec.days) + ")");
    }
    // A run from a state goes on from the state's day: its file's dates start there.
    ScenarioSpec file_spec = spec;
    if (from) file_spec.start_date = day_info(spec.start_date, from->day).date, file_spec.burn_in_days = 0;
    const int first_day = from ? from->day : 0;
    RunSummary summary;
    summary.out = options.out;
    summary.agents = setup.agents;
    summary.days = spec.days;
    summary.replicates = spec.replicates;
    SummaryTotals sums;
    auto run_all = [&](h5::File* state) {
        write_result_file(options.out, [&](h5::File& f) {
            RunFile file(f, file_spec, setup, seoul, options.threads);
            if (from) {
                h5::attribute(f.id(), "from_state", from->path);
                h5::attribute(f.id(), "from_state_day", static_cast<std::int64_t>(from->day));
            }
            ProgressBar bar(options.progress, static_cast<double>(spec.replicates) * ((from ? 0 : spec.burn_in_days) + spec.days));
            for (int r = 0; r < spec.replicates; ++r)
                run_replicate(spec, seoul, setup, r, file, f, bar, summary, sums, options, from ? &*from : nullptr, state);
            bar.finish();
            const int days = spec.days * spec.replicates;  // simulated days, all replicates
            summary.deaths_per_year = per_year(sums.deaths, days);
            summary.unattended_per_year = per_year(sums.unattended, days);
            summary.expected_unattended_per_year = per_year(sums.expected_unattended, days);
            summary.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
            // Every simulated day counts, the burn-in's too.
            summary.agent_days_per_second =
                static_cast<double>(setup.agents) * ((from ? 0 : spec.burn_in_days) + spec.days) * spec.replicates / summary.wall_seconds;
            file.finish(summary.wall_seconds);
        });
    };
    if (options.save_state.empty()) {
        run_all(nullptr);
    } else {
        // The state file is complete only once the run is: an interrupted run leaves
        // neither as complete.
        write_result_file(options.save_state, [&](h5::File& state) {
            write_state_header(state, spec, setup, first_day + (options.save_state_at < 0 ? spec.days : options.save_state_at));
            run_all(&state);
        });
    }
    return summary;
}

}  // namespace lonesim
