// lonesim from Python (pybind11, Debian's pybind11-dev): scenarios loaded as the command
// line loads them (the same resolve(), the same --set), from a file or from TOML text (a
// dict, written as TOML by python/lonesim/__init__.py); a world built and stepped day by
// day, or started from a state file or from the period before; its state saved; the day's
// metrics and the agents' columns as NumPy arrays (the columns without a copy), the tie
// list, a policy change between days; a comparison and a batch written by the same code
// as `lonesim compare` and `lonesim batch` (__init__.py opens them with xarray).
// Bad input raises lonesim.InputError with the command line's one-line message.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/batch.hpp"
#include "app/command.hpp"
#include "app/compare.hpp"
#include "app/experiment.hpp"
#include "app/programme_file.hpp"
#include "app/scenario.hpp"
#include "app/seoul_tables.hpp"
#include "app/start_state.hpp"
#include "app/state_file.hpp"
#include "models/agents.hpp"
#include "models/metrics.hpp"
#include "models/simulation.hpp"
#include "models/world.hpp"
#include "sim/cluster.hpp"
#include "sim/input_error.hpp"
#include "sim/parallel.hpp"

namespace py = pybind11;

namespace lonesim {
namespace {

struct Scenario {
    ScenarioSpec spec;
};

ScenarioOptions options_of(const std::vector<std::string>& set, std::int64_t agents, int days, std::optional<std::int64_t> seed, int replicates) {
    ScenarioOptions o;
    o.sets = set, o.agents = agents, o.days = days, o.replicates = replicates;
    if (seed) o.seed_text = std::to_string(*seed);
    return o;
}

// A scenario file with the command line's options. lenient: a --set of a programme the
// scenario does not list is left out, as `lonesim compare` leaves it out.
Scenario load(const std::string& path, const std::vector<std::string>& set, std::int64_t agents, int days, std::optional<std::int64_t> seed,
              int replicates, bool lenient) {
    ScenarioOptions o = options_of(set, agents, days, seed, replicates);
    o.scenario = path;
    std::vector<std::string> not_here;
    return {resolve(o, lenient ? &not_here : nullptr)};
}

// A scenario given as TOML text (python/lonesim/__init__.py writes a dict as TOML).
Scenario load_text(const std::string& text, const std::string& origin, const std::string& folder, const std::string& name,
                   const std::vector<std::string>& set, std::int64_t agents, int days, std::optional<std::int64_t> seed, int replicates,
                   bool lenient) {
    std::vector<std::string> not_here;
    return {with_options(scenario_from_text(text, origin, folder, name, parameter_table(), &programme_rules()),
                         options_of(set, agents, days, seed, replicates), lenient ? &not_here : nullptr)};
}

class PySimulation {
public:
    // The scenario's world: built and burned in; for a scenario that starts from the period
    // before, that period's end state (from the state cache, or made now, as `lonesim run`
    // makes it); with state_file, the state saved there (Simulation.save_state, or
    // `lonesim run --save-state`).
    PySimulation(const Scenario& s, int replicate, int threads, const std::string& state_file)
        : spec_(s.spec), limit_(threads), seoul_(std::make_unique<SeoulData>(load_seoul(spec_.data_dir))) {
        if (replicate < 0 || (state_file.empty() && replicate >= spec_.replicates))
            throw InputError(spec_.path, 0, "replicate", "is " + std::to_string(replicate) + ", the scenario has " +
                                                             std::to_string(spec_.replicates) + " replicate(s)");
        SimulationSetup setup = setup_for(spec_, *seoul_);
        setup.replicate = static_cast<std::uint32_t>(replicate);
        if (!state_file.empty()) {
            const StateFile state = check_state_file(state_file, spec_, replicate);
            py::gil_scoped_release release;
            sim_ = std::make_unique<Simulation>(load_replicate_state(state, *seoul_, setup));
        } else if (!spec_.starts_from.empty()) {
            StartOptions start;
            start.threads = limit_.threads();
            py::gil_scoped_release release;
            const PeriodStart period(spec_, start);
            sim_ = std::make_unique<Simulation>(load_replicate_state(*period.state(), *seoul_, setup));
        } else {
            py::gil_scoped_release release;
            sim_ = std::make_unique<Simulation>(*seoul_, setup);
        }
    }
    void step() { sim_->step(); }
    void run(int days) {
        for (int d = 0; d < days; ++d) sim_->step();
    }
    int day() const { return sim_->days_done(); }
    // metric -> [district][age_band], as a run file has the day.
    py::dict metrics() const {
        if (sim_->days_done() == 0) throw InputError(spec_.path, 0, "metrics", "no day simulated yet: step() first");
        const DayMetrics& m = sim_->metrics();
        py::dict out;
        for (int k = 0; k < kMetricCount; ++k) {
            py::array_t<double> a({kDistricts, kAgeBands});
            auto v = a.mutable_unchecked<2>();
            for (int d = 0; d < kDistricts; ++d)
                for (int b = 0; b < kAgeBands; ++b) v(d, b) = m.value(k, d * kAgeBands + b);
            out[kMetricInfo[static_cast<std::size_t>(k)].name] = a;
        }
        return out;
    }
    void save_state(const std::string& path) const { write_simulation_state(path, spec_, *sim_); }
    const Simulation& simulation() const { return *sim_; }
    Simulation& simulation() { return *sim_; }

private:
    ScenarioSpec spec_;
    ThreadLimit limit_;
    std::unique_ptr<SeoulData> seoul_;  // the simulation keeps a reference to it
    std::unique_ptr<Simulation> sim_;
};

// A column of the agents as a NumPy array over lonesim's own memory (no copy): it holds
// the simulation alive and shows each day's values as the simulation steps.
template <class T>
py::array column(const py::object& owner, const std::vector<T>& v) {
    return py::array_t<T>({static_cast<py::ssize_t>(v.size())}, {static_cast<py::ssize_t>(sizeof(T))}, v.data(), owner);
}

py::dict agents(const py::object& self) {
    const Agents& a = self.cast<const PySimulation&>().simulation().world().agents;  // the const one
    py::dict out;
    out["alive"] = column(self, a.alive);
    out["district"] = column(self, a.district);
    out["age"] = column(self, a.age);
    out["sex"] = column(self, a.sex);
    out["income"] = column(self, a.income);
    out["traits"] = column(self, a.traits);
    out["loneliness"] = column(self, a.loneliness);
    out["recent_contact"] = column(self, a.recent_contact);
    out["days_since_outing"] = column(self, a.days_since_outing);
    out["days_since_contact"] = column(self, a.days_since_contact);
    out["strong_ties"] = column(self, a.strong_ties);
    static_assert(sizeof(Status) == 1 && sizeof(Employment) == 1, "status and employment are one byte");
    const auto bytes = [&](const auto& v) {
        return py::array_t<std::uint8_t>({static_cast<py::ssize_t>(v.size())}, {py::ssize_t{1}},
                                         reinterpret_cast<const std::uint8_t*>(v.data()), self);
    };
    out["status"] = bytes(a.status);
    out["employment"] = bytes(a.employment);
    return out;
}

// The live ties (a copy: the tie store has free slots between them).
py::dict ties(const PySimulation& s) {
    const TieGraph& t = s.simulation().world().ties;
    std::vector<std::uint32_t> ea, eb;
    std::vector<std::uint8_t> type;
    std::vector<float> weight;
    for (std::uint32_t k = 0; k < t.tie_capacity(); ++k)
        if (t.live(k)) ea.push_back(t.end_a(k)), eb.push_back(t.end_b(k)), type.push_back(t.type(k)), weight.push_back(t.weight(k));
    py::dict out;
    out["a"] = py::array_t<std::uint32_t>(static_cast<py::ssize_t>(ea.size()), ea.data());
    out["b"] = py::array_t<std::uint32_t>(static_cast<py::ssize_t>(eb.size()), eb.data());
    out["type"] = py::array_t<std::uint8_t>(static_cast<py::ssize_t>(type.size()), type.data());
    out["weight"] = py::array_t<float>(static_cast<py::ssize_t>(weight.size()), weight.data());
    return out;
}

// `lonesim compare`'s comparison of loaded scenarios (the baseline first), written to out;
// returns out.
std::string compare(const std::vector<Scenario>& scenarios, const std::string& out, int threads) {
    if (scenarios.size() < 2) throw InputError("compare", 0, "scenarios", "needs the baseline and at least one scenario");
    const ScenarioSpec& base = scenarios[0].spec;
    std::vector<ScenarioSpec> others;
    for (std::size_t k = 1; k < scenarios.size(); ++k) others.push_back(scenarios[k].spec);
    const ThreadLimit limit(threads);
    CompareOptions options;
    options.out = out, options.threads = limit.threads();
    check_comparison(base, others, options);
    py::gil_scoped_release release;
    compare_scenarios(base, others, options);
    return out;
}

// `lonesim batch EXPERIMENT --out OUT` on this machine (one rank: under mpirun, use the
// command line); returns OUT/experiment.h5.
std::string batch(const std::string& experiment, const std::string& out, int threads, int runs_at_once, bool quiet) {
    const ExperimentSpec e = load_experiment(experiment, parameter_table(), &programme_rules());
    if (runs_at_once < 1) throw InputError(experiment, 0, "runs_at_once", "is " + std::to_string(runs_at_once) + "; at least 1");
    const ThreadLimit limit(threads);
    BatchOptions options;
    options.out = out.empty() ? "outputs/" + e.name : out;
    options.runs_at_once = runs_at_once, options.quiet = quiet;
    Cluster one(Cluster::Local{});
    py::gil_scoped_release release;
    return run_batch(e, options, one).file;
}

}  // namespace
}  // namespace lonesim

