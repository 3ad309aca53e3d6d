// lonesim: the command line. main only dispatches to the commands (app/command_*.cpp).
// Exit codes: 0 success, 1 only from calibrate --check-defaults when a fitted target is
// outside its tolerance, 2 bad input, interruption or a failed write (with one line on
// stderr saying why).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "app/command.hpp"
#include "lonesim_commit.hpp"

int main(int argc, char** argv) {
    using namespace lonesim;
    CLI::App app{"lonesim: loneliness and social isolation among Seoul's single-person households"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(LONESIM_VERSION) + " (" + LONESIM_COMMIT + ")");
    const std::vector<Command> commands = {run_command(app),        validate_command(app), compare_command(app), report_command(app), export_command(app),
                                           parameters_command(app), mechanisms_command(app), batch_command(app), calibrate_command(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::fprintf(stderr, "lonesim: %s (see --help)\n", e.what());
        return 2;
    }
    for (const Command& c : commands)
        if (*c.cli) return c.run(argc, argv);
    return 2;
}
