// lonesim report FILE.h5 --out DIR: the HTML report of a comparison, drawn by matplotlib
// (Debian's python3-matplotlib) reading the HDF5 file through h5py: tools/report.py.
#include <memory>

#include "app/command.hpp"
#include "sim/child_process.hpp"
#include "sim/input_error.hpp"

namespace lonesim {

Command report_command(CLI::App& app) {
    struct Options {
        std::string file, out;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("report", "Write an HTML report of a comparison file (matplotlib charts)");
    cmd->add_option("file", o->file, "A result file of lonesim compare")->required();
    cmd->add_option("--out", o->out, "Folder for index.html and the charts")->required();
    return {cmd, [o](int, char**) {
                return guarded([&] {
                    // An argument vector, no shell: file names are never read as commands.
                    const std::string script = std::string(LONESIM_SOURCE_DIR) + "/tools/report.py";
                    const int status = run_program({"/usr/bin/python3", script, o->file, "--out", o->out});
                    if (status < 0) throw InputError("/usr/bin/python3", 0, "", "cannot run the report script " + script);
                    return status == 0 ? 0 : 2;
                });
            }};
}

}  // namespace lonesim
