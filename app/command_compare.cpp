// lonesim compare BASELINE SCENARIO...: common random numbers, outcomes against the
// baseline with 95% intervals, into one HDF5 file and a printed table.
#include <cstdio>
#include <memory>

#include "app/command.hpp"
#include "app/compare.hpp"
#include "app/start_state.hpp"
#include "app/compare_file.hpp"
#include "app/uncertainty.hpp"
#include "sim/cluster.hpp"
#include "sim/input_error.hpp"

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
    if (!results.empty())
        std::printf("  figures for all of Seoul: the simulated world is %.4g of Seoul's single-person households; its own figures are in the file (*_world)\n",
                    results[0].population_scale);
    for (const auto& r : results) {
        std::printf("\n  %s vs %s   (mean [95%% interval], all of Seoul)\n", r.name.c_str(), base.name.c_str());
        if (!r.contact_after.empty()) std::printf("    assumption: %s\n", r.contact_after.c_str());
        const Outcomes city = at_city_scale(r.overall, r.population_scale);
        for (int k = 0; k < kOutcomes; ++k) {
            const Estimate& e = city[static_cast<std::size_t>(k)];
            const double scale = k == kTotalCost ? 1e-6 : 1.0;
            std::printf("    %-38s %14.1f  [%.1f, %.1f]\n", kLabels[k], e.mean * scale, e.lo * scale, e.hi * scale);
        }
        if (r.budget_krw > 0) {
            const double cost = city[kTotalCost].mean;
            std::printf("    cost over %d days: %.1f billion KRW; budget %.1f billion KRW (%.0f%%)\n", r.days, cost / 1e9, r.budget_krw / 1e9,
                        100.0 * cost / r.budget_krw);
        }
    }
}

struct CompareCommandOptions : ScenarioOptions {
    std::vector<std::string> scenarios;
    int uncertainty = 0;
    bool draw_fixed = false;
    std::string uncertainty_file, draws_folder;
    int runs_at_once = 1;
    int draw_replicates = 0;
    std::string from_state;
    int checkpoint_every = 0;
    bool resume = false;
    bool no_cache = false;
};

void print_uncertainty(const UncertaintyResult& u) {
    std::printf("\n  parameter uncertainty: %d draws x %d replicate(s), city scale, mean [95%% interval over draws] (parameters' share of the variance)\n",
                u.draws, u.replicates);
    static const char* kLabels[kUncertainOutcomes] = {"isolated person-years averted", "lonely person-years averted", "reclusive person-years averted",
                                                      "expected unattended deaths averted a year", "incremental cost (million KRW)",
                                                      "KRW per isolated person-year averted"};
    for (std::size_t p = 0; p < u.plans.size(); ++p) {
        std::printf("    %s\n", u.plans[p].name.c_str());
        for (int k = 0; k < kUncertainOutcomes; ++k) {
            const VarianceSplit& s = u.plans[p].outcomes[static_cast<std::size_t>(k)];
            const double scale = k == 4 ? 1e-6 : 1.0;
            std::printf("      %-42s %14.1f  [%.1f, %.1f]  (%.0f%%)\n", kLabels[k], s.mean * scale, s.lo * scale, s.hi * scale,
                        s.total > 0 ? 100 * s.parameter / s.total : 0.0);
        }
    }
    for (std::size_t a = 1; a < u.probability_more.size(); ++a)
        for (std::size_t b = a + 1; b < u.probability_more.size(); ++b)
            std::printf("    %s averts more isolated person-years than %s in %.0f%% of draws\n", u.plans[a - 1].name.c_str(),
                        u.plans[b - 1].name.c_str(), 100 * u.probability_more[a][b]);
}

int compare(const CompareCommandOptions& o, Cluster* cluster) {
    std::vector<std::string> not_here;
    auto resolve_one = [&](const std::string& path) {
        ScenarioOptions one = o;
        one.scenario = path;
        return resolve(one, &not_here);
    };
    const ScenarioSpec base = resolve_one(o.scenario);
    std::vector<ScenarioSpec> others;
    std::string joined;
    for (const auto& path : o.scenarios) {
        others.push_back(resolve_one(path));
        if (!joined.empty()) joined += '_';
        joined += others.back().name;
    }
    // A programme's number must be of a programme some scenario, or the period they start
    // from, lists.
    for (const auto& line : not_here)
        if (std::count(not_here.begin(), not_here.end(), line) == static_cast<long>(1 + others.size()) * std::count(o.sets.begin(), o.sets.end(), line)) {
            const std::string key = line.substr(0, line.find('='));
            ScenarioSpec before;
            if (!base.starts_from.empty()) before = history_of(base);
            if (!programme_number(before, key).value)
                throw InputError("--set", 0, key, "no compared scenario (or the period they start from) lists this programme");
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
    UncertaintyResult uncertainty;
    if (o.uncertainty > 0) {
        if (!o.from_state.empty())
            throw InputError("--from-state", 0, "--uncertainty", "the draws make their own starts; give one or the other");
        check_comparison(base, others, options);  // before any draw runs
        UncertaintyOptions u;
        u.draws = o.uncertainty;
        u.file = o.uncertainty_file.empty() ? (std::filesystem::path(base.path).parent_path() / "uncertainty" / "seoul.toml").string() : o.uncertainty_file;
        u.folder = o.draws_folder.empty() ? options.out + ".draws" : o.draws_folder;
        u.runs_at_once = o.runs_at_once;
        u.replicates = o.draw_replicates;
        u.draw_fixed = o.draw_fixed;
        for (const auto& line : o.sets) {
            const std::string key = line.substr(0, line.find('='));
            u.held.push_back(key.rfind("parameters.", 0) == 0 ? key.substr(11) : key);
        }
        u.quiet = o.quiet;
        u.stop = options.stop;
        uncertainty = run_uncertainty(on_baselines_world(base, others), u, *cluster);
        if (cluster->rank() != 0) return 0;
        options.write_more = [&](h5::File& f) { write_uncertainty(f, uncertainty); };
    }
    const auto results = compare_scenarios(base, others, options);
    if (!o.quiet) {
        print_comparison(base, results, options.out);
        if (o.uncertainty > 0) print_uncertainty(uncertainty);
    }
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
    cmd->add_option("--uncertainty", o->uncertainty,
                    "Also run the comparison at N draws of the uncertain parameters (posterior, behavioural, programme effects and costs) "
                    "and report intervals, the acceptability curve and what drives the answer")
        ->check(CLI::Range(2, 100000));
    cmd->add_option("--uncertainty-file", o->uncertainty_file, "What is uncertain (default: uncertainty/seoul.toml next to the baseline)");
    cmd->add_flag("--draw-fixed", o->draw_fixed,
                  "Also draw the parameters the uncertainty file holds at their defaults ([[fixed]]): a sensitivity analysis not conditioned on the calibration")
        ->needs("--uncertainty");
    cmd->add_option("--draw-replicates", o->draw_replicates, "Replicates at each draw (default: the baseline's)")->check(CLI::Range(1, 10000));
    cmd->add_option("--draws-folder", o->draws_folder, "Where the draws' runs are kept, resumable (default: OUT.draws/)");
    cmd->add_option("--runs-at-once", o->runs_at_once, "Draws' runs side by side on this machine (each with --threads / this threads)")
        ->check(CLI::Range(1, 1024));
    return {cmd, [o](int argc, char** argv) {
                if (o->uncertainty > 0) return on_cluster(argc, argv, [&](Cluster& cluster) { return compare(*o, &cluster); });
                return guarded([&] { return compare(*o, nullptr); });
            }};
}

}  // namespace lonesim
