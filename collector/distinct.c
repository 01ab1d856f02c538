/* SPDX-License-Identifier: MIT
 *
 * distinct.c -- see distinct.h. Memory: at most 2 * TT_DISTINCT_EXACT_MAX
 * hashes (1 MiB), or 16 KiB of registers, whatever the input.
 */
#include "collector/distinct.h"
#include "common/mem.h"
#include "common/tt.h"

#include <math.h>
#include <stdlib.h>

/* The slot of h: where it is, or the empty slot where it belongs. */
static uint64_t *set_slot(uint64_t *set, size_t cap, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (set[i] && set[i] != h)
        i = (i + 1) & (cap - 1);
    return &set[i];
}

static void hll_add(uint8_t *reg, uint64_t h)
{
    size_t j = (size_t)(h & (TT_DISTINCT_HLL_M - 1));
    uint64_t w = (h >> TT_DISTINCT_HLL_P) | (1ULL << (64 - TT_DISTINCT_HLL_P)); /* bounds the rank */
    uint8_t rank = (uint8_t)(__builtin_ctzll(w) + 1);
    if (rank > reg[j])
        reg[j] = rank;
}

void tt_distinct_add(struct tt_distinct *d, const struct tt_addr *a)
{
    uint64_t h = tt_addr_hash(a); /* never 0, which marks an empty slot */
    if (d->hll) {
        hll_add(d->hll, h);
        return;
    }
    if (d->set && *set_slot(d->set, d->set_cap, h))
        return; /* already counted */
    if ((d->set_used + 1) * 2 > d->set_cap) {
        if (d->set_used >= TT_DISTINCT_EXACT_MAX) { /* switch to the estimate */
            d->hll = tt_calloc(TT_DISTINCT_HLL_M, 1);
            for (size_t i = 0; i < d->set_cap; i++)
                if (d->set[i])
                    hll_add(d->hll, d->set[i]);
            hll_add(d->hll, h);
            free(d->set);
            d->set = NULL;
            return;
        }
        size_t ncap = d->set_cap ? d->set_cap * 2 : 1024;
        uint64_t *n = tt_calloc(ncap, sizeof(*n));
        for (size_t i = 0; i < d->set_cap; i++)
            if (d->set[i])
                *set_slot(n, ncap, d->set[i]) = d->set[i];
        free(d->set);
        d->set = n;
        d->set_cap = ncap;
    }
    *set_slot(d->set, d->set_cap, h) = h;
    d->set_used++;
}

uint64_t tt_distinct_count(const struct tt_distinct *d, int *estimated)
{
    *estimated = d->hll != NULL;
    if (!d->hll)
        return d->set_used;
    /* Flajolet et al.'s estimator with the linear-counting correction for
     * small cardinalities; 64-bit hashes need no large-range correction. */
    const double m = TT_DISTINCT_HLL_M;
    double sum = 0;
    unsigned zeros = 0;
    for (size_t j = 0; j < TT_DISTINCT_HLL_M; j++) {
        sum += ldexp(1.0, -d->hll[j]);
        zeros += d->hll[j] == 0;
    }
    double e = 0.7213 / (1.0 + 1.079 / m) * m * m / sum;
    if (e <= 2.5 * m && zeros)
        e = m * log(m / zeros);
    return (uint64_t)llround(e);
}

void tt_distinct_fini(struct tt_distinct *d)
{
    free(d->set);
    free(d->hll);
    d->set = NULL;
    d->hll = NULL;
}
