#include "app/run_file.hpp"

#include "lonesim_commit.hpp"
#include "models/agents.hpp"
#include "models/parameters.hpp"
#include "models/world.hpp"

namespace lonesim {

void write_reference_tables(h5::File& f, const SeoulData& seoul) {
    h5::File::Column code{"code", {}, {}, {}}, name{"name", {}, {}, {}}, name_ko{"name_ko", {}, {}, {}},
        lon{"centroid_lon", {}, {}, {}}, lat{"centroid_lat", {}, {}, {}},
        households{"single_households", {}, {}, {}};
    for (const auto& d : seoul.districts) {
        code.ints.push_back(d.code), name.texts.push_back(d.name), name_ko.texts.push_back(d.name_ko);
        lon.reals.push_back(d.lon), lat.reals.push_back(d.lat), households.ints.push_back(d.single_households);
    }
    f.write_table("/districts", {code, name, name_ko, lon, lat, households},
                  {{"district"}, "Seoul's 25 districts (gu): code, names, centroid, single-person households (2024)", ""});
    h5::File::Column label{"label", {}, {}, {}}, lo{"min_age", {}, {}, {}}, hi{"max_age", {}, {}, {}};
    for (int b = 0; b < kAgeBands; ++b) {
        label.texts.emplace_back(SeoulData::kAgeBandLabels[static_cast<std::size_t>(b)]);
        lo.ints.push_back(b == 0 ? 0 : 15 + 5 * b);
        hi.ints.push_back(b == kAgeBands - 1 ? 120 : 19 + 5 * b);
    }
    f.write_table("/age_bands", {label, lo, hi}, {{"age_band"}, "The age bands: label, youngest and oldest age", ""});
}

void write_date_coordinate(h5::File& f, int days, Date start) {
    f.coordinate("date", h5::count_from_zero(static_cast<std::size_t>(days)), "date", "days since " + to_string(start));
}

void write_coordinates(h5::File& f, int replicates, int days, Date start, const SeoulData& seoul) {
    f.coordinate("replicate", h5::count_from_zero(static_cast<std::size_t>(replicates)), "replicate (its own random streams)", "1");
    write_date_coordinate(f, days, start);
    std::vector<std::string> district, age_band;
    for (const auto& d : seoul.districts) district.push_back(d.name);
    for (int b = 0; b < kAgeBands; ++b) age_band.emplace_back(SeoulData::kAgeBandLabels[static_cast<std::size_t>(b)]);
    f.coordinate("district", district, "district (gu)");
    f.coordinate("age_band", age_band, "age band (years)");
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
    f.write_vector(g + "/agents/alive", a.alive, {{"agent"}, "alive (1) or dead (0)", "1"});
    f.write_vector(g + "/agents/district", a.district, {{"agent"}, "district, 0-24 in the order of /districts", "1"});
    f.write_vector(g + "/agents/age", a.age, {{"agent"}, "age", "years"});
    f.write_vector(g + "/agents/sex", a.sex, {{"agent"}, "sex (see codes)", "1"});
    f.write_vector(g + "/agents/employment", employment, {{"agent"}, "employment (see codes)", "1"});
    f.write_vector(g + "/agents/income", a.income, {{"agent"}, "income group (see codes)", "1"});
    f.write_vector(g + "/agents/traits", a.traits, {{"agent"}, "traits, bits (see codes)", "1"});
    f.write_vector(g + "/agents/status", status, {{"agent"}, "status (see codes)", "1"});
    f.write_vector(g + "/agents/loneliness", a.loneliness, {{"agent"}, "loneliness L (0-1; UCLA-3 = 3 + 6 L)", "1"});
    f.write_vector(g + "/agents/degree", degree, {{"agent"}, "number of ties", "ties"});
    f.write_vector(g + "/agents/days_since_outing", dso, {{"agent"}, "days since the last outing", "days"});
    f.write_vector(g + "/agents/days_since_contact", dsc, {{"agent"}, "days since the last contact", "days"});
    std::vector<std::uint32_t> ea, eb;
    std::vector<std::uint8_t> type;
    std::vector<float> weight;
    for (std::uint32_t t = 0; t < w.ties.tie_capacity(); ++t)
        if (w.ties.live(t)) {
            ea.push_back(w.ties.end_a(t)), eb.push_back(w.ties.end_b(t));
            type.push_back(w.ties.type(t)), weight.push_back(w.ties.weight(t));
        }
    f.write_vector(g + "/edges/a", ea, {{"tie"}, "one end (an agent's number)", "1"});
    f.write_vector(g + "/edges/b", eb, {{"tie"}, "the other end (an agent's number)", "1"});
    f.write_vector(g + "/edges/type", type, {{"tie"}, "kind of tie (see codes)", "1"});
    f.write_vector(g + "/edges/weight", weight, {{"tie"}, "tie strength (0-1)", "1"});
    const hid_t group = f.group(g);
    h5::attribute(group, "day", static_cast<std::int64_t>(day));
    h5::attribute(group, "codes", std::string("status: 0 connected, 1 lonely, 2 isolated, 3 reclusive; "
                                              "employment: 0 student, 1 employed, 2 unemployed, 3 retired; "
                                              "edges/type: 0 family, 1 friend, 2 neighbour, 3 coworker; "
                                              "traits bits: 1 chronic illness, 2 disability, 4 foreign, 8 app user; "
                                              "sex: 0 female, 1 male; income: 0 low, 1 middle, 2 high"));
    h5::attribute(group, "replicate", std::int64_t{0});
}

void SnapshotRecorder::begin(const Simulation& sim) {
    for (int s : days_)
        if (s == 0) write_snapshot(f_, sim.world(), 0);
}

void SnapshotRecorder::record(const Simulation& sim, int day) {
    for (int s : days_)
        if (s == day + 1 && s != 0) write_snapshot(f_, sim.world(), s);
}

RunFile::RunFile(h5::File& f, const ScenarioSpec& spec, const SimulationSetup& setup, const SeoulData& seoul, int threads)
    : f_(f), days_(static_cast<hsize_t>(spec.days)), degrees_(static_cast<hsize_t>(setup.params.max_ties) + 1) {
    const hid_t root = f.id();
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
    h5::attribute(root, "threads", static_cast<std::int64_t>(threads));
    write_reference_tables(f, seoul);
    write_coordinates(f, spec.replicates, spec.days, spec.start_date, seoul);
    const auto R = static_cast<hsize_t>(spec.replicates);
    create_timeseries(R, days_);
    create_network(R, degrees_);
    create_programmes(spec, R, days_);
}

void RunFile::create_timeseries(hsize_t R, hsize_t D) {
    for (int k = 0; k < kMetricCount; ++k) {
        const MetricInfo& info = kMetricInfo[static_cast<std::size_t>(k)];
        h5::Dataset d = f_.create(std::string("/timeseries/") + info.name, CellSeriesRecorder::real(k) ? H5T_IEEE_F32LE : H5T_STD_I32LE,
                                  {R, D, kDistricts, kAgeBands}, {1, std::min<hsize_t>(D, 366), kDistricts, kAgeBands}, 4);
        h5::attribute(d.id(), "description", std::string(info.description));
        h5::attribute(d.id(), "kind", std::string(info.stock ? "stock" : "flow"));
        d.describe({{"replicate", "date", "district", "age_band"}, info.description, info.units});
        series_.push_back(std::move(d));
    }
}

void RunFile::create_network(hsize_t R, hsize_t K) {
    network_.push_back(f_.create("/network/clustering", H5T_IEEE_F64LE, {R, 2}, {R, 2}, 0));
    network_.push_back(f_.create("/network/mean_degree", H5T_IEEE_F64LE, {R, 2}, {R, 2}, 0));
    network_.push_back(f_.create("/network/ties", H5T_STD_I64LE, {R, 2}, {R, 2}, 0));
    network_.push_back(f_.create("/network/degree_histogram", H5T_STD_I64LE, {R, 2, K}, {R, 2, K}, 0));
    network_[0].describe({{"replicate", "when"}, "clustering coefficient of the tie network", "1"});
    network_[1].describe({{"replicate", "when"}, "mean number of ties of the living", "ties"});
    network_[2].describe({{"replicate", "when"}, "ties in the network", "ties"});
    network_[3].describe({{"replicate", "when", "degree"}, "households with this many ties", "households"});
    f_.coordinate("degree", h5::count_from_zero(K), "number of ties", "ties");
    f_.coordinate("when", std::vector<std::string>{"day 0 (before the first day)", "end of the run"}, "when the network was measured");
    h5::attribute(f_.group("/network"), "when", std::string("0 = day 0 (before the first day), 1 = end of the run"));
}

// /programmes/<name>/<metric> [replicate][day], with the programme's attributes.
void RunFile::create_programmes(const ScenarioSpec& spec, hsize_t R, hsize_t D) {
    programmes_.resize(spec.programmes.size());
    for (std::size_t k = 0; k < spec.programmes.size(); ++k) {
        const ProgrammeSpec& ps = spec.programmes[k];
        const std::string g = "/programmes/" + ps.name;
        for (const auto& info : kProgrammeMetricInfo) {
            h5::Dataset d = f_.create(g + "/" + info.name, H5T_IEEE_F64LE, {R, D}, {1, std::min<hsize_t>(D, 366)}, 4);
            h5::attribute(d.id(), "description", std::string(info.description));
            d.describe({{"replicate", "date"}, info.description, info.units});
            programmes_[k].push_back(std::move(d));
        }
        const hid_t group = f_.group(g);
        h5::attribute(group, "title", ps.title);
        h5::attribute(group, "title_ko", ps.title_ko);
        h5::attribute(group, "mechanism", ps.mechanism);
        h5::attribute(group, "plan", ps.plan);
        h5::attribute(group, "file", ps.file);
        h5::attribute(group, "start", to_string(ps.start));
        h5::attribute(group, "end", to_string(ps.end));
    }
}

void RunFile::write_network(int r, const NetworkStats& ns, hsize_t when) {
    const double c = ns.clustering, m = ns.mean_degree;
    const auto t = static_cast<std::int64_t>(ns.ties);
    const auto rh = static_cast<hsize_t>(r);
    network_[0].write(H5T_NATIVE_DOUBLE, {rh, when}, {1, 1}, &c);
    network_[1].write(H5T_NATIVE_DOUBLE, {rh, when}, {1, 1}, &m);
    network_[2].write(H5T_NATIVE_INT64, {rh, when}, {1, 1}, &t);
    std::vector<std::int64_t> h(ns.degree_histogram.begin(), ns.degree_histogram.end());
    network_[3].write(H5T_NATIVE_INT64, {rh, when, 0}, {1, 1, degrees_}, h.data());
}

void RunFile::write_replicate(int r, const CellSeriesRecorder& cells, const ProgrammeSeriesRecorder& programmes,
                              const std::vector<PolicyChange>& policy_log) {
    const auto rh = static_cast<hsize_t>(r);
    for (std::size_t k = 0; k < programmes_.size(); ++k)
        for (int q = 0; q < kProgrammeMetricCount; ++q)
            programmes_[k][static_cast<std::size_t>(q)].write(H5T_NATIVE_DOUBLE, {rh, 0}, {1, days_}, programmes.series(k, q).data());
    for (const PolicyChange& c : policy_log) {
        log_rep_.ints.push_back(r), log_day_.ints.push_back(c.day), log_name_.texts.push_back(c.programme);
        log_on_.ints.push_back(c.enabled), log_year_.reals.push_back(c.capacity.per_year), log_conc_.reals.push_back(c.capacity.concurrent);
    }
    for (int k = 0; k < kMetricCount; ++k) {
        const std::vector<hsize_t> offset{rh, 0, 0, 0}, count{1, days_, kDistricts, kAgeBands};
        if (CellSeriesRecorder::real(k)) series_[static_cast<std::size_t>(k)].write(H5T_NATIVE_FLOAT, offset, count, cells.reals(k).data());
        else series_[static_cast<std::size_t>(k)].write(H5T_NATIVE_INT32, offset, count, cells.counts(k).data());
    }
    f_.flush();
}

void RunFile::finish(double wall_seconds) {
    if (!log_day_.ints.empty())
        f_.write_table("/policy_changes", {log_rep_, log_day_, log_name_, log_on_, log_year_, log_conc_},
                       {{"change"}, "Policy changes during the run: replicate, day, programme, on, capacity per year and at once", ""});
    h5::attribute(f_.id(), "wall_time_s", wall_seconds);
}

void RunFile::mark_interrupted(const std::string& where) { h5::attribute(f_.id(), "interrupted_at", where); }

}  // namespace lonesim
