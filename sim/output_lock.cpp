#include "sim/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "sim/input_error.hpp"

namespace lonesim {
namespace {
// Locks this thread holds: a lock taken again further down the same thread's calls is
// nested. Another thread of the process must not pass as nested (a batch's runs side by
// side make one shared start): it meets the flock like another process would.
thread_local std::set<std::string> held_paths;
}  // namespace

OutputLock::OutputLock(const std::string& out) : lock_path_(out + ".lock") {
    if (held_paths.count(lock_path_)) {
        nested_ = true;
        return;
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            if (errno == ENOENT) return;  // the folder went away: the write itself will fail and say so
            throw InputError(out, 0, "--out", "cannot create the lock " + lock_path_ + ": " + std::strerror(errno));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            ::close(fd);
            if (err == EWOULDBLOCK)
                throw OutputBusy(
                    out, 0, "--out",
                    "is being written by another lonesim (it holds " + lock_path_ + "); wait for it to finish or choose another --out");
            return;  // no flock on this file system
        }
        // The lock is ours if the file we locked is still the one at the path: a holder
        // that just finished removes its lock file, and our open may have caught it.
        struct stat locked {
        }, now{};
        if (::fstat(fd, &locked) == 0 && ::stat(lock_path_.c_str(), &now) == 0 && locked.st_ino == now.st_ino &&
            locked.st_dev == now.st_dev) {
            fd_ = fd;
            held_paths.insert(lock_path_);
            return;
        }
        ::close(fd);
    }
    throw InputError(out, 0, "--out", "cannot take the lock " + lock_path_ + ": it keeps being replaced");
}

OutputLock::~OutputLock() {
    if (fd_ < 0) return;
    held_paths.erase(lock_path_);
    ::unlink(lock_path_.c_str());  // while still locked: a waiter's next open makes a new one
    ::close(fd_);
}

}  // namespace lonesim
