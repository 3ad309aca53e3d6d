#include "sim/rng.hpp"

#include <immintrin.h>

namespace lonesim {
namespace {

constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

void philox_x16_scalar(const std::uint32_t* agent, std::uint32_t day, const std::uint32_t* sub,
                       std::array<std::uint32_t, 2> key, std::array<std::uint32_t, 4>* out) {
    for (int j = 0; j < kRngBatch; ++j) out[j] = detail::philox4x32_10({agent[j], day, 0, sub[j]}, key);
}

// Eight lanes: hi and lo halves of the 32 x 32 -> 64-bit products a * m.
__attribute__((target("avx2"))) inline void mulhilo8(__m256i a, __m256i m, __m256i& hi, __m256i& lo) {
    const __m256i even = _mm256_mul_epu32(a, m);                         // lanes 0, 2, 4, 6
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);  // lanes 1, 3, 5, 7
    lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

__attribute__((target("avx2"))) void philox_x16_avx2(const std::uint32_t* agent, std::uint32_t day,
                                                     const std::uint32_t* sub, std::array<std::uint32_t, 2> key,
                                                     std::array<std::uint32_t, 4>* out) {
    const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kM0)), m1 = _mm256_set1_epi32(static_cast<int>(kM1));
    for (int half = 0; half < 2; ++half) {
        __m256i c0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(agent + 8 * half));
        __m256i c1 = _mm256_set1_epi32(static_cast<int>(day));
        __m256i c2 = _mm256_setzero_si256();
        __m256i c3 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sub + 8 * half));
        std::uint32_t k0 = key[0], k1 = key[1];
        for (int round = 0; round < 10; ++round) {
            __m256i hi0, lo0, hi1, lo1;
            mulhilo8(c0, m0, hi0, lo0);
            mulhilo8(c2, m1, hi1, lo1);
            c0 = _mm256_xor_si256(_mm256_xor_si256(hi1, c1), _mm256_set1_epi32(static_cast<int>(k0)));
            c1 = lo1;
            c2 = _mm256_xor_si256(_mm256_xor_si256(hi0, c3), _mm256_set1_epi32(static_cast<int>(k1)));
            c3 = lo0;
            k0 += kW0;
            k1 += kW1;
        }
        alignas(32) std::uint32_t w0[8], w1[8], w2[8], w3[8];
        _mm256_store_si256(reinterpret_cast<__m256i*>(w0), c0);
        _mm256_store_si256(reinterpret_cast<__m256i*>(w1), c1);
        _mm256_store_si256(reinterpret_cast<__m256i*>(w2), c2);
        _mm256_store_si256(reinterpret_cast<__m256i*>(w3), c3);
        for (int j = 0; j < 8; ++j) out[8 * half + j] = {w0[j], w1[j], w2[j], w3[j]};
    }
}

// GCC 12's AVX-512 headers warn of their own _mm512_undefined (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

// Sixteen lanes: the same rounds, all sixteen counters in one register per word.
__attribute__((target("avx512f"))) inline void mulhilo16(__m512i a, __m512i m, __m512i& hi, __m512i& lo) {
    const __m512i even = _mm512_mul_epu32(a, m);
    const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);
    lo = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
    hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
}

__attribute__((target("avx512f"))) void philox_x16_avx512(const std::uint32_t* agent, std::uint32_t day,
                                                          const std::uint32_t* sub, std::array<std::uint32_t, 2> key,
                                                          std::array<std::uint32_t, 4>* out) {
    const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0)), m1 = _mm512_set1_epi32(static_cast<int>(kM1));
    __m512i c0 = _mm512_loadu_si512(agent);
    __m512i c1 = _mm512_set1_epi32(static_cast<int>(day));
    __m512i c2 = _mm512_setzero_si512();
    __m512i c3 = _mm512_loadu_si512(sub);
    std::uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
        __m512i hi0, lo0, hi1, lo1;
        mulhilo16(c0, m0, hi0, lo0);
        mulhilo16(c2, m1, hi1, lo1);
        c0 = _mm512_xor_si512(_mm512_xor_si512(hi1, c1), _mm512_set1_epi32(static_cast<int>(k0)));
        c1 = lo1;
        c2 = _mm512_xor_si512(_mm512_xor_si512(hi0, c3), _mm512_set1_epi32(static_cast<int>(k1)));
        c3 = lo0;
        k0 += kW0;
        k1 += kW1;
    }
    alignas(64) std::uint32_t w0[16], w1[16], w2[16], w3[16];
    _mm512_store_si512(w0, c0);
    _mm512_store_si512(w1, c1);
    _mm512_store_si512(w2, c2);
    _mm512_store_si512(w3, c3);
    for (int j = 0; j < 16; ++j) out[j] = {w0[j], w1[j], w2[j], w3[j]};
}

#pragma GCC diagnostic pop

bool has_avx512() {
    static const bool yes = __builtin_cpu_supports("avx512f");
    return yes;
}

bool has_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}

}  // namespace

namespace detail {
std::vector<PhiloxX16> philox_x16_variants() {
    std::vector<PhiloxX16> all{philox_x16_scalar};
    if (has_avx2()) all.push_back(philox_x16_avx2);
    if (has_avx512()) all.push_back(philox_x16_avx512);
    return all;
}
}  // namespace detail

void philox_x16(const std::uint32_t* agent, std::uint32_t day, const std::uint32_t* sub,
                std::array<std::uint32_t, 2> key, std::array<std::uint32_t, 4>* out) {
    // Integer arithmetic: every path gives the same bits; the widest this CPU has runs.
    static const detail::PhiloxX16 widest = detail::philox_x16_variants().back();
    widest(agent, day, sub, key, out);
}

}  // namespace lonesim
