#include "app/batch.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include "app/run_file.hpp"
#include "app/seoul_tables.hpp"
#include "app/start_state.hpp"
#include "app/state_file.hpp"
#include "lonesim_commit.hpp"
#include "models/metrics.hpp"
#include "models/parameters.hpp"
#include "models/simulation.hpp"
#include "models/outcomes.hpp"
#include "models/recorders.hpp"
#include "models/world.hpp"
#include "sim/day_loop.hpp"
#include "app/compare.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"
#include "sim/nan.hpp"
#include "sim/result_file.hpp"
#include "sim/digest.hpp"
#include "sim/output_lock.hpp"
#include "sim/sensitivity.hpp"

namespace lonesim {
namespace fs = std::filesystem;

const RunOutcomeInfo kRunOutcomeInfo[kRunOutcomeCount] = {
    {"isolated_prevalence_end", "Share of the living isolated or reclusive on the last day", "share"},
    {"lonely_prevalence_end", "Share of the living who feel lonely on the last day", "share"},
    {"mean_loneliness_end", "Mean loneliness of the living on the last day", "0-1"},
    {"no_one_to_turn_to_end", "Share of the living with no one to turn to on the last day", "share"},
    {"isolated_person_years", "Person-years isolated or reclusive over the horizon, city scale", "person-years"},
    {"unattended_deaths_per_year", "Unattended (godoksa) deaths a year, city scale (as drawn)", "deaths per year"},
    {"expected_unattended_deaths_per_year", "Expected unattended deaths a year given who died, city scale", "deaths per year"},
    {"deaths_per_year", "Deaths a year, city scale", "deaths per year"},
    {"isolation_episodes_per_year", "Isolation episodes begun a year, city scale (a return within status.episode_gap_days continues one)", "episodes per year"},
    {"reclusion_episodes_per_year", "Reclusion episodes begun a year, city scale", "episodes per year"},
    {"cost_krw", "Programme spending over the horizon, city scale", "KRW"},
    {"isolated_person_years_averted", "Baseline minus this run, same design point and replicate (NaN for the baseline)", "person-years"},
    {"krw_per_isolated_person_year_averted", "Cost over isolated person-years averted (NaN where none averted)", "KRW per person-year"},
    {"reclusive_person_years", "Person-years reclusive over the horizon (part of isolated_person_years), city scale", "person-years"},
    {"lonely_person_years", "Person-years feeling lonely over the horizon, city scale", "person-years"},
};

namespace {


std::string run_path(const std::string& out, int index) { return (fs::path(out) / run_file_name(index)).string(); }

// A finished run of this experiment is there (anything else is redone or refused).
enum class RunState { missing, finished, foreign };
// A checksum (FNV-1a, 64 bits) of a run's data as written: its outcomes, statistics and
// daily series, in that order. A resumed batch redoes a run whose data no longer matches
// (a damaged disk, a partial copy), instead of reading damaged numbers into the summary.
std::int64_t data_checksum(const std::vector<const std::vector<double>*>& parts) {
    std::uint64_t h = 1469598103934665603ull;
    for (const auto* part : parts) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(part->data());
        for (std::size_t i = 0; i < part->size() * sizeof(double); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    }
    return static_cast<std::int64_t>(h);
}

// The daily series a run file holds, by dataset name, in the checksum's order.
std::vector<std::string> series_datasets() {
    std::vector<std::string> names;
    for (int k : kSeoulSeries) names.push_back(std::string("/series/") + kMetricInfo[static_cast<std::size_t>(k)].name);
    names.push_back("/series/programme_cost_krw");
    return names;
}

RunState run_state(const std::string& path, const std::string& fingerprint, bool with_statistics) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return RunState::missing;
    try {
        h5::InFile f(path);
        if (!f.has_attribute("complete") || f.int_attribute("complete") != 1) return RunState::missing;
        if (f.string_attribute("fingerprint") != fingerprint) return RunState::foreign;
        if (!f.has_attribute("data_checksum")) return RunState::missing;
        std::vector<std::vector<double>> data{f.doubles("/outcomes")};
        if (with_statistics) data.push_back(f.doubles("/statistics/values"));
        for (const auto& name : series_datasets()) data.push_back(f.doubles(name));
        std::vector<const std::vector<double>*> parts;
        for (const auto& d : data) parts.push_back(&d);
        return data_checksum(parts) == f.int_attribute("data_checksum") ? RunState::finished : RunState::missing;
    } catch (const h5::H5Error&) {
        return RunState::missing;  // unreadable: redo it
    }
}

// The experiment's statistics of a run's scenario (the calibration's targets): sums over
// each one's window of dates.
class StatisticsRecorder : public SimRecorder {
public:
    StatisticsRecorder(const ExperimentSpec& e, int scenario, const Simulation& sim, Date start)
        : e_(e), scenario_(scenario), num_(e.statistics.size(), 0.0), den_(e.statistics.size(), 0.0), from_(num_.size()), to_(num_.size()),
          programme_(num_.size(), -1) {
        for (std::size_t j = 0; j < num_.size(); ++j) {
            const Statistic& st = e.statistics[j];
            from_[j] = static_cast<int>(days_from_civil(st.from) - days_from_civil(start));
            to_[j] = static_cast<int>(days_from_civil(st.to) - days_from_civil(start));
            if (st.kind == StatisticKind::programme_total)
                for (std::size_t q = 0; q < sim.world().programmes.size(); ++q)
                    if (sim.world().programmes[q]->spec().name == st.programme) programme_[j] = static_cast<int>(q);
        }
    }
    void record(const Simulation& sim, int d) override {
        const DayMetrics& m = sim.metrics();
        for (std::size_t j = 0; j < num_.size(); ++j) {
            const Statistic& st = e_.statistics[j];
            if (st.scenario != scenario_ || d < from_[j] || d > to_[j]) continue;
            if (st.kind == StatisticKind::programme_total) {
                if (programme_[j] >= 0) num_[j] += sim.world().programmes[static_cast<std::size_t>(programme_[j])]->today[static_cast<std::size_t>(st.quantity)];
                continue;
            }
            double num = 0;
            std::int64_t alive_in_ages = 0;
            for (int c = 0; c < kCells; ++c) {
                const int lo = SeoulData::kAgeBandMin[static_cast<std::size_t>(c % kAgeBands)];
                if (lo < st.age_min || lo > st.age_max) continue;
                for (int metric : st.metrics) num += m.value(metric, c);
                alive_in_ages += m.cell[kAlive][static_cast<std::size_t>(c)];
            }
            num_[j] += st.kind == StatisticKind::share ? (alive_in_ages ? num / static_cast<double>(alive_in_ages) : 0.0) : num;
            den_[j] += 1;
        }
    }
    // Each statistic's value, at city scale where it is a count (NaN for another scenario's).
    std::vector<double> values(double city) const {
        std::vector<double> out(num_.size(), kNaN);
        for (std::size_t j = 0; j < num_.size(); ++j) {
            const Statistic& st = e_.statistics[j];
            if (st.scenario != scenario_) continue;
            if (st.kind == StatisticKind::share) out[j] = den_[j] > 0 ? num_[j] / den_[j] : kNaN;
            else if (st.kind == StatisticKind::per_year) out[j] = den_[j] > 0 ? num_[j] * city * kDaysPerYear / den_[j] : kNaN;
            else out[j] = programme_[j] >= 0 ? num_[j] * city : kNaN;
        }
        return out;
    }

private:
    const ExperimentSpec& e_;
    int scenario_;
    std::vector<double> num_, den_;
    std::vector<int> from_, to_, programme_;
};

// A run's outcomes (RunOutcome) from what its recorders kept, at city scale; the paired
// ones are filled in when the runs are assembled.
std::vector<double> run_outcomes(const Simulation& sim, const RunTotalsRecorder& totals, const ProgrammeSeriesRecorder& programmes, int days) {
    const DayMetrics& last = sim.metrics();
    const double alive = static_cast<double>(last.total(kAlive));
    const double city = city_factor(sim.world().population_scale);
    std::vector<double> o(kRunOutcomeCount, kNaN);
    o[kIsolatedPrevalenceEnd] = static_cast<double>(isolated_or_reclusive(last)) / alive;
    o[kLonelyPrevalenceEnd] = static_cast<double>(last.total(kFeelsLonely)) / alive;
    o[kMeanLonelinessEnd] = last.seoul_mean(kMeanLoneliness);
    o[kNoOneToTurnToEnd] = static_cast<double>(last.total(kNoOneToTurnTo)) / alive;
    o[kIsolatedPersonYears] = person_years(totals.isolated_person_days()) * city;
    o[kUnattendedDeathsPerYear] = per_year(totals.unattended_deaths() * city, days);
    o[kExpectedUnattendedDeathsPerYear] = per_year(totals.expected_unattended_deaths() * city, days);
    o[kDeathsPerYear] = per_year(totals.deaths() * city, days);
    o[kIsolationEpisodesPerYear] = per_year(totals.total(RunTotalsRecorder::kIsolationStarts) * city, days);
    o[kReclusionEpisodesPerYear] = per_year(totals.total(RunTotalsRecorder::kReclusionStarts) * city, days);
    o[kCostKrw] = programmes.total_cost() * city;
    o[kReclusivePersonYears] = person_years(totals.total(RunTotalsRecorder::kReclusiveDays)) * city;
    o[kLonelyPersonYears] = person_years(totals.total(RunTotalsRecorder::kLonelyDays)) * city;
    return o;
}

std::vector<std::string> run_outcome_names() {
    std::vector<std::string> names;
    for (const auto& o : kRunOutcomeInfo) names.emplace_back(o.name);
    return names;
}

// What a run's file holds: its key, outcomes, statistics and daily Seoul series.
struct RunRecord {
    const ScenarioSpec& spec;
    const RunKey& key;
    std::int64_t agents;
    double population_scale, seconds;
    std::vector<double> outcomes, statistics;
    const SeoulSeriesRecorder& series;
    std::vector<double> cost_by_day;
};

void write_run_file(const ExperimentSpec& e, const RunRecord& run, const std::string& fingerprint, const std::string& path) {
    write_result_file(path, [&](h5::File& f) {
        const hid_t root = f.id();
        h5::attribute(root, "program", std::string("lonesim batch (one run)"));
        h5::attribute(root, "version", std::string(LONESIM_VERSION));
        h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
        h5::attribute(root, "fingerprint", fingerprint);
        h5::attribute(root, "experiment", e.name);
        h5::attribute(root, "run", static_cast<std::int64_t>(run.key.index));
        h5::attribute(root, "scenario", run.spec.name);
        h5::attribute(root, "point", static_cast<std::int64_t>(run.key.point));
        h5::attribute(root, "replicate", static_cast<std::int64_t>(run.key.replicate));
        h5::attribute(root, "seed", static_cast<std::int64_t>(run.spec.seed));
        h5::attribute(root, "agents", run.agents);
        h5::attribute(root, "days", static_cast<std::int64_t>(run.spec.days));
        h5::attribute(root, "start_date", to_string(run.spec.start_date));
        h5::attribute(root, "population_scale", run.population_scale);
        h5::attribute(root, "wall_seconds", run.seconds);
        std::vector<std::string> names;
        for (const auto& p : e.parameters) names.push_back(p.name);
        write_date_coordinate(f, run.spec.days, run.spec.start_date);
        f.coordinate("parameter", names, "the design's parameter");
        f.coordinate("outcome", run_outcome_names(), "outcome (see the experiment file's /outcomes)");
        if (!names.empty()) {
            f.write_strings("/parameters/names", names, {{"parameter"}, "the design's parameters", ""});
            f.write_vector("/parameters/values", e.points[static_cast<std::size_t>(run.key.point)],
                           {{"parameter"}, "the parameters' values in this run", "as the parameter's own"});
        }
        f.write_vector("/outcomes", run.outcomes, {{"outcome"}, "the run's outcomes", "as the outcome's own (see /outcomes/units of experiment.h5)"}, 0);
        if (!e.statistics.empty()) {
            std::vector<std::string> stat_names;
            for (const auto& st : e.statistics) stat_names.push_back(st.name);
            f.coordinate("statistic", stat_names, "the experiment's statistic", "/statistics/");
            f.write_strings("/statistics/names", stat_names, {{"statistic"}, "the experiment's statistics", ""});
            f.write_vector("/statistics/values", run.statistics, {{"statistic"}, "the statistics' values in this run", "as the statistic's own"}, 0);
        }
        for (std::size_t s = 0; s < std::size(kSeoulSeries); ++s) {
            const auto& info = kMetricInfo[static_cast<std::size_t>(kSeoulSeries[s])];
            const std::string p = std::string("/series/") + info.name;
            const std::string what = std::string("Seoul, in this world (not scaled): ") + info.description;
            f.write_vector(p, run.series.series()[s], {{"date"}, what, info.units});
            h5::Handle d(H5Dopen2(root, p.c_str(), H5P_DEFAULT), H5Dclose, "open " + p);
            h5::attribute(d.id(), "description", what);
        }
        f.write_vector("/series/programme_cost_krw", run.cost_by_day, {{"date"}, "the programmes' spending on the day, in this world", "KRW"});
        std::vector<const std::vector<double>*> parts{&run.outcomes};
        if (!e.statistics.empty()) parts.push_back(&run.statistics);
        for (const auto& s : run.series.series()) parts.push_back(&s);
        parts.push_back(&run.cost_by_day);
        h5::attribute(root, "data_checksum", data_checksum(parts));
    });
}

// Where a run of a scenario with starts_from starts (issue 20): the end state of the period
// before at the same design point and replicate, shared by the point's scenarios. When
// the experiment runs that period itself (a calibration: the history and the 2025
// plan), its own run at the point and replicate is the start, saved as it ends; otherwise
// the period (history_of, with the point's variables) is run for the replicate. Kept in
// the batch folder's starts/, one file per period and replicate; whoever needs it first
// makes it, a second rank or run waits for its lock.
struct PeriodBefore {
    ScenarioSpec spec;
    int scenario = -1;  // its index in the experiment, or -1
};
PeriodBefore period_before(const ExperimentSpec& e, const RunKey& k, const ScenarioSpec& spec) {
    std::error_code ec;
    for (std::size_t s = 0; s < e.scenarios.size(); ++s) {
        const ScenarioSpec& other = e.scenarios[s];
        // The experiment's own run of the period, unless the experiment cut its days.
        if (other.starts_from.empty() && fs::equivalent(other.path, spec.starts_from, ec) &&
            day_info(other.start_date, other.days).date == spec.start_date)
            return {run_scenario_spec(e, {k.index, static_cast<int>(s), k.point, k.replicate}), static_cast<int>(s)};
    }
    PeriodBefore p{history_of(spec), -1};
    const auto& point = e.points[static_cast<std::size_t>(k.point)];
    for (std::size_t j = 0; j < e.parameters.size(); ++j) set_variable(p.spec, e.parameters[j].name, point[j]);
    return p;
}

std::string start_path(const std::string& run_file, const ScenarioSpec& before, int replicate) {
    Digest key;
    key.add(inputs_digest(before)).add_value(before.days);
    return (fs::path(run_file).parent_path().parent_path() / "starts" /
            (before.name + "-" + key.hex() + "-replicate" + std::to_string(replicate) + ".state.h5"))
        .string();
}

// A state of `spec` on `day` for one replicate, written like any state file (its group is
// the replicate's).
void save_start(const std::string& path, const ScenarioSpec& spec, const SimulationSetup& setup, const Simulation& sim, int day) {
    write_result_file(path, [&](h5::File& f) {
        write_state_header(f, spec, setup, day);
        write_replicate_state(f, static_cast<int>(setup.replicate), sim);
    });
}

bool start_saved(const std::string& path);

// make() once, under path's lock, unless the start at path is saved; while another run or
// rank holds the lock, waits for it (and then uses what it saved).
template <class Make>
void make_start_once(const std::string& path, Make&& make) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    for (int waited = 0; !start_saved(path); ++waited) {
        try {
            const OutputLock lock(path);
            if (!start_saved(path)) make();
            return;
        } catch (const OutputBusy&) {
            if (waited >= 7200) throw;
            std::this_thread::sleep_for(std::chrono::seconds(1));
        }
    }
}

