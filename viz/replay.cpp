#include "viz/replay.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "models/metrics.hpp"
#include "models/outcomes.hpp"
#include "models/programmes/programme.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/input_error.hpp"
#include "sim/toml_reader.hpp"
#include "viz/sim_runner.hpp"

namespace lonesim::viz {

namespace {

constexpr float kNoValue = std::numeric_limits<float>::quiet_NaN();

// The series of the charts, from the metrics they are counted from (region_day's order).
constexpr int kCounted[kSeriesCount] = {lonesim::kConnected,   lonesim::kLonely,         lonesim::kIsolated,      lonesim::kReclusive,
                                        lonesim::kFeelsLonely, lonesim::kNoOneToTurnTo, lonesim::kMeanLoneliness};

// A scenario's title for people, from the file as written (its [scenario] title and title_ko).
ReplayTitles titles_of(const std::string& scenario_text, const std::string& name) {
    ReplayTitles t{name, ""};
    try {
        const toml::value v = parse_toml_text(scenario_text, "scenario_text");
        const auto& s = v.at("scenario");
        if (s.contains("title") && s.at("title").is_string()) t.en = s.at("title").as_string();
        if (s.contains("title_ko") && s.at("title_ko").is_string()) t.ko = s.at("title_ko").as_string();
    } catch (const std::exception&) {
        // an old file's text: the name will do
    }
    return t;
}

// How many people of Seoul one agent stands for: from the scenario's scale, or its agents
// against Seoul's single-person households.
double to_city_of(const h5::InFile& f, const SeoulData& seoul, std::int64_t agents) {
    try {
        const toml::value v = parse_toml_text(f.string_attribute("resolved_scenario"), "resolved_scenario");
        const auto& p = v.at("population");
        if (p.contains("scale")) return city_factor(toml::get<double>(p.at("scale")));
    } catch (const std::exception&) {
    }
    return static_cast<double>(seoul.total_households()) / static_cast<double>(std::max<std::int64_t>(agents, 1));
}

// One replicate's rows of a [replicate][date...] array, flattened; its shape checked
// before anything is read (a file may declare a huge array it does not hold).
std::vector<double> replicate_of(const h5::InFile& f, const std::string& dataset, int r, std::size_t per_replicate) {
    const auto shape = f.shape(dataset);
    std::size_t rest = 1;
    for (std::size_t k = 1; k < shape.size(); ++k) rest *= static_cast<std::size_t>(shape[k]);
    if (shape.empty() || rest != per_replicate || shape[0] <= static_cast<hsize_t>(r) || shape[0] > 100000)
        throw h5::H5Error(dataset + " does not have the file's replicates and days");
    std::vector<double> all = f.doubles(dataset);
    const std::size_t from = static_cast<std::size_t>(r) * per_replicate;
    if (all.size() < from + per_replicate) throw h5::H5Error(dataset + " is shorter than its replicates and days");
    return {all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(from + per_replicate)};
}

// The programmes of a group (a run file's /programmes, a comparison's scenario's).
std::vector<ProgrammeControl> programmes_in(const h5::InFile& f, const std::string& group) {
    std::vector<ProgrammeControl> out;
    if (!f.exists(group)) return out;
    for (const auto& name : f.children(group)) {
        const std::string g = group + "/" + name;
        ProgrammeControl p;
        p.name = name;
        p.title = f.string_attribute(g, "title");
        p.title_ko = f.string_attribute(g, "title_ko");
        p.mechanism = f.string_attribute(g, "mechanism");
        out.push_back(p);
    }
    return out;
}

// The programmes' days at city scale, into days[d].programmes.
void read_programmes(const h5::InFile& f, const std::string& group, const std::vector<ProgrammeControl>& programmes, int r, double to_city,
                     std::vector<DayRecord>& days) {
    const std::size_t D = days.size();
    for (const auto& p : programmes) {
        const std::string g = group + "/" + p.name + "/";
        const auto active = replicate_of(f, g + "active", r, D), waiting = replicate_of(f, g + "waiting", r, D),
                   enrolled = replicate_of(f, g + "enrolled", r, D), cost = replicate_of(f, g + "cost", r, D);
        for (std::size_t d = 0; d < D; ++d)
            days[d].programmes.push_back({static_cast<float>(active[d] * to_city), static_cast<float>(waiting[d] * to_city),
                                          static_cast<float>(enrolled[d] * to_city), static_cast<float>(cost[d] * to_city)});
    }
}

// A comparison's series of one scenario as the charts' regions: all Seoul, and each
// district where the file has them (NaN where not).
std::vector<RegionDay> seoul_days(const h5::InFile& f, const std::string& scenario, int r, std::size_t D) {
    const std::string g = "/scenarios/" + scenario + "/series/";
    const auto name = [](int k) { return std::string(kMetricInfo[static_cast<std::size_t>(k)].name); };
    const auto alive = replicate_of(f, g + name(lonesim::kAlive), r, D);
    std::vector<RegionDay> out(D);
    for (auto& day : out)
        for (auto& region : day) region.fill(kNoValue);
    for (int s = 0; s < kSeriesCount; ++s) {
        const auto v = replicate_of(f, g + name(kCounted[s]), r, D);
        const bool mean = kMetricInfo[static_cast<std::size_t>(kCounted[s])].mean;  // already a mean over the living
        for (std::size_t d = 0; d < D; ++d)
            out[d][kSeoul][static_cast<std::size_t>(s)] = static_cast<float>(mean ? v[d] : (alive[d] > 0 ? v[d] / alive[d] : 0.0));
    }
    // Each district by day, where the file has them (comparisons since lonesim-viz's replay).
    const std::string dg = "/scenarios/" + scenario + "/districts/";
    if (!f.exists(dg + name(lonesim::kAlive))) return out;
    const std::size_t per = D * kDistricts;
    const auto district_alive = replicate_of(f, dg + name(lonesim::kAlive), r, per);
    for (int s = 0; s < kSeriesCount; ++s) {
        const auto v = replicate_of(f, dg + name(kCounted[s]), r, per);
        const bool mean = kMetricInfo[static_cast<std::size_t>(kCounted[s])].mean;
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t q = 0; q < kDistricts; ++q) {
                const double a = district_alive[d * kDistricts + q], x = v[d * kDistricts + q];
                out[d][q][static_cast<std::size_t>(s)] = static_cast<float>(mean ? x : (a > 0 ? x / a : 0.0));
            }
    }
    return out;
}

}  // namespace

