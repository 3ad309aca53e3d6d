#include "app/command.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstdio>

#include "app/programme_file.hpp"
#include "models/parameters.hpp"
#include "sim/cluster.hpp"
#include "sim/input_error.hpp"

namespace lonesim {
namespace {
std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop.store(true); }
}  // namespace

const std::atomic<bool>* stop_flag() { return &g_stop; }

ThreadLimit prepare_long_run(int threads) {
    // Ctrl-C, a kill, a closed terminal and a closed pipe all stop at the end of the day
    // with the partial file marked (a write to a closed pipe then fails with EPIPE).
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) std::signal(s, on_signal);
    std::signal(SIGXFSZ, SIG_IGN);
    return ThreadLimit(threads);
}

void add_scenario_options(CLI::App* cmd, ScenarioOptions& o) {
    cmd->add_option("scenario", o.scenario, "Scenario file (TOML)")->required();
    auto* agents = cmd->add_option("--agents", o.agents, "World size in agents (keeps the district x age mix)")
                       ->check(CLI::Range(std::int64_t{25}, std::int64_t{100'000'000}));
    // NaN passes a range check (every comparison is false): refused by name.
    const CLI::Validator finite([](std::string& s) { return std::isfinite(std::strtod(s.c_str(), nullptr)) ? "" : "'" + s + "' is not a number"; },
                                "FINITE");
    cmd->add_option("--scale", o.scale, "World size as a fraction of Seoul's 1,660,813 households")
        ->check(finite)
        ->check(CLI::Range(1e-6, 10.0))
        ->excludes(agents);
    cmd->add_option("--days", o.days, "Days to simulate")->check(CLI::Range(1, 36500));
    // Read as text: a number beyond 64 bits would otherwise become the largest seed.
    const CLI::Validator seed(
        [](std::string& s) {
            std::int64_t x = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
            return ec == std::errc() && end == s.data() + s.size() && x >= 0 ? std::string()
                                                                             : s + " is not a whole number in [0, 9223372036854775807]";
        },
        "SEED");
    cmd->add_option("--seed", o.seed_text, "Random seed (0 to 9223372036854775807)")->check(seed);
    cmd->add_option("--replicates", o.replicates, "Replicates (seeds derived from --seed)")->check(CLI::Range(1, 10000));
    cmd->add_option("--set", o.sets, "Override a parameter: --set outings.base_prob=0.8 (repeatable)");
}

ScenarioSpec resolve(const ScenarioOptions& o, std::vector<std::string>* not_here) {
    return with_options(load_scenario(o.scenario, parameter_table(), &programme_rules()), o, not_here);
}

ScenarioSpec with_options(ScenarioSpec spec, const ScenarioOptions& o, std::vector<std::string>* not_here) {
    apply_overrides(spec, o.sets, parameter_table(), not_here);
    if (o.agents > 0) spec.agents = o.agents;
    if (o.scale > 0) spec.scale = o.scale, spec.agents = 0;
    if (o.days > 0) spec.days = o.days;
    if (!o.seed_text.empty()) spec.seed = static_cast<std::uint64_t>(std::stoll(o.seed_text));
    if (o.replicates > 0) spec.replicates = o.replicates;
    if (!o.out.empty()) spec.out = o.out;
    if (spec.out.empty()) spec.out = "outputs/" + spec.name + ".h5";
    return spec;
}

bool progress_wanted(bool quiet) { return !quiet && isatty(STDERR_FILENO); }

int guarded(const std::function<int()>& f) {
    try {
        return f();
    } catch (const InputError& e) {
        std::fprintf(stderr, "lonesim: %s\n", e.what());
    } catch (const Interrupted& e) {
        std::fprintf(stderr, "lonesim: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "lonesim: error: %s\n", e.what());
    }
    return 2;
}

int on_cluster(int argc, char** argv, const std::function<int(Cluster&)>& f) {
    // MPI is initialised (when launched by mpirun) before anything can fail, so that
    // every rank reports and exits the same way.
    Cluster cluster(argc, argv);
    auto fail = [&](const char* what) {
        if (cluster.rank() == 0 || !cluster.mpi()) std::fprintf(stderr, "lonesim: %s\n", what);
        else std::fprintf(stderr, "lonesim (rank %d): %s\n", cluster.rank(), what);
        if (cluster.mpi()) cluster.abort(2);
        return 2;
    };
    try {
        return f(cluster);
    } catch (const Interrupted& e) {
        const std::string what = std::string(e.what()) + "; finished runs are kept: run the same command again to do the rest";
        return fail(what.c_str());
    } catch (const std::exception& e) {
        return fail(e.what());
    }
}

}  // namespace lonesim
