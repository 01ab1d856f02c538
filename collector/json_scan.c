/* SPDX-License-Identifier: MIT
 *
 * json_scan.c -- see json_scan.h. Strings are skipped with memchr() for the
 * closing quote, counting the backslashes in front of it; containers by a
 * depth counter, so a hostile line of a million '[' costs a linear scan and
 * no stack.
 */
#include "collector/json_scan.h"

static inline const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

const char *json_skip_string(const char *p, const char *end)
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

const char *json_skip_value(const char *p, const char *end)
{
    p = skip_ws(p, end);
    if (p >= end)
        return NULL;
    if (*p == '"')
        return json_skip_string(p + 1, end);
    if (*p == '{' || *p == '[') {
        size_t depth = 0;
        while (p < end) {
            char ch = *p;
            if (ch == '"') {
                p = json_skip_string(p + 1, end);
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

int json_obj_open(struct json_cur *c, const char *p, const char *end)
{
    p = skip_ws(p, end);
    if (p >= end || *p != '{') {
        c->p = c->end = end;
        return TT_ERR;
    }
    c->p = p + 1;
    c->end = end;
    return TT_OK;
}

int json_obj_next(struct json_cur *c, struct tt_slice *out_key, struct tt_slice *out_val)
{
    const char *p = skip_ws(c->p, c->end), *end = c->end;
    if (p < end && *p == ',')
        p = skip_ws(p + 1, end);
    if (p >= end)
        return -1;
    if (*p == '}') {
        c->p = p + 1;
        return 0;
    }
    if (*p != '"')
        return -1;
    const char *k = p + 1;
    const char *ke = json_skip_string(k, end);
    if (!ke)
        return -1;
    *out_key = tt_slice_make(k, (size_t)(ke - 1 - k));
    p = skip_ws(ke, end);
    if (p >= end || *p != ':')
        return -1;
    p = skip_ws(p + 1, end);
    const char *ve = json_skip_value(p, end);
    if (!ve)
        return -1;
    *out_val = tt_slice_make(p, (size_t)(ve - p));
    c->p = ve;
    return 1;
}

int json_str(struct tt_slice v, struct tt_slice *out)
{
    if (v.len < 2 || v.p[0] != '"' || v.p[v.len - 1] != '"')
        return TT_ERR;
    *out = tt_slice_make(v.p + 1, v.len - 2);
    return TT_OK;
}
