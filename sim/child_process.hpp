#pragma once
// Starting another program: always with an argument vector, never through a shell, so no
// user text (a file name with a quote, a semicolon) is ever read as a command.
#include <string>
#include <vector>

namespace lonesim {

// Runs argv[0] (a path) with the arguments argv[1..], waits, and returns its exit code;
// -1 if it could not be started or did not exit normally.
int run_program(const std::vector<std::string>& argv);

}  // namespace lonesim
