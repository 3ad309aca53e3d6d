#include "app/compare.hpp"

#include <algorithm>
#include <optional>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>

#include "app/checkpoint.hpp"
#include "app/compare_file.hpp"
#include "app/state_file.hpp"
#include "app/progress.hpp"
#include "app/seoul_tables.hpp"
#include "app/start_state.hpp"
#include "models/outcomes.hpp"
#include "models/recorders.hpp"
#include "models/simulation.hpp"
#include "sim/day_loop.hpp"
#include "sim/digest.hpp"
#include "sim/input_error.hpp"
#include "sim/parallel.hpp"
#include "sim/result_file.hpp"

namespace lonesim {
namespace {

using Clock = std::chrono::steady_clock;
using Tally = RunTotalsRecorder::Tally;

// What compare keeps of one scenario's replicate.
struct RunResult {
    SeoulSeriesRecorder series;
    DistrictSeriesRecorder districts;
    ProgrammeSeriesRecorder programmes;
    RunTotalsRecorder totals;
    RunResult(std::size_t programme_count, int days) : series(days), districts(days), programmes(programme_count, days) {}
    void state(StateArchive& a) {
        StateArchive se = a.group("series"), d = a.group("districts"), p = a.group("programmes"), t = a.group("totals");
        series.state(se), districts.state(d), programmes.state(p), totals.state(t);
    }
};


// The replicates, side by side where threads allow (each also parallel inside). The burn-in
// runs once per replicate: every scenario whose world and parameters match the baseline's
// starts day 0 from the baseline's burned-in state (the same state, bit for bit, as its own
// burn-in would leave), copied, or taken by the last. Each replicate is isolated: a thread
// waiting inside one replicate's parallel loops does not start another replicate (and
// another world in memory).
class ReplicateRunner {
public:
    ReplicateRunner(const std::vector<ScenarioSpec>& all, const SeoulData& seoul, const CompareOptions& options,
                    const std::optional<StateFile>& from_state, Checkpoints& checkpoints)
        : all_(all), seoul_(seoul), options_(options), from_state_(from_state), checkpoints_(checkpoints), first_(setup_for(all[0], seoul)),
          shares_(all.size()) {
        for (std::size_t s = 0; s < all.size(); ++s) shares_[s] = same_burn_in(first_, setup_for(all[s], seoul));
        last_sharer_ = all.size() - 1 - static_cast<std::size_t>(std::find(shares_.rbegin(), shares_.rend(), 1) - shares_.rbegin());
    }
    // Burn-ins to run per replicate: the baseline's, and one for each scenario that cannot share it.
    double burn_ins() const {
        if (from_state_ && from_state_->use == Simulation::FromState::new_period) return 0;
        return static_cast<double>((from_state_ ? 0 : 1) + std::count(shares_.begin(), shares_.end(), 0));
    }

    // runs[r][s]; throws Interrupted naming the scenario, replicate and day. A replicate
    // stopped (or failed) lets the others end their day: none is cut inside a day, so each
    // can keep its checkpoint.
    std::vector<std::vector<RunResult>> run(ProgressBar& bar) {
        bar_ = &bar;
        const int R = all_[0].replicates;
        std::vector<std::vector<RunResult>> runs(static_cast<std::size_t>(R));
        std::vector<std::exception_ptr> failed(static_cast<std::size_t>(R));
        parallel_isolated_tasks(R, [&](int r) {
            try {
                runs[static_cast<std::size_t>(r)] = replicate(r);
            } catch (...) {
                failed[static_cast<std::size_t>(r)] = std::current_exception();
            }
        });
        for (const auto& e : failed)
            if (e) std::rethrow_exception(e);
        return runs;
    }

private:
    // Where a replicate stands: the scenarios it finished, the shared burned-in world (while
    // a later scenario needs it), the scenario it runs (or the shared burn-in it runs).
    struct Progress {
        std::vector<RunResult> finished;
        std::optional<Simulation> burned_in, current;
        std::optional<RunResult> current_result;
        bool in_shared_burn_in = false;
        int recorded = 0;
    };

