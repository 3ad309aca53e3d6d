// lonesim compare BASELINE SCENARIO...: common random numbers, outcomes against the
// baseline with 95% intervals, into one HDF5 file and a printed table.
#include <cstdio>
#include <memory>

#include "app/command.hpp"
#include "app/compare.hpp"

namespace lonesim {
namespace {

void print_comparison(const ScenarioSpec& base, const std::vector<ScenarioComparison>& results, const std::string& out) {
    std::printf("lonesim compare: %d replicate(s), common random numbers, baseline '%s' -> %s\n", base.replicates, base.name.c_str(),
                out.c_str());
    if (!base.contact_after.empty()) std::printf("  baseline assumption: %s\n", describe_contact_after(base).c_str());
    static const char* kLabels[kOutcomes] = {"isolated person-years averted", "lonely person-years averted", "reclusion episodes averted",
                                             "unattended deaths averted",     "total cost (million KRW)",    "KRW per isolated person-year averted",
                                             "reclusive person-years averted"};
    if (!base.starts_from.empty()) std::printf("  starting from the end of %s\n", base.starts_from.c_str());
    for (const auto& r : results) {
        std::printf("\n  %s vs %s   (mean [95%% interval])\n", r.name.c_str(), base.name.c_str());
        if (!r.contact_after.empty()) std::printf("    assumption: %s\n", r.contact_after.c_str());
        for (int k = 0; k < kOutcomes; ++k) {
            const Estimate& e = r.overall[static_cast<std::size_t>(k)];
            const double scale = k == 4 ? 1e-6 : 1.0;
            std::printf("    %-38s %14.1f  [%.1f, %.1f]\n", kLabels[k], e.mean * scale, e.lo * scale, e.hi * scale);
        }
        if (r.budget_krw > 0) {
            // Capacities and costs scale with the world; compare at city scale.
            const double city = r.simulated_cost / r.population_scale;
            std::printf("    simulated cost over %d days, at city scale: %.1f billion KRW; budget %.1f billion KRW (%.0f%%)\n", r.days, city / 1e9,
                        r.budget_krw / 1e9, 100.0 * city / r.budget_krw);
        }
    }
}

struct CompareCommandOptions : ScenarioOptions {
    std::vector<std::string> scenarios;
    std::string from_state;
    int checkpoint_every = 0;
    bool resume = false;
    bool no_cache = false;
};

int compare(const CompareCommandOptions& o) {
    const ScenarioSpec base = resolve(o);
    std::vector<ScenarioSpec> others;
    std::string joined;
    for (const auto& path : o.scenarios) {
        ScenarioOptions one = o;
        one.scenario = path;
        others.push_back(resolve(one));
        if (!joined.empty()) joined += '_';
        joined += others.back().name;
    }
    const ThreadLimit limit = prepare_long_run(o.threads);
    CompareOptions options;
    options.out = o.out.empty() ? "outputs/compare_" + joined + ".h5" : o.out;
    options.threads = limit.threads();
    options.progress = progress_wanted(o.quiet);
    options.stop = stop_flag();
    options.from_state = o.from_state;
    options.checkpoint_every = o.checkpoint_every;
    options.resume = o.resume;
    options.no_cache = o.no_cache;
    const auto results = compare_scenarios(base, others, options);
    if (!o.quiet) print_comparison(base, results, options.out);
    return 0;
}

}  // namespace

Command compare_command(CLI::App& app) {
    auto o = std::make_shared<CompareCommandOptions>();
    CLI::App* cmd = app.add_subcommand("compare", "Compare scenarios against a baseline with common random numbers");
    add_scenario_options(cmd, *o);
    cmd->get_option("scenario")->description("The baseline scenario file (TOML)");
    cmd->add_option("scenarios", o->scenarios, "Scenario files to compare with the baseline")->required();
    cmd->add_option("--threads", o->threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    cmd->add_option("--out", o->out, "Result file (default: outputs/compare_<scenarios>.h5)");
    cmd->add_flag("--quiet,-q", o->quiet, "No progress bar and no table");
    cmd->add_option("--from-state", o->from_state,
                    "Take the burn-in from a state of day 0 of the baseline's world (lonesim run BASELINE ... --save-state FILE --save-state-at 0)");
    cmd->add_option("--checkpoint-every", o->checkpoint_every,
                    "Keep each replicate's latest state in OUT.checkpoint/ every this many simulated days (and when stopped)")
        ->check(CLI::Range(1, 1000000));
    cmd->add_flag("--no-cache", o->no_cache, "Make the period before's end state afresh, neither reading nor filling the state cache");
    cmd->add_flag("--resume", o->resume, "Go on from the checkpoints an interrupted comparison of the same command left");
    return {cmd, [o](int, char**) { return guarded([&] { return compare(*o); }); }};
}

}  // namespace lonesim
