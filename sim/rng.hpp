#pragma once
// Counter-based random numbers: every draw is a pure function of
// (seed, replicate, purpose, agent, day, counter), so results cannot depend on the
// order in which threads or ranks visit agents, and two scenarios share every draw
// of every purpose they both use (common random numbers).
//
// The bijection is Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers:
// as easy as 1, 2, 3", SC 2011), which passes BigCrush. CounterRng models Boost.Random's
// pseudo-random number generator concept, so boost::random distributions consume it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <limits>
#include <ostream>
#include <vector>

namespace lonesim {

// A purpose names why a draw is made (an outing, a contact, a programme referral...).
// Purposes are chosen by the model; each gets an independent family of streams.
using Purpose = std::uint32_t;

namespace detail {
constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

inline std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> ctr,
                                                  std::array<std::uint32_t, 2> key) {
    constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
    constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = std::uint64_t{kM0} * ctr[0];
        const std::uint64_t p1 = std::uint64_t{kM1} * ctr[2];
        ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0],
               static_cast<std::uint32_t>(p1),
               static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1],
               static_cast<std::uint32_t>(p0)};
        key[0] += kW0;
        key[1] += kW1;
    }
    return ctr;
}
}  // namespace detail

// The key of a family of streams: (seed, replicate, purpose).
struct StreamKey {
    std::array<std::uint32_t, 2> words{};

    static StreamKey make(std::uint64_t seed, std::uint32_t replicate, Purpose purpose) {
        std::uint64_t h = detail::splitmix64(seed);
        h = detail::splitmix64(h ^ (std::uint64_t{replicate} << 32 | purpose));
        return {{static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32)}};
    }
    friend bool operator==(const StreamKey&, const StreamKey&) = default;
};

// One stream: the draws for one (agent, day, sub) under one key. Cheap to make; make one
// where it is needed and let it go out of scope.
class CounterRng {
public:
    using result_type = std::uint32_t;
    static constexpr bool has_fixed_range = true;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    CounterRng() = default;
    CounterRng(StreamKey key, std::uint32_t agent, std::uint32_t day, std::uint32_t sub = 0)
        : key_(key), agent_(agent), day_(day), sub_(sub) {}
    // The same stream, its first block already computed (by philox_x16).
    CounterRng(StreamKey key, std::uint32_t agent, std::uint32_t day, std::uint32_t sub,
               const std::array<std::uint32_t, 4>& first_block)
        : key_(key), agent_(agent), day_(day), sub_(sub), counter_(1), used_(0), block_(first_block) {}

    result_type operator()() {
        if (used_ == 4) refill();
        return block_[used_++];
    }

    // A double in [0, 1) with 53 random bits.
    double uniform() {
        const std::uint64_t hi = (*this)() >> 5, lo = (*this)() >> 6;
        return static_cast<double>(hi * 67108864ULL + lo) * 0x1.0p-53;
    }
    bool bernoulli(double p) { return uniform() < p; }
    // An index in [0, n) (Lemire's multiply-shift; bias < n / 2^32, negligible here).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>((std::uint64_t{(*this)()} * n) >> 32);
    }

    // The rest of Boost's PseudoRandomNumberGenerator concept.
    void seed() { *this = CounterRng(); }
    void seed(std::uint64_t s) { *this = CounterRng(StreamKey::make(s, 0, 0), 0, 0); }
    template <class It>
    void seed(It& first, It last) {
        std::uint64_t s = 0;
        for (int i = 0; i < 2 && first != last; ++i, ++first) s = (s << 32) | (*first & 0xFFFFFFFFu);
        seed(s);
    }
    void discard(std::uint64_t n) {
        for (; n > 0; --n) (*this)();
    }
    friend bool operator==(const CounterRng& a, const CounterRng& b) {
        return a.key_ == b.key_ && a.agent_ == b.agent_ && a.day_ == b.day_ && a.sub_ == b.sub_ &&
               a.counter_ == b.counter_ && a.used_ == b.used_;
    }
    template <class Ch, class Tr>
    friend std::basic_ostream<Ch, Tr>& operator<<(std::basic_ostream<Ch, Tr>& os,
                                                  const CounterRng& r) {
        return os << r.key_.words[0] << ' ' << r.key_.words[1] << ' ' << r.agent_ << ' '
                  << r.day_ << ' ' << r.sub_ << ' ' << r.counter_ << ' ' << r.used_;
    }
    template <class Ch, class Tr>
    friend std::basic_istream<Ch, Tr>& operator>>(std::basic_istream<Ch, Tr>& is, CounterRng& r) {
        std::uint32_t used = 4;
        is >> r.key_.words[0] >> r.key_.words[1] >> r.agent_ >> r.day_ >> r.sub_ >> r.counter_ >> used;
        // Recompute the block the saved position points into.
        if (used < 4) {
            r.counter_ -= 1;
            r.refill();
        }
        r.used_ = used;
        return is;
    }

