#pragma once
// Parallel loops over agents (or ties) in fixed blocks. Blocks are the unit of work and
// of output: anything a block produces is kept per block and combined in block order,
// so results do not depend on how many threads ran or which thread ran which block.
// Every parallel loop of lonesim goes through this file.
//
// Two backends with the same blocks: oneTBB (always, except...) and, in the
// ThreadSanitizer build (LONESIM_SANITIZE=thread), plain std::threads forked and joined
// per loop. TSan cannot see the synchronisation inside Debian's libtbb, which is not
// built with it, and reports TBB's own hand-offs as races; on std::threads it sees
// every hand-off, so what it reports is a race in lonesim's loop bodies.
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#define LONESIM_STD_THREADS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LONESIM_STD_THREADS 1
#endif
#endif

namespace lonesim {

inline int all_cores_if_zero(int threads) {
    return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

#ifdef LONESIM_STD_THREADS
namespace detail {
// The ThreadSanitizer backend: the thread limit a ThreadLimit sets, and tasks [0, n)
// taken in turn by up to that many threads, joined before it returns.
inline std::atomic<int>& thread_limit() {
    static std::atomic<int> limit{all_cores_if_zero(0)};
    return limit;
}
// The calling thread's number in the loop it is working on (see this_worker).
inline std::size_t& worker_number() {
    thread_local std::size_t number = 0;
    return number;
}
template <class F>
void fork_join(std::size_t n, F&& task) {
    const std::size_t threads = std::min<std::size_t>(n, static_cast<std::size_t>(thread_limit().load()));
    std::atomic<std::size_t> next{0};
    auto work = [&](std::size_t me) {
        worker_number() = me;
        for (std::size_t k = next++; k < n; k = next++) task(k);
    };
    const std::size_t outer = worker_number();
    std::vector<std::thread> helpers;
    for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work, t);
    work(0);
    for (auto& h : helpers) h.join();
    worker_number() = outer;
}
}  // namespace detail
#endif

inline constexpr std::size_t kBlock = 8192;

inline std::size_t block_count(std::size_t n) { return (n + kBlock - 1) / kBlock; }

// f(begin, end) over [0, n), in parallel. For loops whose iterations write only their
// own elements.
template <class F>
void parallel_over(std::size_t n, F&& f) {
#ifdef LONESIM_STD_THREADS
    detail::fork_join(block_count(n), [&](std::size_t blk) { f(blk * kBlock, std::min(n, (blk + 1) * kBlock)); });
    return;
#endif
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kBlock),
                      [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); });
}

// f(block, begin, end) over fixed blocks of [0, n); block outputs go to per-block slots.
template <class F>
void parallel_blocks(std::size_t n, F&& f) {
#ifdef LONESIM_STD_THREADS
    detail::fork_join(block_count(n), [&](std::size_t blk) { f(blk, blk * kBlock, std::min(n, (blk + 1) * kBlock)); });
    return;
#endif
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
#ifdef LONESIM_STD_THREADS
    detail::fork_join(block_count(n), [&](std::size_t blk) {
        for (std::size_t i = blk * kBlock; i < std::min(n, (blk + 1) * kBlock); ++i) f(i);
    });
    return;
#endif
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { f(i); });
}

// f(k) for k in [0, n) as tasks side by side, each isolated: a thread waiting inside one
// task's parallel loops does not start another task (another replicate's world, say).
template <class F>
void parallel_isolated_tasks(int n, F&& f) {
#ifdef LONESIM_STD_THREADS
    detail::fork_join(static_cast<std::size_t>(std::max(n, 0)), [&](std::size_t k) { f(static_cast<int>(k)); });
    return;
#endif
    tbb::parallel_for(0, n, [&](int k) { tbb::this_task_arena::isolate([&] { f(k); }); });
}

// The thread running the calling loop body, as a number in [0, worker_slots()): no two
// threads working on one loop have the same number at the same time. For per-thread
// accumulators indexed by it, combined by a sum that does not depend on which thread
// added what (integers), so results do not depend on the thread count. A loop body that
// uses it must not itself start parallel work.
inline std::size_t worker_slots() {
#ifdef LONESIM_STD_THREADS
    return static_cast<std::size_t>(std::max(1, detail::thread_limit().load()));
#else
    return static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
#endif
}
inline std::size_t this_worker() {
#ifdef LONESIM_STD_THREADS
    return detail::worker_number();
#else
    const int index = tbb::this_task_arena::current_thread_index();
    return index < 0 ? 0 : static_cast<std::size_t>(index);
#endif
}

// a() and b() side by side.
template <class A, class B>
void parallel_invoke(A&& a, B&& b) {
#ifdef LONESIM_STD_THREADS
    std::thread other(b);
    a();
    other.join();
    return;
#endif
    tbb::parallel_invoke(a, b);
}

// At most `threads` worker threads while it lives (all cores when 0, the count it then
// reports).
class ThreadLimit {
public:
    explicit ThreadLimit(int threads);
    ~ThreadLimit();
    ThreadLimit(const ThreadLimit&) = delete;
    ThreadLimit& operator=(const ThreadLimit&) = delete;
    int threads() const { return threads_; }

private:
    int threads_;
    tbb::global_control control_;
#ifdef LONESIM_STD_THREADS
    int previous_ = detail::thread_limit().exchange(threads_);
#endif
};

inline ThreadLimit::ThreadLimit(int threads)
    : threads_(all_cores_if_zero(threads)), control_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads_)) {}
inline ThreadLimit::~ThreadLimit() {
#ifdef LONESIM_STD_THREADS
    detail::thread_limit() = previous_;
#endif
}

// A value per thread, combined at the end: for sums whose result does not depend on the
// order of addition (integers, fixed point), so not on the number of threads.
template <class T>
class PerThread {
public:
#ifndef LONESIM_STD_THREADS
    template <class Init>
    explicit PerThread(Init&& init) : values_(std::forward<Init>(init)) {}
    T& local() { return values_.local(); }
    template <class F>
    void each(F&& f) { values_.combine_each(std::forward<F>(f)); }
    template <class Op>
    T combine(Op&& op) { return values_.combine(std::forward<Op>(op)); }

private:
    tbb::combinable<T> values_;
#else
    template <class Init>
    explicit PerThread(Init&& init) : init_(std::forward<Init>(init)) {}
    T& local() {
        std::lock_guard lock(mutex_);
        for (auto& [id, v] : values_)
            if (id == std::this_thread::get_id()) return v;
        return values_.emplace_back(std::this_thread::get_id(), init_()).second;
    }
    template <class F>
    void each(F&& f) {
        for (auto& [id, v] : values_) f(v);
    }
    template <class Op>
    T combine(Op&& op) {
        if (values_.empty()) return init_();
        T sum = values_.front().second;
        for (auto it = std::next(values_.begin()); it != values_.end(); ++it) sum = op(sum, it->second);
        return sum;
    }

private:
    std::function<T()> init_;
    std::mutex mutex_;
    std::list<std::pair<std::thread::id, T>> values_;  // addresses stay put
#endif
};

// Concatenate per-block outputs in block order.
template <class T>
void concat_blocks(std::vector<std::vector<T>>& per_block, std::vector<T>& out) {
    out.clear();
    std::size_t total = 0;
    for (const auto& v : per_block) total += v.size();
    out.reserve(total);  // exactly, once: growing by doubling would hold two copies
    for (auto& v : per_block) {
        out.insert(out.end(), v.begin(), v.end());
        v.clear();
    }
}

}  // namespace lonesim