bool start_saved(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return false;
    try {
        return h5::InFile(path).int_attribute("complete") == 1;
    } catch (const h5::H5Error&) {
        return false;
    }
}

// The start of replicate k.replicate of spec: made (under its lock, once) if not saved.
StateFile start_of(const ExperimentSpec& e, const RunKey& k, const ScenarioSpec& spec, const SeoulData& seoul, const std::string& run_file,
                   const std::atomic<bool>* stop) {
    const PeriodBefore before = period_before(e, k, spec);
    const std::string path = start_path(run_file, before.spec, k.replicate);
    make_start_once(path, [&] {
        SimulationSetup setup = setup_for(before.spec, seoul);
        setup.replicate = static_cast<std::uint32_t>(k.replicate);
        Simulation sim(seoul, setup, stop);
        for (int d = 0; d < before.spec.days; ++d) {
            if (stop && stop->load()) throw Interrupted("in the period before (" + before.spec.name + "), day " + std::to_string(d));
            sim.step();
        }
        save_start(path, before.spec, setup, sim, before.spec.days);
    });
    StateFile s;
    s.path = path, s.day = before.spec.days, s.replicates = before.spec.replicates, s.start_date = to_string(before.spec.start_date);
    s.use = Simulation::FromState::new_period;
    return s;
}

