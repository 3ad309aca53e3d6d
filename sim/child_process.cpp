#include "sim/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace lonesim {

namespace {

std::vector<char*> argument_vector(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    return args;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

int run_program(const std::vector<std::string>& argv) {
    if (argv.empty()) return -1;
    auto args = argument_vector(argv);
    pid_t pid = 0;
    if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
    return wait_for(pid);
}

ProgramPipe::ProgramPipe(const std::vector<std::string>& argv) {
    if (argv.empty()) return;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);  // dup2 clears close-on-exec
    // In a process group of its own, so a Ctrl-C meant for this program does not stop it
    // mid-file: this program closes the pipe, and it finishes the file.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    auto args = argument_vector(argv);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[0]);
    if (rc != 0) {
        close(fds[1]);
        return;
    }
    pid_ = pid, fd_ = fds[1];
}

ProgramPipe::~ProgramPipe() { finish(); }

bool ProgramPipe::write(const void* data, std::size_t bytes) {
    if (fd_ < 0) return false;
    // SIGPIPE held back on this thread while writing, so a closed pipe is an error, not a signal.
    sigset_t pipe_signal, old;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, &old);
    const char* p = static_cast<const char*>(data);
    bool ok = true;
    while (bytes > 0) {
        const ssize_t n = ::write(fd_, p, bytes);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        p += n, bytes -= static_cast<std::size_t>(n);
    }
    if (!ok) {  // take the pending SIGPIPE, if any, before unblocking
        const timespec zero{0, 0};
        sigtimedwait(&pipe_signal, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return ok;
}

int ProgramPipe::finish() {
    if (fd_ >= 0) close(fd_), fd_ = -1;
    if (pid_ <= 0) return -1;
    const int rc = wait_for(pid_);
    pid_ = -1;
    return rc;
}

}  // namespace lonesim
