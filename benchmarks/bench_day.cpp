// Speed and memory of the full baseline day. Writes one CSV row per run:
//   bench_day --agents 1660813 --days 365 --threads 2 --csv benchmarks/results.csv
// agent_days_per_s counts simulated days only (setup is reported apart); peak_rss_mb is
// the process's high-water mark (getrusage), including setup.
#include <sys/resource.h>
#include <tbb/global_control.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/programme_file.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "models/simulation.hpp"
#include "models/world.hpp"
#include "sim/parallel.hpp"
#include "sim/phase_timer.hpp"
#include "app/scenario.hpp"

namespace {

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Where the bytes are at the end of the run, counted from the containers (capacity, not
// size) a household, and the tie graph's shape: what benchmarks/README.md's memory table
// is made of. The process holds more than is counted here (the program, the libraries,
// the allocator's free lists).
void print_memory(const lonesim::Simulation& sim, double setup_peak_mb) {
    const lonesim::World& w = sim.world();
    const lonesim::TieGraph& g = w.ties;
    const double n = static_cast<double>(g.nodes());
    int max_degree = 0;
    std::size_t overflowed = 0;
    for (lonesim::TieGraph::Node v = 0; v < g.nodes(); ++v) {
        max_degree = std::max(max_degree, g.degree(v));
        overflowed += g.degree(v) > lonesim::TieGraph::kInlineSlots;
    }
    const auto per_household = [&](std::size_t bytes) { return static_cast<double>(bytes) / n; };
    std::printf("  memory: peak after setup %.0f MB; counted %.0f B a household: agents %.0f, tie graph %.0f, day's draws %.0f, view and tally %.0f\n",
                setup_peak_mb, per_household(sim.memory_bytes()),
                per_household(w.agents.memory_bytes()), per_household(g.memory_bytes()),
                per_household(w.daily_draws.capacity() * sizeof(w.daily_draws[0])),
                per_household(w.contact_scratch_bytes()));
    std::printf("  ties: %zu live, %u ids, mean degree %.2f, max %d of %d; %zu nodes (%.1f%%) with more than the %d held inline\n",
                g.live_ties(), g.tie_capacity(), 2.0 * static_cast<double>(g.live_ties()) / n, max_degree, g.slots_per_node(), overflowed,
                100.0 * static_cast<double>(overflowed) / n, lonesim::TieGraph::kInlineSlots);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace lonesim;
    using Clock = std::chrono::steady_clock;
    CLI::App app{"Benchmark of the lonesim day"};
    std::int64_t agents = 1660813;
    int days = 365, threads = 2;
    std::string csv, scenario = std::string(LONESIM_SOURCE_DIR) + "/scenarios/baseline.toml", label = "baseline";
    app.add_option("--agents", agents, "World size")->check(CLI::Range(std::int64_t{25}, std::int64_t{100'000'000}));
    app.add_option("--days", days, "Days to simulate")->check(CLI::Range(1, 36500));
    app.add_option("--threads", threads, "Worker threads")->check(CLI::Range(1, 1024));
    app.add_option("--scenario", scenario, "Scenario file (default: the baseline)");
    app.add_option("--label", label, "Label for the CSV row");
    app.add_option("--csv", csv, "Append a row to this CSV file");
    int copies = 0;
    app.add_option("--copies", copies,
                   "Before the days, time this many visualizer Resets: the world on day 0 copied twice side by side (scenario and baseline)")
        ->check(CLI::Range(0, 1000));
    CLI11_PARSE(app, argc, argv);

    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    ScenarioSpec spec = load_scenario(scenario, parameter_table(), &programme_rules());
    spec.agents = agents;
    spec.burn_in_days = 0;  // every simulated day is timed below
    const SeoulData seoul = load_seoul(spec.data_dir);
    const auto t0 = Clock::now();
    Simulation sim(seoul, setup_for(spec, seoul));
    const auto built = Clock::now();
    const double setup_peak_mb = peak_rss_mb();
    if (copies > 0) {
        // What lonesim-viz's Reset does (viz/sim_runner.cpp): both worlds start again as
        // copies of the kept day-0 world, each with its own programmes.
        const SimulationSetup setup = setup_for(spec, seoul);
        SimulationSetup base = setup;
        base.programmes.clear(), base.policy.clear();
        double slowest = 0, total = 0;
        for (int k = 0; k < copies; ++k) {
            const auto c0 = Clock::now();
            std::unique_ptr<Simulation> scenario_copy, baseline_copy;
            parallel_invoke([&] { scenario_copy = std::make_unique<Simulation>(sim, setup); },
                            [&] { baseline_copy = std::make_unique<Simulation>(sim, base); });
            const double s = std::chrono::duration<double>(Clock::now() - c0).count();
            slowest = std::max(slowest, s), total += s;
        }
        std::printf("reset (two copies of the day-0 world, side by side): mean %.1f ms, slowest %.1f ms over %d\n", 1e3 * total / copies,
                    1e3 * slowest, copies);
    }
    const auto t1 = Clock::now();
    PhaseTimer timer;
    for (int d = 0; d < days; ++d) sim.step(&timer);
    const auto t2 = Clock::now();

    const double setup_s = std::chrono::duration<double>(built - t0).count();
    const double run_s = std::chrono::duration<double>(t2 - t1).count();
    const double rate = static_cast<double>(agents) * days / run_s;
    const double peak_mb = peak_rss_mb();
    std::printf("%s: %lld agents x %d days at %d threads: setup %.2f s, days %.2f s, %.2f million agent-days/s, peak %.0f MB\n",
                label.c_str(), static_cast<long long>(agents), days, threads, setup_s, run_s, rate / 1e6, peak_mb);
    print_memory(sim, setup_peak_mb);
    std::string phases_header, phases;
    for (const auto& e : timer.entries()) {
        std::printf("  %-12s %7.2f s  %5.1f%%\n", e.name.c_str(), e.seconds, 100.0 * e.seconds / run_s);
        phases_header += ",s_" + e.name;
        char buf[32];
        std::snprintf(buf, sizeof buf, ",%.3f", e.seconds);
        phases += buf;
    }
    if (!csv.empty()) {
        const bool fresh = !std::filesystem::exists(csv);
        std::ofstream out(csv, std::ios::app);
        if (fresh) out << "label,agents,days,threads,setup_s,run_s,agent_days_per_s,peak_rss_mb" << phases_header << "\n";
        out << label << ',' << agents << ',' << days << ',' << threads << ',' << setup_s << ',' << run_s << ','
            << static_cast<long long>(rate) << ',' << peak_mb << phases << "\n";
    }
    return 0;
}