// A burn-in shared by the scenarios of a design point (issue 20): when another scenario
// at the point and replicate would leave the same burned-in world (same_burn_in), the
// first run to need it burns in and saves the day-0 state in starts/ (keyed by the world's
// digest); the others start their own programmes on it, the same bit for bit as their own
// burn-in (Simulation::FromState::new_programmes).
bool burn_in_shared(const ExperimentSpec& e, const RunKey& k, const SimulationSetup& setup, const SeoulData& seoul) {
    if (setup.burn_in_days == 0) return false;
    for (std::size_t s = 0; s < e.scenarios.size(); ++s) {
        if (static_cast<int>(s) == k.scenario || !e.scenarios[s].starts_from.empty()) continue;
        SimulationSetup other = setup_for(run_scenario_spec(e, {k.index, static_cast<int>(s), k.point, k.replicate}), seoul);
        other.replicate = setup.replicate;
        if (same_burn_in(setup, other)) return true;
    }
    return false;
}

Simulation burned_in(const ScenarioSpec& spec, const SimulationSetup& setup, const SeoulData& seoul, const std::string& run_file,
                     const std::atomic<bool>* stop) {
    Digest key;
    key.add(world_digest(spec));
    const std::string path = (fs::path(run_file).parent_path().parent_path() / "starts" /
                              ("burn_in-" + key.hex() + "-replicate" + std::to_string(setup.replicate) + ".state.h5"))
                                 .string();
    std::optional<Simulation> made;
    make_start_once(path, [&] {
        made.emplace(seoul, setup, stop);
        save_start(path, spec, setup, *made, 0);
    });
    if (made) return std::move(*made);
    StateFile s;
    s.path = path, s.day = 0, s.replicates = spec.replicates, s.start_date = to_string(spec.start_date);
    s.use = Simulation::FromState::new_programmes;
    return load_replicate_state(s, seoul, setup);
}

