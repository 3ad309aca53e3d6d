#include "app/run.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/seoul_tables.hpp"
#include "lonesim_commit.hpp"
#include "models/agents.hpp"
#include "models/parameters.hpp"
#include "models/simulation.hpp"
#include "models/programmes/programme.hpp"
#include "models/world.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"
#include "sim/result_file.hpp"

namespace lonesim {
namespace fs = std::filesystem;
namespace {

// Counts are written as 32-bit integers; means and fractional sums as 32-bit reals.
bool written_as_real(int metric) {
    const MetricInfo& m = kMetricInfo[static_cast<std::size_t>(metric)];
    return m.mean || m.fractional;
}

using Clock = std::chrono::steady_clock;

class ProgressBar {
public:
    explicit ProgressBar(bool on) : on_(on), start_(Clock::now()) {}
    void update(double done, const std::string& label) {
        if (!on_) return;
        const auto now = Clock::now();
        if (now - last_ < std::chrono::milliseconds(200) && done < 1.0) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double left = done > 0 ? elapsed * (1.0 - done) / done : 0;
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(done * kWidth);
        std::fprintf(stderr, "\r[%.*s%*s] %3.0f%% %s, %s left   ", filled, "##############################",
                     kWidth - filled, "", done * 100, label.c_str(), duration(left).c_str());
        std::fflush(stderr);
    }
    void finish() {
        if (on_) std::fprintf(stderr, "\r%*s\r", 90, "");
    }
    static std::string duration(double s) {
        char buf[32];
        if (s < 60) std::snprintf(buf, sizeof buf, "%.0fs", s);
        else if (s < 3600) std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
        else std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
        return buf;
    }

private:
    bool on_;
    Clock::time_point start_, last_{};
};

StatusShares shares(const DayMetrics& m) {
    const double alive = std::max<double>(1, static_cast<double>(m.total(kAlive)));
    return {m.total(kConnected) / alive, m.total(kLonely) / alive, m.total(kIsolated) / alive,
            m.total(kReclusive) / alive, m.total(kNoOneToTurnTo) / alive,
            m.seoul_mean(kMeanLoneliness), m.seoul_mean(kMeanDegree)};
}

void accumulate(StatusShares& sum, const StatusShares& s, double weight) {
    sum.connected += s.connected * weight, sum.lonely += s.lonely * weight, sum.isolated += s.isolated * weight;
    sum.reclusive += s.reclusive * weight, sum.no_one_to_turn_to += s.no_one_to_turn_to * weight;
    sum.mean_loneliness += s.mean_loneliness * weight, sum.mean_degree += s.mean_degree * weight;
}

void write_reference_tables(h5::File& f, const SeoulData& seoul) {
    h5::File::Column code{"code", {}, {}, {}}, name{"name", {}, {}, {}}, name_ko{"name_ko", {}, {}, {}},
        lon{"centroid_lon", {}, {}, {}}, lat{"centroid_lat", {}, {}, {}},
        households{"single_households", {}, {}, {}};
    for (const auto& d : seoul.districts) {
        code.ints.push_back(d.code), name.texts.push_back(d.name), name_ko.texts.push_back(d.name_ko);
        lon.reals.push_back(d.lon), lat.reals.push_back(d.lat), households.ints.push_back(d.single_households);
    }
    f.write_table("/districts", {code, name, name_ko, lon, lat, households});
    h5::File::Column label{"label", {}, {}, {}}, lo{"min_age", {}, {}, {}}, hi{"max_age", {}, {}, {}};
    for (int b = 0; b < kAgeBands; ++b) {
        label.texts.emplace_back(SeoulData::kAgeBandLabels[static_cast<std::size_t>(b)]);
        lo.ints.push_back(b == 0 ? 0 : 15 + 5 * b);
        hi.ints.push_back(b == kAgeBands - 1 ? 120 : 19 + 5 * b);
    }
    f.write_table("/age_bands", {label, lo, hi});
}

void write_snapshot(h5::File& f, const World& w, int day) {
    const std::string g = "/snapshots/day_" + std::to_string(day);
    const Agents& a = w.agents;
    const std::uint32_t n = a.size();
    std::vector<std::uint16_t> degree(n), dso(a.days_since_outing), dsc(a.days_since_contact);
    std::vector<std::uint8_t> status(n), employment(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        degree[i] = static_cast<std::uint16_t>(w.ties.degree(i));
        status[i] = static_cast<std::uint8_t>(a.status[i]);
        employment[i] = static_cast<std::uint8_t>(a.employment[i]);
    }
    f.write_vector(g + "/agents/alive", a.alive);
    f.write_vector(g + "/agents/district", a.district);
    f.write_vector(g + "/agents/age", a.age);
    f.write_vector(g + "/agents/sex", a.sex);
    f.write_vector(g + "/agents/employment", employment);
    f.write_vector(g + "/agents/income", a.income);
    f.write_vector(g + "/agents/traits", a.traits);
    f.write_vector(g + "/agents/status", status);
    f.write_vector(g + "/agents/loneliness", a.loneliness);
    f.write_vector(g + "/agents/degree", degree);
    f.write_vector(g + "/agents/days_since_outing", dso);
    f.write_vector(g + "/agents/days_since_contact", dsc);
    std::vector<std::uint32_t> ea, eb;
    std::vector<std::uint8_t> type;
    std::vector<float> weight;
    for (std::uint32_t t = 0; t < w.ties.tie_capacity(); ++t)
        if (w.ties.live(t)) {
            ea.push_back(w.ties.end_a(t)), eb.push_back(w.ties.end_b(t));
            type.push_back(w.ties.type(t)), weight.push_back(w.ties.weight(t));
        }
    f.write_vector(g + "/edges/a", ea);
    f.write_vector(g + "/edges/b", eb);
    f.write_vector(g + "/edges/type", type);
    f.write_vector(g + "/edges/weight", weight);
    const hid_t group = f.group(g);
    h5::attribute(group, "day", static_cast<std::int64_t>(day));
    h5::attribute(group, "codes", std::string("status: 0 connected, 1 lonely, 2 isolated, 3 reclusive; "
                                              "employment: 0 student, 1 employed, 2 unemployed, 3 retired; "
                                              "edges/type: 0 family, 1 friend, 2 neighbour, 3 coworker; "
                                              "traits bits: 1 chronic illness, 2 disability, 4 foreign, 8 app user; "
                                              "sex: 0 female, 1 male; income: 0 low, 1 middle, 2 high"));
    h5::attribute(group, "replicate", std::int64_t{0});
}

}  // namespace

RunSummary run_scenario(const ScenarioSpec& spec, const RunOptions& options) {
    const auto wall_start = Clock::now();
    const SeoulData seoul = load_seoul(spec.data_dir);
    SimulationSetup setup = setup_for(spec, seoul);

    RunSummary summary;
    summary.out = options.out;
    summary.agents = setup.agents;
    summary.days = spec.days;
    summary.replicates = spec.replicates;

    const auto R = static_cast<hsize_t>(spec.replicates), D = static_cast<hsize_t>(spec.days);
    write_result_file(options.out, [&](h5::File& opened) {
        h5::File* const file = &opened;
        const hid_t root = file->id();
        h5::attribute(root, "program", std::string("lonesim"));
        h5::attribute(root, "version", std::string(LONESIM_VERSION));
        h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
        h5::attribute(root, "scenario_name", spec.name);
        h5::attribute(root, "scenario_file", spec.path);
        h5::attribute(root, "scenario_text", spec.file_text);
        h5::attribute(root, "resolved_scenario", spec.to_toml(parameter_table()));
        h5::attribute(root, "seed", static_cast<std::int64_t>(spec.seed));
        h5::attribute(root, "replicates", static_cast<std::int64_t>(spec.replicates));
        h5::attribute(root, "start_date", to_string(spec.start_date));
        h5::attribute(root, "days", static_cast<std::int64_t>(spec.days));
        h5::attribute(root, "burn_in_days", static_cast<std::int64_t>(spec.burn_in_days));
        h5::attribute(root, "agents", static_cast<std::int64_t>(setup.agents));
        h5::attribute(root, "threads", static_cast<std::int64_t>(options.threads));
        write_reference_tables(*file, seoul);

        std::vector<h5::Dataset> series;
        for (int k = 0; k < kMetricCount; ++k) {
            const MetricInfo& info = kMetricInfo[static_cast<std::size_t>(k)];
            h5::Dataset d = file->create(std::string("/timeseries/") + info.name,
                                         written_as_real(k) ? H5T_IEEE_F32LE : H5T_STD_I32LE, {R, D, kDistricts, kAgeBands},
                                         {1, std::min<hsize_t>(D, 366), kDistricts, kAgeBands}, 4);
            h5::attribute(d.id(), "description", std::string(info.description));
            h5::attribute(d.id(), "units", std::string(info.units));
            h5::attribute(d.id(), "kind", std::string(info.stock ? "stock" : "flow"));
            d.labels({"replicate", "day", "district", "age_band"});
            series.push_back(std::move(d));
        }
        h5::Dataset clustering = file->create("/network/clustering", H5T_IEEE_F64LE, {R, 2}, {R, 2}, 0);
        h5::Dataset degree = file->create("/network/mean_degree", H5T_IEEE_F64LE, {R, 2}, {R, 2}, 0);
        h5::Dataset ties = file->create("/network/ties", H5T_STD_I64LE, {R, 2}, {R, 2}, 0);
        const auto K = static_cast<hsize_t>(setup.params.max_ties) + 1;
        h5::Dataset histogram = file->create("/network/degree_histogram", H5T_STD_I64LE, {R, 2, K}, {R, 2, K}, 0);
        for (h5::Dataset* d : {&clustering, &degree, &ties}) d->labels({"replicate", "when"});
        histogram.labels({"replicate", "when", "degree"});
        h5::attribute(file->group("/network"), "when", std::string("0 = day 0 (before the first day), 1 = end of the run"));

        // Programmes: /programmes/<name>/<metric> [replicate][day], and the policy log.
        const std::size_t P = spec.programmes.size();
        std::vector<std::vector<h5::Dataset>> programme_series(P);
        for (std::size_t k = 0; k < P; ++k) {
            const ProgrammeSpec& ps = spec.programmes[k];
            const std::string g = "/programmes/" + ps.name;
            for (const auto& info : kProgrammeMetricInfo) {
                h5::Dataset d = file->create(g + "/" + info.name, H5T_IEEE_F64LE, {R, D}, {1, std::min<hsize_t>(D, 366)}, 4);
                h5::attribute(d.id(), "description", std::string(info.description));
                h5::attribute(d.id(), "units", std::string(info.units));
                d.labels({"replicate", "day"});
                programme_series[k].push_back(std::move(d));
            }
            const hid_t group = file->group(g);
            h5::attribute(group, "title", ps.title);
            h5::attribute(group, "mechanism", ps.mechanism);
            h5::attribute(group, "plan", ps.plan);
            h5::attribute(group, "file", ps.file);
            h5::attribute(group, "start", to_string(ps.start));
            h5::attribute(group, "end", to_string(ps.end));
        }
        std::vector<std::vector<double>> programme_buf(P * kProgrammeMetricCount, std::vector<double>(D, 0.0));
        h5::File::Column log_rep{"replicate", {}, {}, {}}, log_day{"day", {}, {}, {}}, log_name{"programme", {}, {}, {}},
            log_on{"enabled", {}, {}, {}}, log_year{"capacity_per_year", {}, {}, {}}, log_conc{"capacity_concurrent", {}, {}, {}};

        ProgressBar bar(options.progress);
        const double steps_per_replicate = spec.burn_in_days + spec.days;  // what the bar counts
        std::vector<std::vector<std::int32_t>> count_buf(kMetricCount);
        std::vector<std::vector<float>> mean_buf(kMetricCount);
        for (int k = 0; k < kMetricCount; ++k) {
            if (written_as_real(k)) mean_buf[static_cast<std::size_t>(k)].resize(D * kCells);
            else count_buf[static_cast<std::size_t>(k)].resize(D * kCells);
        }
        double deaths = 0, unattended = 0, expected_unattended = 0;
        for (int r = 0; r < spec.replicates; ++r) {
            setup.replicate = static_cast<std::uint32_t>(r);
            auto interrupted = [&](const std::string& where) {
                bar.finish();
                h5::attribute(root, "interrupted_at", "replicate " + std::to_string(r) + ", " + where);
                return Interrupted("interrupted at replicate " + std::to_string(r) + ", " + where + "; partial results in " + options.out +
                                   ".partial (marked complete = 0)");
            };
            const auto progress = [&](int days_in, const std::string& label) {
                bar.update((r + days_in / steps_per_replicate) / spec.replicates,
                           label + ", replicate " + std::to_string(r + 1) + "/" + std::to_string(spec.replicates));
            };
            Simulation sim = [&] {
                try {
                    return Simulation(seoul, setup, options.stop, [&](int d) {
                        const int done = spec.burn_in_days + d + 1;
                        progress(done, "burn-in day " + std::to_string(done) + "/" + std::to_string(spec.burn_in_days));
                    });
                } catch (const Interrupted& e) {
                    throw interrupted(e.what());
                }
            }();
            auto write_network = [&](const NetworkStats& ns, hsize_t when) {
                const double c = ns.clustering, m = ns.mean_degree;
                const auto t = static_cast<std::int64_t>(ns.ties);
                clustering.write(H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(r), when}, {1, 1}, &c);
                degree.write(H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(r), when}, {1, 1}, &m);
                ties.write(H5T_NATIVE_INT64, {static_cast<hsize_t>(r), when}, {1, 1}, &t);
                std::vector<std::int64_t> h(ns.degree_histogram.begin(), ns.degree_histogram.end());
                histogram.write(H5T_NATIVE_INT64, {static_cast<hsize_t>(r), when, 0}, {1, 1, K}, h.data());
                if (when == 0) summary.clustering_start += ns.clustering / spec.replicates;
                else summary.clustering_end += ns.clustering / spec.replicates;
                if (when == 1 && r == 0) summary.degree_histogram = ns.degree_histogram;
            };
            write_network(sim.network(), 0);
            if (r == 0)
                for (int s : spec.snapshot_days)
                    if (s == 0) write_snapshot(*file, sim.world(), 0);
            for (int day = 0; day < spec.days; ++day) {
                if (options.stop && options.stop->load()) throw interrupted("day " + std::to_string(day));
                sim.step();
                const DayMetrics& m = sim.metrics();
                for (int k = 0; k < kMetricCount; ++k)
                    for (int c = 0; c < kCells; ++c) {
                        const std::size_t at = static_cast<std::size_t>(day) * kCells + static_cast<std::size_t>(c);
                        if (written_as_real(k)) mean_buf[static_cast<std::size_t>(k)][at] = static_cast<float>(m.value(k, c));
                        else count_buf[static_cast<std::size_t>(k)][at] = static_cast<std::int32_t>(m.cell[static_cast<std::size_t>(k)][static_cast<std::size_t>(c)]);
                    }
                for (std::size_t k = 0; k < P; ++k)
                    for (int q = 0; q < kProgrammeMetricCount; ++q)
                        programme_buf[k * kProgrammeMetricCount + static_cast<std::size_t>(q)][static_cast<std::size_t>(day)] =
                            sim.world().programmes[k]->today[static_cast<std::size_t>(q)];
                deaths += static_cast<double>(m.total(kDeaths));
                unattended += static_cast<double>(m.total(kUnattendedDeaths));
                expected_unattended += m.seoul_value(kExpectedUnattendedDeaths);
                if (day == 0) accumulate(summary.start, shares(m), 1.0 / spec.replicates);
                if (day == spec.days - 1) accumulate(summary.end, shares(m), 1.0 / spec.replicates);
                if (r == 0)
                    for (int s : spec.snapshot_days)
                        if (s == day + 1 && s != 0) write_snapshot(*file, sim.world(), s);
                progress(spec.burn_in_days + day + 1, "day " + std::to_string(day + 1) + "/" + std::to_string(spec.days));
            }
            write_network(sim.network(), 1);
            for (std::size_t k = 0; k < P; ++k)
                for (int q = 0; q < kProgrammeMetricCount; ++q)
                    programme_series[k][static_cast<std::size_t>(q)].write(H5T_NATIVE_DOUBLE, {static_cast<hsize_t>(r), 0}, {1, D},
                                                                          programme_buf[k * kProgrammeMetricCount + static_cast<std::size_t>(q)].data());
            for (const PolicyChange& c : sim.policy_log()) {
                log_rep.ints.push_back(r), log_day.ints.push_back(c.day), log_name.texts.push_back(c.programme);
                log_on.ints.push_back(c.enabled), log_year.reals.push_back(c.per_year), log_conc.reals.push_back(c.concurrent);
            }
            for (int k = 0; k < kMetricCount; ++k) {
                const std::vector<hsize_t> offset{static_cast<hsize_t>(r), 0, 0, 0}, count{1, D, kDistricts, kAgeBands};
                if (written_as_real(k)) series[static_cast<std::size_t>(k)].write(H5T_NATIVE_FLOAT, offset, count, mean_buf[static_cast<std::size_t>(k)].data());
                else series[static_cast<std::size_t>(k)].write(H5T_NATIVE_INT32, offset, count, count_buf[static_cast<std::size_t>(k)].data());
            }
            file->flush();
        }
        bar.finish();
        if (!log_day.ints.empty()) {
            file->write_table("/policy_changes", {log_rep, log_day, log_name, log_on, log_year, log_conc});
        }
        const double years = spec.days / 365.0 * spec.replicates;
        summary.deaths_per_year = deaths / years;
        summary.unattended_per_year = unattended / years;
        summary.expected_unattended_per_year = expected_unattended / years;
        summary.wall_seconds = std::chrono::duration<double>(Clock::now() - wall_start).count();
        // Every simulated day counts, the burn-in's too.
        summary.agent_days_per_second =
            static_cast<double>(setup.agents) * (spec.burn_in_days + spec.days) * spec.replicates / summary.wall_seconds;
        h5::attribute(root, "wall_time_s", summary.wall_seconds);
    });
    return summary;
}

}  // namespace lonesim
