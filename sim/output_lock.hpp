#pragma once
// An advisory lock of lonesim's own on an output (issue 19, defect 12): while a command
// writes FILE it holds flock() on FILE.lock, so a second lonesim writing the same FILE is
// refused in a line instead of mixing its bytes into the first one's. HDF5's own locking
// is often off on NFS and Lustre (HDF5_USE_FILE_LOCKING=FALSE); this one does not depend
// on it. The lock file is removed when the lock is released. Where the file system has no
// flock (some parallel file systems), the lock is skipped: unique temporary names still
// keep each writer's file whole (sim/result_file.hpp).
#include <string>

#include "sim/input_error.hpp"

namespace lonesim {

// The lock is held by another process: a writer that may wait for it catches this.
struct OutputBusy : InputError {
    using InputError::InputError;
};

class OutputLock {
public:
    // Takes the lock on `out` (throws InputError(out, 0, "--out", ...) when another
    // process holds it). Taking it again in the same thread is allowed (nested writers); another
    // thread of this process is refused as another process would be.
    explicit OutputLock(const std::string& out);
    ~OutputLock();
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;
    // Whether this process holds the lock (false where the file system has no flock).
    bool held() const { return fd_ >= 0 || nested_; }

private:
    std::string lock_path_;
    int fd_ = -1;
    bool nested_ = false;
};

}  // namespace lonesim
