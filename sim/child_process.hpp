#pragma once
// Starting another program: always with an argument vector, never through a shell, so no
// user text (a file name with a quote, a semicolon) is ever read as a command.
#include <cstddef>
#include <string>
#include <sys/types.h>
#include <vector>

namespace lonesim {

// Runs argv[0] (a path) with the arguments argv[1..], waits, and returns its exit code;
// -1 if it could not be started or did not exit normally.
int run_program(const std::vector<std::string>& argv);

// A program started with its standard input a pipe from this one (ffmpeg taking frames).
// Writes never raise SIGPIPE: a program that has gone away makes write return false.
class ProgramPipe {
public:
    explicit ProgramPipe(const std::vector<std::string>& argv);  // started() says whether it ran
    ~ProgramPipe();                                              // closes and waits
    ProgramPipe(const ProgramPipe&) = delete;
    ProgramPipe& operator=(const ProgramPipe&) = delete;

    bool started() const { return pid_ > 0; }
    bool write(const void* data, std::size_t bytes);
    // Closes the pipe and waits: the program's exit code, -1 if it did not exit normally.
    int finish();

private:
    pid_t pid_ = -1;
    int fd_ = -1;
};

}  // namespace lonesim