    SimulationSetup setup_of(std::size_t s, int r) const {
        SimulationSetup setup = setup_for(all_[s], seoul_);
        setup.replicate = static_cast<std::uint32_t>(r);
        return setup;
    }
    Interrupted where(std::size_t s, int r, const char* what) const {
        return Interrupted("interrupted in " + all_[s].name + ", replicate " + std::to_string(r) + ", " + what +
                           (checkpoints_.saving() ? "; --resume goes on from " + checkpoints_.folder() : ""));
    }
    static std::string part(int r) { return "replicate_" + std::to_string(r); }
    RunResult result(std::size_t s) const { return RunResult(all_[s].programmes.size(), all_[0].days); }

    void save(int r, const Progress& p, std::size_t s) const {
        checkpoints_.save(part(r), [&](h5::File& cp) {
            h5::attribute(cp.id(), "scenario", static_cast<std::int64_t>(s));
            h5::attribute(cp.id(), "in_shared_burn_in", static_cast<std::int64_t>(p.in_shared_burn_in));
            for (std::size_t k = 0; k < p.finished.size(); ++k) {
                StateArchive a = StateArchive::writing(cp.id(), "finished_" + std::to_string(k));
                const_cast<RunResult&>(p.finished[k]).state(a);  // writing only reads
            }
            if (p.burned_in && !p.in_shared_burn_in) {
                StateArchive a = StateArchive::writing(cp.id(), "burned_in");
                p.burned_in->save_state(a);
            }
            StateArchive current = StateArchive::writing(cp.id(), "current");
            int recorded = p.recorded;
            current.value("recorded", recorded);
            StateArchive simulation = current.group("simulation");
            (p.in_shared_burn_in ? *p.burned_in : *p.current).save_state(simulation);
            if (p.current_result) {
                StateArchive kept = current.group("record");
                const_cast<RunResult&>(*p.current_result).state(kept);
            }
        });
    }
    // What replicate r's checkpoint holds; `s` is set to the scenario it stopped in.
    Progress resume(int r, const h5::InFile& cp, std::size_t& s) const {
        try {
            Progress p;
            s = static_cast<std::size_t>(cp.int_attribute("scenario"));
            p.in_shared_burn_in = cp.int_attribute("in_shared_burn_in") != 0;
            if (s >= all_.size() || (p.in_shared_burn_in && s != 0)) throw StateMismatch("scenario: out of range");
            for (std::size_t k = 0; k < s; ++k) {
                StateArchive a = StateArchive::reading(cp.id(), "finished_" + std::to_string(k));
                p.finished.push_back(result(k));
                p.finished.back().state(a);
            }
            StateArchive current = StateArchive::reading(cp.id(), "current");
            StateArchive simulation = current.group("simulation");
            current.value("recorded", p.recorded);
            if (p.recorded < 0 || p.recorded >= all_[0].days) throw StateMismatch("recorded: out of range");
            if (p.in_shared_burn_in) {
                p.burned_in.emplace(seoul_, setup_of(0, r), simulation);
            } else {
                if (h5::exists(cp.id(), "/burned_in")) {
                    StateArchive a = StateArchive::reading(cp.id(), "burned_in");
                    p.burned_in.emplace(seoul_, setup_of(0, r), a);
                    if (!p.burned_in->burned_in() || p.burned_in->days_done() != 0) throw StateMismatch("burned_in: not a world on day 0");
                } else if (s < last_sharer_ && !(from_state_ && from_state_->use == Simulation::FromState::new_period)) {
                    throw StateMismatch("burned_in: missing, and a later scenario starts from it");
                }
                p.current.emplace(seoul_, setup_of(s, r), simulation);
                p.current_result.emplace(result(s));
                StateArchive kept = current.group("record");
                p.current_result->state(kept);
            }
            return p;
        } catch (const StateMismatch& e) {
            throw InputError(checkpoints_.folder(), 0, "--resume", "a checkpoint (" + part(r) + ") is damaged: " + e.what());
        } catch (const h5::H5Error& e) {
            throw InputError(checkpoints_.folder(), 0, "--resume", "a checkpoint (" + part(r) + ") cannot be read: " + e.what());
        }
    }
    // The rest of sim's burn-in, saved at the checkpoints.
    void burn_in(Simulation& sim, std::size_t s, int r, Progress& p) const {
        try {
            sim.run_burn_in(options_.stop, [&](int d) {
                bar_->advance();
                if (d < -1 && checkpoints_.due(sim.burn_in_days_done())) save(r, p, s);
            });
        } catch (const Interrupted& e) {
            if (checkpoints_.saving()) save(r, p, s);
            throw where(s, r, e.what());
        }
    }

