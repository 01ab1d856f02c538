/* SPDX-License-Identifier: MIT
 *
 * tt.h -- the few things every threattally file needs: status codes, the
 * borrowed byte slice used all along the hot path, and small helpers.
 *
 * Status convention (after Redis' C_OK/C_ERR): functions that can fail return
 * TT_OK or TT_ERR; long-lived handles carry `err` + `errstr` for the details.
 */
#ifndef TT_H
#define TT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TT_OK 0
#define TT_ERR (-1)

#define TT_VERSION "0.1.0"

#define TT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define TT_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TT_MAX(a, b) ((a) > (b) ? (a) : (b))
#define TT_UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define TT_LIKELY(x) __builtin_expect(!!(x), 1)
#define TT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define TT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TT_LIKELY(x) (x)
#define TT_UNLIKELY(x) (x)
#define TT_PRINTF(f, a)
#endif

/* A borrowed run of bytes. Never NUL-terminated by contract: lines are slices
 * of the read buffer and parsers must only look at [p, p+len). */
struct tt_slice {
    const char *p; /* first byte, may be NULL when len == 0 */
    size_t len;    /* number of bytes */
};

/* a / b rounded towards minus infinity (b != 0): the day, hour or bucket
 * of a time before 1970 too. */
static inline int64_t tt_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static inline struct tt_slice tt_slice_make(const char *p, size_t len)
{
    struct tt_slice s = {p, len};
    return s;
}

static inline struct tt_slice tt_slice_cstr(const char *s)
{
    struct tt_slice r = {s, s ? strlen(s) : 0};
    return r;
}

/* Exact comparison of a slice with a C string literal. */
static inline int tt_slice_eq(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

static inline int tt_slice_starts(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && memcmp(s.p, lit, n) == 0;
}

/* First occurrence of needle in hay (memmem), or NULL. */
const char *tt_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen);

/* Same, ASCII case-insensitive. */
const char *tt_memcasemem(const char *hay, size_t hlen, const char *needle, size_t nlen);
/* 64-bit hash of a byte run (XXH3 of xxHash), chainable through seed;
 * never returns 0. For in-memory tables only: it may change with xxHash. */
uint64_t tt_hash64(uint64_t seed, const char *p, size_t n);
/* The pre-xxHash tt_hash64, frozen for values that are persisted (see tt.c). */
uint64_t tt_hash64_v1(uint64_t seed, const char *p, size_t n);

/* splitmix64's step and output function (Vigna): a bijection on 64 bits
 * that spreads every input bit over the word. For integer keys of in-memory
 * tables (collector/tally.c) and for seeding generators (bench/). */
static inline uint64_t tt_mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* Comma-separated lists ("a, b,c"): puts the next item of *s, blanks around
 * it trimmed, into *item and advances *s; 0 when no item is left. An empty
 * item ("a,,b") comes back empty; *s is NULL after the last item. */
int tt_list_next(const char **s, struct tt_slice *item);

/* Parse an unsigned decimal from [p, p+len); returns digits consumed, 0 if none
 * or on overflow of uint64. */
size_t tt_parse_u64(const char *p, size_t len, uint64_t *out);

#endif
