/* SPDX-License-Identifier: MIT
 *
 * mail_kv.c -- JSON / key=value / CEF field lookup for the mail-gateway
 * parsers (see mail_kv.h). memchr/memmem over the borrowed line; no
 * allocation, no tree.
 */
#include "collector/mail_kv.h"

#include <string.h>

static inline int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

int mail_json(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out)
{
    const char *end = p + n;
    const char *s = p;
    while (s < end) {
        /* glibc memmem (two-way, vectorised) for the key itself, then its
         * quotes: far fewer candidate stops than every '"' of the line */
        const char *k = memmem(s, (size_t)(end - s), key, key_len);
        if (!k)
            return 0;
        if (k == p || k[-1] != '"' || (size_t)(end - k) < key_len + 1 || k[key_len] != '"') {
            s = k + 1;
            continue;
        }
        const char *q = k - 1; /* the opening quote */
        /* a key stands after '{', ',' or blanks only */
        const char *b = q;
        while (b > p && is_blank(b[-1]))
            b--;
        if (b > p && b[-1] != '{' && b[-1] != ',') {
            s = k + 1;
            continue;
        }
        const char *v = q + 2 + key_len;
        while (v < end && is_blank(*v))
            v++;
        if (v >= end || *v != ':') {
            s = k + 1;
            continue;
        }
        v++;
        while (v < end && is_blank(*v))
            v++;
        if (v >= end) {
            *out = tt_slice_make(v, 0);
            return 1;
        }
        if (*v == '"') {
            const char *a = v + 1;
            const char *c = a;
            while (c < end) {
                if (*c == '\\') {
                    c += 2;
                    continue;
                }
                if (*c == '"')
                    break;
                c++;
            }
            if (c > end)
                c = end;
            *out = tt_slice_make(a, (size_t)(c - a));
            return 1;
        }
        const char *c = v;
        while (c < end && *c != ',' && *c != '}' && *c != ']' && !is_blank(*c))
            c++;
        *out = tt_slice_make(v, (size_t)(c - v));
        return 1;
    }
    return 0;
}

int mail_kv(const char *p, size_t n, const char *key, size_t key_len, char sep, struct tt_slice *out)
{
    const char *end = p + n;
    const char *s = p;
    while (s < end) {
        const char *k = memmem(s, (size_t)(end - s), key, key_len);
        if (!k)
            return 0;
        const char *v = k + key_len;
        int starts = k == p || k[-1] == sep || (sep == ' ' && k[-1] == '\t');
        if (!starts || v >= end || *v != '=') {
            s = k + 1;
            continue;
        }
        v++;
        const char *e = memchr(v, sep, (size_t)(end - v));
        if (!e)
            e = end;
        *out = tt_slice_make(v, (size_t)(e - v));
        return 1;
    }
    return 0;
}

static inline int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

int mail_cef(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out)
{
    const char *end = p + n;
    const char *s = p;
    while (s < end) {
        const char *k = memmem(s, (size_t)(end - s), key, key_len);
        if (!k)
            return 0;
        const char *v = k + key_len;
        int starts = k == p || k[-1] == ' ' || k[-1] == '|';
        if (!starts || v >= end || *v != '=') {
            s = k + 1;
            continue;
        }
        v++;
        /* the value ends before the next " word=" (an escaped "\=" is text) */
        const char *e = v;
        for (;;) {
            const char *sp = memchr(e, ' ', (size_t)(end - e));
            if (!sp) {
                e = end;
                break;
            }
            const char *w = sp + 1;
            while (w < end && is_key_char(*w))
                w++;
            if (w < end && w > sp + 1 && *w == '=') {
                e = sp;
                break;
            }
            e = sp + 1;
        }
        while (e > v && e[-1] == ' ')
            e--;
        *out = tt_slice_make(v, (size_t)(e - v));
        return 1;
    }
    return 0;
}

int64_t mail_stamp_epoch(const struct tt_stamp *st, int64_t fallback)
{
    switch (st->kind) {
    case TT_STAMP_EPOCH:
        return st->epoch_s;
    case TT_STAMP_OFFSET:
    case TT_STAMP_LOCAL:
        if (st->year == 0)
            return fallback;
        return tt_timegm(st->year, st->mon, st->mday, st->hour, st->min, st->sec) -
               (st->kind == TT_STAMP_OFFSET ? st->offset_s : 0);
    default:
        return fallback;
    }
}

static int want_key(const char *k, size_t kl, const char *const *keys, size_t nkeys, uint64_t got)
{
    for (size_t i = 0; i < nkeys; i++) {
        if (got & (UINT64_C(1) << i))
            continue;
        if (keys[i][0] == k[0] && strlen(keys[i]) == kl && memcmp(keys[i], k, kl) == 0)
            return (int)i;
    }
    return -1;
}

uint64_t mail_scan(const char *p, size_t n, int json, char sep, const char *const *keys, size_t nkeys,
                   struct tt_slice *out)
{
    const char *end = p + n;
    uint64_t got = 0;
    uint64_t all = nkeys >= 64 ? UINT64_MAX : ((UINT64_C(1) << nkeys) - 1);
    if (nkeys > 64)
        nkeys = 64;
    if (!json) {
        const char *s = p;
        while (s < end && got != all) {
            const char *e = memchr(s, sep, (size_t)(end - s));
            if (!e)
                e = end;
            const char *eq = memchr(s, '=', (size_t)(e - s));
            if (eq && eq > s) {
                int i = want_key(s, (size_t)(eq - s), keys, nkeys, got);
                if (i >= 0) {
                    out[i] = tt_slice_make(eq + 1, (size_t)(e - eq - 1));
                    got |= UINT64_C(1) << i;
                }
            }
            s = e + 1;
        }
        return got;
    }
    const char *s = p;
    while (s < end && got != all) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        if (!q)
            break;
        const char *a = q + 1;
        const char *c = a;
        while (c < end && *c != '"') {
            if (*c == '\\')
                c++;
            c++;
        }
        if (c >= end)
            break;
        const char *v = c + 1;
        while (v < end && is_blank(*v))
            v++;
        if (v < end && *v == ':') {
            int i = want_key(a, (size_t)(c - a), keys, nkeys, got);
            v++;
            while (v < end && is_blank(*v))
                v++;
            if (i >= 0) {
                if (v < end && *v == '"') {
                    const char *va = v + 1, *vc = va;
                    while (vc < end && *vc != '"') {
                        if (*vc == '\\')
                            vc++;
                        vc++;
                    }
                    if (vc > end)
                        vc = end;
                    out[i] = tt_slice_make(va, (size_t)(vc - va));
                } else {
                    const char *vc = v;
                    while (vc < end && *vc != ',' && *vc != '}' && *vc != ']' && !is_blank(*vc))
                        vc++;
                    out[i] = tt_slice_make(v, (size_t)(vc - v));
                }
                got |= UINT64_C(1) << i;
            }
            s = v; /* a string value is read as the next string */
        } else {
            s = c + 1;
        }
    }
    return got;
}
