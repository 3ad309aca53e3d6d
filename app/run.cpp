#include "app/run.hpp"

#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <filesystem>
#include <optional>

#include "app/checkpoint.hpp"
#include "app/progress.hpp"
#include "app/run_file.hpp"
#include "app/seoul_tables.hpp"
#include "app/start_state.hpp"
#include "app/state_file.hpp"
#include "models/recorders.hpp"
#include "models/simulation.hpp"
#include "sim/day_loop.hpp"
#include "sim/digest.hpp"
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

// What a replicate's recorders keep, and its policy log: written to the file when the
// replicate ends, kept for the checkpoints when there are any.
struct ReplicateRecord {
    CellSeriesRecorder cells;
    ProgrammeSeriesRecorder programmes;
    RunTotalsRecorder totals;
    NetworkRecorder network;
    std::vector<PolicyChange> policy_log;
    explicit ReplicateRecord(const ScenarioSpec& spec) : cells(spec.days), programmes(spec.programmes.size(), spec.days) {}
    void state(StateArchive& a) {
        StateArchive c = a.group("cells"), p = a.group("programmes"), t = a.group("totals"), n = a.group("network"),
                     log = a.group("policy_log");
        cells.state(c), programmes.state(p), totals.state(t), network.state(n);
        policy_log_state(log, policy_log);
    }
};

// A scenario's replicates, one after another, into the result file (and the state file),
// from a checkpoint if one is to be resumed.
class ScenarioRun {
public:
    ScenarioRun(const ScenarioSpec& spec, const SeoulData& seoul, const SimulationSetup& setup, const RunOptions& options,
                const StateFile* from, Checkpoints& checkpoints, RunSummary& summary)
        : spec_(spec), seoul_(seoul), setup_(setup), options_(options), from_(from), checkpoints_(checkpoints), summary_(summary) {}

    // Reading a checkpoint: what does not match is one line naming the folder.
    template <class Read>
    auto reading_checkpoint(Read&& read) {
        try {
            return read();
        } catch (const StateMismatch& e) {
            throw InputError(checkpoints_.folder(), 0, "--resume", std::string("a checkpoint is damaged: ") + e.what());
        } catch (const h5::H5Error& e) {
            throw InputError(checkpoints_.folder(), 0, "--resume", std::string("a checkpoint cannot be read: ") + e.what());
        }
    }
    void write(RunFile& file, h5::File& f, h5::File* state, ProgressBar& bar) {
        file_ = &file, f_ = &f, state_ = state, bar_ = &bar;
        std::optional<h5::InFile> checkpoint = checkpoints_.saved("run");
        const int first = checkpoint ? reading_checkpoint([&] { return resume(*checkpoint); }) : 0;
        for (int r = first; r < spec_.replicates; ++r) replicate(r, r == first && checkpoint ? &*checkpoint : nullptr);
    }
    const SummaryTotals& sums() const { return sums_; }

private:
    int days_before() const { return from_ ? 0 : spec_.burn_in_days; }  // simulated before the run's first day
    void advance(double steps) {
        for (double k = 0; k < steps; ++k) bar_->advance();
    }

    // The finished replicates a checkpoint holds, written again; returns the replicate it stopped in.
    int resume(const h5::InFile& checkpoint) {
        const int r = static_cast<int>(checkpoint.int_attribute("replicate"));
        if (r < 0 || r >= spec_.replicates) throw StateMismatch("replicate: out of range");
        for (int k = 0; k < r; ++k) {
            auto record = std::make_unique<ReplicateRecord>(spec_);
            StateArchive a = StateArchive::reading(checkpoint.id(), "finished_replicate_" + std::to_string(k));
            record->state(a);
            file_->write_network(k, record->network.at_start(), 0);
            file_->write_network(k, record->network.at_end(), 1);
            file_->write_replicate(k, record->cells, record->programmes, record->policy_log);
            sums_.add(summary_, record->totals, record->network, k, spec_.replicates);
            finished_.push_back(std::move(record));
            advance(days_before() + spec_.days);
        }
        if (h5::exists(checkpoint.id(), "/snapshots")) h5::copy_object(checkpoint.id(), "/snapshots", f_->id(), "/snapshots");
        for (int k = 0; state_ && k <= r; ++k) {
            const std::string saved = "/saved_state/replicate_" + std::to_string(k);
            if (h5::exists(checkpoint.id(), saved)) h5::copy_object(checkpoint.id(), saved, state_->id(), "/replicate_" + std::to_string(k));
        }
        return r;
    }

