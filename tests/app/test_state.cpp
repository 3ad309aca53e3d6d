// State files (issue 20): a run of D days equals a run of k days, saved, loaded and run
// D - k more, bit for bit, whatever the thread counts on either side of the cut.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/state_file.hpp"
#include "models/world.hpp"
#include "sim/input_error.hpp"
#include "sim/parallel.hpp"
#include "sim/result_file.hpp"
#include "tests/models/test_world.hpp"
#include "tests/test_support.hpp"

using namespace lonesim;

namespace {

// Every mechanism, a burn-in, and policy changes before and after the cut at day 15.
ScenarioSpec programmes_spec() {
    ScenarioSpec spec = load_scenario(std::string(LONESIM_TEST_DATA) + "/with_programmes.toml", parameter_table(), &programme_rules());
    spec.agents = 6000;
    spec.burn_in_days = 20;
    spec.days = 30;
    spec.replicates = 1;
    const std::string a = spec.programmes[0].name, b = spec.programmes[3].name;
    spec.policy = {{6, a, 0, {-1, -1}}, {11, a, 1, {-1, -1}}, {19, b, -1, {2000, -1}}, {24, a, 0, {-1, -1}}};
    return spec;
}

struct Trace {
    std::vector<DayMetrics> days;  // from the cut on
    std::vector<float> loneliness;
    std::vector<Status> status;
    std::vector<TieGraph::Record> ties;
    std::vector<ProgrammeDay> programme_totals;
    std::size_t policy_changes = 0;
};

void run_on(Simulation& sim, int until, int cut, Trace& t) {
    while (sim.days_done() < until) {
        sim.step();
        if (sim.days_done() > cut) t.days.push_back(sim.metrics());
    }
    const World& w = sim.world();
    t.loneliness = w.agents.loneliness, t.status = w.agents.status;
    t.ties.assign(w.ties.records().begin(), w.ties.records().end());
    for (const auto& p : w.programmes) t.programme_totals.push_back(p->totals);
    t.policy_changes = sim.policy_log().size();
}

bool same(const Trace& x, const Trace& y) {
    bool days = x.days.size() == y.days.size();
    for (std::size_t d = 0; days && d < x.days.size(); ++d) days = x.days[d].cell == y.days[d].cell;
    bool ties = x.ties.size() == y.ties.size();
    for (std::size_t k = 0; ties && k < x.ties.size(); ++k)
        ties = x.ties[k].a == y.ties[k].a && x.ties[k].b == y.ties[k].b && x.ties[k].weight == y.ties[k].weight &&
               x.ties[k].live == y.ties[k].live;
    return days && ties && x.loneliness == y.loneliness && x.status == y.status && x.programme_totals == y.programme_totals &&
           x.policy_changes == y.policy_changes;
}

}  // namespace

TEST_CASE(
    "a run of D days equals k days saved, loaded and run D - k more, bit for bit, at 1, 2 and 4 "
    "threads") {
    const ScenarioSpec spec = programmes_spec();
    const SimulationSetup setup = setup_for(spec, test::seoul());
    const int cut = 15;
    Trace reference;
    {
        ThreadLimit limit(1);
        Simulation sim(test::seoul(), setup);
        run_on(sim, spec.days, cut, reference);
    }
    REQUIRE(reference.days.size() == static_cast<std::size_t>(spec.days - cut));
    REQUIRE(reference.policy_changes == 4);
    const test::ScratchDir scratch("lonesim_state");
    const std::string& dir = scratch.path;
    for (const auto& threads : {std::pair{1, 2}, std::pair{2, 4}, std::pair{4, 1}}) {
        const int before = threads.first, after = threads.second;  // (clang 14 cannot capture a structured binding)
        CAPTURE(before);
        CAPTURE(after);
        const std::string path = dir + "/state_" + std::to_string(before) + ".h5";
        {
            ThreadLimit limit(before);
            Simulation sim(test::seoul(), setup);
            while (sim.days_done() < cut) sim.step();
            write_result_file(path, [&](h5::File& f) {
                write_state_header(f, spec, setup, cut);
                write_replicate_state(f, 0, sim);
            });
        }
        ThreadLimit limit(after);
        const StateFile file = check_state_file(path, spec);
        CHECK(file.day == cut);
        Simulation resumed = load_replicate_state(file, test::seoul(), setup);
        CHECK(resumed.days_done() == cut);
        Trace t;
        run_on(resumed, spec.days, cut, t);
        CHECK(same(t, reference));
    }
}

