/* SPDX-License-Identifier: MIT
 *
 * fwb_common.c -- helpers for the fw-b firewall/IDS parsers (see
 * fwb_common.h). Everything works on borrowed slices, never past their end.
 */
#include "collector/fwb_common.h"

#include <strings.h>

int fwb_kv_next(const char **pp, const char *end, struct tt_slice *out_key, struct tt_slice *out_val)
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

struct tt_slice fwb_trim(struct tt_slice s)
{
    while (s.len && (s.p[0] == ' ' || s.p[0] == '\t'))
        s.p++, s.len--;
    while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
        s.len--;
    return s;
}

int fwb_addr_port(struct tt_slice t, struct tt_addr *out)
{
    memset(out, 0, sizeof(*out));
    t = fwb_trim(t);
    if (t.len == 0 || t.len > 80)
        return TT_ERR;
    if (t.p[0] == '[') {
        const char *rb = memchr(t.p, ']', t.len);
        if (!rb)
            return TT_ERR;
        return tt_addr_parse(t.p + 1, (size_t)(rb - t.p - 1), out) == TT_OK ? TT_OK : (memset(out, 0, sizeof(*out)), TT_ERR);
    }
    /* "addr(port)" and "addr/port" */
    const char *par = memchr(t.p, '(', t.len);
    if (par)
        t.len = (size_t)(par - t.p);
    const char *sl = memchr(t.p, '/', t.len);
    if (sl)
        t.len = (size_t)(sl - t.p);
    if (tt_addr_parse(t.p, t.len, out) == TT_OK)
        return TT_OK;
    /* "a.b.c.d:port" (one colon), or an IPv6 address with ":port" glued */
    const char *c = t.p + t.len;
    while (c > t.p && c[-1] != ':')
        c--;
    if (c > t.p + 1 && tt_addr_parse(t.p, (size_t)(c - 1 - t.p), out) == TT_OK)
        return TT_OK;
    memset(out, 0, sizeof(*out));
    return TT_ERR;
}

int fwb_u32(struct tt_slice s, uint32_t *out)
{
    uint64_t v;
    if (s.len == 0 || s.len > 10 || tt_parse_u64(s.p, s.len, &v) != s.len || v > UINT32_MAX)
        return TT_ERR;
    *out = (uint32_t)v;
    return TT_OK;
}
