/* SPDX-License-Identifier: MIT
 *
 * mail_common.c -- refusal-text reasons and the
 * envelope fix-up shared by the mail-a parsers (see mail_common.h).
 */
#include "collector/mail_common.h"

#include <stdlib.h>
#include <string.h>

enum tt_reason mc_reason_from_text(const char *p, size_t n, enum tt_reason deflt)
{
    int phish = MC_IFIND(p, n, "phish") != NULL;
    if (MC_IFIND(p, n, "virus") || MC_IFIND(p, n, "malware") || MC_IFIND(p, n, "infected") ||
        MC_IFIND(p, n, "trojan"))
        return phish ? TT_REASON_PHISHING : TT_REASON_MALWARE;
    if (phish)
        return TT_REASON_PHISHING;
    if (MC_IFIND(p, n, "dnsbl") || MC_IFIND(p, n, "rbl") || MC_IFIND(p, n, "black list") ||
        MC_IFIND(p, n, "blacklist") || MC_IFIND(p, n, "blocklist") || MC_IFIND(p, n, "listed ") ||
        MC_IFIND(p, n, "spamhaus") || MC_IFIND(p, n, "spamcop") || MC_IFIND(p, n, "sorbs") ||
        MC_IFIND(p, n, "barracudacentral") || MC_IFIND(p, n, "blocked using") || MC_IFIND(p, n, "reputation"))
        return TT_REASON_REPUTATION;
    if (MC_IFIND(p, n, "spam") || MC_IFIND(p, n, "junk") || MC_IFIND(p, n, "hits=") || MC_IFIND(p, n, "score"))
        return TT_REASON_SPAM;
    return deflt;
}

/* "app[pid]: msg" or "app: msg" at [p, p+n): fills out and returns 1. */
static int mc_tag(const char *p, size_t n, struct tt_envelope *out)
{
    size_t i = 0, lim = TT_MIN(n, 96);
    while (i < lim && p[i] != '[' && p[i] != ':' && p[i] != ' ' && (unsigned char)p[i] > 0x20)
        i++;
    if (i == 0 || i >= lim)
        return 0;
    size_t tag_end = i;
    struct tt_slice pid = {NULL, 0};
    if (p[i] == '[') {
        size_t j = i + 1;
        while (j < lim && p[j] != ']' && p[j] != ' ')
            j++;
        if (j >= lim || p[j] != ']')
            return 0;
        pid = tt_slice_make(p + i + 1, j - i - 1);
        i = j + 1;
    }
    if (i >= n || p[i] != ':')
        return 0;
    i++;
    if (i < n && p[i] == ' ')
        i++;
    out->app = tt_slice_make(p, tag_end);
    out->pid = pid;
    out->msg = tt_slice_make(p + i, n - i);
    return 1;
}

int mc_fix_envelope(const struct tt_envelope *in, struct tt_envelope *out)
{
    *out = *in;
    int label = in->host.len >= 3 && in->host.p[0] == '<' && in->host.p[in->host.len - 1] == '>';
    if (!label && (in->app.len || in->kind == TT_ENVELOPE_NONE))
        return 0;
    /* msg = "host app[pid]: text" */
    const char *p = in->msg.p;
    size_t n = in->msg.len;
    const char *sp = n ? memchr(p, ' ', TT_MIN(n, 256)) : NULL;
    if (!sp)
        return 0;
    struct tt_envelope tmp = *in;
    size_t off = (size_t)(sp - p) + 1;
    if (!mc_tag(p + off, n - off, &tmp))
        return 0;
    tmp.host = tt_slice_make(p, (size_t)(sp - p));
    *out = tmp;
    return 1;
}

int mc_bracket_addr(const char *p, size_t n, struct tt_addr *out)
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

int mc_is_home(const struct tt_parse_ctx *ctx, const struct tt_addr *a)
{
    return ctx && ctx->home_net && a->family && tt_cidr_set_contains(ctx->home_net, a);
}