private:
    void refill() {
        block_ = detail::philox4x32_10({agent_, day_, counter_, sub_}, key_.words);
        ++counter_;
        used_ = 0;
    }

    StreamKey key_{};
    std::uint32_t agent_ = 0, day_ = 0, sub_ = 0, counter_ = 0;
    std::uint32_t used_ = 4;
    std::array<std::uint32_t, 4> block_{};
};

// Philox4x32-10 of 16 counters {agent[k], day, 0, sub[k]} at once, written so the
// compiler vectorises it (AVX-512 or AVX2 where the CPU has it, chosen at run time). Bit-identical
// to philox4x32_10 on each counter.
inline constexpr int kRngBatch = 16;
void philox_x16(const std::uint32_t* agent, std::uint32_t day, const std::uint32_t* sub,
                std::array<std::uint32_t, 2> key, std::array<std::uint32_t, 4>* out);
namespace detail {
using PhiloxX16 = void (*)(const std::uint32_t*, std::uint32_t, const std::uint32_t*, std::array<std::uint32_t, 2>,
                           std::array<std::uint32_t, 4>*);
// philox_x16's implementations this CPU can run (scalar, then AVX2, then AVX-512), for tests.
std::vector<PhiloxX16> philox_x16_variants();
}  // namespace detail

// Streams of one purpose in one replicate: rng.at(agent, day).
class RandomStreams {
public:
    RandomStreams() = default;
    RandomStreams(std::uint64_t seed, std::uint32_t replicate, Purpose purpose)
        : key_(StreamKey::make(seed, replicate, purpose)) {}
    // sub separates several streams of one agent and day (one per tie, say).
    CounterRng at(std::uint32_t agent, std::uint32_t day, std::uint32_t sub = 0) const {
        return {key_, agent, day, sub};
    }
    StreamKey key() const { return key_; }

    // Calls f(k, rng) for k in [begin, end) with rng = at(agent(k), day, sub(k)), computing
    // the streams' first blocks 16 at a time. Same draws as calling at() one by one.
    template <class AgentOf, class SubOf, class F>
    void for_each(std::size_t begin, std::size_t end, std::uint32_t day, AgentOf&& agent_of, SubOf&& sub_of,
                  F&& f) const {
        std::uint32_t agents[kRngBatch], subs[kRngBatch];
        std::array<std::uint32_t, 4> blocks[kRngBatch];
        std::size_t k = begin;
        for (; k + kRngBatch <= end; k += kRngBatch) {
            for (int j = 0; j < kRngBatch; ++j) agents[j] = agent_of(k + j), subs[j] = sub_of(k + j);
            philox_x16(agents, day, subs, key_.words, blocks);
            for (int j = 0; j < kRngBatch; ++j) {
                CounterRng rng(key_, agents[j], day, subs[j], blocks[j]);
                f(k + j, rng);
            }
        }
        for (; k < end; ++k) {
            CounterRng rng = at(agent_of(k), day, sub_of(k));
            f(k, rng);
        }
    }

private:
    StreamKey key_{};
};

}  // namespace lonesim
