#include <doctest/doctest.h>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <set>
#include <vector>
#include <sstream>

#include "sim/rng.hpp"

using lonesim::CounterRng;
using lonesim::RandomStreams;

TEST_CASE("a draw is a pure function of seed, replicate, purpose, agent, day and counter") {
    const RandomStreams s(42, 0, 7);
    CounterRng a = s.at(123, 45), b = s.at(123, 45);
    for (int k = 0; k < 100; ++k) CHECK(a() == b());
    // Each coordinate changes the stream.
    const std::uint32_t base = RandomStreams(42, 0, 7).at(123, 45)();
    CHECK(RandomStreams(43, 0, 7).at(123, 45)() != base);
    CHECK(RandomStreams(42, 1, 7).at(123, 45)() != base);
    CHECK(RandomStreams(42, 0, 8).at(123, 45)() != base);
    CHECK(RandomStreams(42, 0, 7).at(124, 45)() != base);
    CHECK(RandomStreams(42, 0, 7).at(123, 46)() != base);
    CHECK(RandomStreams(42, 0, 7).at(123, 45, 1)() != base);
}

TEST_CASE("Philox4x32-10 matches the Random123 known-answer test vectors") {
    // kat_vectors from Random123 1.09: philox4x32 10 rounds.
    using lonesim::detail::philox4x32_10;
    auto r = philox4x32_10({0, 0, 0, 0}, {0, 0});
    CHECK(r == std::array<std::uint32_t, 4>{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    r = philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu});
    CHECK(r == std::array<std::uint32_t, 4>{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
    r = philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u});
    CHECK(r == std::array<std::uint32_t, 4>{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("CounterRng feeds Boost.Random distributions with the right moments") {
    CounterRng rng = RandomStreams(2024, 0, 1).at(0, 0);
    boost::random::uniform_01<double> u01;
    boost::random::normal_distribution<double> normal(2.0, 3.0);
    boost::random::uniform_int_distribution<int> die(1, 6);
    boost::random::bernoulli_distribution<double> coin(0.3);
    boost::random::poisson_distribution<int, double> poisson(4.0);
    constexpr int n = 200000;
    double su = 0, sn = 0, snn = 0, sd = 0, sc = 0, sp = 0;
    for (int k = 0; k < n; ++k) {
        su += u01(rng);
        const double x = normal(rng);
        sn += x, snn += x * x;
        sd += die(rng), sc += coin(rng), sp += poisson(rng);
    }
    CHECK(su / n == doctest::Approx(0.5).epsilon(0.01));
    CHECK(sn / n == doctest::Approx(2.0).epsilon(0.02));
    CHECK(std::sqrt(snn / n - (sn / n) * (sn / n)) == doctest::Approx(3.0).epsilon(0.02));
    CHECK(sd / n == doctest::Approx(3.5).epsilon(0.01));
    CHECK(sc / n == doctest::Approx(0.3).epsilon(0.02));
    CHECK(sp / n == doctest::Approx(4.0).epsilon(0.02));
}

TEST_CASE("uniform() stays in the unit interval with 53-bit resolution and below(n) stays in range") {
    CounterRng rng = RandomStreams(9, 3, 2).at(17, 5);
    std::set<double> seen;
    for (int k = 0; k < 10000; ++k) {
        const double u = rng.uniform();
        CHECK(u >= 0.0);
        CHECK(u < 1.0);
        seen.insert(u);
        CHECK(rng.below(7) < 7u);
    }
    CHECK(seen.size() == 10000);
}

TEST_CASE("CounterRng models the engine concept: seed, discard, equality and streaming") {
    CounterRng a = RandomStreams(5, 0, 1).at(1, 2);
    CounterRng b = a;
    a.discard(7);
    for (int k = 0; k < 7; ++k) b();
    CHECK(a == b);
    CHECK(a() == b());
    std::stringstream ss;
    ss << a;
    CounterRng c;
    ss >> c;
    CHECK(c == a);
    CHECK(c() == a());
    CounterRng d, e;
    d.seed(99);
    e.seed(99);
    CHECK(d() == e());
    static_assert(CounterRng::min() == 0 && CounterRng::max() == 0xFFFFFFFFu);
}

TEST_CASE("batched streams give exactly the draws of streams made one by one") {
    const RandomStreams s(77, 2, 5);
    std::vector<std::uint32_t> batched(53 * 6), single;
    s.for_each(3, 56, 9, [](std::size_t k) { return static_cast<std::uint32_t>(k * 31); },
               [](std::size_t k) { return static_cast<std::uint32_t>(k % 4); },
               [&](std::size_t k, CounterRng& rng) {
                   for (int j = 0; j < 6; ++j) batched[(k - 3) * 6 + static_cast<std::size_t>(j)] = rng();
               });
    for (std::size_t k = 3; k < 56; ++k) {
        CounterRng rng = s.at(static_cast<std::uint32_t>(k * 31), 9, static_cast<std::uint32_t>(k % 4));
        for (int j = 0; j < 6; ++j) single.push_back(rng());
    }
    CHECK(batched == single);
}

TEST_CASE("every vectorised Philox path gives the scalar bits") {
    using lonesim::kRngBatch;
    namespace detail = lonesim::detail;
    const auto variants = detail::philox_x16_variants();
    INFO(variants.size() << " paths on this CPU");
    std::uint32_t agent[kRngBatch], sub[kRngBatch];
    for (int round = 0; round < 50; ++round) {
        for (int j = 0; j < kRngBatch; ++j)
            agent[j] = static_cast<std::uint32_t>(detail::splitmix64(static_cast<std::uint64_t>(round * 100 + j))),
            sub[j] = static_cast<std::uint32_t>(detail::splitmix64(static_cast<std::uint64_t>(round * 100 + j + 50)));
        const std::uint32_t day = 0xFFFFFFF0u + static_cast<std::uint32_t>(round);
        const std::array<std::uint32_t, 2> key{static_cast<std::uint32_t>(round * 7919), 0xDEADBEEFu};
        for (const auto& philox : variants) {
            std::array<std::uint32_t, 4> out[kRngBatch];
            philox(agent, day, sub, key, out);
            for (int j = 0; j < kRngBatch; ++j) CHECK(out[j] == detail::philox4x32_10({agent[j], day, 0, sub[j]}, key));
        }
    }
}