// Whether another scenario of the experiment starts from scenario s's end: its run then
// saves that end as the start of theirs.
bool others_start_from(const ExperimentSpec& e, const RunKey& k) {
    for (std::size_t s = 0; s < e.scenarios.size(); ++s)
        if (!e.scenarios[s].starts_from.empty() && period_before(e, {k.index, static_cast<int>(s), k.point, k.replicate}, e.scenarios[s]).scenario == k.scenario)
            return true;
    return false;
}

void run_and_write(const ExperimentSpec& e, const SeoulData& seoul, const RunKey& k, const std::string& fingerprint,
                   const std::string& path, const std::atomic<bool>* stop) {
    const ScenarioSpec spec = run_scenario_spec(e, k);
    SimulationSetup setup = setup_for(spec, seoul);
    setup.replicate = static_cast<std::uint32_t>(k.replicate);
    const auto t0 = std::chrono::steady_clock::now();
    const std::string which = "run " + std::to_string(k.index) + " (" + spec.name + ", point " + std::to_string(k.point) + ", replicate " +
                              std::to_string(k.replicate) + ")";
    Simulation sim = [&] {
        try {
            if (!spec.starts_from.empty()) return load_replicate_state(start_of(e, k, spec, seoul, path, stop), seoul, setup);
            if (burn_in_shared(e, k, setup, seoul)) return burned_in(spec, setup, seoul, path, stop);
            return Simulation(seoul, setup, stop);
        } catch (const Interrupted& i) {
            throw Interrupted("interrupted in " + which + " " + i.what());  // "in the burn-in, day D"
        }
    }();
    SeoulSeriesRecorder series(spec.days);
    ProgrammeSeriesRecorder programmes(sim.world().programmes.size(), spec.days);
    RunTotalsRecorder totals;
    StatisticsRecorder statistics(e, k.scenario, sim, spec.start_date);
    try {
        run_days(sim, spec.days, {&series, &programmes, &totals, &statistics}, stop);
    } catch (const Interrupted& i) {
        throw Interrupted("interrupted in " + which + " on " + i.what());
    }
    if (others_start_from(e, k)) {  // the start of the point's later scenarios
        const std::string start = start_path(path, spec, k.replicate);
        std::error_code ec;
        fs::create_directories(fs::path(start).parent_path(), ec);
        try {
            const OutputLock lock(start);
            if (!start_saved(start)) save_start(start, spec, setup, sim, spec.days);
        } catch (const OutputBusy&) {  // another run is making it: it will be there
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double scale = sim.world().population_scale;
    const RunRecord run{spec, k, setup.agents, scale, seconds, run_outcomes(sim, totals, programmes, spec.days),
                        statistics.values(city_factor(scale)), series, programmes.cost_by_day()};
    write_run_file(e, run, fingerprint, path);
}

// One scenario's outcome at each design point: the mean over replicates (the cost ratio
// as a ratio of means).
std::vector<double> point_values(const std::vector<std::vector<double>>& outcomes, const ExperimentSpec& e, int scenario, int outcome) {
    std::vector<double> y;
    for (std::size_t p = 0; p < e.points.size(); ++p) {
        double a = 0, b = 0;
        int n = 0;
        for (int r = 0; r < e.replicates; ++r) {
            const int i = (static_cast<int>(p) * static_cast<int>(e.scenarios.size()) + scenario) * e.replicates + r;
            const auto& o = outcomes[static_cast<std::size_t>(i)];
            if (outcome == kKrwPerIsolatedPersonYearAverted) a += o[kCostKrw], b += o[kIsolatedPersonYearsAverted];
            else a += o[static_cast<std::size_t>(outcome)];
            ++n;
        }
        y.push_back(outcome == kKrwPerIsolatedPersonYearAverted ? (b > 0 ? a / b : kNaN) : a / n);
    }
    return y;
}

using OutcomeTable = std::vector<std::vector<double>>;  // [run][RunOutcome]

// Every run's outcomes, each paired with the baseline's run of the same point and replicate.
OutcomeTable read_outcomes(const ExperimentSpec& e, const std::string& out) {
    const int runs = e.runs();
    OutcomeTable outcomes(static_cast<std::size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        const h5::InFile f(run_path(out, i));
        outcomes[static_cast<std::size_t>(i)] = f.doubles("/outcomes");
    }
    for (int i = 0; i < runs; ++i) {
        const RunKey k = run_key(e, i);
        auto& o = outcomes[static_cast<std::size_t>(i)];
        if (k.scenario == 0) continue;
        const auto& base = outcomes[static_cast<std::size_t>(i - k.scenario * e.replicates)];
        o[kIsolatedPersonYearsAverted] = averted(base[kIsolatedPersonYears], o[kIsolatedPersonYears]);
        o[kKrwPerIsolatedPersonYearAverted] = o[kIsolatedPersonYearsAverted] > 0 ? o[kCostKrw] / o[kIsolatedPersonYearsAverted] : kNaN;
    }
    return outcomes;
}

// Mean and 95% interval over replicates, [scenario][point][outcome].
struct Summary {
    std::vector<double> mean, lo, hi;
};
Summary summarise(const ExperimentSpec& e, const OutcomeTable& outcomes) {
    const std::size_t S = e.scenarios.size(), P = e.points.size(), R = static_cast<std::size_t>(e.replicates);
    Summary sum{std::vector<double>(S * P * kRunOutcomeCount), {}, {}};
    sum.lo = sum.hi = sum.mean;
    for (std::size_t s = 0; s < S; ++s)
        for (std::size_t p = 0; p < P; ++p)
            for (int q = 0; q < kRunOutcomeCount; ++q) {
                std::vector<double> v, cost, averted_py;
                for (std::size_t r = 0; r < R; ++r) {
                    const auto& o = outcomes[(p * S + s) * R + r];
                    v.push_back(o[static_cast<std::size_t>(q)]);
                    cost.push_back(o[kCostKrw]), averted_py.push_back(o[kIsolatedPersonYearsAverted]);
                }
                Estimate est{kNaN, kNaN, kNaN};
                if (q == kKrwPerIsolatedPersonYearAverted) {
                    if (s > 0) est = ratio_estimate(cost, averted_py);
                } else if (!(q == kIsolatedPersonYearsAverted && s == 0)) {
                    est = estimate(v);
                }
                const std::size_t at = (s * P + p) * kRunOutcomeCount + static_cast<std::size_t>(q);
                sum.mean[at] = est.mean, sum.lo[at] = est.lo, sum.hi[at] = est.hi;
            }
    return sum;
}

void write_experiment_header(h5::File& f, const ExperimentSpec& e, const std::string& fingerprint, int ranks) {
    const hid_t root = f.id();
    h5::attribute(root, "experiment", e.name);
    h5::attribute(root, "description", e.description);
    h5::attribute(root, "fingerprint", fingerprint);
    h5::attribute(root, "design", std::string(kDesignNames[static_cast<int>(e.design)]));
    h5::attribute(root, "design_samples", static_cast<std::int64_t>(e.samples));
    h5::attribute(root, "design_seed", static_cast<std::int64_t>(e.design_seed));
    h5::attribute(root, "replicates", static_cast<std::int64_t>(e.replicates));
    h5::attribute(root, "seed", static_cast<std::int64_t>(e.scenarios[0].seed));
    h5::attribute(root, "days", static_cast<std::int64_t>(e.scenarios[0].days));
    h5::attribute(root, "start_date", to_string(e.scenarios[0].start_date));
    h5::attribute(root, "baseline", e.scenarios[0].name);
    h5::attribute(root, "experiment_file", e.file_text);
    h5::attribute(root, "version", std::string(LONESIM_VERSION));  // as in every file lonesim writes
    h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
    h5::attribute(root, "lonesim_version", std::string(LONESIM_VERSION));  // the names before 0.2.0, kept for readers of them
    h5::attribute(root, "lonesim_commit", std::string(LONESIM_COMMIT));
    h5::attribute(root, "ranks_last_session", static_cast<std::int64_t>(ranks));
    h5::attribute(root, "layout",
                  std::string("/runs/*: one row per run (index = (point x scenarios + scenario) x replicates + replicate); "
                              "/runs/series/run_NNNNNN: external links to each run's daily series in runs/; "
                              "/summary/{mean,lo,hi}[scenario][point][outcome]: mean and 95% interval over replicates; "
                              "/sensitivity/<scenario>/<outcome>: Sobol' indices (saltelli) or standardised regression "
                              "coefficients (grid, lhs) over the design's parameters"));
}

void write_design(h5::File& f, const ExperimentSpec& e) {
    const std::size_t P = e.points.size(), K = e.parameters.size();
    std::vector<std::string> scenario_names, parameter_names, outcome_names, descriptions, units;
    for (const auto& s : e.scenarios) scenario_names.push_back(s.name);
    for (const auto& p : e.parameters) parameter_names.push_back(p.name);
    for (const auto& o : kRunOutcomeInfo) outcome_names.push_back(o.name), descriptions.push_back(o.description), units.push_back(o.units);
    f.coordinate("scenario", scenario_names, "scenario (the baseline first)");
    f.coordinate("outcome", outcome_names, "outcome (see /outcomes)");
    f.coordinate("parameter", parameter_names, "the design's parameter");
    f.write_strings("/scenarios", scenario_names, {{"scenario"}, "the experiment's scenarios, the baseline first", ""});
    f.write_strings("/outcomes/names", outcome_names, {{"outcome"}, "the outcomes of every run", ""});
    f.write_strings("/outcomes/descriptions", descriptions, {{"outcome"}, "what each outcome is", ""});
    f.write_strings("/outcomes/units", units, {{"outcome"}, "each outcome's units", ""});
    if (K > 0) {
        f.write_strings("/parameters/names", parameter_names, {{"parameter"}, "the design's parameters", ""});
        std::vector<double> lows, highs;
        for (const auto& p : e.parameters) {
            lows.push_back(p.values.empty() ? p.min : *std::min_element(p.values.begin(), p.values.end()));
            highs.push_back(p.values.empty() ? p.max : *std::max_element(p.values.begin(), p.values.end()));
        }
        f.write_vector("/parameters/min", lows, {{"parameter"}, "the parameter's lowest value in the design", "as the parameter's own"}, 0);
        f.write_vector("/parameters/max", highs, {{"parameter"}, "the parameter's highest value in the design", "as the parameter's own"}, 0);
        std::vector<double> pts;
        for (const auto& pt : e.points) pts.insert(pts.end(), pt.begin(), pt.end());
        h5::Dataset d = f.create("/points", H5T_IEEE_F64LE, {P, K}, {P, K}, 0);
        d.write(H5T_NATIVE_DOUBLE, {0, 0}, {P, K}, pts.data());
        d.describe({{"point", "parameter"}, "the design's points: the parameters' values at each", "as the parameter's own"});
    }
}

void write_runs(h5::File& f, const ExperimentSpec& e, const OutcomeTable& outcomes) {
    const int runs = e.runs();
    const std::size_t K = e.parameters.size();
    std::vector<std::int64_t> scen, point, rep, seed;
    std::vector<double> params, table;
    std::vector<std::string> files;
    for (int i = 0; i < runs; ++i) {
        const RunKey k = run_key(e, i);
        scen.push_back(k.scenario), point.push_back(k.point), rep.push_back(k.replicate);
        seed.push_back(static_cast<std::int64_t>(e.scenarios[0].seed));
        const auto& pt = e.points[static_cast<std::size_t>(k.point)];
        params.insert(params.end(), pt.begin(), pt.end());
        const auto& o = outcomes[static_cast<std::size_t>(i)];
        table.insert(table.end(), o.begin(), o.end());
        files.push_back(run_file_name(i));
        f.external_link("/runs/series/" + fs::path(run_file_name(i)).stem().string(), run_file_name(i), "/series");
    }
    const auto N = static_cast<hsize_t>(runs);
    f.write_vector("/runs/scenario", scen, {{"run"}, "the run's scenario (its number in /scenarios)", "1"}, 0);
    f.write_vector("/runs/point", point, {{"run"}, "the run's design point (its row in /points)", "1"}, 0);
    f.write_vector("/runs/replicate", rep, {{"run"}, "the run's replicate", "1"}, 0);
    f.write_vector("/runs/seed", seed, {{"run"}, "the run's seed", "1"}, 0);
    f.write_strings("/runs/file", files, {{"run"}, "the run's file, relative to this one", ""});
    if (K > 0) {
        h5::Dataset d = f.create("/runs/parameters", H5T_IEEE_F64LE, {N, K}, {std::min<hsize_t>(N, 4096), K}, 4);
        d.write(H5T_NATIVE_DOUBLE, {0, 0}, {N, K}, params.data());
        d.describe({{"run", "parameter"}, "the parameters' values in each run", "as the parameter's own"});
    }
    h5::Dataset d = f.create("/runs/outcomes", H5T_IEEE_F64LE, {N, kRunOutcomeCount}, {std::min<hsize_t>(N, 4096), kRunOutcomeCount}, 4);
    d.write(H5T_NATIVE_DOUBLE, {0, 0}, {N, kRunOutcomeCount}, table.data());
    d.describe({{"run", "outcome"}, "each run's outcomes", "as the outcome's own (see /outcomes/units)"});
}

void write_summary(h5::File& f, const ExperimentSpec& e, const Summary& sum) {
    const std::size_t S = e.scenarios.size(), P = e.points.size();
    struct Part {
        const char* name;
        const std::vector<double>* values;
        const char* what;
    };
    for (const auto [name, v, what] : {Part{"mean", &sum.mean, "mean"}, Part{"lo", &sum.lo, "lower end of the 95% interval"},
                                       Part{"hi", &sum.hi, "upper end of the 95% interval"}}) {
        h5::Dataset s = f.create(std::string("/summary/") + name, H5T_IEEE_F64LE, {S, P, kRunOutcomeCount}, {S, P, kRunOutcomeCount}, 0);
        s.write(H5T_NATIVE_DOUBLE, {0, 0, 0}, {S, P, kRunOutcomeCount}, v->data());
        s.describe({{"scenario", "point", "outcome"}, std::string(what) + " of the outcome over the replicates", "as the outcome's own (see /outcomes/units)"});
    }
}

// Sensitivity of the key outcomes (only with parameters to vary and enough points).
void write_sensitivity(h5::File& f, const ExperimentSpec& e, const OutcomeTable& outcomes, bool quiet) {
    const std::size_t S = e.scenarios.size(), P = e.points.size(), K = e.parameters.size();
    std::vector<std::string> parameter_names;
    for (const auto& p : e.parameters) parameter_names.push_back(p.name);
    if (K == 0 || P < K + 2) return;
    const bool sobol = e.design == DesignType::saltelli;
    h5::attribute(f.group("/sensitivity"), "method",
                  std::string(sobol ? "Sobol' first-order (Saltelli 2010) and total (Jansen 1999) indices with 95% bootstrap intervals "
                                      "(1,000 resamples) over the replicate-averaged outcome at each design point"
                                    : "Standardised regression coefficients of the replicate-averaged outcome at each design point "
                                      "on the design's parameters, with the regression's R^2"));
    const int key_outcomes[] = {kIsolatedPrevalenceEnd, kExpectedUnattendedDeathsPerYear, kKrwPerIsolatedPersonYearAverted, kLonelyPrevalenceEnd};
    for (std::size_t s = 0; s < S; ++s)
        for (int q : key_outcomes) {
            if (q == kKrwPerIsolatedPersonYearAverted && s == 0) continue;
            const std::vector<double> y = point_values(outcomes, e, static_cast<int>(s), q);
            const std::string g = "/sensitivity/" + e.scenarios[s].name + "/" + kRunOutcomeInfo[q].name;
            if (!quiet) std::printf("\n  %s: %s\n", e.scenarios[s].name.c_str(), kRunOutcomeInfo[q].name);
            if (sobol) {
                const auto n = static_cast<std::size_t>(e.samples);
                std::vector<double> fa(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n)), fb(y.begin() + static_cast<std::ptrdiff_t>(n), y.begin() + static_cast<std::ptrdiff_t>(2 * n));
                std::vector<std::vector<double>> fab;
                for (std::size_t i = 0; i < K; ++i)
                    fab.emplace_back(y.begin() + static_cast<std::ptrdiff_t>((2 + i) * n), y.begin() + static_cast<std::ptrdiff_t>((3 + i) * n));
                const SobolIndices si = sobol_indices(fa, fb, fab);
                f.write_vector(g + "/first", si.first, {{"parameter"}, "Sobol' first-order index", "1"}, 0);
                f.write_vector(g + "/first_lo", si.first_lo, {{"parameter"}, "Sobol' first-order index, lower end of its 95% interval", "1"}, 0);
                f.write_vector(g + "/first_hi", si.first_hi, {{"parameter"}, "Sobol' first-order index, upper end of its 95% interval", "1"}, 0);
                f.write_vector(g + "/total", si.total, {{"parameter"}, "Sobol' total index", "1"}, 0);
                f.write_vector(g + "/total_lo", si.total_lo, {{"parameter"}, "Sobol' total index, lower end of its 95% interval", "1"}, 0);
                f.write_vector(g + "/total_hi", si.total_hi, {{"parameter"}, "Sobol' total index, upper end of its 95% interval", "1"}, 0);
                if (!quiet)
                    for (std::size_t i = 0; i < K; ++i)
                        std::printf("    %-36s first %6.3f [%6.3f, %6.3f]   total %6.3f [%6.3f, %6.3f]\n", parameter_names[i].c_str(), si.first[i],
                                    si.first_lo[i], si.first_hi[i], si.total[i], si.total_lo[i], si.total_hi[i]);
            } else {
                const Regression reg = standardised_regression(e.points, y);
                f.write_vector(g + "/src", reg.src, {{"parameter"}, "standardised regression coefficient of the outcome on the parameter", "1"}, 0);
                h5::attribute(f.group(g), "r2", reg.r2);
                if (!quiet) {
                    for (std::size_t i = 0; i < K; ++i) std::printf("    %-36s SRC %7.3f\n", parameter_names[i].c_str(), reg.src[i]);
                    std::printf("    (R^2 of the linear fit %.3f)\n", reg.r2);
                }
            }
        }
}

void assemble(const ExperimentSpec& e, const std::string& out, const std::string& fingerprint, int ranks, bool quiet) {
    const OutcomeTable outcomes = read_outcomes(e, out);
    const Summary sum = summarise(e, outcomes);
    write_result_file((fs::path(out) / "experiment.h5").string(), [&](h5::File& f) {
        write_experiment_header(f, e, fingerprint, ranks);
        write_design(f, e);
        write_runs(f, e, outcomes);
        write_summary(f, e, sum);
        write_sensitivity(f, e, outcomes, quiet);
    });
}

}  // namespace