    std::vector<RunResult> replicate(int r) const {
        const int days = all_[0].days;
        Progress p;
        std::size_t first = 0;
        std::optional<h5::InFile> cp = checkpoints_.saved(part(r));
        if (cp) p = resume(r, *cp, first);
        cp.reset();
        const bool new_period = from_state_ && from_state_->use == Simulation::FromState::new_period;
        if (!p.current && !p.burned_in && !new_period) {  // the shared world's burn-in, or its state
            if (from_state_) {
                p.burned_in.emplace(load_replicate_state(*from_state_, seoul_, setup_of(0, r)));
            } else {
                p.burned_in.emplace(seoul_, setup_of(0, r), Simulation::NotBurnedIn{});
                p.in_shared_burn_in = true;
            }
        }
        if (p.in_shared_burn_in) {
            burn_in(*p.burned_in, 0, r, p);
            p.in_shared_burn_in = false;
        }
        for (std::size_t s = first; s < all_.size(); ++s) {
            if (!p.current && new_period) {  // each scenario from the period before's end, its own way
                p.current.emplace(load_replicate_state(*from_state_, seoul_, setup_of(s, r)));
                p.current_result.emplace(result(s));
                p.recorded = 0;
            }
            if (!p.current) {
                p.current = !shares_[s] ? Simulation(seoul_, setup_of(s, r), Simulation::NotBurnedIn{})
                            : s == last_sharer_ ? Simulation(std::move(*p.burned_in), setup_of(s, r))
                                                : Simulation(*p.burned_in, setup_of(s, r));
                if (shares_[s] && s == last_sharer_) p.burned_in.reset();
                p.current_result.emplace(result(s));
                p.recorded = 0;
            }
            burn_in(*p.current, s, r, p);
            RunResult& run = *p.current_result;
            ProgressRecorder progress(*bar_, {});
            CheckpointRecorder checkpoint(checkpoints_, 0, days, [&](int day) {
                p.recorded = day;
                save(r, p, s);
            });
            try {
                continue_days(*p.current, p.recorded, days, {&run.series, &run.districts, &run.programmes, &run.totals, &progress, &checkpoint}, options_.stop);
            } catch (const Interrupted& e) {
                if (checkpoints_.saving()) {
                    p.recorded = p.current->days_done();  // each scenario's days start at 0
                    save(r, p, s);
                }
                throw where(s, r, e.what());
            }
            p.finished.push_back(std::move(run));
            p.current.reset(), p.current_result.reset();
        }
        return std::move(p.finished);
    }

