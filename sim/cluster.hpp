#pragma once
// The ranks of a batch. Under mpirun (or srun) it is MPI's world; started alone it is a
// single local rank and MPI is not initialised at all. Runs are handed out by a counter
// shared by all ranks (MPI-3 one-sided fetch-and-add on rank 0), so a rank that finishes
// early takes the next run: dynamic load balancing without a master rank.
#include <cstdint>
#include <mutex>

namespace lonesim {

class Cluster {
public:
    // Initialises MPI when the process was launched by an MPI launcher and lonesim was
    // built with MPI; otherwise one local rank.
    Cluster(int& argc, char**& argv);
    // One local rank whatever launched the process (MPI untouched): lonesim.batch from Python.
    struct Local {};
    explicit Cluster(Local) {}
    ~Cluster();
    Cluster(const Cluster&) = delete;
    Cluster& operator=(const Cluster&) = delete;

    int rank() const { return rank_; }
    int size() const { return size_; }
    bool mpi() const { return mpi_; }
    static bool built_with_mpi();

    void barrier();
    std::int64_t sum(std::int64_t local);  // over all ranks
    // 0, 1, 2, ... over all calls on all ranks (thread-safe).
    std::int64_t next_index();
    // Starts the counter again from 0 (collective: every rank calls it).
    void reset_counter();
    // Ends every rank with this exit code (after a rank was interrupted).
    [[noreturn]] void abort(int code);

private:
    int rank_ = 0, size_ = 1;
    bool mpi_ = false;
    std::mutex mutex_;
    std::int64_t local_counter_ = 0;
    void* window_ = nullptr;  // MPI_Win, when mpi_
    std::int64_t* counter_ = nullptr;
};

// True when an MPI launcher started this process (Open MPI, PMI or PMIx environment).
bool launched_by_mpi();

}  // namespace lonesim
