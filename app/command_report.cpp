// lonesim report FILE.h5 --out DIR [--lang ko|en]: the HTML report of a comparison, drawn by
// matplotlib (Debian's python3-matplotlib) reading the HDF5 file through h5py: tools/report.py.
// lonesim export FILE.h5 --csv DIR: the report's tables as CSV and one Excel workbook, from a
// comparison or batch file: tools/report_tables.py.
#include <memory>

#include "app/command.hpp"
#include "app/share_path.hpp"
#include "sim/child_process.hpp"
#include "sim/input_error.hpp"

namespace lonesim {
namespace {

// An argument vector, no shell: file names are never read as commands.
int run_script(const char* name, std::vector<std::string> args) {
    const std::string script = share_path(std::string("tools/") + name);
    args.insert(args.begin(), {"/usr/bin/python3", script});
    const int status = run_program(args);
    if (status < 0) throw InputError("/usr/bin/python3", 0, "", "cannot run the script " + script);
    return status == 0 ? 0 : 2;
}

}  // namespace

Command report_command(CLI::App& app) {
    struct Options {
        std::string file, out, lang = "en";
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("report", "Write an HTML report of a comparison file (matplotlib charts, CSV and Excel tables)");
    cmd->add_option("file", o->file, "A result file of lonesim compare")->required();
    cmd->add_option("--out", o->out, "Folder for index.html, report.html (one file), the charts and the tables")->required();
    cmd->add_option("--lang", o->lang, "Language of the report: en or ko")->check(CLI::IsMember({"en", "ko"}));
    return {cmd, [o](int, char**) { return guarded([&] { return run_script("report.py", {o->file, "--out", o->out, "--lang", o->lang}); }); }};
}

Command export_command(CLI::App& app) {
    struct Options {
        std::string file, csv;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("export", "Write the summary tables of a comparison or batch file as CSV and one Excel workbook");
    cmd->add_option("file", o->file, "A result file of lonesim compare or lonesim batch")->required();
    cmd->add_option("--csv", o->csv, "Folder for the tables (new, empty, or an earlier export)")->required();
    return {cmd, [o](int, char**) { return guarded([&] { return run_script("report_tables.py", {o->file, "--csv", o->csv}); }); }};
}

}  // namespace lonesim
