/* SPDX-License-Identifier: MIT
 *
 * scan_kv.c -- key=value scanning for every parser (see scan_kv.h): blank-
 * or separator-delimited pairs with optional quotes, Check Point `key:"v";`
 * lists, CSV fields, lookup of one key and of a set of keys in one pass, and
 * whole-slice unsigned numbers. Forward scans of a borrowed slice, no
 * allocation
 */
#include "collector/scan_kv.h"

#include <string.h>

static inline int scan_kv_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline unsigned char scan_kv_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}


int tt_kv_next(struct tt_kv *kv, char sep, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = kv->p, *end = kv->end;
    for (;;) {
        while (p < end && (scan_kv_is_blank(*p) || *p == sep))
            p++;
        if (p >= end) {
            kv->p = end;
            return 0;
        }
        const char *k = p;
        while (p < end && *p != '=' && !scan_kv_is_blank(*p) && *p != sep && *p != '"')
            p++;
        if (p >= end || *p != '=' || p == k) {
            /* not a pair: skip the token (a quoted run is skipped whole) */
            while (p < end && !scan_kv_is_blank(*p) && *p != sep) {
                if (*p == '"') {
                    p++;
                    while (p < end && *p != '"')
                        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
                }
                if (p < end)
                    p++;
            }
            continue;
        }
        *out_key = tt_slice_make(k, (size_t)(p - k));
        p++; /* '=' */
        if (p < end && *p == '"') {
            /* closing quote: the next '"' not escaped by a backslash */
            const char *v = ++p;
            for (;;) {
                const char *q = memchr(p, '"', (size_t)(end - p));
                if (!q) {
                    p = end;
                    break;
                }
                size_t bs = 0;
                while (q - bs > v && q[-1 - (ptrdiff_t)bs] == '\\')
                    bs++;
                p = q;
                if (bs % 2 == 0)
                    break;
                p++;
            }
            *out_val = tt_slice_make(v, (size_t)(p - v));
            if (p < end)
                p++; /* closing quote */
        } else {
            const char *v = p;
            if (sep == ' ') {
                const char *q = memchr(p, ' ', (size_t)(end - p));
                const char *e = q ? q : end;
                while (p < e && *p != '\t' && *p != '\r')
                    p++;
            } else {
                while (p < end && !scan_kv_is_blank(*p) && *p != sep)
                    p++;
            }
            *out_val = tt_slice_make(v, (size_t)(p - v));
        }
        kv->p = p;
        return 1;
    }
}


int tt_cp_next(struct tt_kv *kv, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = kv->p, *end = kv->end;
    for (;;) {
        while (p < end && (scan_kv_is_blank(*p) || *p == ';' || *p == '[' || *p == ']'))
            p++;
        if (p >= end) {
            kv->p = end;
            return 0;
        }
        const char *k = p;
        while (p < end && *p != ':' && *p != ';' && *p != '"' && !scan_kv_is_blank(*p))
            p++;
        const char *kend = p;
        /* "sys_message::" has a doubled colon */
        while (p < end && *p == ':')
            p++;
        if (p >= end || *p != '"' || kend == k || p == kend) {
            while (p < end && *p != ';') {
                if (*p == '"') {
                    p++;
                    while (p < end && *p != '"')
                        p += (*p == '\\' && p + 1 < end) ? 2 : 1;
                }
                if (p < end)
                    p++;
            }
            continue;
        }
        const char *v = ++p;
        while (p < end && *p != '"')
            p += (*p == '\\' && p + 1 < end) ? 2 : 1;
        if (p > end)
            p = end;
        *out_key = tt_slice_make(k, (size_t)(kend - k));
        *out_val = tt_slice_make(v, (size_t)(p - v));
        if (p < end)
            p++;
        kv->p = p;
        return 1;
    }
}


int tt_csv_next(struct tt_kv *kv, struct tt_slice *out_field)
{
    const char *p = kv->p, *end = kv->end;
    if (p > end)
        return 0;
    if (p == end) {
        kv->p = end + 1; /* a trailing empty field once */
        *out_field = tt_slice_make(end, 0);
        return 1;
    }
    if (*p == '"') {
        const char *v = ++p;
        while (p < end) {
            if (*p == '"') {
                if (p + 1 < end && p[1] == '"') {
                    p += 2;
                    continue;
                }
                break;
            }
            p++;
        }
        *out_field = tt_slice_make(v, (size_t)(p - v));
        if (p < end)
            p++; /* closing quote */
        /* anything up to the comma belongs to nobody */
        const char *c = p < end ? memchr(p, ',', (size_t)(end - p)) : NULL;
        kv->p = c ? c + 1 : end + 1;
        return 1;
    }
    const char *c = memchr(p, ',', (size_t)(end - p));
    *out_field = tt_slice_make(p, (size_t)((c ? c : end) - p));
    kv->p = c ? c + 1 : end + 1;
    return 1;
}


