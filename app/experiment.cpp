#include "app/experiment.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <toml.hpp>

#include "app/start_state.hpp"
#include "lonesim_commit.hpp"
#include "sim/digest.hpp"
#include "models/metrics.hpp"
#include "models/programmes/programme.hpp"
#include "sim/input_error.hpp"
#include "sim/rng.hpp"
#include "sim/toml_reader.hpp"

namespace lonesim {
namespace fs = std::filesystem;

std::string ExperimentSpec::fingerprint(ParamTable table) const {
    // The bytes are those of the former fnv1a chain (no separators), so that batch folders
    // made before keep their fingerprints.
    Digest h;
    const std::string build = std::string(LONESIM_VERSION) + " " + LONESIM_COMMIT;
    h.add(build.data(), build.size());
    h.add(file_text.data(), file_text.size());
    for (const auto& s : scenarios) {
        const std::string t = s.to_toml(table);
        h.add(t.data(), t.size());
        if (!s.starts_from.empty()) h.add(inputs_digest(history_of(s)));  // the world it starts from
        for (const auto& p : s.programmes) {
            h.add(p.name.data(), p.name.size());
            h.add_value(p.capacity.per_year).add_value(p.capacity.concurrent);
            for (const auto& [key, value] : p.parameters) h.add(key.data(), key.size()).add_value(value);
            h.add_value(p.fixed_per_year).add_value(p.per_enrolment).add_value(p.per_unit);
            for (const auto& [to, probability] : p.referrals) h.add(to.data(), to.size()).add_value(probability);
        }
    }
    for (const auto& pt : points) h.add(pt.data(), pt.size() * sizeof(double));
    for (const auto& p : parameters) h.add(p.name.data(), p.name.size());
    for (const auto& st : statistics) {
        const std::string t = st.describe();
        h.add(t.data(), t.size());
    }
    return h.hex();
}

RunKey run_key(const ExperimentSpec& e, int index) {
    RunKey k;
    k.index = index;
    k.replicate = index % e.replicates;
    const int sp = index / e.replicates;
    const int S = static_cast<int>(e.scenarios.size());
    k.scenario = sp % S;
    k.point = sp / S;
    return k;
}

std::optional<VariableSpec> find_variable(const ScenarioSpec& s, const std::string& name, ParamTable table) {
    for (const auto& p : table)
        if (p.name == name) return VariableSpec{p.min, p.max, p.integer, std::string(p.unit)};
    if (shock_factor(s, name)) return VariableSpec{0.0, 10.0, false, "multiplier"};
    if (is_programme_variable(name)) {
        ScenarioSpec copy = s;
        try {
            const ProgrammeNumber n = programme_number(copy, name);
            if (n.value) return VariableSpec{n.min, n.max, n.integer, "as in the programme file"};
        } catch (const std::invalid_argument&) {
        }
    }
    return std::nullopt;
}

std::vector<std::string> variable_names(const ScenarioSpec& s, ParamTable table) {
    std::vector<std::string> names;
    for (const auto& p : table) names.emplace_back(p.name);
    for (const auto& sh : s.shocks)
        for (const char* f : kShockFactors) names.push_back("shocks." + sh.name + "." + f);
    return names;
}

double get_variable(const ScenarioSpec& s, const std::string& name, ParamTable table) {
    if (const double* f = shock_factor(s, name)) return *f;
    if (is_programme_variable(name)) {
        ScenarioSpec copy = s;
        if (const ProgrammeNumber n = programme_number(copy, name); n.value) return *n.value;
        throw std::out_of_range("no variable " + name);
    }
    const auto values = s.resolved(table);
    for (std::size_t k = 0; k < table.size(); ++k)
        if (table[k].name == name) return values[k];
    throw std::out_of_range("no variable " + name);
}

void set_variable(ScenarioSpec& s, const std::string& name, double value) {
    if (is_programme_variable(name)) {
        if (const ProgrammeNumber n = programme_number(s, name); n.value) *n.value = value;
        // else: a programme this scenario does not list (a comparison's baseline)
    } else if (name.rfind("shocks.", 0) == 0) {
        set_shock_factor(s, name, value);
        // else: a shock this scenario does not have (a calibration's other scenarios)
    } else {
        s.parameters.emplace_back(name, value);
    }
}

std::string Statistic::describe() const {
    static constexpr const char* kKinds[] = {"share", "per_year", "programme_total"};
    std::string t = name + ": " + kKinds[static_cast<int>(kind)] + " of scenario " + std::to_string(scenario) + " from " + to_string(from) +
                    " to " + to_string(to);
    if (kind == StatisticKind::programme_total) return t + " of " + programme + " " + kProgrammeMetricInfo[static_cast<std::size_t>(quantity)].name;
    t += " ages " + std::to_string(age_min) + "-" + std::to_string(age_max) + ":";
    for (int m : metrics) t += std::string(" ") + kMetricInfo[static_cast<std::size_t>(m)].name;
    return t;
}

ScenarioSpec run_scenario_spec(const ExperimentSpec& e, const RunKey& k) {
    ScenarioSpec s = e.scenarios[static_cast<std::size_t>(k.scenario)];
    const auto& point = e.points[static_cast<std::size_t>(k.point)];
    for (std::size_t j = 0; j < e.parameters.size(); ++j) set_variable(s, e.parameters[j].name, point[j]);
    return s;
}

std::vector<std::vector<double>> latin_hypercube(int n, int k, std::uint64_t seed) {
    std::vector<std::vector<double>> x(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(k)));
    const RandomStreams streams(seed, 0, 0);
    for (int j = 0; j < k; ++j) {
        CounterRng rng = streams.at(static_cast<std::uint32_t>(j), 0);
        std::vector<int> strata(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) strata[static_cast<std::size_t>(i)] = i;
        for (int i = n - 1; i > 0; --i) std::swap(strata[static_cast<std::size_t>(i)], strata[rng.below(static_cast<std::uint32_t>(i + 1))]);
        for (int i = 0; i < n; ++i)
            x[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = (strata[static_cast<std::size_t>(i)] + rng.uniform()) / n;
    }
    return x;
}

std::vector<std::vector<double>> saltelli_sample(int n, int k) {
    boost::random::sobol sobol(static_cast<std::size_t>(2 * k));
    sobol.discard(static_cast<std::uint64_t>(2 * k));  // the first point is all zeros
    const double scale = std::ldexp(1.0, -64);
    std::vector<std::vector<double>> a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < 2 * k; ++j) {
            const double u = static_cast<double>(sobol()) * scale;
            (j < k ? a : b)[static_cast<std::size_t>(i)].push_back(u);
        }
    std::vector<std::vector<double>> out;
    out.insert(out.end(), a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    for (int p = 0; p < k; ++p)
        for (int i = 0; i < n; ++i) {
            auto row = a[static_cast<std::size_t>(i)];
            row[static_cast<std::size_t>(p)] = b[static_cast<std::size_t>(i)][static_cast<std::size_t>(p)];
            out.push_back(std::move(row));
        }
    return out;
}

namespace {

// [experiment]: its name and scenarios (the baseline first), loaded.
void read_scenarios(const TomlReader& r, const toml::value& x, ExperimentSpec& e, ParamTable table, const ProgrammeRules* rules) {
    if (x.contains("name")) e.name = r.file_name(x.at("name"), "experiment.name");
    if (x.contains("description")) e.description = r.string(x.at("description"), "experiment.description");
    if (!x.contains("scenarios")) r.fail(x, "experiment.scenarios", "missing (a list of scenario files, the baseline first)");
    const auto files = r.strings(x.at("scenarios"), "experiment.scenarios");
    if (files.empty()) r.fail(x.at("scenarios"), "experiment.scenarios", "needs at least one scenario");
    for (const auto& f : files) e.scenarios.push_back(load_scenario(r.existing_file(x.at("scenarios"), "experiment.scenarios", f), table, rules));
    for (std::size_t i = 0; i < e.scenarios.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (e.scenarios[i].name == e.scenarios[j].name)
                r.fail(x.at("scenarios"), "experiment.scenarios", "two scenarios are named '" + e.scenarios[i].name + "'");
}

// Every scenario runs on the baseline's world and calendar (or the experiment's).
void read_world(const TomlReader& r, const toml::value& root, const toml::value& x, ExperimentSpec& e) {
    ScenarioSpec& base = e.scenarios[0];
    if (x.contains("replicates")) e.replicates = static_cast<int>(r.integer(x.at("replicates"), "experiment.replicates", 1, 10000));
    else e.replicates = base.replicates;
    if (x.contains("seed")) base.seed = static_cast<std::uint64_t>(r.integer(x.at("seed"), "experiment.seed", 0, INT64_MAX));
    if (x.contains("start_date")) base.start_date = r.date(x.at("start_date"), "experiment.start_date");
    if (x.contains("burn_in_days")) base.burn_in_days = static_cast<int>(r.integer(x.at("burn_in_days"), "experiment.burn_in_days", 0, 3650));
    int days = 0;
    for (const auto& s : e.scenarios) days = std::max(days, s.days);
    if (x.contains("days")) days = static_cast<int>(r.integer(x.at("days"), "experiment.days", 1, 36500));
    if (root.contains("population")) {
        const auto& p = r.table(root.at("population"), "population");
        r.check_keys(p, "population.", {"scale", "agents"});
        read_world_size(r, p, base.scale, base.agents);
    }
    for (auto& s : e.scenarios) {
        s.agents = base.agents, s.scale = base.scale, s.seed = base.seed, s.start_date = base.start_date;
        s.burn_in_days = base.burn_in_days, s.days = days, s.replicates = e.replicates, s.data_dir = base.data_dir;
    }
}

// [design]: its type, samples and seed.
void read_design_type(const TomlReader& r, const toml::value& d, ExperimentSpec& e) {
    r.check_keys(d, "design.", {"type", "samples", "seed", "parameters"});
    if (!d.contains("type")) r.fail(d, "design.type", "missing (grid, lhs or saltelli)");
    const std::string type = r.choice(d.at("type"), "design.type", {"grid", "lhs", "saltelli"});
    e.design = type == "grid" ? DesignType::grid : type == "lhs" ? DesignType::lhs : DesignType::saltelli;
    if (d.contains("seed")) e.design_seed = static_cast<std::uint64_t>(r.integer(d.at("seed"), "design.seed", 0, INT64_MAX));
    if (e.design != DesignType::grid) {
        if (!d.contains("samples")) r.fail(d, "design.samples", "missing (the number of " + std::string(e.design == DesignType::lhs ? "points" : "base samples") + ")");
        e.samples = static_cast<int>(r.integer(d.at("samples"), "design.samples", 2, 1'000'000));
    } else if (d.contains("samples")) {
        r.fail(d.at("samples"), "design.samples", "a grid has no samples: its points are all combinations of the values");
    }
    if (!d.contains("parameters") || !d.at("parameters").is_array() || d.at("parameters").as_array().empty())
        r.fail(d, "design.parameters", "missing (an array of tables [[design.parameters]] with name and " +
                                           std::string(e.design == DesignType::grid ? "values" : "range") + ")");
}

// One [[design.parameters]] entry: a variable with its grid values or its range.
DesignParameter read_design_parameter(const TomlReader& r, const toml::value& v, const ExperimentSpec& e, const std::vector<std::string>& names,
                                      ParamTable table) {
    const std::string type = kDesignNames[static_cast<int>(e.design)];
    r.table(v, "design.parameters");
    r.check_keys(v, "design.parameters.", {"name", "values", "range"});
    if (!v.contains("name")) r.fail(v, "design.parameters.name", "missing");
    DesignParameter dp;
    dp.name = r.string(v.at("name"), "design.parameters.name");
    auto it = find_variable(e.scenarios[0], dp.name, table);
    if (is_programme_variable(dp.name)) {  // of the scenarios that list the programme
        for (const auto& sc : e.scenarios)
            if (!it) it = find_variable(sc, dp.name, table);
    } else {
        for (const auto& sc : e.scenarios)
            if (it && !find_variable(sc, dp.name, table))
                r.fail(v.at("name"), "design.parameters.name", "scenario '" + sc.name + "' has no shock for '" + dp.name + "'");
    }
    if (!it) {
        const std::string hint = nearest(dp.name, names);
        r.fail(v.at("name"), "design.parameters.name",
               "unknown parameter '" + dp.name + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    for (const auto& other : e.parameters)
        if (other.name == dp.name) r.fail(v.at("name"), "design.parameters.name", "'" + dp.name + "' is listed twice");
    auto in_range = [&](const toml::value& at, const std::string& key, double value) {
        if (!std::isfinite(value) || value < it->min || value > it->max) {
            std::ostringstream os;
            os << format_number(value) << " is out of " << dp.name << "'s range [" << it->min << ", " << it->max << "] (" << it->unit << ")";
            r.fail(at, key, os.str());
        }
        if (it->integer && value != std::floor(value)) r.fail(at, key, dp.name + " must be a whole number");
    };
    dp.integer = it->integer;
    const char* need = e.design == DesignType::grid ? "values" : "range";
    const char* wrong = e.design == DesignType::grid ? "range" : "values";
    if (v.contains(wrong))
        r.fail(v.at(wrong), std::string("design.parameters.") + wrong,
               std::string("a ") + type + " design takes '" + need + "', not '" + wrong + "'");
    if (!v.contains(need)) r.fail(v, std::string("design.parameters.") + need, "missing");
    const auto& arr = v.at(need);
    if (!arr.is_array()) r.fail(arr, std::string("design.parameters.") + need, "must be an array of numbers, got " + type_name(arr));
    std::vector<double> nums;
    for (const auto& n : arr.as_array()) nums.push_back(r.number(n, std::string("design.parameters.") + need));
    for (std::size_t i = 0; i < nums.size(); ++i) in_range(arr.as_array()[i], std::string("design.parameters.") + need, nums[i]);
    if (e.design == DesignType::grid) {
        if (nums.empty()) r.fail(arr, "design.parameters.values", "needs at least one value");
        dp.values = nums;
    } else {
        if (nums.size() != 2 || !(nums[0] < nums[1])) r.fail(arr, "design.parameters.range", "must be [min, max] with min < max");
        dp.min = nums[0], dp.max = nums[1];
    }
    return dp;
}

// The design's points: every combination of a grid's values (the first parameter varies
// slowest), or a Latin hypercube or Saltelli sample mapped onto the ranges.
void make_points(const TomlReader& r, const toml::value& d, ExperimentSpec& e, ParamTable table) {
    const int k = static_cast<int>(e.parameters.size());
    if (e.design == DesignType::grid) {
        std::size_t total = 1;
        for (const auto& p : e.parameters) total *= p.values.size();
        if (total > 1'000'000) r.fail(d, "design.parameters", "the grid has " + std::to_string(total) + " points (at most 1,000,000)");
        e.points.assign(1, {});
        for (const auto& p : e.parameters) {  // the first parameter varies slowest
            std::vector<std::vector<double>> next;
            for (const auto& pt : e.points)
                for (double value : p.values) {
                    next.push_back(pt);
                    next.back().push_back(value);
                }
            e.points.swap(next);
        }
    } else {
        auto unit = e.design == DesignType::lhs ? latin_hypercube(e.samples, k, e.design_seed) : saltelli_sample(e.samples, k);
        for (auto& row : unit)
            for (int j = 0; j < k; ++j) {
                const auto& p = e.parameters[static_cast<std::size_t>(j)];
                double& u = row[static_cast<std::size_t>(j)];
                u = p.min + u * (p.max - p.min);
                if (p.integer) u = std::min(std::floor(u), p.max);
            }
        e.points = std::move(unit);
    }
}

}  // namespace

ExperimentSpec load_experiment(const std::string& path, ParamTable table, const ProgrammeRules* rules) {
    ExperimentSpec e;
    e.path = path;
    const toml::value root = parse_toml_file(path, &e.file_text);
    e.name = fs::path(path).stem().string();
    TomlReader r(path);
    r.check_keys(root, "", {"experiment", "population", "design"});
    if (!root.contains("experiment")) r.fail(root, "experiment", "missing (the [experiment] table names the scenarios)");
    const auto& x = r.table(root.at("experiment"), "experiment");
    r.check_keys(x, "experiment.", {"name", "description", "scenarios", "replicates", "seed", "days", "burn_in_days", "start_date"});
    read_scenarios(r, x, e, table, rules);
    read_world(r, root, x, e);
    e.points.assign(1, {});
    if (root.contains("design")) {
        const auto& d = r.table(root.at("design"), "design");
        read_design_type(r, d, e);
        const std::vector<std::string> names = variable_names(e.scenarios[0], table);
        for (const auto& v : d.at("parameters").as_array()) e.parameters.push_back(read_design_parameter(r, v, e, names, table));
        make_points(r, d, e, table);
    }
    if (static_cast<double>(e.points.size()) * static_cast<double>(e.scenarios.size()) * e.replicates > 10'000'000)
        r.fail(root, "design", "more than 10 million runs");
    return e;
}

}  // namespace lonesim
