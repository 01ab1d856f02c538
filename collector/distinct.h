/* SPDX-License-Identifier: MIT
 *
 * distinct.h -- the number of distinct attack-source addresses seen by a
 * --no-redis run, in bounded memory: exact while there are few (a set of
 * 64-bit address hashes), then a HyperLogLog of the same precision as the
 * Redis one behind attack_sources (2^14 registers, standard error 0.81%).
 */
#ifndef TT_DISTINCT_H
#define TT_DISTINCT_H

#include "common/net.h"

#include <stdint.h>

#define TT_DISTINCT_EXACT_MAX (1u << 16) /* addresses counted exactly */
#define TT_DISTINCT_HLL_P 14
#define TT_DISTINCT_HLL_M (1u << TT_DISTINCT_HLL_P)

struct tt_distinct {
    uint64_t *set;   /* open addressing, 0 = empty; NULL once estimating */
    size_t set_cap;  /* slots (power of two) */
    size_t set_used; /* distinct hashes in set */
    uint8_t *hll;    /* registers, allocated when the set overflows */
};

/* Zeroed storage is a valid empty counter; free it with tt_distinct_fini. */
void tt_distinct_fini(struct tt_distinct *d);
void tt_distinct_add(struct tt_distinct *d, const struct tt_addr *a);
/* Distinct addresses added; *estimated is set to 1 when this is the
 * HyperLogLog's estimate rather than an exact count. */
uint64_t tt_distinct_count(const struct tt_distinct *d, int *estimated);

#endif
