/* SPDX-License-Identifier: MIT
 *
 * hll.h -- Redis-compatible HyperLogLogs built in the collector.
 *
 * Redis documents its HLL format (src/hyperloglog.c): MurmurHash64A of the
 * element with seed 0xadc83b19, the low 14 bits pick one of 16,384 6-bit
 * registers, the register keeps the longest run of trailing zeros (+1) of
 * the other 50 bits; a 16-byte header "HYLL", the encoding, 3 zero bytes
 * and a cached cardinality (its top bit set = not computed). The sparse
 * encoding is opcodes ZERO (00xxxxxx: 1-64 zero registers), XZERO
 * (01xxxxxx yyyyyyyy: 1-16,384) and VAL (1vvvvvxx: 1-4 registers of value
 * 1-32); the dense one is 12,288 bytes of packed registers.
 *
 * A flush sends one such string per bucket instead of every address as a
 * PFADD argument: Redis then stores it as is (a new bucket) or PFMERGEs it
 * (an existing one). The registers are the ones PFADD would have set, so
 * PFCOUNT answers exactly what it answered before.
 */
#ifndef TT_HLL_H
#define TT_HLL_H

#include <stddef.h>
#include <stdint.h>

#define TT_HLL_REGISTERS 16384
#define TT_HLL_HDR_BYTES 16
#define TT_HLL_DENSE_BYTES (TT_HLL_HDR_BYTES + TT_HLL_REGISTERS * 6 / 8)
/* Redis's default hll-sparse-max-bytes: larger sparse strings go dense. */
#define TT_HLL_SPARSE_MAX_BYTES 3000
/* Room an encoding may need: the dense size (+1: the last register's
 * second byte, as in Redis). */
#define TT_HLL_MAX_BYTES (TT_HLL_DENSE_BYTES + 1)

/* Redis's MurmurHash64A (little-endian reading, as on every Redis host). */
uint64_t tt_hll_murmur64a(const void *key, size_t len, uint64_t seed);

/* The (register, value) an element sets: value in 1..51. */
void tt_hll_pat(const void *ele, size_t len, uint32_t *out_index, uint8_t *out_value);

/* A register/value pair; a builder's input. */
struct tt_hll_pair {
    uint16_t index; /* register 0..16383 */
    uint8_t value;  /* 1..51 */
};

/* Encodes the HLL holding the pairs (any order, repeats allowed; sorted in
 * place) into out (at least TT_HLL_MAX_BYTES): sparse when it fits
 * TT_HLL_SPARSE_MAX_BYTES and no value exceeds 32, dense otherwise. regs is
 * scratch of TT_HLL_REGISTERS bytes for the dense case. Returns the length. */
size_t tt_hll_encode(struct tt_hll_pair *pairs, size_t n, uint8_t *regs, uint8_t *out);

/* Reads the registers of an encoded HLL (either encoding) into regs:
 * TT_OK, or TT_ERR for a malformed string. For tests and tools. */
int tt_hll_decode(const uint8_t *p, size_t len, uint8_t *regs);

#endif