    const std::vector<ScenarioSpec>& all_;
    const SeoulData& seoul_;
    const CompareOptions& options_;
    const std::optional<StateFile>& from_state_;
    Checkpoints& checkpoints_;
    ProgressBar* bar_ = nullptr;
    const SimulationSetup first_;
    std::vector<char> shares_;
    std::size_t last_sharer_ = 0;
};

// [tally][replicate][cell] of scenario s: averted against the baseline (spending: its own).
using Differences = std::array<std::vector<std::vector<double>>, RunTotalsRecorder::kTallies>;
Differences differences(const std::vector<std::vector<RunResult>>& runs, std::size_t s) {
    Differences diff;
    for (int t = 0; t < RunTotalsRecorder::kTallies; ++t)
        for (const auto& replicate : runs) {
            const auto& mine = replicate[s].totals.cells(static_cast<Tally>(t));
            const auto& base = replicate[0].totals.cells(static_cast<Tally>(t));
            std::vector<double> out(kCells);
            for (std::size_t c = 0; c < out.size(); ++c) out[c] = t == RunTotalsRecorder::kSpent ? mine[c] : averted(base[c], mine[c]);
            diff[static_cast<std::size_t>(t)].push_back(std::move(out));
        }
    return diff;
}

// The outcomes over the cells in a group, each an estimate across replicates.
template <class InGroup>
Outcomes outcomes(const Differences& diff, InGroup&& in_group) {
    auto sums = [&](Tally tally) {
        std::vector<double> v;
        for (const auto& cells : diff[static_cast<std::size_t>(tally)]) {
            double x = 0;
            for (int c = 0; c < kCells; ++c)
                if (in_group(c)) x += cells[static_cast<std::size_t>(c)];
            const bool days = tally == RunTotalsRecorder::kIsolatedDays || tally == RunTotalsRecorder::kLonelyDays || tally == RunTotalsRecorder::kReclusiveDays;
            v.push_back(days ? person_years(x) : x);
        }
        return v;
    };
    const auto isolated = sums(RunTotalsRecorder::kIsolatedDays), cost = sums(RunTotalsRecorder::kSpent);
    return {estimate(isolated), estimate(sums(RunTotalsRecorder::kLonelyDays)), estimate(sums(RunTotalsRecorder::kReclusionStarts)),
            estimate(sums(RunTotalsRecorder::kExpectedUnattended)), estimate(cost), ratio_estimate(cost, isolated),
            estimate(sums(RunTotalsRecorder::kReclusiveDays))};
}

ScenarioComparison compare_one(const Differences& diff, const ScenarioSpec& scenario, double population_scale, int days,
                               CompareFile& file) {
    ScenarioComparison out;
    out.name = scenario.name;
    out.overall = outcomes(diff, [](int) { return true; });
    out.budget_krw = scenario.budget_krw;
    out.simulated_cost = out.overall[4].mean;
    out.population_scale = population_scale;
    out.days = days;
    out.contact_after = describe_contact_after(scenario);
    std::vector<Outcomes> by_district, by_age_band;
    for (int d = 0; d < kDistricts; ++d) by_district.push_back(outcomes(diff, [d](int c) { return c / kAgeBands == d; }));
    for (int b = 0; b < kAgeBands; ++b) by_age_band.push_back(outcomes(diff, [b](int c) { return c % kAgeBands == b; }));
    file.write_comparison(scenario, out, by_district, by_age_band);
    return out;
}

}  // namespace

std::vector<ScenarioSpec> on_baselines_world(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios) {
    int days = baseline.days;
    for (const auto& s : scenarios) days = std::max(days, s.days);
    std::vector<ScenarioSpec> all{baseline};
    for (auto s : scenarios) {
        s.agents = baseline.agents, s.scale = baseline.scale, s.seed = baseline.seed;
        s.start_date = baseline.start_date, s.days = days, s.burn_in_days = baseline.burn_in_days, s.replicates = baseline.replicates,
        s.data_dir = baseline.data_dir;
        all.push_back(std::move(s));
    }
    all[0].days = days;
    return all;
}

void check_comparison(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios, const CompareOptions& options) {
    for (std::size_t s = 0; s < scenarios.size(); ++s) {  // each is a group of the file, by name
        if (scenarios[s].name == baseline.name)
            throw InputError(scenarios[s].path, 0, "scenario.name", "'" + baseline.name + "' is the baseline's name too; compare needs different scenarios");
        for (std::size_t t = 0; t < s; ++t)
            if (scenarios[t].name == scenarios[s].name)
                throw InputError(scenarios[s].path, 0, "scenario.name", "'" + scenarios[s].name + "' is given twice");
    }
    const std::vector<ScenarioSpec> all = on_baselines_world(baseline, scenarios);
    if (!all[0].starts_from.empty() && options.from_state.empty()) {
        const std::string before = inputs_digest(history_of(all[0]));
        for (const auto& s : all)
            if (s.starts_from.empty() || inputs_digest(history_of(s)) != before)
                throw InputError(s.path, 0, "scenario.starts_from",
                                 "starts from another world than the baseline's (" + all[0].starts_from +
                                     " with the baseline's parameters); compared scenarios start from the same");
    }
}

std::vector<ScenarioComparison> compare_scenarios(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios,
                                                  const CompareOptions& options) {
    const auto wall_start = Clock::now();
    check_comparison(baseline, scenarios, options);
    const SeoulData seoul = load_seoul(baseline.data_dir);
    const std::vector<ScenarioSpec> all = on_baselines_world(baseline, scenarios);
    const SimulationSetup first = setup_for(all[0], seoul);
    const int R = baseline.replicates, days = all[0].days;
    const double population_scale = first.scale;  // the world's share of Seoul (with a household path, not agents / table total)
    std::optional<StateFile> from_state;
    // Scenarios that start from the period before all start from the baseline's.
    std::optional<PeriodStart> period;
    if (!all[0].starts_from.empty() && options.from_state.empty()) {
        period.emplace(all[0], StartOptions{!options.no_cache, options.threads, options.progress, options.stop});
        from_state = period->state();
    }
    if (!from_state && !options.from_state.empty()) {
        from_state = check_state_file(options.from_state, all[0]);
        if (from_state->day != 0)
            throw InputError(options.from_state, 0, "--from-state",
                             "is of day " + std::to_string(from_state->day) + "; compare starts from a state of day 0 (--save-state-at 0)");
    }
    Digest fingerprint;
    fingerprint.add("compare").add(options.from_state);
    for (const auto& spec : all) fingerprint.add(inputs_digest(spec)).add_value(spec.days).add_value(spec.replicates);
    Checkpoints checkpoints(options.out, options.checkpoint_every, options.resume, fingerprint.hex());
    std::vector<ScenarioComparison> result;
    write_result_file(options.out, [&](h5::File& f) {
        CompareFile file(f, all, seoul, first.agents, days, options.threads);
        if (from_state) h5::attribute(f.id(), "from_state", from_state->path);  // the burn-in or period before it took
        if (!all[0].starts_from.empty()) {
            h5::attribute(f.id(), "starts_from", all[0].starts_from);
            for (std::size_t s = 0; s < all.size(); ++s)
                h5::attribute(f.group("/scenarios/" + all[s].name), "contact_after_2024", describe_contact_after(all[s]));
        }
        std::vector<std::vector<RunResult>> runs;
        {
            ReplicateRunner runner(all, seoul, options, from_state, checkpoints);
            ProgressBar bar(options.progress, R * (static_cast<double>(all.size()) * days + runner.burn_ins() * first.burn_in_days));
            try {
                runs = runner.run(bar);
            } catch (const Interrupted& e) {
                try {
                    file.mark_interrupted(e.what());
                } catch (const std::exception&) {  // the interrupt is what to report
                }
                throw Interrupted(std::string(e.what()) + "; partial file " + options.out + ".partial (marked complete = 0, no results)");
            }
            bar.finish();
        }
        // Written afterwards in a fixed order, so the file is the same for any thread count.
        for (int r = 0; r < R; ++r)
            for (std::size_t s = 0; s < all.size(); ++s) {
                const RunResult& run = runs[static_cast<std::size_t>(r)][s];
                file.write_run(s, r, run.series, run.districts, run.programmes);
            }
        std::vector<Differences> diffs;
        for (std::size_t s = 1; s < all.size(); ++s) diffs.push_back(differences(runs, s));
        runs.clear();
        for (std::size_t s = 1; s < all.size(); ++s)
            result.push_back(compare_one(diffs[s - 1], all[s], population_scale, days, file));
        if (options.write_more) options.write_more(f);
        file.finish(std::chrono::duration<double>(Clock::now() - wall_start).count());
    });
    checkpoints.finished();
    return result;
}

}  // namespace lonesim
