#pragma once
// Checkpoints (issue 20): with --checkpoint-every DAYS a long command keeps, beside its
// result FILE, a folder FILE.checkpoint/ holding the latest state of each independent part
// of its work (a run: one file; a comparison: one per replicate), saved every DAYS
// simulated days (the burn-in's count) and when Ctrl-C or SIGTERM stops it. After a stop
// or a kill, the same command with --resume goes on from them and writes the same results
// as a run never stopped. Each checkpoint is an HDF5 file written under a temporary name
// and renamed when complete, so the folder only ever holds whole checkpoints; the
// finished command removes them (and the folder once empty). A checkpoint is of one
// command with its inputs (a fingerprint); any other is refused, never used.
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "models/recorders.hpp"
#include "sim/hdf5_writer.hpp"

namespace lonesim {

class Checkpoints {
public:
    // Checks before any work, throwing InputError(FILE.checkpoint, 0, option, why): without
    // `resume`, the folder must not exist (its checkpoints would be lost unseen); with it,
    // every checkpoint there must be lonesim's, complete and of `fingerprint`. every = 0:
    // none saved (a resume still reads them).
    Checkpoints(const std::string& out, int every, bool resume, std::string fingerprint);
    bool saving() const { return every_ > 0; }
    // Whether a checkpoint is due once a part has simulated `days` days.
    bool due(long days) const { return every_ > 0 && days > 0 && days % every_ == 0; }
    const std::string& folder() const { return folder_; }

    // The part's checkpoint (name: a file name without extension) if resuming from one.
    std::optional<h5::InFile> saved(const std::string& part) const;
    // Replaces the part's checkpoint by what write(file) writes; thread-safe. A failure
    // (a full disk) throws InputError naming the folder; the previous checkpoint stays.
    void save(const std::string& part, const std::function<void(h5::File&)>& write);
    // The command finished and its result is complete: its checkpoints go.
    void finished();

private:
    std::string path_of(const std::string& part) const;
    std::string folder_, fingerprint_;
    int every_ = 0;
    bool resume_ = false;
    std::mutex mutex_;
};

// Calls save(day + 1) after the days that end a checkpoint interval (but the last) of a
// part that had simulated `days_before` days before this stretch of `days`.
class CheckpointRecorder : public SimRecorder {
public:
    CheckpointRecorder(const Checkpoints& checkpoints, int days_before, int days, std::function<void(int)> save)
        : checkpoints_(checkpoints), before_(days_before), days_(days), save_(std::move(save)) {}
    void record(const Simulation&, int day) override {
        if (day + 1 < days_ && checkpoints_.due(before_ + day + 1L)) save_(day + 1);
    }

private:
    const Checkpoints& checkpoints_;
    int before_, days_;
    std::function<void(int)> save_;
};

}  // namespace lonesim
