// Kernels of the bulk scorer that need the processor's vector instructions, which Swift cannot ask
// for function by function: each is compiled twice (AVX2, and the x86-64 baseline or the target's
// own), and the AVX2 one is taken at run time where the processor has it. Plain C elsewhere.
#ifndef FAZHI_KERNELS_H
#define FAZHI_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Plain interval checks, one per entry k < n: x = v[slot[k]]; the outcome code is 4 (no evidence)
/// when x is INT64_MIN (no value), inside[k] when x - lo[k] <= span[k] (unsigned: x in [lo, hi]),
/// else 2 (unmet). Codes are written to codes[k]. `slot` indexes `v`. With `counts` (8 entries), adds
/// to counts[c] the number of codes c written (`inside` must then hold only 0 and 2).
void fz_plain_codes(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                    const uint8_t *inside, uint8_t *codes, size_t n, uint32_t *counts);

/// The counts alone of the same checks, where every inside code is 0 (met): adds to counts[0] the
/// values inside, to counts[2] those outside, to counts[4] those missing. No codes are written.
void fz_plain_counts(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span, size_t n,
                     uint32_t *counts);

/// The same two without vector instructions (the path of a processor without AVX2, and of other
/// architectures), for the tests to compare with.
void fz_plain_codes_portable(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span,
                             const uint8_t *inside, uint8_t *codes, size_t n, uint32_t *counts);
void fz_plain_counts_portable(const int64_t *v, const int32_t *slot, const int64_t *lo, const uint64_t *span, size_t n,
                              uint32_t *counts);

/// Inserts hashes[0 ..< n] in order into an open-addressing table of mask + 1 slots (0: empty; a hash
/// of 0 is stored as 1; the first slot tried is bits 32 and up of key × 0x9E3779B97F4A7C15, then the
/// next ones), adding one to *count per key added. Returns the position of the first hash already in
/// the table (it and those after it are not inserted), or n. The caller leaves room for all n: the
/// table must never fill. Each slot is fetched from memory sixteen keys ahead, so that the misses of a
/// table larger than the cache overlap (Swift has no prefetch).
size_t fz_hash_insert(uint64_t *slots, size_t mask, const uint64_t *hashes, size_t n, size_t *count);

#endif
