/* SPDX-License-Identifier: MIT
 *
 * scan_json.c -- a flat, escape-aware JSON scanner for one object per line
 * (see scan_json.h). Strings are skipped with memchr() for the closing
 * quote, counting the backslashes in front of it; containers by a depth
 * counter, so a hostile line of a million '[' costs a linear scan and no
 * stack
 */
#include "collector/scan_json.h"

#include <string.h>

static inline const char *scan_json_skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

const char *tt_json_skip_string(const char *p, const char *end)
{
    const char *s = p;
    while (s < end) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        if (!q)
            return NULL;
        size_t bs = 0;
        while (q - bs > p && q[-1 - (ptrdiff_t)bs] == '\\')
            bs++;
        if (bs % 2 == 0)
            return q + 1;
        s = q + 1;
    }
    return NULL;
}

const char *tt_json_skip_value(const char *p, const char *end)
{
    p = scan_json_skip_ws(p, end);
    if (p >= end)
        return NULL;
    if (*p == '"')
        return tt_json_skip_string(p + 1, end);
    if (*p == '{' || *p == '[') {
        size_t depth = 0;
        while (p < end) {
            char ch = *p;
            if (ch == '"') {
                p = tt_json_skip_string(p + 1, end);
                if (!p)
                    return NULL;
                continue;
            }
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                if (depth == 0)
                    return NULL;
                if (--depth == 0)
                    return p + 1;
            }
            p++;
        }
        return NULL;
    }
    /* number, true, false, null: up to a delimiter */
    const char *s = p;
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
        p++;
    return p > s ? p : NULL;
}

int tt_json_open(struct tt_json_cur *c, const char *p, const char *end)
{
    p = scan_json_skip_ws(p, end);
    if (p >= end || *p != '{') {
        c->p = c->end = end;
        return TT_ERR;
    }
    c->p = p + 1;
    c->end = end;
    return TT_OK;
}

int tt_json_next(struct tt_json_cur *c, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = scan_json_skip_ws(c->p, c->end), *end = c->end;
    if (p < end && *p == ',')
        p = scan_json_skip_ws(p + 1, end);
    if (p >= end)
        return -1;
    if (*p == '}') {
        c->p = p + 1;
        return 0;
    }
    if (*p != '"')
        return -1;
    const char *k = p + 1;
    const char *ke = tt_json_skip_string(k, end);
    if (!ke)
        return -1;
    *out_key = tt_slice_make(k, (size_t)(ke - 1 - k));
    p = scan_json_skip_ws(ke, end);
    if (p >= end || *p != ':')
        return -1;
    p = scan_json_skip_ws(p + 1, end);
    const char *ve = tt_json_skip_value(p, end);
    if (!ve)
        return -1;
    *out_val = tt_slice_make(p, (size_t)(ve - p));
    c->p = ve;
    return 1;
}

int tt_json_str(struct tt_slice v, struct tt_slice *out)
{
    if (v.len < 2 || v.p[0] != '"' || v.p[v.len - 1] != '"')
        return TT_ERR;
    *out = tt_slice_make(v.p + 1, v.len - 2);
    return TT_OK;
}

static inline int scan_json_is_blank(char c)
{
    return c == ' ' || c == '\t';
}


int tt_json_find(const char *p, size_t n, const char *key, size_t key_len, struct tt_slice *out)
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
        while (b > p && scan_json_is_blank(b[-1]))
            b--;
        if (b > p && b[-1] != '{' && b[-1] != ',') {
            s = k + 1;
            continue;
        }
        const char *v = q + 2 + key_len;
        while (v < end && scan_json_is_blank(*v))
            v++;
        if (v >= end || *v != ':') {
            s = k + 1;
            continue;
        }
        v++;
        while (v < end && scan_json_is_blank(*v))
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
        while (c < end && *c != ',' && *c != '}' && *c != ']' && !scan_json_is_blank(*c))
            c++;
        *out = tt_slice_make(v, (size_t)(c - v));
        return 1;
    }
    return 0;
}