    // Everything done so far, replicate r's world and recorders after `recorded` of its days.
    void save_checkpoint(int r, const Simulation& sim, ReplicateRecord& record, int recorded) {
        checkpoints_.save("run", [&](h5::File& cp) {
            h5::attribute(cp.id(), "replicate", static_cast<std::int64_t>(r));
            for (std::size_t k = 0; k < finished_.size(); ++k) {
                StateArchive a = StateArchive::writing(cp.id(), "finished_replicate_" + std::to_string(k));
                finished_[k]->state(a);
            }
            StateArchive current = StateArchive::writing(cp.id(), "current");
            current.value("recorded", recorded);
            StateArchive simulation = current.group("simulation"), kept = current.group("record");
            sim.save_state(simulation);
            record.state(kept);
            f_->flush();  // what the result file holds that is not rewritten on resuming
            if (h5::exists(f_->id(), "/snapshots")) h5::copy_object(f_->id(), "/snapshots", cp.id(), "/snapshots");
            if (state_) {
                state_->flush();
                for (int k = 0; k <= r; ++k)
                    if (h5::exists(state_->id(), "/replicate_" + std::to_string(k)))
                        h5::copy_object(state_->id(), "/replicate_" + std::to_string(k), cp.id(), "/saved_state/replicate_" + std::to_string(k));
            }
        });
    }

    // Replicate r: its world built and burned in (or loaded), its days recorded and written.
    void replicate(int r, const h5::InFile* checkpoint) {
        SimulationSetup setup = setup_;
        setup.replicate = static_cast<std::uint32_t>(r);
        auto record = std::make_unique<ReplicateRecord>(spec_);
        int recorded = 0;
        std::optional<Simulation> sim;
        if (checkpoint) {
            reading_checkpoint([&] {
                StateArchive current = StateArchive::reading(checkpoint->id(), "current");
                StateArchive simulation = current.group("simulation"), kept = current.group("record");
                current.value("recorded", recorded);
                if (recorded < 0 || recorded >= spec_.days) throw StateMismatch("recorded: out of range");
                sim.emplace(seoul_, setup, simulation);
                if (!sim->burned_in() && recorded != 0) throw StateMismatch("recorded: days recorded in the burn-in");
                record->state(kept);
            });
            if (recorded > 0) file_->write_network(r, record->network.at_start(), 0);
            advance(sim->burned_in() ? days_before() + recorded : sim->burn_in_days_done());
        } else if (from_) {
            const auto t0 = Clock::now();
            sim.emplace(load_replicate_state(*from_, seoul_, setup));
            summary_.state_load_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
        } else {
            sim.emplace(seoul_, setup, Simulation::NotBurnedIn{});
        }
        const int done_before = sim->days_done() - recorded;
        auto interrupted = [&](const std::string& where) {
            if (checkpoints_.saving()) save_checkpoint(r, *sim, *record, sim->days_done() - done_before);
            bar_->finish();
            file_->mark_interrupted("replicate " + std::to_string(r) + ", " + where);
            return Interrupted("interrupted at replicate " + std::to_string(r) + ", " + where + "; partial results in " + options_.out +
                               ".partial (marked complete = 0)" + (checkpoints_.saving() ? "; --resume goes on from " + checkpoints_.folder() : ""));
        };
        try {
            sim->run_burn_in(options_.stop, [&](int d) {
                bar_->advance(bar_->on() ? "burn-in day " + std::to_string(spec_.burn_in_days + d + 1) + "/" +
                                               std::to_string(spec_.burn_in_days) + of_replicate(r, spec_.replicates)
                                         : std::string());
                if (d < -1 && checkpoints_.due(sim->burn_in_days_done())) save_checkpoint(r, *sim, *record, 0);
            });
        } catch (const Interrupted& e) {
            throw interrupted(e.what());
        }
        NetworkFileRecorder network(*file_, r, record->network);
        SnapshotRecorder snapshots(*f_, r == 0 ? spec_.snapshot_days : std::vector<int>{});
        ProgressRecorder progress(*bar_, [&](int day) {
            return "day " + std::to_string(day + 1) + "/" + std::to_string(spec_.days) + of_replicate(r, spec_.replicates);
        });
        SaveStateRecorder save(state_, r, options_.save_state_at < 0 ? spec_.days : options_.save_state_at, summary_.state_save_seconds);
        CheckpointRecorder checkpoint_days(checkpoints_, days_before(), spec_.days, [&](int day) { save_checkpoint(r, *sim, *record, day); });
        try {
            continue_days(*sim, recorded, spec_.days,
                          {&record->network, &network, &snapshots, &record->cells, &record->programmes, &record->totals, &progress, &save,
                           &checkpoint_days},
                          options_.stop);
        } catch (const Interrupted& e) {
            throw interrupted(e.what());
        }
        record->policy_log = sim->policy_log();
        file_->write_replicate(r, record->cells, record->programmes, record->policy_log);
        sums_.add(summary_, record->totals, record->network, r, spec_.replicates);
        if (checkpoints_.saving()) finished_.push_back(std::move(record));
    }

