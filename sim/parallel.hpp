#pragma once
// Parallel loops over agents (or ties) in fixed blocks. Blocks are the unit of work and
// of output: anything a block produces is kept per block and combined in block order,
// so results do not depend on how many threads ran or which thread ran which block.
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

namespace lonesim {

inline constexpr std::size_t kBlock = 8192;

inline std::size_t block_count(std::size_t n) { return (n + kBlock - 1) / kBlock; }

// f(begin, end) over [0, n), in parallel. For loops whose iterations write only their
// own elements.
template <class F>
void parallel_over(std::size_t n, F&& f) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kBlock),
                      [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); });
}

// f(block, begin, end) over fixed blocks of [0, n); block outputs go to per-block slots.
template <class F>
void parallel_blocks(std::size_t n, F&& f) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, block_count(n), 1),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t blk = r.begin(); blk != r.end(); ++blk) {
                              const std::size_t begin = blk * kBlock;
                              f(blk, begin, std::min(n, begin + kBlock));
                          }
                      });
}

// f(i) for each i in [0, n), in parallel; for loops whose iterations write only their own
// elements.
template <class F>
void parallel_for_each_index(std::size_t n, F&& f) {
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { f(i); });
}

// f(k) for k in [0, n) as tasks side by side, each isolated: a thread waiting inside one
// task's parallel loops does not start another task (another replicate's world, say).
template <class F>
void parallel_isolated_tasks(int n, F&& f) {
    tbb::parallel_for(0, n, [&](int k) { tbb::this_task_arena::isolate([&] { f(k); }); });
}

// At most `threads` worker threads while it lives (all cores when 0, the count it then
// reports).
class ThreadLimit {
public:
    explicit ThreadLimit(int threads);
    int threads() const { return threads_; }

private:
    int threads_;
    tbb::global_control control_;
};

inline int all_cores_if_zero(int threads) {
    return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}
inline ThreadLimit::ThreadLimit(int threads)
    : threads_(all_cores_if_zero(threads)), control_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_)) {}

// A value per thread, combined at the end: for sums whose result does not depend on the
// order of addition (integers, fixed point), so not on the number of threads.
template <class T>
class PerThread {
public:
    template <class Init>
    explicit PerThread(Init&& init) : values_(std::forward<Init>(init)) {}
    T& local() { return values_.local(); }
    template <class F>
    void each(F&& f) { values_.combine_each(std::forward<F>(f)); }
    template <class Op>
    T combine(Op&& op) { return values_.combine(std::forward<Op>(op)); }

private:
    tbb::combinable<T> values_;
};

// Concatenate per-block outputs in block order.
template <class T>
void concat_blocks(std::vector<std::vector<T>>& per_block, std::vector<T>& out) {
    out.clear();
    for (auto& v : per_block) {
        out.insert(out.end(), v.begin(), v.end());
        v.clear();
    }
}

}  // namespace lonesim
