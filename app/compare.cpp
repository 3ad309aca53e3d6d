#include "app/compare.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numeric>

#include "app/seoul_tables.hpp"
#include "lonesim_commit.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "models/simulation.hpp"
#include "models/world.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"
#include "sim/result_file.hpp"
#include "app/run.hpp"

namespace lonesim {
namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
double t975(int df) {
    static const double q[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    return df >= 1 && df <= 30 ? q[df - 1] : 1.96;
}


// Per-cell totals of one run: isolated (or reclusive) person-days, lonely person-days,
// new reclusive cases, expected unattended deaths (each death's chance of lying unfound,
// summed: the count's mean given who died, so the difference between scenarios is not
// drowned by the discovery draw), programme spending.
enum Tally : int { kTallyIsolated, kTallyLonely, kTallyReclusive, kTallyUnattended, kTallySpent, kTallies };

struct RunResult {
    std::array<std::vector<double>, kTallies> cells;
    std::vector<std::vector<double>> series;                      // [series][day]
    std::vector<std::vector<std::vector<double>>> programmes;    // [programme][metric][day]
};

RunResult run_one(Simulation sim, const ScenarioSpec& spec, std::uint32_t replicate, int days, const std::atomic<bool>* stop,
                  const std::function<void(int)>& progress) {
    RunResult r;
    for (auto& c : r.cells) c.assign(kCells, 0.0);
    r.series.assign(std::size(kSeoulSeries), std::vector<double>(static_cast<std::size_t>(days)));
    const std::size_t P = spec.programmes.size();
    r.programmes.assign(P, std::vector<std::vector<double>>(kProgrammeMetricCount, std::vector<double>(static_cast<std::size_t>(days))));
    for (int d = 0; d < days; ++d) {
        if (stop && stop->load()) throw Interrupted("interrupted in " + spec.name + ", replicate " + std::to_string(replicate) + ", day " + std::to_string(d));
        sim.step();
        const DayMetrics& m = sim.metrics();
        for (int c = 0; c < kCells; ++c) {
            const auto cc = static_cast<std::size_t>(c);
            r.cells[kTallyIsolated][cc] += static_cast<double>(m.cell[kIsolated][cc] + m.cell[kReclusive][cc]);
            r.cells[kTallyLonely][cc] += static_cast<double>(m.cell[kFeelsLonely][cc]);
            r.cells[kTallyReclusive][cc] += static_cast<double>(m.cell[kNewReclusive][cc]);
            r.cells[kTallyUnattended][cc] += m.value(kExpectedUnattendedDeaths, c);
        }
        for (std::size_t k = 0; k < std::size(kSeoulSeries); ++k)
            r.series[k][static_cast<std::size_t>(d)] = m.seoul_value(kSeoulSeries[k]);
        for (std::size_t p = 0; p < P; ++p)
            for (int q = 0; q < kProgrammeMetricCount; ++q)
                r.programmes[p][static_cast<std::size_t>(q)][static_cast<std::size_t>(d)] = sim.world().programmes[p]->today[static_cast<std::size_t>(q)];
        progress(d);
    }
    for (const auto& p : sim.world().programmes) {
        const auto spent = p->cost_by_cell(sim.world());
        for (int c = 0; c < kCells; ++c) r.cells[kTallySpent][static_cast<std::size_t>(c)] += spent[static_cast<std::size_t>(c)];
    }
    return r;
}

}  // namespace

Estimate estimate(const std::vector<double>& v) {
    Estimate e;
    const double n = static_cast<double>(v.size());
    e.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    if (v.size() < 2) {
        e.lo = e.hi = kNaN;
        return e;
    }
    double ss = 0;
    for (double x : v) ss += (x - e.mean) * (x - e.mean);
    const double half = t975(static_cast<int>(v.size()) - 1) * std::sqrt(ss / (n - 1) / n);
    e.lo = e.mean - half, e.hi = e.mean + half;
    return e;
}

Estimate ratio_estimate(const std::vector<double>& num, const std::vector<double>& den) {
    auto ratio = [](double a, double b) { return b > 0 ? a / b : kNaN; };
    const double sn = std::accumulate(num.begin(), num.end(), 0.0), sd = std::accumulate(den.begin(), den.end(), 0.0);
    Estimate e{ratio(sn, sd), kNaN, kNaN};
    if (num.size() < 2) return e;
    // Percentile bootstrap over replicates; a fixed stream keeps the report reproducible.
    CounterRng rng = RandomStreams(20250101, 0, 777).at(0, 0);
    std::vector<double> draws;
    const auto n = static_cast<std::uint32_t>(num.size());
    for (int b = 0; b < 2000; ++b) {
        double a = 0, c = 0;
        for (std::uint32_t k = 0; k < n; ++k) {
            const std::uint32_t j = rng.below(n);
            a += num[j], c += den[j];
        }
        const double x = ratio(a, c);
        if (!std::isnan(x)) draws.push_back(x);
    }
    if (draws.size() < 1900) return e;  // averted too often <= 0: no meaningful interval
    std::sort(draws.begin(), draws.end());
    e.lo = draws[static_cast<std::size_t>(0.025 * static_cast<double>(draws.size()))];
    e.hi = draws[static_cast<std::size_t>(0.975 * static_cast<double>(draws.size())) - 1];
    return e;
}

std::vector<ScenarioComparison> compare_scenarios(const ScenarioSpec& baseline, const std::vector<ScenarioSpec>& scenarios,
                                                  const CompareOptions& options) {
    using Clock = std::chrono::steady_clock;
    const auto wall_start = Clock::now();
    const SeoulData seoul = load_seoul(baseline.data_dir);
    const int R = baseline.replicates;
    int days = baseline.days;
    for (const auto& s : scenarios) days = std::max(days, s.days);
    // Everyone runs on the baseline's world and calendar.
    std::vector<ScenarioSpec> all{baseline};
    for (auto s : scenarios) {
        s.agents = baseline.agents, s.scale = baseline.scale, s.seed = baseline.seed;
        s.start_date = baseline.start_date, s.days = days, s.burn_in_days = baseline.burn_in_days, s.replicates = R, s.data_dir = baseline.data_dir;
        all.push_back(std::move(s));
    }
    all[0].days = days;
    const SimulationSetup first = setup_for(all[0], seoul);
    const std::size_t S = all.size();

    std::vector<ScenarioComparison> result(S - 1);
    write_result_file(options.out, [&](h5::File& opened) {
        h5::File* const file = &opened;
        const hid_t root = file->id();
        std::string names;
        for (std::size_t s = 1; s < S; ++s) {
            if (s > 1) names += ',';
            names += all[s].name;
        }
        h5::attribute(root, "program", std::string("lonesim compare"));
        h5::attribute(root, "version", std::string(LONESIM_VERSION));
        h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
        h5::attribute(root, "baseline", all[0].name);
        h5::attribute(root, "scenarios", names);
        h5::attribute(root, "seed", static_cast<std::int64_t>(baseline.seed));
        h5::attribute(root, "replicates", static_cast<std::int64_t>(R));
        h5::attribute(root, "days", static_cast<std::int64_t>(days));
        h5::attribute(root, "start_date", to_string(baseline.start_date));
        h5::attribute(root, "agents", static_cast<std::int64_t>(first.agents));
        h5::attribute(root, "threads", static_cast<std::int64_t>(options.threads));
        h5::attribute(root, "method", std::string(
            "Common random numbers: every scenario runs replicate r with the baseline's seed, population and dates. "
            "Averted = baseline minus scenario, summed over the horizon (person-years = person-days / 365); "
            "unattended deaths averted are of expected_unattended_deaths, each death's chance of lying unfound summed. "
            "95% intervals: mean +- t(0.975, R-1) x SE across replicates; cost per isolated-person-year averted: "
            "ratio of means with a 2,000-resample percentile bootstrap over replicates."));
        {
            h5::File::Column code{"code", {}, {}, {}}, name{"name", {}, {}, {}}, lon{"centroid_lon", {}, {}, {}},
                lat{"centroid_lat", {}, {}, {}};
            for (const auto& d : seoul.districts)
                code.ints.push_back(d.code), name.texts.push_back(d.name), lon.reals.push_back(d.lon), lat.reals.push_back(d.lat);
            file->write_table("/districts", {code, name, lon, lat});
            h5::File::Column label{"label", {}, {}, {}};
            for (const char* l : SeoulData::kAgeBandLabels) label.texts.emplace_back(l);
            file->write_table("/age_bands", {label});
        }

        // Per-replicate outcomes of each scenario against the baseline: [scenario][tally][replicate][cell].
        std::vector<std::array<std::vector<std::vector<double>>, kTallies>> diff(S);
        const auto D = static_cast<hsize_t>(days), Rh = static_cast<hsize_t>(R);
        std::vector<std::vector<h5::Dataset>> series_ds(S);
        std::vector<std::vector<std::vector<h5::Dataset>>> prog_ds(S);
        for (std::size_t s = 0; s < S; ++s) {
            const std::string g = "/scenarios/" + all[s].name;
            for (int k : kSeoulSeries) {
                const auto& info = kMetricInfo[static_cast<std::size_t>(k)];
                h5::Dataset d = file->create(g + "/series/" + info.name, H5T_IEEE_F64LE, {Rh, D}, {1, D}, 4);
                h5::attribute(d.id(), "description", std::string(info.description) + " (all of Seoul)");
                h5::attribute(d.id(), "units", std::string(info.units));
                d.labels({"replicate", "day"});
                series_ds[s].push_back(std::move(d));
            }
            prog_ds[s].resize(all[s].programmes.size());
            for (std::size_t p = 0; p < all[s].programmes.size(); ++p) {
                const auto& ps = all[s].programmes[p];
                for (const auto& info : kProgrammeMetricInfo) {
                    h5::Dataset d = file->create(g + "/programmes/" + ps.name + "/" + info.name, H5T_IEEE_F64LE, {Rh, D}, {1, D}, 4);
                    h5::attribute(d.id(), "description", std::string(info.description));
                    h5::attribute(d.id(), "units", std::string(info.units));
                    d.labels({"replicate", "day"});
                    prog_ds[s][p].push_back(std::move(d));
                }
                const hid_t pg = file->group(g + "/programmes/" + ps.name);
                h5::attribute(pg, "title", ps.title);
                h5::attribute(pg, "mechanism", ps.mechanism);
                h5::attribute(pg, "plan", ps.plan);
            }
            const hid_t sg = file->group(g);
            h5::attribute(sg, "file", all[s].path);
            h5::attribute(sg, "scenario_text", all[s].file_text);
            h5::attribute(sg, "budget_krw", all[s].budget_krw);
            for (auto& t : diff[s]) t.assign(static_cast<std::size_t>(R), std::vector<double>(kCells, 0.0));
        }

        // Which scenarios start from the baseline's burn-in (the replicate does not change this).
        std::vector<char> shares(S);
        for (std::size_t s = 0; s < S; ++s) shares[s] = same_burn_in(first, setup_for(all[s], seoul));
        const std::size_t last_sharer = S - 1 - static_cast<std::size_t>(std::find(shares.rbegin(), shares.rend(), 1) - shares.rbegin());
        const auto burn_ins = static_cast<double>(1 + std::count(shares.begin(), shares.end(), 0));
        const double total_steps = static_cast<double>(R) * (static_cast<double>(S) * days + burn_ins * first.burn_in_days);
        std::atomic<long> step{0};
        std::mutex progress_mutex;
        auto last = Clock::now();
        auto progress = [&](int) {
            const long done_steps = ++step;
            if (!options.progress) return;
            std::lock_guard<std::mutex> lock(progress_mutex);
            const auto now = Clock::now();
            if (now - last < std::chrono::milliseconds(200)) return;
            last = now;
            const double done = static_cast<double>(done_steps) / total_steps;
            const double elapsed = std::chrono::duration<double>(now - wall_start).count();
            std::fprintf(stderr, "\r[%-30.*s] %3.0f%%, %.0fs left   ", static_cast<int>(done * 30),
                         "##############################", done * 100, elapsed * (1 - done) / std::max(done, 1e-9));
            std::fflush(stderr);
        };
        // Replicates run side by side where threads allow (each also parallel inside);
        // results are written afterwards in a fixed order, so the file is the same for
        // any thread count.
        std::vector<std::vector<RunResult>> runs(static_cast<std::size_t>(R), std::vector<RunResult>(S));
        // The burn-in runs once per replicate: every scenario whose world and parameters
        // match the baseline's starts day 0 from the baseline's burned-in state (the same
        // state, bit for bit, as its own burn-in would leave), copied, or taken by the last.
        // Each replicate is isolated: a thread waiting inside one replicate's parallel loops
        // does not start another replicate (and another world in memory).
        auto replicate_run = [&](int r) {
            const auto replicate = static_cast<std::uint32_t>(r);
            auto setup_of = [&](std::size_t s) {
                SimulationSetup setup = setup_for(all[s], seoul);
                setup.replicate = replicate;
                return setup;
            };
            auto burn_in = [&](const SimulationSetup& setup, std::size_t s) {
                try {
                    return Simulation(seoul, setup, options.stop, progress);
                } catch (const Interrupted& e) {
                    throw Interrupted("interrupted in " + all[s].name + ", replicate " + std::to_string(r) + ", " + e.what());
                }
            };
            Simulation burned_in = burn_in(setup_of(0), 0);
            for (std::size_t s = 0; s < S; ++s) {
                const SimulationSetup setup = setup_of(s);
                Simulation sim = !shares[s] ? burn_in(setup, s)
                                 : s == last_sharer ? Simulation(std::move(burned_in), setup)
                                                    : Simulation(burned_in, setup);
                runs[static_cast<std::size_t>(r)][s] = run_one(std::move(sim), all[s], replicate, days, options.stop, progress);
            }
        };
        try {
            tbb::parallel_for(0, R, [&](int r) { tbb::this_task_arena::isolate([&] { replicate_run(r); }); });
        } catch (const Interrupted& e) {
            try {
                h5::attribute(root, "interrupted_at", std::string(e.what()));
            } catch (const std::exception&) {  // the interrupt is what to report
            }
            throw Interrupted(std::string(e.what()) + "; partial file " + options.out + ".partial (marked complete = 0, no results)");
        }
        for (int r = 0; r < R; ++r) {
            const RunResult& base = runs[static_cast<std::size_t>(r)][0];
            for (std::size_t s = 0; s < S; ++s) {
                const RunResult& run = runs[static_cast<std::size_t>(r)][s];
                for (std::size_t k = 0; k < std::size(kSeoulSeries); ++k)
                    series_ds[s][k].write(H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(r), 0}, {1, D}, run.series[k].data());
                for (std::size_t p = 0; p < run.programmes.size(); ++p)
                    for (int q = 0; q < kProgrammeMetricCount; ++q)
                        prog_ds[s][p][static_cast<std::size_t>(q)].write(H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(r), 0}, {1, D},
                                                                       run.programmes[p][static_cast<std::size_t>(q)].data());
                for (int t = 0; t < kTallies; ++t) {
                    const auto& mine = run.cells[static_cast<std::size_t>(t)];
                    auto& out = diff[s][static_cast<std::size_t>(t)][static_cast<std::size_t>(r)];
                    for (int c = 0; c < kCells; ++c) {
                        const auto cc = static_cast<std::size_t>(c);
                        // Averted: baseline minus scenario (spending: the scenario's own).
                        out[cc] = t == kTallySpent ? mine[cc] : (s == 0 ? mine[cc] : base.cells[static_cast<std::size_t>(t)][cc] - mine[cc]);
                    }
                }
            }
        }
        runs.clear();
        if (options.progress) std::fprintf(stderr, "\r%*s\r", 60, "");

        // Estimates: overall, by district, by age band.
        for (std::size_t s = 1; s < S; ++s) {
            auto sums = [&](int tally, auto&& in_group) {
                std::vector<double> v(static_cast<std::size_t>(R), 0.0);
                for (int r = 0; r < R; ++r)
                    for (int c = 0; c < kCells; ++c)
                        if (in_group(c)) v[static_cast<std::size_t>(r)] += diff[s][static_cast<std::size_t>(tally)][static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
                if (tally == kTallyIsolated || tally == kTallyLonely)
                    for (double& x : v) x /= 365.0;  // person-years
                return v;
            };
            auto outcomes = [&](auto&& in_group) {
                std::array<Estimate, kOutcomes> e;
                const auto iso = sums(kTallyIsolated, in_group), cost = sums(kTallySpent, in_group);
                e[0] = estimate(iso);
                e[1] = estimate(sums(kTallyLonely, in_group));
                e[2] = estimate(sums(kTallyReclusive, in_group));
                e[3] = estimate(sums(kTallyUnattended, in_group));
                e[4] = estimate(cost);
                e[5] = ratio_estimate(cost, iso);
                return e;
            };
            const std::string g = "/comparison/" + all[s].name;
            ScenarioComparison& out = result[s - 1];
            out.name = all[s].name;
            out.overall = outcomes([](int) { return true; });
            out.budget_krw = all[s].budget_krw;
            out.simulated_cost = out.overall[4].mean;
            out.population_scale = static_cast<double>(first.agents) / static_cast<double>(seoul.total_households());
            out.days = days;
            h5::File::Column oc{"outcome", {}, {}, {}}, mean{"mean", {}, {}, {}}, lo{"lo95", {}, {}, {}}, hi{"hi95", {}, {}, {}};
            for (int k = 0; k < kOutcomes; ++k) {
                oc.texts.emplace_back(kOutcomeNames[k]);
                mean.reals.push_back(out.overall[static_cast<std::size_t>(k)].mean);
                lo.reals.push_back(out.overall[static_cast<std::size_t>(k)].lo);
                hi.reals.push_back(out.overall[static_cast<std::size_t>(k)].hi);
            }
            file->write_table(g + "/overall", {oc, mean, lo, hi});
            auto grouped = [&](const std::string& path, int groups, auto&& member, const char* label) {
                std::vector<double> values;  // [outcome][group][mean, lo, hi]
                for (int k = 0; k < kOutcomes; ++k)
                    for (int grp = 0; grp < groups; ++grp) {
                        const auto e = outcomes([&](int c) { return member(c) == grp; });
                        values.push_back(e[static_cast<std::size_t>(k)].mean);
                        values.push_back(e[static_cast<std::size_t>(k)].lo);
                        values.push_back(e[static_cast<std::size_t>(k)].hi);
                    }
                h5::Dataset d = file->create(path, H5T_IEEE_F64LE, {kOutcomes, static_cast<hsize_t>(groups), 3},
                                             {kOutcomes, static_cast<hsize_t>(groups), 3}, 0);
                d.write(H5T_NATIVE_DOUBLE, {0, 0, 0}, {kOutcomes, static_cast<hsize_t>(groups), 3}, values.data());
                d.labels({"outcome", label, "estimate"});
                std::string names_csv;
                for (const char* n : kOutcomeNames) {
                    if (!names_csv.empty()) names_csv += ',';
                    names_csv += n;
                }
                h5::attribute(d.id(), "outcomes", names_csv);
                h5::attribute(d.id(), "estimate", std::string("mean,lo95,hi95"));
            };
            grouped(g + "/by_district", kDistricts, [](int c) { return c / kAgeBands; }, "district");
            grouped(g + "/by_age_band", kAgeBands, [](int c) { return c % kAgeBands; }, "age_band");
            const hid_t cg = file->group(g);
            h5::attribute(cg, "budget_krw", out.budget_krw);
            h5::attribute(cg, "budget_source", all[s].budget_source);
            h5::attribute(cg, "simulated_cost_krw", out.simulated_cost);
        }
        h5::attribute(root, "wall_time_s", std::chrono::duration<double>(Clock::now() - wall_start).count());
    });
    return result;
}

}  // namespace lonesim