std::string run_file_name(int index) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "runs/run_%06d.h5", index);
    return buf;
}

std::string foreign_run(const std::string& path) {
    return path + " belongs to another experiment (or another build of lonesim); choose another --out or remove the folder";
}

// Rank 0 prepares the folder and refuses runs of another experiment (or removes them, with
// options.replace_foreign); all ranks learn the verdict.
void prepare_folder(const ExperimentSpec& e, const BatchOptions& options, const std::string& fingerprint, Cluster& cluster) {
    const int runs = e.runs();
    std::int64_t problem = 0;
    std::string why;
    if (cluster.rank() == 0) {
        std::error_code ec;
        fs::create_directories(fs::path(options.out) / "runs", ec);
        if (ec) problem = 1, why = "cannot create " + (fs::path(options.out) / "runs").string() + ": " + ec.message();
        for (int i = 0; i < runs && !problem; ++i)
            if (run_state(run_path(options.out, i), fingerprint, !e.statistics.empty()) == RunState::foreign) {
                if (options.replace_foreign && fs::remove(run_path(options.out, i), ec)) continue;
                problem = 1, why = options.replace_foreign ? run_path(options.out, i) + " cannot be removed: " + ec.message()
                                                           : foreign_run(run_path(options.out, i));
            }
    }
    if (cluster.sum(problem) > 0) throw InputError(options.out, 0, "--out", cluster.rank() == 0 ? why : "unusable output folder (see rank 0)");
}