TEST_CASE(
    "a state file of other inputs, another scale or a damaged one is refused, naming the file and "
    "what differs") {
    ScenarioSpec spec = programmes_spec();
    spec.days = 3;
    const SimulationSetup setup = setup_for(spec, test::seoul());
    const test::ScratchDir scratch("lonesim_state");
    const std::string& dir = scratch.path;
    const std::string path = dir + "/state.h5";
    Simulation sim(test::seoul(), setup);
    sim.step();
    write_result_file(path, [&](h5::File& f) {
        write_state_header(f, spec, setup, 1);
        write_replicate_state(f, 0, sim);
    });
    CHECK_NOTHROW(check_state_file(path, spec));
    auto refused = [&](const ScenarioSpec& s, const std::string& what) {
        try {
            check_state_file(path, s);
            FAIL("accepted: " << what);
        } catch (const InputError& e) {
            const std::string message = e.what();
            CAPTURE(message);
            CHECK(message.find(path + ": --from-state: ") == 0);
            CHECK(message.find(what) != std::string::npos);
        }
    };
    ScenarioSpec other = spec;
    other.agents = 7000;
    refused(other, "is of another world");
    other = spec;
    other.seed = 8;
    refused(other, "is of another world");
    other = spec;
    other.programmes[1].capacity.per_year *= 2;
    refused(other, "is of other programmes or policy than");
    other = spec;
    other.policy.pop_back();
    refused(other, "is of other programmes or policy than");
    other = spec;
    other.replicates = 2;
    refused(other, "holds 1 replicate(s), the run asks for 2");
    // The length of the run and its outputs may differ.
    other = spec;
    other.days = 100, other.out = "elsewhere.h5", other.name = "renamed";
    CHECK_NOTHROW(check_state_file(path, other));

    // Damaged: cut short, or bytes changed in the middle (the data's checksums catch it).
    auto damaged = [&](const std::string& name, auto&& damage) {
        const std::string copy = dir + "/" + name;
        std::filesystem::copy_file(path, copy);
        damage(copy);
        try {
            const StateFile file = check_state_file(copy, spec);
            load_replicate_state(file, test::seoul(), setup);
            FAIL("accepted: " << name);
        } catch (const InputError& e) {
            const std::string message = e.what();
            CAPTURE(message);
            CHECK(message.find(copy + ": --from-state: ") == 0);
        }
    };
    const auto size = std::filesystem::file_size(path);
    damaged("cut.h5", [&](const std::string& p) { std::filesystem::resize_file(p, size / 2); });
    damaged("flipped.h5", [&](const std::string& p) {
        std::FILE* f = std::fopen(p.c_str(), "r+b");
        REQUIRE(f);
        std::fseek(f, static_cast<long>(size * 3 / 4), SEEK_SET);
        std::vector<unsigned char> bytes(4096);
        REQUIRE(std::fread(bytes.data(), 1, bytes.size(), f) == bytes.size());
        for (auto& b : bytes) b ^= 0x5A;
        std::fseek(f, static_cast<long>(size * 3 / 4), SEEK_SET);
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    });
    damaged("text.h5", [&](const std::string& p) {
        std::FILE* f = std::fopen(p.c_str(), "wb");
        std::fputs("not a state\n", f);
        std::fclose(f);
    });
}

TEST_CASE("a state of day 0 starts any scenario of the same world: the same as its own burn-in, bit for bit") {
    // Saved right after the baseline's burn-in, started with every programme.
    ScenarioSpec with = programmes_spec();
    ScenarioSpec baseline = with;
    baseline.programmes.clear(), baseline.policy.clear();
    const SimulationSetup base_setup = setup_for(baseline, test::seoul()), setup = setup_for(with, test::seoul());
    const test::ScratchDir scratch("lonesim_state");
    const std::string path = scratch.path + "/day0.h5";
    {
        Simulation burned_in(test::seoul(), base_setup);
        write_result_file(path, [&](h5::File& f) {
            write_state_header(f, baseline, base_setup, 0);
            write_replicate_state(f, 0, burned_in);
        });
    }
    const StateFile file = check_state_file(path, with);
    CHECK(file.use == Simulation::FromState::new_programmes);
    Simulation started = load_replicate_state(file, test::seoul(), setup);
    Trace from_state, own;
    run_on(started, with.days, 0, from_state);
    Simulation reference(test::seoul(), setup);
    run_on(reference, with.days, 0, own);
    CHECK(from_state.policy_changes == 4);
    CHECK(same(from_state, own));
}
