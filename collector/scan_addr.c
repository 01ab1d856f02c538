/* SPDX-License-Identifier: MIT
 *
 * scan_addr.c -- addresses out of log text (see scan_addr.h): a whole slice,
 * "addr:port" and its variants, the first "[addr]", and the --home-net test
 */
#include "collector/scan_addr.h"
#include "collector/scan_kv.h"

#include <string.h>


int tt_slice_addr(struct tt_slice s, struct tt_addr *out)
{
    if (s.len == 0 || tt_addr_parse(s.p, s.len, out) != TT_OK) {
        memset(out, 0, sizeof(*out));
        return TT_ERR;
    }
    return TT_OK;
}


int tt_slice_addr_port(struct tt_slice t, struct tt_addr *out)
{
    memset(out, 0, sizeof(*out));
    t = tt_slice_trim(t);
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


int tt_bracket_addr(const char *p, size_t n, struct tt_addr *out)
{
    const char *o = n ? memchr(p, '[', n) : NULL;
    if (!o)
        return TT_ERR;
    const char *c = memchr(o, ']', (size_t)(p + n - o));
    if (!c)
        return TT_ERR;
    const char *a = o + 1;
    size_t an = (size_t)(c - a);
    /* sendmail writes "[IPv6:2001:db8::1]" */
    if (an > 5 && (memcmp(a, "IPv6:", 5) == 0 || memcmp(a, "ipv6:", 5) == 0)) {
        a += 5;
        an -= 5;
    }
    struct tt_addr x;
    if (tt_addr_parse(a, an, &x) != TT_OK)
        return TT_ERR;
    *out = x;
    return TT_OK;
}


int tt_is_home(const struct tt_parse_ctx *ctx, const struct tt_addr *a)
{
    return ctx && ctx->home_net && a->family && tt_cidr_set_contains(ctx->home_net, a);
}
