// The visualizer's parts that need no window: district outlines and the simulation thread.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <stdlib.h>
#include <thread>

#include "app/programme_file.hpp"
#include "app/scenario.hpp"
#include "app/seoul_tables.hpp"
#include "app/state_file.hpp"
#include "sim/child_process.hpp"
#include "sim/result_file.hpp"
#include "models/parameters.hpp"
#include "models/programmes/programme.hpp"
#include "models/simulation.hpp"
#include "viz/district_map.hpp"
#include "viz/replay.hpp"
#include "viz/script.hpp"
#include "viz/sim_runner.hpp"
#include "tests/test_support.hpp"

using namespace lonesim;
using namespace lonesim::viz;

namespace {

const SeoulData& seoul() {
    static const SeoulData data = load_seoul(std::string(LONESIM_SOURCE_DIR) + "/scenarios/data");
    return data;
}

double area(const std::vector<Point>& r) {
    double s = 0;
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) s += r[j].x * r[i].y - r[i].x * r[j].y;
    return std::abs(s) / 2;
}

double triangles_area(const std::vector<Point>& r, const std::vector<std::array<int, 3>>& t) {
    double s = 0;
    for (const auto& k : t) s += area({r[static_cast<std::size_t>(k[0])], r[static_cast<std::size_t>(k[1])], r[static_cast<std::size_t>(k[2])]});
    return s;
}

// The scenario with every mechanism, on 5,000 agents without burn-in.
SimulationSetup programmes_setup(int agents = 5000) {
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
    spec.agents = agents;
    spec.burn_in_days = 0;
    SimulationSetup s = setup_for(spec, seoul());
    s.policy.clear();  // the scheduled changes are tested elsewhere
    return s;
}

