/* SPDX-License-Identifier: MIT
 *
 * hll.c -- Redis-compatible HyperLogLog strings (see hll.h). A bucket's
 * pairs are sorted by register, so the sparse form is written in one pass
 * without touching the 16,384 registers; only a bucket too large for the
 * sparse form fills the register array.
 */
#include "collector/hll.h"
#include "common/tt.h"

#include <stdlib.h>
#include <string.h>

#define HLL_P 14
#define HLL_Q (64 - HLL_P)
#define HLL_SEED 0xadc83b19ULL
#define HLL_SPARSE_VAL_MAX 32
#define HLL_SPARSE_VAL_LEN_MAX 4
#define HLL_SPARSE_ZERO_MAX 64
#define HLL_SPARSE_XZERO_MAX 16384

uint64_t tt_hll_murmur64a(const void *key, size_t len, uint64_t seed)
{
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = seed ^ ((uint64_t)len * m);
    const uint8_t *data = key;
    const uint8_t *end = data + (len - (len & 7));
    while (data != end) {
        uint64_t k = (uint64_t)data[0] | (uint64_t)data[1] << 8 | (uint64_t)data[2] << 16 |
                     (uint64_t)data[3] << 24 | (uint64_t)data[4] << 32 | (uint64_t)data[5] << 40 |
                     (uint64_t)data[6] << 48 | (uint64_t)data[7] << 56;
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
        data += 8;
    }
    switch (len & 7) {
    case 7: h ^= (uint64_t)data[6] << 48; /* fall through */
    case 6: h ^= (uint64_t)data[5] << 40; /* fall through */
    case 5: h ^= (uint64_t)data[4] << 32; /* fall through */
    case 4: h ^= (uint64_t)data[3] << 24; /* fall through */
    case 3: h ^= (uint64_t)data[2] << 16; /* fall through */
    case 2: h ^= (uint64_t)data[1] << 8;  /* fall through */
    case 1:
        h ^= (uint64_t)data[0];
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

void tt_hll_pat(const void *ele, size_t len, uint32_t *out_index, uint8_t *out_value)
{
    uint64_t hash = tt_hll_murmur64a(ele, len, HLL_SEED);
    *out_index = (uint32_t)(hash & (TT_HLL_REGISTERS - 1));
    hash >>= HLL_P;
    hash |= 1ULL << HLL_Q; /* the run ends by bit 50 at the latest */
    *out_value = (uint8_t)(__builtin_ctzll(hash) + 1);
}

/* Sorts pairs by register (the order of a register's values is left as it
 * comes): insertion for a few, else two counting passes of 7 bits through
 * tmp (n of them). A flush encodes one HLL per bucket, tens of thousands
 * for a month's minutes: qsort's calls through a pointer were a tenth of
 * the collector's time into Redis. */
static void sort_pairs(struct tt_hll_pair *pairs, size_t n, struct tt_hll_pair *tmp)
{
    if (n <= 24) {
        for (size_t i = 1; i < n; i++) {
            struct tt_hll_pair x = pairs[i];
            size_t j = i;
            for (; j > 0 && pairs[j - 1].index > x.index; j--)
                pairs[j] = pairs[j - 1];
            pairs[j] = x;
        }
        return;
    }
    struct tt_hll_pair *from = pairs, *to = tmp;
    for (unsigned shift = 0; shift < 14; shift += 7) {
        size_t count[129] = {0};
        for (size_t i = 0; i < n; i++)
            count[((from[i].index >> shift) & 127u) + 1]++;
        for (size_t b = 1; b <= 128; b++)
            count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++)
            to[count[(from[i].index >> shift) & 127u]++] = from[i];
        struct tt_hll_pair *t = from;
        from = to;
        to = t;
    }
    /* two passes: the result is back in pairs */
}

static void header(uint8_t *out, int sparse)
{
    memcpy(out, "HYLL", 4);
    out[4] = sparse ? 1 : 0;
    memset(out + 5, 0, 11);
    out[15] = 0x80; /* cardinality not cached: PFCOUNT computes it */
}

/* Zero registers [from, to) as ZERO/XZERO opcodes. */
static size_t put_zeros(uint8_t *p, size_t from, size_t to)
{
    size_t w = 0;
    while (to > from) {
        size_t run = to - from;
        if (run > HLL_SPARSE_ZERO_MAX) {
            run = TT_MIN(run, (size_t)HLL_SPARSE_XZERO_MAX);
            p[w++] = (uint8_t)(0x40 | ((run - 1) >> 8));
            p[w++] = (uint8_t)((run - 1) & 0xff);
        } else {
            p[w++] = (uint8_t)(run - 1);
        }
        from += run;
    }
    return w;
}

/* The sparse form of sorted, de-duplicated pairs, or 0 when it does not fit
 * (a value above 32, or longer than TT_HLL_SPARSE_MAX_BYTES). */
static size_t sparse(const struct tt_hll_pair *pairs, size_t n, uint8_t *out)
{
    uint8_t *p = out + TT_HLL_HDR_BYTES;
    const size_t cap = TT_HLL_SPARSE_MAX_BYTES - TT_HLL_HDR_BYTES;
    size_t w = 0, next = 0; /* next register not yet written */
    for (size_t i = 0; i < n;) {
        if (pairs[i].value > HLL_SPARSE_VAL_MAX || w + 6 > cap)
            return 0;
        w += put_zeros(p + w, next, pairs[i].index);
        /* a VAL opcode covers up to 4 adjacent registers of one value */
        size_t run = 1;
        while (run < HLL_SPARSE_VAL_LEN_MAX && i + run < n && pairs[i + run].index == pairs[i].index + run &&
               pairs[i + run].value == pairs[i].value)
            run++;
        p[w++] = (uint8_t)(0x80 | ((pairs[i].value - 1) << 2) | (run - 1));
        next = pairs[i].index + run;
        i += run;
    }
    w += put_zeros(p + w, next, TT_HLL_REGISTERS);
    if (TT_HLL_HDR_BYTES + w > TT_HLL_SPARSE_MAX_BYTES)
        return 0;
    header(out, 1);
    return TT_HLL_HDR_BYTES + w;
}

static void dense_set(uint8_t *p, uint32_t reg, uint8_t val)
{
    size_t byte = reg * 6 / 8;
    unsigned fb = reg * 6 & 7, fb8 = 8 - fb;
    p[byte] = (uint8_t)((p[byte] & ~(63u << fb)) | ((unsigned)val << fb));
    p[byte + 1] = (uint8_t)((p[byte + 1] & ~(63u >> fb8)) | ((unsigned)val >> fb8));
}

static uint8_t dense_get(const uint8_t *p, uint32_t reg)
{
    size_t byte = reg * 6 / 8;
    unsigned fb = reg * 6 & 7, fb8 = 8 - fb;
    unsigned b0 = p[byte], b1 = fb > 2 ? p[byte + 1] : 0; /* the last register needs no second byte */
    return (uint8_t)(((b0 >> fb) | (b1 << fb8)) & 63u);
}

size_t tt_hll_encode(struct tt_hll_pair *pairs, size_t n, uint8_t *regs, uint8_t *out)
{
    /* Every set register costs the sparse form a byte at least, and every
     * gap another: this many pairs can never fit it, so skip the sort. */
    if (n <= TT_HLL_SPARSE_MAX_BYTES * 2) {
        struct tt_hll_pair tmp[TT_HLL_SPARSE_MAX_BYTES * 2];
        sort_pairs(pairs, n, tmp);
        size_t m = 0; /* keep the largest value of each register */
        for (size_t i = 0; i < n; i++) {
            if (m && pairs[m - 1].index == pairs[i].index) {
                if (pairs[i].value > pairs[m - 1].value)
                    pairs[m - 1].value = pairs[i].value;
            } else {
                pairs[m++] = pairs[i];
            }
        }
        size_t len = sparse(pairs, m, out);
        if (len)
            return len;
        n = m;
    }
    memset(regs, 0, TT_HLL_REGISTERS);
    for (size_t i = 0; i < n; i++)
        if (pairs[i].value > regs[pairs[i].index])
            regs[pairs[i].index] = pairs[i].value;
    header(out, 0);
    memset(out + TT_HLL_HDR_BYTES, 0, TT_HLL_MAX_BYTES - TT_HLL_HDR_BYTES);
    for (uint32_t r = 0; r < TT_HLL_REGISTERS; r++)
        if (regs[r])
            dense_set(out + TT_HLL_HDR_BYTES, r, regs[r]);
    return TT_HLL_DENSE_BYTES;
}

int tt_hll_decode(const uint8_t *p, size_t len, uint8_t *regs)
{
    if (len < TT_HLL_HDR_BYTES || memcmp(p, "HYLL", 4) != 0)
        return TT_ERR;
    memset(regs, 0, TT_HLL_REGISTERS);
    if (p[4] == 0) {
        if (len != TT_HLL_DENSE_BYTES)
            return TT_ERR;
        for (uint32_t r = 0; r < TT_HLL_REGISTERS; r++)
            regs[r] = dense_get(p + TT_HLL_HDR_BYTES, r);
        return TT_OK;
    }
    if (p[4] != 1)
        return TT_ERR;
    size_t reg = 0;
    for (size_t i = TT_HLL_HDR_BYTES; i < len; i++) {
        uint8_t op = p[i];
        size_t run;
        uint8_t val = 0;
        if ((op & 0xc0) == 0) {
            run = (size_t)(op & 0x3f) + 1;
        } else if ((op & 0xc0) == 0x40) {
            if (i + 1 >= len)
                return TT_ERR;
            run = ((size_t)(op & 0x3f) << 8 | p[++i]) + 1;
        } else {
            run = (size_t)(op & 3) + 1;
            val = (uint8_t)(((op >> 2) & 0x1f) + 1);
        }
        if (reg + run > TT_HLL_REGISTERS)
            return TT_ERR;
        for (size_t k = 0; k < run; k++)
            regs[reg + k] = val;
        reg += run;
    }
    return reg == TT_HLL_REGISTERS ? TT_OK : TT_ERR;
}
