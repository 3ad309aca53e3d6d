#include "app/start_state.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "app/programme_file.hpp"
#include "app/run.hpp"
#include "app/seoul_tables.hpp"
#include "models/parameters.hpp"
#include "sim/digest.hpp"
#include "sim/input_error.hpp"
#include "sim/output_lock.hpp"

namespace lonesim {
namespace fs = std::filesystem;

ScenarioSpec history_of(const ScenarioSpec& spec) {
    ScenarioSpec before = load_scenario(spec.starts_from, parameter_table(), &programme_rules());
    // Its own seed, from spec's: the period's days are numbered from its start, as the
    // scenario's are, and the same (seed, day) would draw the same numbers twice.
    before.seed = Digest().add("period before").add_value(spec.seed).value() >> 1;
    before.replicates = spec.replicates;
    before.agents = spec.agents, before.scale = spec.scale;
    for (const auto& p : spec.parameters) before.parameters.push_back(p);  // the later wins
    // A programme's number set on the command line holds for the period before's run of it.
    std::vector<std::string> programme_sets, not_there;
    for (const auto& line : spec.set_lines)
        if (is_programme_variable(line)) programme_sets.push_back(line);
    apply_overrides(before, programme_sets, parameter_table(), &not_there);
    before.out.clear(), before.snapshot_days.clear();
    // Room in its world for the households this scenario's own path adds after it ends:
    // its later points, when the period's own path already reaches its last day (so its
    // own days do not change). Otherwise the start refuses a path it has no room for.
    const Date last = day_info(before.start_date, before.days - 1).date;
    if (!before.households.empty() && !(before.households.back().date < last))
        for (const auto& h : spec.households)
            if (before.households.back().date < h.date) before.households.push_back(h);
    return before;
}

std::string state_cache_folder() {
    if (const char* c = std::getenv("LONESIM_CACHE"); c && *c) return c;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "lonesim").string();
    if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "lonesim").string();
    return (fs::temp_directory_path() / "lonesim-cache").string();
}

namespace {
std::mutex making;  // one period made at a time in a process (a batch's runs)

bool usable(const std::string& path, const ScenarioSpec& before, int replicates, std::optional<StateFile>& state) {
    std::error_code ec;
    if (!fs::exists(path, ec)) return false;
    try {
        state = check_period_state(path, before, replicates);
        return true;
    } catch (const InputError&) {
        return false;  // damaged or cut: made again
    }
}
}  // namespace

PeriodStart::PeriodStart(const ScenarioSpec& spec, const StartOptions& options) {
    if (spec.starts_from.empty()) return;
    const ScenarioSpec before = history_of(spec);
    {  // newcomers need homes: refused before anything is made if the world has too few
        const SimulationSetup room = setup_for(before, load_seoul(before.data_dir));
        const double most = households_peak(spec.households);
        const auto needed = std::llround(room.scale * most);
        if (needed > room.capacity)
            throw InputError(spec.path, 0, "population.households",
                             "reaches " + std::to_string(std::llround(most)) + " households, but the world of " + before.path + " has room for " +
                                 std::to_string(std::llround(static_cast<double>(room.capacity) / room.scale)) +
                                 ": give that period a [[population.households]] path that runs to its last day");
    }
    Digest key;
    key.add(inputs_digest(before)).add_value(before.days);
    std::string folder;
    if (options.use_cache) {
        folder = (fs::path(state_cache_folder()) / "states").string();
    } else {
        std::string pattern = (fs::temp_directory_path() / "lonesim-start-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw InputError(pattern, 0, "--no-cache", "cannot make a temporary folder");
        folder = temporary_ = pattern;
    }
    const std::string stem = (fs::path(folder) / (before.name + "-" + key.hex().substr(0, 16) + "-r" + std::to_string(before.replicates))).string();
    const std::string path = stem + ".state.h5";
    const std::lock_guard<std::mutex> one(making);
    if (usable(path, before, spec.replicates, state_)) return;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw InputError(folder, 0, "starts_from", "cannot create the state cache folder: " + ec.message() + " (set LONESIM_CACHE, or --no-cache)");
    // Another lonesim making the same state: wait for it, then use what it made.
    for (int waited = 0;; ++waited) {
        try {
            const OutputLock lock(path);
            if (usable(path, before, spec.replicates, state_)) return;
            // An entry of the cache that cannot be used (cut, damaged, too few replicates)
            // is lonesim's own, in its own folder: made again.
            if (options.use_cache) fs::remove(path, ec);
            std::fprintf(stderr, "lonesim: making the start of %s: %s (%d days, %d replicate(s)) into %s\n", spec.name.c_str(),
                         before.path.c_str(), before.burn_in_days + before.days, before.replicates, path.c_str());
            const auto t0 = std::chrono::steady_clock::now();
            RunOptions run;
            run.out = stem + ".run.h5";
            run.save_state = path;
            run.threads = options.threads;
            run.progress = options.progress;
            run.stop = options.stop;
            run_scenario(before, run);
            seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            made_ = true;
            state_ = check_period_state(path, before, spec.replicates);
            return;
        } catch (const OutputBusy&) {
            if (waited >= 7200) throw;
            if (options.stop && options.stop->load()) throw Interrupted("waiting for another lonesim to make " + path);
            std::this_thread::sleep_for(std::chrono::seconds(1));
        }
    }
}

PeriodStart::~PeriodStart() {
    if (temporary_.empty()) return;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(temporary_, ec))
        if (entry.path().filename().string().find(".h5") != std::string::npos) fs::remove(entry.path(), ec);  // what we made
    fs::remove(temporary_, ec);
}

}  // namespace lonesim
