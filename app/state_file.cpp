#include "app/state_file.hpp"

#include <algorithm>
#include <cmath>

#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/start_state.hpp"
#include "lonesim_commit.hpp"
#include "models/parameters.hpp"
#include "models/world.hpp"
#include "sim/digest.hpp"
#include "sim/input_error.hpp"
#include "sim/result_file.hpp"
#include "sim/state_archive.hpp"

namespace lonesim {
namespace fs = std::filesystem;

namespace {
Digest world_part(const ScenarioSpec& spec) {
    ScenarioSpec world = spec;  // without what only says how long to run and where to write
    world.path.clear(), world.set_lines.clear(), world.name.clear(), world.description.clear(), world.out.clear();
    world.days = 0, world.replicates = 1, world.snapshot_days.clear();
    Digest h;
    h.add(std::string(LONESIM_VERSION) + " " + LONESIM_COMMIT);
    h.add(world.to_toml(parameter_table()));
    for (const char* table :
         {"seoul_single_households_by_district_age.csv", "seoul_district_indicators.csv", "seoul_district_centroids.csv"}) {
        std::ifstream in(fs::path(spec.data_dir) / table, std::ios::binary);
        h.add(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
    }
    if (!spec.starts_from.empty()) h.add(inputs_digest(history_of(spec)));  // the world it starts from
    return h;
}
}  // namespace

std::string world_digest(const ScenarioSpec& spec) { return world_part(spec).hex(); }

std::string inputs_digest(const ScenarioSpec& spec) {
    Digest h = world_part(spec);
    for (const auto& p : spec.programmes) {
        h.add(p.name).add(p.mechanism).add(to_string(p.start)).add(to_string(p.end));
        for (const auto& d : p.districts) h.add(d);
        h.add_value(p.min_age).add_value(p.max_age).add_value(p.min_loneliness);
        for (const auto& s : p.statuses) h.add(s);
        for (const auto& s : p.required) h.add(s);
        h.add_value(p.capacity.per_year).add_value(p.capacity.concurrent);
        h.add_value(p.fixed_per_year).add_value(p.per_enrolment).add_value(p.per_unit).add_value(p.enabled);
        for (const auto& [key, value] : p.parameters) h.add(key).add_value(value);
        for (const auto& [to, probability] : p.referrals) h.add(to).add_value(probability);
    }
    for (const auto& c : spec.policy)
        h.add_value(c.day).add(c.programme).add_value(c.enabled).add_value(c.capacity.per_year).add_value(c.capacity.concurrent);
    return h.hex();
}

void write_state_header(h5::File& f, const ScenarioSpec& spec, const SimulationSetup& setup, int day) {
    f.without_dimension_scales();  // lonesim's own file (README: state files aside)
    const hid_t root = f.id();
    h5::attribute(root, "program", std::string("lonesim"));
    h5::attribute(root, "kind", std::string("state"));
    h5::attribute(root, "version", std::string(LONESIM_VERSION));
    h5::attribute(root, "commit", std::string(LONESIM_COMMIT));
    h5::attribute(root, "day", static_cast<std::int64_t>(day));
    h5::attribute(root, "replicates", static_cast<std::int64_t>(spec.replicates));
    h5::attribute(root, "agents", static_cast<std::int64_t>(setup.agents));
    h5::attribute(root, "seed", static_cast<std::int64_t>(spec.seed));
    h5::attribute(root, "start_date", to_string(spec.start_date));
    h5::attribute(root, "scenario_file", spec.path);
    h5::attribute(root, "scenario_text", spec.file_text);
    h5::attribute(root, "resolved_scenario", spec.to_toml(parameter_table()));
    h5::attribute(root, "inputs_digest", inputs_digest(spec));
    h5::attribute(root, "world_digest", world_digest(spec));
}

void write_replicate_state(h5::File& f, int replicate, const Simulation& sim) {
    StateArchive a = StateArchive::writing(f.id(), "replicate_" + std::to_string(replicate));
    sim.save_state(a);
}

void write_simulation_state(const std::string& path, const ScenarioSpec& spec, const Simulation& sim) {
    write_result_file(path, [&](h5::File& f) {
        ScenarioSpec one = spec;
        one.replicates = 1;
        write_state_header(f, one, sim.setup(), sim.days_done());
        h5::attribute(f.id(), "only_replicate", static_cast<std::int64_t>(sim.setup().replicate));
        write_replicate_state(f, static_cast<int>(sim.setup().replicate), sim);
    });
}

StateFile check_state_file(const std::string& path, const ScenarioSpec& spec, int replicate) {
    auto refuse = [&](const std::string& why) -> StateFile { throw InputError(path, 0, "--from-state", why); };
    std::error_code ec;
    if (!fs::exists(path, ec)) return refuse("no such file");
    if (!fs::is_regular_file(path, ec)) return refuse("is not a regular file");
    StateFile s;
    s.path = path;
    try {
        const h5::InFile in(path);
        if (!in.has_attribute("kind") || in.string_attribute("kind") != "state" || !in.has_attribute("complete"))
            return refuse("is not a lonesim state file");
        if (in.int_attribute("complete") != 1) return refuse("is incomplete (its run was interrupted while writing it)");
        const std::string commit = in.string_attribute("commit");
        if (commit != LONESIM_COMMIT || in.string_attribute("version") != LONESIM_VERSION)
            return refuse("was written by another build of lonesim (" + in.string_attribute("version") + ", " + commit + "; this is " +
                          LONESIM_VERSION + ", " + LONESIM_COMMIT + ")");
        s.day = static_cast<int>(in.int_attribute("day"));
        if (in.string_attribute("inputs_digest") != inputs_digest(spec)) {
            const bool same_world = in.has_attribute("world_digest") && in.string_attribute("world_digest") == world_digest(spec);
            if (!same_world)
                return refuse("is of another world than " + spec.path +
                              " (the world's size, seed, dates, burn-in, parameters, shocks or data tables differ; it holds " +
                              in.string_attribute("scenario_file") + ")");
            if (s.day != 0)
                return refuse("is of other programmes or policy than " + spec.path + ", on day " + std::to_string(s.day) +
                              ": only a state of day 0 (--save-state-at 0) starts another scenario; it holds " +
                              in.string_attribute("scenario_file"));
            s.use = Simulation::FromState::new_programmes;
        }
        s.replicates = static_cast<int>(in.int_attribute("replicates"));
        s.start_date = in.string_attribute("start_date");
        if (in.has_attribute("only_replicate")) s.only_replicate = static_cast<int>(in.int_attribute("only_replicate"));
    } catch (const h5::H5Error& e) {
        return refuse(std::string("cannot be read: ") + e.what());
    }
    if (s.only_replicate >= 0) {  // one Simulation's, saved from Python
        const bool fits = replicate >= 0 ? replicate == s.only_replicate : s.only_replicate == 0 && spec.replicates == 1;
        if (!fits)
            return refuse("holds replicate " + std::to_string(s.only_replicate) + " only (saved from Python); " +
                          (replicate >= 0 ? "replicate " + std::to_string(replicate) + " was asked for"
                                          : "the run asks for " + std::to_string(spec.replicates) + " replicate(s) from 0"));
        return s;
    }
    if (replicate >= 0 && replicate >= s.replicates)
        return refuse("holds " + std::to_string(s.replicates) + " replicate(s), replicate " + std::to_string(replicate) + " was asked for");
    if (replicate < 0 && s.replicates < spec.replicates)
        return refuse("holds " + std::to_string(s.replicates) + " replicate(s), the run asks for " + std::to_string(spec.replicates));
    return s;
}

StateFile check_period_state(const std::string& path, const ScenarioSpec& before, int replicates) {
    ScenarioSpec asked = before;
    asked.replicates = replicates;
    StateFile s = check_state_file(path, asked);
    if (s.use != Simulation::FromState::continues || s.day != before.days)
        throw InputError(path, 0, "starts_from", "is not the end state of " + before.path + " (day " + std::to_string(s.day) + ", not " +
                                                     std::to_string(before.days) + ")");
    s.use = Simulation::FromState::new_period;
    return s;
}

Simulation load_replicate_state(const StateFile& file, const SeoulData& seoul, const SimulationSetup& setup) {
    try {
        const h5::Handle f(H5Fopen(file.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + file.path);
        StateArchive a = StateArchive::reading(f.id(), "replicate_" + std::to_string(setup.replicate));
        Simulation sim(seoul, setup, a, file.use);
        if (!sim.burned_in()) throw StateMismatch("burn_in_next: a state file holds a burned-in world");
        if (file.use == Simulation::FromState::new_period) {
            // Newcomers need homes: the period before's world must have room for this one's path.
            const double most = households_peak(setup.households);
            const auto needed = static_cast<std::size_t>(std::llround(sim.world().population_scale * most));
            if (needed > sim.world().agents.size())
                throw InputError(file.path, 0, "starts_from",
                                 "the period before's world has room for " + std::to_string(sim.world().agents.size()) + " households; this scenario's path needs " +
                                     std::to_string(needed) + ": give the period before a [[population.households]] path that reaches " +
                                     std::to_string(std::llround(most)));
        }
        return sim;
    } catch (const StateMismatch& e) {
        throw InputError(file.path, 0, "--from-state", std::string("is damaged or not this model's: ") + e.what());
    } catch (const h5::H5Error& e) {
        throw InputError(file.path, 0, "--from-state", std::string("cannot be read: ") + e.what());
    }
}

}  // namespace lonesim
