#include "sim/cluster.hpp"

#include <cstdlib>

#ifdef LONESIM_HAVE_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only; the deprecated C++ bindings are not linked
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace lonesim {

bool launched_by_mpi() {
    for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(v)) return true;
    return false;
}

bool Cluster::built_with_mpi() {
#ifdef LONESIM_HAVE_MPI
    return true;
#else
    return false;
#endif
}

Cluster::Cluster([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef LONESIM_HAVE_MPI
    if (!launched_by_mpi()) return;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);  // calls are made under mutex_
    mpi_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    auto* win = new MPI_Win;
    MPI_Win_allocate(rank_ == 0 ? sizeof(std::int64_t) : 0, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counter_, win);
    window_ = win;
    if (rank_ == 0) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, *win);
        *counter_ = 0;
        MPI_Win_unlock(0, *win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
#endif
}

Cluster::~Cluster() {
#ifdef LONESIM_HAVE_MPI
    if (!mpi_) return;
    auto* win = static_cast<MPI_Win*>(window_);
    MPI_Win_free(win);
    delete win;
    MPI_Finalize();
#endif
}

void Cluster::barrier() {
#ifdef LONESIM_HAVE_MPI
    if (mpi_) {
        std::lock_guard lock(mutex_);
        MPI_Barrier(MPI_COMM_WORLD);
    }
#endif
}

std::int64_t Cluster::sum(std::int64_t local) {
#ifdef LONESIM_HAVE_MPI
    if (mpi_) {
        std::lock_guard lock(mutex_);
        long long in = local, out = 0;
        MPI_Allreduce(&in, &out, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
        return out;
    }
#endif
    return local;
}

std::int64_t Cluster::next_index() {
    std::lock_guard lock(mutex_);
#ifdef LONESIM_HAVE_MPI
    if (mpi_) {
        auto* win = static_cast<MPI_Win*>(window_);
        long long one = 1, got = 0;
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, *win);
        MPI_Fetch_and_op(&one, &got, MPI_LONG_LONG, 0, 0, MPI_SUM, *win);
        MPI_Win_unlock(0, *win);
        return got;
    }
#endif
    return local_counter_++;
}

void Cluster::reset_counter() {
    barrier();
    {
        std::lock_guard lock(mutex_);
        local_counter_ = 0;
#ifdef LONESIM_HAVE_MPI
        if (mpi_ && rank_ == 0) {
            auto* win = static_cast<MPI_Win*>(window_);
            MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, *win);
            *counter_ = 0;
            MPI_Win_unlock(0, *win);
        }
#endif
    }
    barrier();
}

void Cluster::abort(int code) {
#ifdef LONESIM_HAVE_MPI
    if (mpi_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
    std::exit(code);
}

}  // namespace lonesim
