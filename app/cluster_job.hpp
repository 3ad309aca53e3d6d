#pragma once
// The options of the commands that spread a file's runs over the ranks of a cluster
// (batch, calibrate).
#include <CLI/CLI.hpp>
#include <string>

#include "app/batch.hpp"
#include "app/command.hpp"

namespace lonesim {

struct ClusterJob {
    std::string file, out;
    int threads = 0, at_once = 1;
    bool quiet = false, dry = false;

    CLI::App* add(CLI::App& app, const char* name, const char* what, const char* file_name, const char* file_help) {
        CLI::App* cmd = app.add_subcommand(name, what);
        cmd->add_option(file_name, file, file_help)->required();
        cmd->add_option("--out", out, "Output folder (default: under outputs/)");
        cmd->add_option("--threads", threads, "Worker threads per rank (default: all cores)")->check(CLI::Range(1, 1024));
        cmd->add_option("--runs-at-once", at_once, "Runs each rank works on side by side (default 1)")->check(CLI::Range(1, 1024));
        cmd->add_flag("--quiet,-q", quiet, "Only errors");
        cmd->add_flag("--dry-run", dry, std::string("Check the ") + file_name + " file and print its size; run nothing");
        return cmd;
    }
    BatchOptions options(const std::string& default_out) const {
        BatchOptions o;
        o.out = out.empty() ? default_out : out;
        o.runs_at_once = at_once;
        o.quiet = quiet;
        o.stop = stop_flag();
        return o;
    }
};

}  // namespace lonesim