// This rank's share of the runs: each worker (runs_at_once of them) takes the next run
// not yet finished until none is left. Counts what it did and found done.
void work_through(const ExperimentSpec& e, const SeoulData& seoul, const BatchOptions& options, const std::string& fingerprint,
                  Cluster& cluster, BatchResult& result) {
    cluster.reset_counter();  // a process may run several batches (lonesim calibrate)
    std::mutex print;
    std::atomic<int> done{0}, reused{0};
    std::exception_ptr failure;
    auto worker = [&] {
        try {
            for (;;) {
                if (options.stop && options.stop->load()) return;
                const auto i = cluster.next_index();
                if (i >= result.runs) return;
                const int index = static_cast<int>(i);
                const std::string path = run_path(options.out, index);
                if (run_state(path, fingerprint, !e.statistics.empty()) == RunState::finished) {
                    ++reused;
                    continue;
                }
                const RunKey k = run_key(e, index);
                const auto r0 = std::chrono::steady_clock::now();
                run_and_write(e, seoul, k, fingerprint, path, options.stop);
                ++done;
                if (!options.quiet) {
                    std::lock_guard lock(print);
                    std::printf("lonesim batch: run %d of %d (%s, point %d, replicate %d) on rank %d in %.1f s\n", index + 1, result.runs,
                                e.scenarios[static_cast<std::size_t>(k.scenario)].name.c_str(), k.point, k.replicate, cluster.rank(),
                                std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count());
                    std::fflush(stdout);
                }
            }
        } catch (...) {
            std::lock_guard lock(print);
            if (!failure) failure = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < options.runs_at_once; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (failure) {
        // Unfinished runs leave nothing behind but FILE.partial; finished ones are kept.
        for (int i = 0; i < result.runs; ++i) {
            std::error_code ec;
            fs::remove(run_path(options.out, i) + ".partial", ec);
        }
        std::rethrow_exception(failure);
    }
    result.done_now = done.load();
    result.reused = reused.load();
}

int check_batch_folder(const ExperimentSpec& e, const BatchOptions& options) {
    const std::string fingerprint = e.fingerprint(parameter_table());
    const SeoulData seoul = load_seoul(e.scenarios[0].data_dir);
    for (const auto& s : e.scenarios) (void)setup_for(s, seoul);
    check_output_path((fs::path(options.out) / "experiment.h5").string());
    int finished = 0;
    for (int i = 0; i < e.runs(); ++i) switch (run_state(run_path(options.out, i), fingerprint, !e.statistics.empty())) {
            case RunState::finished: ++finished; break;
            case RunState::foreign:
                if (!options.replace_foreign) throw InputError(options.out, 0, "--out", foreign_run(run_path(options.out, i)));
                break;
            case RunState::missing: break;
        }
    return finished;
}

BatchResult run_batch(const ExperimentSpec& e, const BatchOptions& options, Cluster& cluster) {
    const auto t0 = std::chrono::steady_clock::now();
    BatchResult result;
    result.runs = e.runs();
    const std::string fingerprint = e.fingerprint(parameter_table());
    const SeoulData seoul = load_seoul(e.scenarios[0].data_dir);
    for (const auto& s : e.scenarios) (void)setup_for(s, seoul);  // impossible sizes fail here, before any run
    prepare_folder(e, options, fingerprint, cluster);
    work_through(e, seoul, options, fingerprint, cluster, result);
    cluster.barrier();
    const std::int64_t all_done = cluster.sum(result.done_now), all_reused = cluster.sum(result.reused);
    if (cluster.rank() == 0) {
        if (!options.quiet)
            std::printf("lonesim batch: %d runs: %lld done now, %lld finished earlier and kept, on %d rank(s)\n", result.runs,
                        static_cast<long long>(all_done), static_cast<long long>(all_reused), cluster.size());
        assemble(e, options.out, fingerprint, cluster.size(), options.quiet || !options.print_sensitivity);
        result.file = (fs::path(options.out) / "experiment.h5").string();
        result.done_now = static_cast<int>(all_done), result.reused = static_cast<int>(all_reused);
    }
    cluster.barrier();
    result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace lonesim