// Wait until the runner has n days of a world built after generation `after`.
History wait_for_days(const SimRunner& runner, std::size_t n, std::uint64_t after = 0) {
    History h;
    const auto until = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    for (;;) {
        runner.sync(h);
        if ((h.generation > after && h.days.size() >= n) || !h.error.empty() || std::chrono::steady_clock::now() > until) return h;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

bool same(const RegionDay& a, const RegionDay& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

using test::ScratchDir;

}  // namespace

TEST_CASE("ear clipping covers a concave outline exactly") {
    const std::vector<Point> l = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};  // an L, counter-clockwise
    auto t = triangulate(l);
    CHECK(t.size() == 4);
    CHECK(triangles_area(l, t) == doctest::Approx(3.0));
    std::vector<Point> cw(l.rbegin(), l.rend());  // the same, clockwise
    CHECK(triangles_area(cw, triangulate(cw)) == doctest::Approx(3.0));
    CHECK(contains(l, {0.5, 1.5}));
    CHECK_FALSE(contains(l, {1.5, 1.5}));
}

TEST_CASE("every district outline is triangulated and hit-tested") {
    DistrictMap map(seoul(), std::string(LONESIM_SOURCE_DIR) + "/scenarios/data/seoul_district_boundaries.csv");
    REQUIRE(map.shapes().size() == kDistricts);
    map.fit(100, 50, 800, 600);
    for (int d = 0; d < kDistricts; ++d) {
        const auto& s = map.shapes()[static_cast<std::size_t>(d)];
        CAPTURE(seoul().districts[static_cast<std::size_t>(d)].name);
        CHECK(s.triangles.size() == s.ring.size() - 2);
        CHECK(triangles_area(s.ring, s.triangles) == doctest::Approx(area(s.ring)).epsilon(1e-9));
        CHECK(contains(s.ring, s.inside));
        CHECK(map.district_at(map.to_screen(s.inside)) == d);  // hovering there finds it
        const Point p = map.to_screen(s.inside);
        CHECK(p.x >= 100);
        CHECK(p.x <= 900);
        CHECK(p.y >= 50);
        CHECK(p.y <= 650);
    }
    CHECK(map.district_at({0, 0}) == -1);
}

TEST_CASE("a region's statuses partition its living") {
    Simulation sim(seoul(), programmes_setup());
    sim.step();
    const RegionDay r = region_day(sim.metrics());
    for (int g = 0; g < kRegions; ++g) {
        const auto& s = r[static_cast<std::size_t>(g)];
        CHECK(s[viz::kConnected] + s[viz::kLonely] + s[viz::kIsolated] + s[viz::kReclusive] == doctest::Approx(1.0).epsilon(1e-5));
    }
    CHECK(r[kSeoul][viz::kMeanLoneliness] == doctest::Approx(sim.metrics().seoul_mean(lonesim::kMeanLoneliness)).epsilon(1e-6));
}

TEST_CASE("the runner's scenario and baseline are the plain runs, with common random numbers") {
    const SimulationSetup setup = programmes_setup();
    SimRunner runner(seoul(), setup, 40);
    runner.set_speed(0);
    runner.play(true);
    const History h = wait_for_days(runner, 40);
    REQUIRE(h.error.empty());
    REQUIRE(h.days.size() == 40);

    Simulation scenario(seoul(), setup);
    SimulationSetup base = setup;
    base.programmes.clear();
    Simulation baseline(seoul(), base);
    bool differs = false;
    for (int d = 0; d < 40; ++d) {
        scenario.step();
        baseline.step();
        CHECK(h.days[static_cast<std::size_t>(d)].day == d);
        CHECK(same(h.days[static_cast<std::size_t>(d)].scenario, region_day(scenario.metrics())));
        CHECK(same(h.days[static_cast<std::size_t>(d)].baseline, region_day(baseline.metrics())));
        differs = differs || !same(h.days[static_cast<std::size_t>(d)].scenario, h.days[static_cast<std::size_t>(d)].baseline);
    }
    CHECK(differs);  // the programmes did something
    CHECK(h.days.back().programmes.size() == setup.programmes.size());
    CHECK_FALSE(h.playing);  // stops at the horizon
}

TEST_CASE("switches go through the policy interface; reset replays from day 0") {
    const SimulationSetup setup = programmes_setup();
    SimRunner runner(seoul(), setup, 200);
    for (int d = 0; d < 15; ++d) runner.step_once();
    const History first = wait_for_days(runner, 15);
    REQUIRE(first.days.size() == 15);

    // Reset with every programme switched off from day 0: the scenario is the baseline.
    std::vector<PolicyChange> off;
    for (const auto& p : runner.programmes()) off.push_back({0, p.name, 0, -1, -1});
    runner.reset(off);
    for (int d = 0; d < 15; ++d) runner.step_once();
    History h = wait_for_days(runner, 15, first.generation);
    REQUIRE(h.days.size() == 15);
    CHECK(h.generation != first.generation);
    for (const auto& d : h.days) CHECK(same(d.scenario, d.baseline));
    for (const auto& d : h.days)
        for (const auto& p : d.programmes) CHECK(p.cost == 0);

    // Reset as written replays the first run bit for bit.
    runner.reset({});
    for (int d = 0; d < 15; ++d) runner.step_once();
    h = wait_for_days(runner, 15, h.generation);
    REQUIRE(h.days.size() == 15);
    for (int d = 0; d < 15; ++d) CHECK(same(h.days[static_cast<std::size_t>(d)].scenario, first.days[static_cast<std::size_t>(d)].scenario));

    // A change while running acts from the next day on: programmes off from day 15.
    for (const auto& c : off) runner.apply(c);
    for (int d = 0; d < 10; ++d) runner.step_once();
    h = wait_for_days(runner, 25, h.generation - 1);
    REQUIRE(h.days.size() == 25);
    for (int d = 15; d < 25; ++d)
        for (const auto& p : h.days[static_cast<std::size_t>(d)].programmes) CHECK(p.enrolled == 0);
}

TEST_CASE("copying the history never waits for a day to finish") {
    // A world whose days take a good many milliseconds; the interface thread's copies
    // must take a small fraction of that.
    SimRunner runner(seoul(), programmes_setup(200'000), 1000);
    runner.set_speed(0);
    wait_for_days(runner, 0);
    History h;
    for (;;) {  // wait for the worlds to be built
        runner.sync(h);
        if (!h.building) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    runner.play(true);
    double slowest = 0;
    const auto t_end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    int copies = 0;
    while (std::chrono::steady_clock::now() < t_end) {
        const auto t0 = std::chrono::steady_clock::now();
        runner.sync(h);
        slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        ++copies;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    runner.play(false);
    MESSAGE("days simulated: ", h.days.size(), ", last day ", h.seconds_per_day * 1e3, " ms; slowest of ", copies, " copies ",
            slowest * 1e3, " ms");
    REQUIRE(h.days.size() >= 3);
    CHECK(slowest < h.seconds_per_day / 2);
}

TEST_CASE("a runner from a state saved after the burn-in shows the days of one with its own burn-in; reset takes no burn-in") {
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
    spec.agents = 5000;
    spec.burn_in_days = 30;
    spec.policy.clear();
    const SimulationSetup setup = setup_for(spec, seoul());
    ScenarioSpec base = spec;
    base.programmes.clear();
    const SimulationSetup base_setup = setup_for(base, seoul());
    const ScratchDir dir("lonesim_viz_state");
    const std::string path = dir.path + "/day0.h5";
    {
        Simulation burned_in(seoul(), base_setup);
        write_result_file(path, [&](h5::File& f) {
            write_state_header(f, base, base_setup, 0);
            write_replicate_state(f, 0, burned_in);
        });
    }
    SimRunner own(seoul(), setup, 20);
    SimRunner from(seoul(), setup, 20, check_state_file(path, base));
    for (SimRunner* r : {&own, &from}) r->set_speed(0), r->play(true);
    const History a = wait_for_days(own, 20), b = wait_for_days(from, 20);
    REQUIRE(a.error.empty());
    REQUIRE(b.error.empty());
    REQUIRE(a.days.size() == 20);
    REQUIRE(b.days.size() == 20);
    for (std::size_t d = 0; d < 20; ++d) {
        CHECK(same(a.days[d].scenario, b.days[d].scenario));
        CHECK(same(a.days[d].baseline, b.days[d].baseline));
    }
    // A reset copies the kept burned-in world: back at day 0 at once, the same days again.
    const auto t0 = std::chrono::steady_clock::now();
    from.reset({});
    History h;
    for (;;) {
        from.sync(h);
        if (h.generation != b.generation && !h.building) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("reset of a 5,000-agent world with a 30-day burn-in: ", seconds * 1e3, " ms; its build as the runner timed it: ",
            h.build_seconds * 1e3, " ms, against ", a.build_seconds * 1e3, " ms for the first build with its burn-in");
    CHECK(seconds < 0.5);
    CHECK(h.build_seconds < a.build_seconds);  // what the window shows as the last reset's time
    from.set_speed(0);
    from.play(true);
    h = wait_for_days(from, 20, b.generation);
    REQUIRE(h.days.size() == 20);
    for (std::size_t d = 0; d < 20; ++d) CHECK(same(h.days[d].scenario, a.days[d].scenario));
}

TEST_CASE("a script's programme changes are the scenario's policy: the same days as a [[policy]], logged on their day") {
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
    const Script script = load_script(std::string(LONESIM_TEST_DATA) + "/scripts/demo.toml", spec.programmes, seoul(), spec.days);
    REQUIRE(script.actions.size() == 4);
    const auto changes = script.changes();
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].day == 10);
    CHECK(changes[0].enabled == 0);
    const auto& counselling = *std::find_if(spec.programmes.begin(), spec.programmes.end(), [](const auto& p) { return p.name == "test_counseling"; });
    CHECK(changes[1].capacity.per_year == 2 * counselling.capacity.per_year);

    SimulationSetup setup = programmes_setup();
    setup.policy = changes;
    SimRunner runner(seoul(), setup, 20);
    runner.set_speed(0);
    runner.play(true);
    const History h = wait_for_days(runner, 20);
    REQUIRE(h.days.size() == 20);
    Simulation plain(seoul(), setup);  // the same changes as a scenario's [[policy]]
    for (int d = 0; d < 20; ++d) {
        plain.step();
        CHECK(same(h.days[static_cast<std::size_t>(d)].scenario, region_day(plain.metrics())));
    }
    REQUIRE(h.log.size() == 2);
    CHECK(h.log[0].day == 10);
    CHECK(h.log[0].programme == "test_group");
    CHECK(h.log[1].day == 15);
    for (int d = 10; d < 20; ++d) CHECK(h.days[static_cast<std::size_t>(d)].programmes[1].enrolled == 0);  // test_group, off from day 10
}

TEST_CASE("a script that scales a programme without a capacity is refused, naming the line") {
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
    const ScratchDir dir("lonesim_viz_script");
    const std::string path = dir.path + "/s.toml";
    { std::ofstream(path) << "[[action]]\nday = 3\nprogramme = \"test_hotline\"\ncapacity = 2.0\n"; }
    CHECK_THROWS_WITH_AS(load_script(path, spec.programmes, seoul(), spec.days), doctest::Contains("s.toml:4: action.capacity"), InputError);
    { std::ofstream(path) << "[[action]]\nday = 500\ncaption = \"late\"\n"; }
    CHECK_THROWS_WITH_AS(load_script(path, spec.programmes, seoul(), spec.days), doctest::Contains("action.day"), InputError);
}

TEST_CASE("a replayed run file shows the run's own days") {
    // A run of 20 days written by lonesim's run layer, replayed: the same regions as the
    // runner's scenario of the same setup (floats of the file's fixed-point means).
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
    spec.agents = 5000;
    spec.days = 20;
    const ScratchDir dir("lonesim_viz_replay");
    const std::string path = dir.path + "/run.h5";
    REQUIRE(run_program({LONESIM_BINARY, "run", std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", "--agents", "5000", "--days", "20",
                         "--out", path, "--quiet"}) == 0);
    const Replay replay(path, seoul(), 0, "");
    History h;
    replay.sync(h);
    REQUIRE(h.days.size() == 20);
    CHECK_FALSE(h.has_baseline);
    SimulationSetup setup = setup_for(spec, seoul());
    Simulation sim(seoul(), setup);
    for (int d = 0; d < 20; ++d) {
        sim.step();
        const RegionDay want = region_day(sim.metrics());
        for (int r = 0; r < kRegions; ++r)
            for (int s = 0; s < kSeriesCount; ++s)
                CHECK(h.days[static_cast<std::size_t>(d)].scenario[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)] ==
                      doctest::Approx(want[static_cast<std::size_t>(r)][static_cast<std::size_t>(s)]).epsilon(1e-5));
    }
    CHECK(replay.programmes().size() == spec.programmes.size());
}
