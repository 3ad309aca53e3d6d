#pragma once
// What the lonesim commands share: a command is a subcommand's options and what it does
// once they are parsed (each command in app/command_<name>.cpp; app/main.cpp only
// dispatches). Exit codes: 0 success, 2 bad input, interruption or a failed write, with
// one line on stderr saying why.
#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/parallel.hpp"

namespace lonesim {

class Cluster;

struct Command {
    CLI::App* cli = nullptr;
    std::function<int(int argc, char** argv)> run;
};

Command run_command(CLI::App& app);
Command validate_command(CLI::App& app);
Command compare_command(CLI::App& app);
Command report_command(CLI::App& app);
Command export_command(CLI::App& app);
Command parameters_command(CLI::App& app);
Command mechanisms_command(CLI::App& app);
Command batch_command(CLI::App& app);
Command calibrate_command(CLI::App& app);

// Raised by Ctrl-C and SIGTERM once a long run is prepared.
const std::atomic<bool>* stop_flag();

// What every long-running command sets up: at most `threads` worker threads (all cores
// when 0), Ctrl-C, SIGTERM, SIGHUP and SIGPIPE raise the stop flag, and a file-size limit (ulimit -f)
// fails a write like a full disk instead of killing the process with a half-written file.
ThreadLimit prepare_long_run(int threads);

// The options of commands that take a scenario file.
struct ScenarioOptions {
    std::string scenario;
    std::int64_t agents = 0;
    double scale = 0;
    int days = 0;
    std::string seed_text;  // --seed as written (checked: a whole number in [0, 2^63 - 1])
    int replicates = 0;
    int threads = 0;
    std::string out;
    std::vector<std::string> sets;
    bool quiet = false;
};
void add_scenario_options(CLI::App* cmd, ScenarioOptions& o);
// The scenario file with the command line's overrides.
// The scenario file with the options applied. With not_here, a --set of a programme the
// scenario does not list is left out and added to *not_here (apply_overrides).
ScenarioSpec resolve(const ScenarioOptions& o, std::vector<std::string>* not_here = nullptr);
// A scenario already read (from Python: lonesim.load of a dict) with the options applied
// as resolve applies them (o.scenario unused).
ScenarioSpec with_options(ScenarioSpec spec, const ScenarioOptions& o, std::vector<std::string>* not_here = nullptr);
// A progress bar only when asked for and drawn on a terminal.
bool progress_wanted(bool quiet);

// f(), with bad input, interruptions and failures as one line on stderr and exit code 2.
int guarded(const std::function<int()>& f);
// f(cluster) on the ranks of an MPI job (or alone), with errors as guarded's, reported by
// rank 0 (others name their rank), the job aborted on every rank.
int on_cluster(int argc, char** argv, const std::function<int(Cluster&)>& f);

}  // namespace lonesim