int tt_slice_ieq(struct tt_slice s, const char *lit)
{
    return s.len == strlen(lit) && tt_slice_istarts(s, lit);
}


int tt_slice_istarts(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (scan_kv_lower((unsigned char)s.p[i]) != scan_kv_lower((unsigned char)lit[i]))
            return 0;
    return 1;
}


int tt_slice_icontains(struct tt_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && tt_memcasemem(s.p, s.len, lit, n) != NULL;
}


int tt_slice_u64(struct tt_slice s, uint64_t *out)
{
    if (s.len == 0 || s.len > 19)
        return TT_ERR;
    uint64_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return TT_ERR;
        v = v * 10 + (uint64_t)(s.p[i] - '0');
    }
    *out = v;
    return TT_OK;
}


int tt_kv_scan(const char **pp, const char *end, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = *pp;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *eq = p < end ? memchr(p, '=', (size_t)(end - p)) : NULL;
        if (!eq) {
            *pp = end;
            return 0;
        }
        /* a blank before the '=' ends a token without '=': skip it */
        const char *sp = memchr(p, ' ', (size_t)(eq - p));
        const char *tb = memchr(p, '\t', (size_t)(eq - p));
        if (tb && (!sp || tb < sp))
            sp = tb;
        if (sp) {
            p = sp;
            continue;
        }
        if (eq == p) { /* "=x": no key */
            while (p < end && *p != ' ' && *p != '\t')
                p++;
            continue;
        }
        *out_key = tt_slice_make(p, (size_t)(eq - p));
        p = eq + 1;
        if (p < end && (*p == '"' || *p == '\'')) {
            char q = *p++;
            const char *v = p;
            for (;;) {
                const char *c = memchr(p, q, (size_t)(end - p));
                if (!c) {
                    *out_val = tt_slice_make(v, (size_t)(end - v));
                    *pp = end;
                    return 1;
                }
                size_t bs = 0;
                while (c - bs > v && c[-1 - (ptrdiff_t)bs] == '\\')
                    bs++;
                if (bs % 2 == 0) {
                    *out_val = tt_slice_make(v, (size_t)(c - v));
                    *pp = c + 1;
                    return 1;
                }
                p = c + 1;
            }
        }
        const char *v = p;
        const char *e = memchr(p, ' ', (size_t)(end - p));
        if (!e)
            e = end;
        const char *t = memchr(p, '\t', (size_t)(e - p));
        if (t)
            e = t;
        *out_val = tt_slice_make(v, (size_t)(e - v));
        *pp = e;
        return 1;
    }
}


struct tt_slice tt_msg_padded(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    while (m.len && (m.p[0] == ' ' || m.p[0] == '\t'))
        m.p++, m.len--;
    while (m.len && m.p[m.len - 1] == ' ')
        m.len--;
    return m;
}

struct tt_slice tt_slice_trim(struct tt_slice s)
{
    while (s.len && (s.p[0] == ' ' || s.p[0] == '\t'))
        s.p++, s.len--;
    while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
        s.len--;
    return s;
}


int tt_slice_u32(struct tt_slice s, uint32_t *out)
{
    uint64_t v;
    if (s.len == 0 || s.len > 10 || tt_parse_u64(s.p, s.len, &v) != s.len || v > UINT32_MAX)
        return TT_ERR;
    *out = (uint32_t)v;
    return TT_OK;
}


int tt_kv_find(const char *p, size_t n, const char *key, size_t key_len, char sep, struct tt_slice *out)
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


static int scan_kv_want_key(const char *k, size_t kl, const char *const *keys, size_t nkeys, uint64_t got)
{
    for (size_t i = 0; i < nkeys; i++) {
        if (got & (UINT64_C(1) << i))
            continue;
        if (keys[i][0] == k[0] && strlen(keys[i]) == kl && memcmp(keys[i], k, kl) == 0)
            return (int)i;
    }
    return -1;
}


uint64_t tt_kv_pick(const char *p, size_t n, int json, char sep, const char *const *keys, size_t nkeys,
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
                int i = scan_kv_want_key(s, (size_t)(eq - s), keys, nkeys, got);
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
        while (v < end && scan_kv_is_blank(*v))
            v++;
        if (v < end && *v == ':') {
            int i = scan_kv_want_key(a, (size_t)(c - a), keys, nkeys, got);
            v++;
            while (v < end && scan_kv_is_blank(*v))
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
                    while (vc < end && *vc != ',' && *vc != '}' && *vc != ']' && !scan_kv_is_blank(*vc))
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
