#include "FazhiKernels.h"
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define FZ_X86 1
#endif

// The portable bodies, also the tails of the vector loops.
static inline void plain_scalar(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                                const uint8_t *inside, uint8_t *codes, size_t from, size_t n, uint32_t *counts) {
    for (size_t k = from; k < n; k++) {
        int64_t x = v[slot[k]];
        // Unsigned arithmetic: the difference wraps (signed overflow would be undefined).
        uint8_t known = (uint64_t)x - (uint64_t)lo[k] <= span[k] ? inside[k] : 2;
        codes[k] = x == INT64_MIN ? 4 : known;
        if (counts) counts[codes[k] & 7]++;
    }
}

static inline void counts_scalar(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                                 size_t from, size_t n, uint32_t *counts) {
    uint32_t met = 0, missing = 0;
    for (size_t k = from; k < n; k++) {
        int64_t x = v[slot[k]];
        missing += x == INT64_MIN;
        met += x != INT64_MIN && (uint64_t)x - (uint64_t)lo[k] <= span[k];
    }
    counts[0] += met;
    counts[4] += missing;
    counts[2] += (uint32_t)(n - from) - met - missing;
}

#if FZ_X86
// Bit j of the index: byte j of the word is 0xFF.
static const uint32_t expand4[16] = {
    0x00000000, 0x000000FF, 0x0000FF00, 0x0000FFFF, 0x00FF0000, 0x00FF00FF, 0x00FFFF00, 0x00FFFFFF,
    0xFF000000, 0xFF0000FF, 0xFF00FF00, 0xFF00FFFF, 0xFFFF0000, 0xFFFF00FF, 0xFFFFFF00, 0xFFFFFFFF,
};

// Checks four plain intervals from k: bits 0-3 the lanes outside [lo, hi], bits 4-7 those missing.
__attribute__((target("avx2,popcnt")))
static inline unsigned check4_avx2(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span, size_t k) {
    const __m256i sign = _mm256_set1_epi64x(INT64_MIN);
    __m128i index = _mm_loadu_si128((const __m128i *)(slot + k));
    // Four slots in a row (a ruleset's indicators usually read its metrics in order): one load rather
    // than a gather. The same groups take the same branch for every unit.
    __m128i consecutive = _mm_add_epi32(_mm_set1_epi32(slot[k]), _mm_setr_epi32(0, 1, 2, 3));
    __m256i x = _mm_movemask_epi8(_mm_cmpeq_epi32(index, consecutive)) == 0xFFFF
        ? _mm256_loadu_si256((const __m256i *)(v + slot[k]))
        : _mm256_i32gather_epi64((const long long *)v, index, 8);
    __m256i d = _mm256_sub_epi64(x, _mm256_loadu_si256((const __m256i *)(lo + k)));
    __m256i s = _mm256_loadu_si256((const __m256i *)(span + k));
    // d > s unsigned, as a signed comparison with both sign bits flipped: outside.
    __m256i outside = _mm256_cmpgt_epi64(_mm256_xor_si256(d, sign), _mm256_xor_si256(s, sign));
    __m256i absent = _mm256_cmpeq_epi64(x, sign);
    return (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(outside)) | (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(absent)) << 4;
}

__attribute__((target("avx2,popcnt")))
static void plain_avx2(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                       const uint8_t *inside, uint8_t *codes, size_t n, uint32_t *counts) {
    uint32_t met = 0, missing = 0;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        unsigned lanes = check4_avx2(v, slot, lo, span, k);
        uint32_t out = expand4[lanes & 0xF], miss = expand4[lanes >> 4];
        uint32_t in;
        __builtin_memcpy(&in, inside + k, 4);
        uint32_t known = (in & ~out) | (0x02020202u & out);
        uint32_t code = (known & ~miss) | (0x04040404u & miss);
        __builtin_memcpy(codes + k, &code, 4);
        // Zero bytes (met), exactly: the high bit of each byte of t is set only for a zero byte.
        uint32_t t = ~(((code & 0x7F7F7F7Fu) + 0x7F7F7F7Fu) | code | 0x7F7F7F7Fu);
        met += (uint32_t)__builtin_popcount(t);
        missing += (uint32_t)__builtin_popcount(lanes >> 4);
    }
    if (counts) {
        // The rest of the four-at-a-time part is unmet (2: outside, or an empty interval).
        counts[0] += met;
        counts[4] += missing;
        counts[2] += (uint32_t)k - met - missing;
    }
    plain_scalar(v, slot, lo, span, inside, codes, k, n, counts);
}

__attribute__((target("avx2,popcnt")))
static void counts_avx2(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span, size_t n,
                        uint32_t *counts) {
    uint32_t met = 0, missing = 0;
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        unsigned lanes = check4_avx2(v, slot, lo, span, k);
        met += (uint32_t)__builtin_popcount(~(lanes | lanes >> 4) & 0xFu);
        missing += (uint32_t)__builtin_popcount(lanes >> 4);
    }
    counts[0] += met;
    counts[4] += missing;
    counts[2] += (uint32_t)k - met - missing;
    counts_scalar(v, slot, lo, span, k, n, counts);
}

// Decided once (the workers may race to decide it; they decide the same): AVX2 with POPCNT, which
// every processor with AVX2 has. FAZHI_SIMD=baseline takes the baseline path on one, to test it.
static int has_avx2(void) {
    static int known = -1;
    int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (k < 0) {
        __builtin_cpu_init();
        const char *simd = getenv("FAZHI_SIMD");
        k = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && !(simd && strcmp(simd, "baseline") == 0);
        __atomic_store_n(&known, k, __ATOMIC_RELAXED);
    }
    return k;
}
#endif

void fz_plain_codes(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                    const uint8_t *inside, uint8_t *codes, size_t n, uint32_t *counts) {
#if FZ_X86
    if (has_avx2()) { plain_avx2(v, slot, lo, span, inside, codes, n, counts); return; }
#endif
    plain_scalar(v, slot, lo, span, inside, codes, 0, n, counts);
}


static inline size_t first_slot(uint64_t key, size_t mask) {
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

size_t fz_hash_insert(uint64_t *slots, size_t mask, const uint64_t *hashes, size_t n, size_t *count) {
    enum { ahead = 16 };
    for (size_t k = 0; k < n; k++) {
        if (k + ahead < n) {
            uint64_t next = hashes[k + ahead] ? hashes[k + ahead] : 1;
            __builtin_prefetch(&slots[first_slot(next, mask)], 1);
        }
        uint64_t key = hashes[k] ? hashes[k] : 1;
        size_t i = first_slot(key, mask);
        for (;;) {
            uint64_t s = slots[i];
            if (s == 0) {
                slots[i] = key;
                (*count)++;
                break;
            }
            if (s == key) return k;
            i = (i + 1) & mask;
        }
    }
    return n;
}

void fz_plain_codes_portable(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                             const uint8_t *inside, uint8_t *codes, size_t n, uint32_t *counts) {
    plain_scalar(v, slot, lo, span, inside, codes, 0, n, counts);
}


void fz_plain_counts(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span, size_t n,
                     uint32_t *counts) {
#if FZ_X86
    if (has_avx2()) { counts_avx2(v, slot, lo, span, n, counts); return; }
#endif
    counts_scalar(v, slot, lo, span, 0, n, counts);
}

void fz_plain_counts_portable(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span, size_t n,
                              uint32_t *counts) {
    counts_scalar(v, slot, lo, span, 0, n, counts);
}