PYBIND11_MODULE(_lonesim, m) {
    using namespace lonesim;
    m.doc() = "lonesim: loneliness and social isolation among Seoul's single-person households";
    m.attr("__version__") = LONESIM_VERSION;
    static py::exception<InputError> input_error(m, "InputError", PyExc_ValueError);
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const InputError& e) {
            input_error(e.what());
        }
    });
    py::class_<Scenario>(m, "Scenario")
        .def_property_readonly("name", [](const Scenario& s) { return s.spec.name; })
        .def_property_readonly("days", [](const Scenario& s) { return s.spec.days; })
        .def_property_readonly("agents", [](const Scenario& s) { return s.spec.agents; })
        .def_property_readonly("replicates", [](const Scenario& s) { return s.spec.replicates; })
        .def_property_readonly("seed", [](const Scenario& s) { return s.spec.seed; })
        .def_property_readonly("start_date", [](const Scenario& s) { return to_string(s.spec.start_date); })
        .def_property_readonly("resolved", [](const Scenario& s) { return s.spec.to_toml(parameter_table()); },
                               "every parameter, as the run file's resolved_scenario");
    m.def("_load", &load, py::arg("path"), py::arg("set"), py::arg("agents"), py::arg("days"), py::arg("seed"), py::arg("replicates"),
          py::arg("lenient"));
    m.def("_load_text", &load_text, py::arg("text"), py::arg("origin"), py::arg("folder"), py::arg("name"), py::arg("set"), py::arg("agents"),
          py::arg("days"), py::arg("seed"), py::arg("replicates"), py::arg("lenient"));
    py::class_<PySimulation>(m, "Simulation")
        .def(py::init([](const Scenario& s, int replicate, int threads) { return std::make_unique<PySimulation>(s, replicate, threads, ""); }),
             py::arg("scenario"), py::arg("replicate") = 0, py::arg("threads") = 0,
             "Builds the scenario's world and runs its burn-in, or takes the period before's end state for a scenario that "
             "starts from it (threads 0: all cores)")
        .def_static(
            "from_state",
            [](const Scenario& s, const std::string& path, int replicate, int threads) {
                return std::make_unique<PySimulation>(s, replicate, threads, path);
            },
            py::arg("scenario"), py::arg("path"), py::arg("replicate") = 0, py::arg("threads") = 0,
            "The scenario's replicate from a state file (Simulation.save_state or lonesim run --save-state), checked as "
            "lonesim run --from-state checks it")
        .def("save_state", &PySimulation::save_state, py::arg("path"),
             "Saves this replicate's complete state on its present day (a lonesim state file, written whole or not at all)",
             py::call_guard<py::gil_scoped_release>())
        .def("step", &PySimulation::step, "Simulates the next day")
        .def("run", &PySimulation::run, py::arg("days"), "Simulates that many days", py::call_guard<py::gil_scoped_release>())
        .def_property_readonly("day", &PySimulation::day, "days simulated")
        .def("metrics", &PySimulation::metrics, "The last day's metrics: name -> [district][age_band] (as a run file's)")
        .def("agents", &agents, "The agents' columns as NumPy arrays over the simulation's memory (no copy)")
        .def("ties", &ties, "The live ties: a, b (agents), type, weight (a copy)")
        .def(
            "set_programme",
            [](PySimulation& s, const std::string& programme, std::optional<bool> enabled, std::optional<double> per_year,
               std::optional<double> concurrent) {
                PolicyChange c;
                c.day = s.day(), c.programme = programme, c.enabled = enabled ? (*enabled ? 1 : 0) : -1;
                c.capacity.per_year = per_year.value_or(-1), c.capacity.concurrent = concurrent.value_or(-1);
                s.simulation().apply_policy(c);
            },
            py::arg("programme"), py::arg("enabled") = py::none(), py::arg("capacity_per_year") = py::none(),
            py::arg("capacity_concurrent") = py::none(), "A policy change from the next day on, logged like a presenter's");
    m.def("_compare", &compare, py::arg("scenarios"), py::arg("out"), py::arg("threads"));
    m.def("_batch", &batch, py::arg("experiment"), py::arg("out"), py::arg("threads"), py::arg("runs_at_once"), py::arg("quiet"));
}
