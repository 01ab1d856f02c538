/* SPDX-License-Identifier: MIT
 *
 * tt.c -- small byte-slice utilities shared by the parsers and both programs.
 */
#include "common/tt.h"

#include <xxhash.h>

#include <string.h>

const char *tt_memmem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return hay;
    if (hlen < nlen)
        return NULL;
    const char *end = hay + hlen - nlen;
    const char *p = hay;
    while (p <= end) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, nlen) == 0)
            return p;
        p++;
    }
    return NULL;
}

static inline unsigned char tt_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

const char *tt_memcasemem(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    if (nlen == 0)
        return hay;
    if (hlen < nlen)
        return NULL;
    unsigned char first = tt_lower((unsigned char)needle[0]);
    for (size_t i = 0; i + nlen <= hlen; i++) {
        if (tt_lower((unsigned char)hay[i]) != first)
            continue;
        size_t j = 1;
        while (j < nlen && tt_lower((unsigned char)hay[i + j]) == tt_lower((unsigned char)needle[j]))
            j++;
        if (j == nlen)
            return hay + i;
    }
    return NULL;
}

size_t tt_parse_u64(const char *p, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    while (i < len && p[i] >= '0' && p[i] <= '9') {
        unsigned d = (unsigned)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
        i++;
    }
    if (i > 0)
        *out = v;
    return i;
}

/* XXH3 (xxHash 0.8): a vetted 64-bit hash, and the id tables and the exact
 * distinct-address sets rely on its 64 bits not colliding in practice. */
uint64_t tt_hash64(uint64_t seed, const char *p, size_t n)
{
    uint64_t h = XXH3_64bits_withSeed(p, n, seed);
    return h ? h : 1;
}

/* The function of before, frozen: kept for a value that outlives a process
 * (the default collector instance name, collector/lease.c, is derived from
 * it, and must not change on upgrade). Do not use it for anything new. */
uint64_t tt_hash64_v1(uint64_t seed, const char *p, size_t n)
{
    uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ull);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xC2B2AE3D27D4EB4Full;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t |= (uint64_t)(unsigned char)p[i] << (8 * i);
    h = (h ^ t) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h ? h : 1;
}

int tt_list_next(const char **s, struct tt_slice *item)
{
    if (!*s)
        return 0;
    const char *comma = strchr(*s, ',');
    const char *b = *s, *e = comma ? comma : *s + strlen(*s);
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *item = tt_slice_make(b, (size_t)(e - b));
    *s = comma ? comma + 1 : NULL;
    return 1;
}