Replay::Replay(const std::string& path, SeoulData seoul, int replicate, const std::string& scenario) : seoul_(std::move(seoul)) {
    const auto refuse = [&](const std::string& why) { throw InputError(path, 0, "--replay", why); };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) refuse("does not exist (or is not a file)");
    try {
        const h5::InFile f(path);
        if (f.has_attribute("kind")) refuse("is a " + f.string_attribute("kind") + " file, not a run or comparison; replay the result of lonesim run or lonesim compare");
        const std::string program = f.has_attribute("program") ? f.string_attribute("program") : "";
        if (program != "lonesim" && program != "lonesim compare")
            refuse("is not a run or comparison file of lonesim (made by '" + program + "'); replay a file of lonesim run or lonesim compare");
        if (f.has_attribute("complete") && f.int_attribute("complete") != 1) refuse("is not complete (its run was interrupted)");
        if (program == "lonesim compare" && !f.has_attribute("wall_time_s")) refuse("is not complete (its comparison was interrupted)");
        const std::int64_t days = f.int_attribute("days"), replicates64 = f.int_attribute("replicates");
        if (days < 1 || days > 36500) refuse("has days = " + std::to_string(days) + " (a lonesim result has 1 to 36500)");
        if (replicates64 < 1 || replicates64 > 100000) refuse("has replicates = " + std::to_string(replicates64));
        const auto D = static_cast<std::size_t>(days);
        const int replicates = static_cast<int>(replicates64);
        if (replicate < 0 || replicate >= replicates)
            refuse("has replicates 0 to " + std::to_string(replicates - 1) + ", not " + std::to_string(replicate));
        start_ = parse_date(f.string_attribute("start_date"));
        agents_ = f.int_attribute("agents");
        const double to_city = to_city_of(f, seoul_, agents_);
        days_.resize(D);
        for (std::size_t d = 0; d < D; ++d) days_[d].day = static_cast<int>(d);

        if (program == "lonesim") {  // a run: its districts and age bands, no baseline
            has_baseline_ = false;
            titles_ = titles_of(f.string_attribute("scenario_text"), f.string_attribute("scenario_name"));
            const std::size_t cells = static_cast<std::size_t>(kDistricts) * kAgeBands, per = D * cells;
            std::vector<std::vector<double>> metric(kMetricCount);
            for (int k : {lonesim::kAlive, lonesim::kConnected, lonesim::kLonely, lonesim::kIsolated, lonesim::kReclusive, lonesim::kFeelsLonely,
                          lonesim::kNoOneToTurnTo, lonesim::kMeanLoneliness})
                metric[static_cast<std::size_t>(k)] = replicate_of(f, std::string("/timeseries/") + kMetricInfo[static_cast<std::size_t>(k)].name, replicate, per);
            for (std::size_t d = 0; d < D; ++d) {
                // The day's cells as the simulation counted them (a mean back to its fixed-point sum).
                DayMetrics m;
                for (int k = 0; k < kMetricCount; ++k) {
                    const auto& v = metric[static_cast<std::size_t>(k)];
                    if (v.empty()) continue;
                    for (std::size_t c = 0; c < cells; ++c) {
                        double x = v[d * cells + c];
                        if (!std::isfinite(x)) x = 0;  // an empty cell's mean
                        const MetricInfo& info = kMetricInfo[static_cast<std::size_t>(k)];
                        if (info.mean) x *= metric[lonesim::kAlive][d * cells + c];
                        if (info.fractional) x *= kFixedPointScale;  // as DayMetrics::value
                        m.cell[static_cast<std::size_t>(k)][c] = std::llround(x);
                    }
                }
                days_[d].scenario = region_day(m);
                for (auto& region : days_[d].baseline) region.fill(kNoValue);
                if (d + 1 == D) age_breakdown(m, alive_by_age_, lonely_by_age_);
            }
            programmes_ = programmes_in(f, "/programmes");
            read_programmes(f, "/programmes", programmes_, replicate, to_city, days_);
            return;
        }

        // A comparison: the scenario against the baseline, all Seoul.
        const std::string baseline = f.string_attribute("baseline");
        const std::vector<std::string> names = f.children("/scenarios");
        std::string shown = scenario;
        if (shown.empty())
            for (const auto& n : names)
                if (n != baseline && shown.empty()) shown = n;
        if (shown.empty()) shown = baseline;
        if (std::find(names.begin(), names.end(), shown) == names.end()) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            throw InputError(path, 0, "--replay-scenario", "has no scenario '" + shown + "' (it has " + list + ")");
        }
        const std::string g = "/scenarios/" + shown;
        titles_ = {f.string_attribute(g, "title"), f.string_attribute(g, "title_ko")};
        const auto s = seoul_days(f, shown, replicate, D), b = seoul_days(f, baseline, replicate, D);
        for (std::size_t d = 0; d < D; ++d) days_[d].scenario = s[d], days_[d].baseline = b[d];
        programmes_ = programmes_in(f, g + "/programmes");
        read_programmes(f, g + "/programmes", programmes_, replicate, to_city, days_);
    } catch (const h5::H5Error& e) {
        refuse(std::string("cannot be read as a lonesim result: ") + e.what());
    } catch (const std::invalid_argument& e) {
        refuse(std::string("has a bad start_date: ") + e.what());
    }
}

void Replay::sync(History& h) const {
    if (h.generation == 1) return;  // a replay's days never change
    h.generation = 1;
    h.days = days_;
    h.alive_by_age = alive_by_age_;
    h.lonely_by_age = lonely_by_age_;
    h.building = false;
    h.playing = false;
    h.has_baseline = has_baseline_;
}

}  // namespace lonesim::viz