    const ScenarioSpec& spec_;
    const SeoulData& seoul_;
    const SimulationSetup& setup_;
    const RunOptions& options_;
    const StateFile* from_;
    Checkpoints& checkpoints_;
    RunSummary& summary_;
    SummaryTotals sums_;
    std::vector<std::unique_ptr<ReplicateRecord>> finished_;
    RunFile* file_ = nullptr;
    h5::File* f_ = nullptr;
    h5::File* state_ = nullptr;
    ProgressBar* bar_ = nullptr;
};

// What a checkpoint of this run must match to be resumed: the inputs, the run's length
// and outputs.
std::string run_fingerprint(const ScenarioSpec& spec, const RunOptions& options, const StateFile* from) {
    Digest h;
    h.add("run").add(inputs_digest(spec)).add_value(spec.days).add_value(spec.replicates);
    for (int d : spec.snapshot_days) h.add_value(d);
    h.add(options.save_state).add_value(options.save_state_at);
    if (from) h.add(from->path).add_value(from->day).add_value(static_cast<int>(from->use));
    return h.hex();
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
    // A scenario that starts from the period before takes its world from that period's end
    // (made now or taken from the state cache), once the rest is checked.
    std::optional<PeriodStart> period;
    if (!from && !spec.starts_from.empty()) {
        period.emplace(spec, StartOptions{!options.no_cache, options.threads, options.progress, options.stop});
        from = period->state();
    }
    const bool continues = from && from->use != Simulation::FromState::new_period;
    // A run from a state goes on from the state's day: its file's dates start there.
    ScenarioSpec file_spec = spec;
    if (from) file_spec.burn_in_days = 0;
    if (continues) file_spec.start_date = day_info(spec.start_date, from->day).date;
    const int first_day = continues ? from->day : 0;
    RunSummary summary;
    summary.out = options.out;
    summary.agents = setup.agents;
    summary.days = spec.days;
    summary.replicates = spec.replicates;
    summary.contact_after = describe_contact_after(spec);
    if (period) summary.start_made_seconds = period->made() ? period->seconds() : 0, summary.start_from = from->path;
    Checkpoints checkpoints(options.out, options.checkpoint_every, options.resume, run_fingerprint(spec, options, from ? &*from : nullptr));
    ScenarioRun run(spec, seoul, setup, options, from ? &*from : nullptr, checkpoints, summary);
    auto run_all = [&](h5::File* state) {
        write_result_file(options.out, [&](h5::File& f) {
            RunFile file(f, file_spec, setup, seoul, options.threads);
            if (continues) {
                h5::attribute(f.id(), "from_state", from->path);
                h5::attribute(f.id(), "from_state_day", static_cast<std::int64_t>(from->day));
            }
            if (!spec.starts_from.empty()) {
                h5::attribute(f.id(), "starts_from", spec.starts_from);
                h5::attribute(f.id(), "contact_after_2024", describe_contact_after(spec));
            }
            ProgressBar bar(options.progress, static_cast<double>(spec.replicates) * ((from ? 0 : spec.burn_in_days) + spec.days));
            run.write(file, f, state, bar);
            bar.finish();
            const SummaryTotals& sums = run.sums();
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
    checkpoints.finished();
    return summary;
}

}  // namespace lonesim
