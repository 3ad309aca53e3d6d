#pragma once
// Parallel loops over agents (or ties) in fixed blocks. Blocks are the unit of work and
// of output: anything a block produces is kept per block and combined in block order,
// so results do not depend on how many threads ran or which thread ran which block.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <cstdint>
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
