#include "app/compare_file.hpp"

#include "app/run_file.hpp"
#include "lonesim_commit.hpp"

namespace lonesim {
namespace {

void write_root(h5::File& f, const std::vector<ScenarioSpec>& all, std::int64_t agents, int days, int threads) {
    const hid_t root = f.id();
    std::string names;
    for (std::size_t s = 1; s < all.size(); ++s) {
        if (s > 1) names += ',';
        names += all[s].name;
    }
    h5::attribute(root, "program", std::string("lonesim compare"));
    h5::attribute(root, "version", std::string(LONESIM_VERSION));
    h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
    h5::attribute(root, "baseline", all[0].name);
    h5::attribute(root, "scenarios", names);
    h5::attribute(root, "seed", static_cast<std::int64_t>(all[0].seed));
    h5::attribute(root, "replicates", static_cast<std::int64_t>(all[0].replicates));
    h5::attribute(root, "days", static_cast<std::int64_t>(days));
    h5::attribute(root, "start_date", to_string(all[0].start_date));
    h5::attribute(root, "agents", agents);
    h5::attribute(root, "threads", static_cast<std::int64_t>(threads));
    h5::attribute(root, "method", std::string(
        "Common random numbers: every scenario runs replicate r with the baseline's seed, population and dates. "
        "Averted = baseline minus scenario, summed over the horizon (person-years = person-days / 365); "
        "unattended deaths averted are of expected_unattended_deaths, each death's chance of lying unfound summed. "
        "95% intervals: mean +- t(0.975, R-1) x SE across replicates; cost per isolated-person-year averted: "
        "ratio of means with a 2,000-resample percentile bootstrap over replicates."));
}

}  // namespace

CompareFile::CompareFile(h5::File& f, const std::vector<ScenarioSpec>& all, const SeoulData& seoul, std::int64_t agents, int days,
                         int threads)
    : f_(f), days_(static_cast<hsize_t>(days)), series_(all.size()), districts_(all.size()), programmes_(all.size()) {
    write_root(f, all, agents, days, threads);
    write_reference_tables(f, seoul);  // as a run file's: names in English and Korean, households
    write_coordinates(f, all[0].replicates, days, all[0].start_date, seoul);
    f.coordinate("outcome", std::vector<std::string>(std::begin(kOutcomeNames), std::end(kOutcomeNames)), "outcome (its unit in its name)");
    f.coordinate("estimate", std::vector<std::string>{"mean", "lo95", "hi95"}, "mean and 95% interval");
    const auto R = static_cast<hsize_t>(all[0].replicates), D = days_;
    for (std::size_t s = 0; s < all.size(); ++s) {
        const std::string g = "/scenarios/" + all[s].name;
        for (int k : kSeoulSeries) {
            const auto& info = kMetricInfo[static_cast<std::size_t>(k)];
            h5::Dataset d = f.create(g + "/series/" + info.name, H5T_IEEE_F64LE, {R, D}, {1, D}, 4);
            const std::string what = std::string(info.description) + " (the simulated world, all districts)";
            h5::attribute(d.id(), "description", what);
            d.describe({{"replicate", "date"}, what, info.units});
            series_[s].push_back(std::move(d));
        }
        // Each district by day, for the visualizer's replay of the map (lonesim-viz --replay).
        for (int k : DistrictSeriesRecorder::kSeries) {
            const auto& info = kMetricInfo[static_cast<std::size_t>(k)];
            h5::Dataset d = f.create(g + "/districts/" + info.name, H5T_IEEE_F32LE, {R, D, kDistricts}, {1, D, kDistricts}, 4);
            const std::string what = std::string(info.description) + (info.mean ? " (mean over the district's living)" : " (the district's, in the simulated world)");
            h5::attribute(d.id(), "description", what);
            d.describe({{"replicate", "date", "district"}, what, info.units});
            districts_[s].push_back(std::move(d));
        }
        programmes_[s].resize(all[s].programmes.size());
        for (std::size_t p = 0; p < all[s].programmes.size(); ++p) {
            const auto& ps = all[s].programmes[p];
            for (const auto& info : kProgrammeMetricInfo) {
                h5::Dataset d = f.create(g + "/programmes/" + ps.name + "/" + info.name, H5T_IEEE_F64LE, {R, D}, {1, D}, 4);
                h5::attribute(d.id(), "description", std::string(info.description));
                d.describe({{"replicate", "date"}, info.description, info.units});
                programmes_[s][p].push_back(std::move(d));
            }
            const hid_t pg = f.group(g + "/programmes/" + ps.name);
            h5::attribute(pg, "title", ps.title);
            h5::attribute(pg, "title_ko", ps.title_ko);
            h5::attribute(pg, "mechanism", ps.mechanism);
            h5::attribute(pg, "plan", ps.plan);
            h5::attribute(pg, "capacity_per_year", ps.capacity.per_year);  // the city's (0: no limit)
            h5::attribute(pg, "capacity_concurrent", ps.capacity.concurrent);
        }
        const hid_t sg = f.group(g);
        h5::attribute(sg, "file", all[s].path);
        h5::attribute(sg, "title", all[s].title.empty() ? all[s].name : all[s].title);
        h5::attribute(sg, "title_ko", all[s].title_ko);
        h5::attribute(sg, "scenario_text", all[s].file_text);
        h5::attribute(sg, "budget_krw", all[s].budget_krw);
    }
}

void CompareFile::write_run(std::size_t s, int r, const SeoulSeriesRecorder& series, const DistrictSeriesRecorder& districts,
                            const ProgrammeSeriesRecorder& programmes) {
    const auto rh = static_cast<hsize_t>(r);
    for (std::size_t k = 0; k < series_[s].size(); ++k) series_[s][k].write(H5T_NATIVE_DOUBLE, {rh, 0}, {1, days_}, series.series()[k].data());
    for (std::size_t k = 0; k < districts_[s].size(); ++k)
        districts_[s][k].write(H5T_NATIVE_FLOAT, {rh, 0, 0}, {1, days_, kDistricts}, districts.series()[k].data());
    for (std::size_t p = 0; p < programmes_[s].size(); ++p)
        for (int q = 0; q < kProgrammeMetricCount; ++q)
            programmes_[s][p][static_cast<std::size_t>(q)].write(H5T_NATIVE_DOUBLE, {rh, 0}, {1, days_}, programmes.series(p, q).data());
}

Outcomes at_city_scale(const Outcomes& world, double world_share) {
    Outcomes city = world;
    for (int k = 0; k < kOutcomes; ++k) {
        if (k == kCostPerIsolatedPersonYear) continue;  // a ratio of two scaled sums
        Estimate& e = city[static_cast<std::size_t>(k)];
        e.mean /= world_share, e.lo /= world_share, e.hi /= world_share;
    }
    return city;
}

void CompareFile::write_comparison(const ScenarioSpec& scenario, const ScenarioComparison& out, const std::vector<Outcomes>& by_district,
                                   const std::vector<Outcomes>& by_age_band) {
    const std::string g = "/comparison/" + scenario.name;
    const double share = out.population_scale;
    const auto overall = [&](const std::string& path, const Outcomes& o, const char* scale) {
        h5::File::Column oc{"outcome", {}, {}, {}}, mean{"mean", {}, {}, {}}, lo{"lo95", {}, {}, {}}, hi{"hi95", {}, {}, {}};
        for (int k = 0; k < kOutcomes; ++k) {
            const Estimate& e = o[static_cast<std::size_t>(k)];
            oc.texts.emplace_back(kOutcomeNames[k]);
            mean.reals.push_back(e.mean), lo.reals.push_back(e.lo), hi.reals.push_back(e.hi);
        }
        f_.write_table(path, {oc, mean, lo, hi}, {{"outcome"}, std::string("Outcomes against the baseline, mean and 95% interval, ") + scale, ""});
    };
    const auto city = [&](const std::vector<Outcomes>& groups) {
        std::vector<Outcomes> c;
        for (const auto& o : groups) c.push_back(at_city_scale(o, share));
        return c;
    };
    // Seoul's scale: the world's counts and costs over its share of Seoul's single-person
    // households; the simulated world's own figures as *_world.
    overall(g + "/overall", at_city_scale(out.overall, share), "at Seoul's scale");
    write_grouped(g + "/by_district", city(by_district), "district", "all of Seoul");
    write_grouped(g + "/by_age_band", city(by_age_band), "age_band", "all of Seoul");
    overall(g + "/overall_world", out.overall, "in the simulated world");
    write_grouped(g + "/by_district_world", by_district, "district", "the simulated world");
    write_grouped(g + "/by_age_band_world", by_age_band, "age_band", "the simulated world");
    const hid_t cg = f_.group(g);
    h5::attribute(cg, "world_share", share);
    h5::attribute(cg, "scale", std::string("overall, by_district and by_age_band are at Seoul's scale (the world's counts and costs / world_share); "
                                           "*_world are the simulated world's own"));
    h5::attribute(cg, "budget_krw", out.budget_krw);
    h5::attribute(cg, "budget_source", scenario.budget_source);
    h5::attribute(cg, "simulated_cost_krw", out.simulated_cost);
}

// [outcome][group][mean, lo95, hi95].
void CompareFile::write_grouped(const std::string& path, const std::vector<Outcomes>& groups, const char* label, const char* scale) {
    const auto G = static_cast<hsize_t>(groups.size());
    std::vector<double> values;
    for (int k = 0; k < kOutcomes; ++k)
        for (const Outcomes& e : groups) {
            values.push_back(e[static_cast<std::size_t>(k)].mean);
            values.push_back(e[static_cast<std::size_t>(k)].lo);
            values.push_back(e[static_cast<std::size_t>(k)].hi);
        }
    h5::Dataset d = f_.create(path, H5T_IEEE_F64LE, {kOutcomes, G, 3}, {kOutcomes, G, 3}, 0);
    d.write(H5T_NATIVE_DOUBLE, {0, 0, 0}, {kOutcomes, G, 3}, values.data());
    d.describe({{"outcome", label, "estimate"}, std::string("Outcomes against the baseline by ") + (label == std::string("district") ? "district" : "age band") + ", mean and 95% interval, " + scale,
                "as the outcome's name says (person-years, episodes, deaths, KRW, KRW per person-year)"});
    std::string names_csv;
    for (const char* n : kOutcomeNames) {
        if (!names_csv.empty()) names_csv += ',';
        names_csv += n;
    }
    h5::attribute(d.id(), "outcomes", names_csv);
    h5::attribute(d.id(), "estimate", std::string("mean,lo95,hi95"));
    h5::attribute(d.id(), "scale", std::string(scale));
}

void CompareFile::mark_interrupted(const std::string& where) { h5::attribute(f_.id(), "interrupted_at", where); }

void CompareFile::finish(double wall_seconds) { h5::attribute(f_.id(), "wall_time_s", wall_seconds); }

}  // namespace lonesim
