/* SPDX-License-Identifier: MIT
 *
 * position.h -- a source's checkpoint: where a file's content stands (a
 * fingerprint of its first decompressed bytes, the bytes and lines fully
 * counted), committed in the same transaction as the counts it covers
 * (docs/COUNTING.md#files: exactly once). Sources fill it (in_tail.c knows
 * the fingerprint), the sink stores it (out_redis.c); neither needs the other.
 */
#ifndef TT_POSITION_H
#define TT_POSITION_H

#include <stdint.h>

/* Room for a fingerprint as text: 32 hex digits, '-', the head length. */
#define TT_FINGERPRINT_HEX 40

/* Where an input stands, stored in the same transaction as its counts. */
struct tt_position {
    char fingerprint[TT_FINGERPRINT_HEX]; /* hex fingerprint of the first bytes */
    char name[256];                       /* source name (path), for people */
    uint64_t offset;                      /* decompressed bytes fully counted */
    uint64_t lines;                       /* lines fully counted */
    int64_t last_seen_s;                  /* newest event time seen from it, INT64_MIN none */
};

#endif
