/* SPDX-License-Identifier: MIT
 *
 * parse_netfilter.c -- Linux firewall LOG lines (iptables, ip6tables,
 * nftables "log", ebtables, UFW, firewalld, Shorewall, Proxmox VE, EdgeOS),
 * as the kernel's nf_log writes them to the kernel ring buffer and syslog
 * forwards them:
 *
 *   Feb  1 00:00:01 fw1 kernel: [12345.678901] [UFW BLOCK] IN=eth0 OUT=
 *     MAC=00:16:3e:00:00:01:00:16:3e:00:00:02:08:00 SRC=203.0.113.5
 *     DST=10.0.0.1 LEN=60 TOS=0x00 PREC=0x00 TTL=50 ID=4242 DF PROTO=TCP
 *     SPT=4444 DPT=22 WINDOW=29200 RES=0x00 SYN URGP=0
 *
 * (one line). The line has no verdict field: the rule's --log-prefix, the
 * text between the optional "[uptime]" stamp and "IN=", is all we have. We
 * read it in this order:
 *   1. the site's --prefix-map rules (substring, any case), first match wins;
 *   2. the EdgeOS/VyOS firewall's own "[NAME-RULE-X]" prefix, X = A(ccept),
 *      D(rop) or R(eject), RULE a number or "default";
 *   3. the words of docs/COUNTING.md#netfilter, any case, as substrings: DROP, REJECT, BLOCK, DENY
 *      (and DENIED, DISALLOW, which do not contain them) -> blocked, else
 *      ACCEPT, ALLOW -> allowed. A deny word wins over an
 *      allow word ("ACCEPT_OR_DROP" is a block: never under-count attacks).
 * Anything else ("[UFW AUDIT]", no prefix) is "other" and counts nothing.
 *
 * A blocked packet is an attack (attacks_blocked, reason firewall) only when
 * its SRC is outside --home-net; our own hosts being denied on the way out
 * or between internal zones is policy, not an attack.
 *
 * The line carries no timestamp of its own ("[uptime]" is seconds since
 * boot), so the envelope's time is used. Hot path: one or two memmem()s to
 * find the anchor, one for SRC=, a single pass over the (short) prefix; no
 * copies, no allocation.
 */
#include "collector/verdict.h"
#include "collector/parser.h"

#include <stdio.h>
#include <strings.h>

static inline int netfilter_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The part of the line that can hold the prefix and the packet fields. The
 * envelope has already taken the syslog header; when the tag is "kernel" the
 * message starts after it. Otherwise the "tag" may really be the prefix: in
 * "Jan  8 03:37:09 DENY: IN=eth0 ..." the envelope reads "DENY" as a program
 * name, so the region starts at the tag. The tag is only used when it lies
 * inside the line just before msg (hand-built envelopes may not). */
static struct tt_slice netfilter_region(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    if (env->app.len == 0 || !env->app.p || !m.p || !env->line.p)
        return m;
    if (env->app.len == 6 && strncasecmp(env->app.p, "kernel", 6) == 0)
        return m;
    uintptr_t line_b = (uintptr_t)env->line.p, line_e = line_b + env->line.len;
    uintptr_t app_b = (uintptr_t)env->app.p, msg_b = (uintptr_t)m.p;
    if (app_b < line_b || app_b + env->app.len > msg_b || msg_b + m.len > line_e)
        return m;
    return tt_slice_make(env->app.p, (size_t)(msg_b - app_b) + m.len);
}

/* First occurrence of key (which starts with an upper-case letter, so that
 * memchr skips most bytes) at the start of [p, p+len) or after a blank. */
static const char *netfilter_find_key(const char *p, size_t len, const char *key, size_t klen)
{
    const char *s = p, *end = p + len;
    while (s < end) {
        const char *k = tt_memmem(s, (size_t)(end - s), key, klen);
        if (!k)
            return NULL;
        if (k == p || k[-1] == ' ')
            return k;
        s = k + 1;
    }
    return NULL;
}

/* Where the packet description starts: "IN=" (possibly glued to a prefix
 * written without its trailing blank: "DROPIN=eth0 OUT="), or "OUT=" alone.
 * The kernel always writes "IN=x OUT=y", so the reliable landmark is " OUT="
 * and IN= is in the token before it. Proxmox's firewall logger omits empty
 * fields, so a line may have only OUT= (then that is the anchor) or only IN=
 * (then one at a token boundary, or glued after ']' or ':'). */
static const char *netfilter_find_anchor(const char *p, size_t len)
{
    const char *o = netfilter_find_key(p, len, "OUT=", 4);
    if (o) {
        if (o == p)
            return o;
        const char *tok_end = o - 1; /* the blank before OUT= */
        const char *t = tok_end;
        while (t > p && t[-1] != ' ' && tok_end - t < 64)
            t--;
        const char *in = tt_memmem(t, (size_t)(tok_end - t), "IN=", 3);
        return in ? in : o;
    }
    const char *s = p, *end = p + len;
    while (s < end) {
        const char *in = tt_memmem(s, (size_t)(end - s), "IN=", 3);
        if (!in)
            return NULL;
        if (in == p || in[-1] == ' ' || in[-1] == ']' || in[-1] == ':')
            return in;
        s = in + 1;
    }
    return NULL;
}

/* The tail of a line whose head was cut off by the sender (seen from
 * Ubiquiti gateways): "TTL=126 ID=15317 DF PROTO=TCP SPT=59344 DPT=443 ...".
 * Recognised so it is reported as a malformed firewall line, not as an
 * unknown format: PROTO= preceded by the IPv4 ID= or IPv6 HOPLIMIT= field. */
static int netfilter_is_fragment(const char *p, size_t len)
{
    const char *pr = netfilter_find_key(p, len, "PROTO=", 6);
    if (!pr)
        return 0;
    size_t before = (size_t)(pr - p);
    return netfilter_find_key(p, before, "ID=", 3) != NULL || netfilter_find_key(p, before, "HOPLIMIT=", 9) != NULL;
}

/* Value of the KEY= token at k (klen bytes of key), up to a blank; a trailing
 * ',' (ebtables writes "IP DST=192.0.2.1, IP tos=...") is not part of it. */
static struct tt_slice netfilter_token_value(const char *k, size_t klen, const char *end)
{
    const char *v = k + klen;
    const char *e = memchr(v, ' ', (size_t)(end - v));
    if (!e)
        e = end;
    if (e > v && e[-1] == ',')
        e--;
    return tt_slice_make(v, (size_t)(e - v));
}

/* Skips blanks and a dmesg uptime stamp "[  203.842973]" at the start. */
static struct tt_slice netfilter_skip_uptime(struct tt_slice s)
{
    size_t i = 0;
    while (i < s.len && netfilter_is_blank(s.p[i]))
        i++;
    if (i < s.len && s.p[i] == '[') {
        size_t j = i + 1;
        int digits = 0;
        while (j < s.len && j - i < 24 && ((s.p[j] >= '0' && s.p[j] <= '9') || s.p[j] == '.' || s.p[j] == ' ')) {
            digits += s.p[j] >= '0' && s.p[j] <= '9';
            j++;
        }
        if (digits && j < s.len && s.p[j] == ']') {
            i = j + 1;
            while (i < s.len && netfilter_is_blank(s.p[i]))
                i++;
        }
    }
    size_t e = s.len;
    while (e > i && netfilter_is_blank(s.p[e - 1]))
        e--;
    return tt_slice_make(s.p + i, e - i);
}

/* EdgeOS/VyOS "[WAN_IN-10-D]", "[LAN_LOCAL-default-A]", "[ipv4-FWD-filter-
 * default-R]": the firmware writes the rule's action letter itself. The
 * bracket must end the prefix. */
/* UniFi OS (UDM, UXG) writes the letter before the rule number:
 * "[WAN_LOCAL-D-2147483647]", "[LAN_IN-A-3000]". */
static enum tt_verdict netfilter_unifi_verdict(struct tt_slice pre)
{
    if (pre.len < 8 || pre.p[0] != '[' || pre.p[pre.len - 1] != ']')
        return TT_VERDICT_UNPARSED;
    size_t e = pre.len - 1, b = e;
    while (b > 0 && pre.p[b - 1] >= '0' && pre.p[b - 1] <= '9')
        b--;
    if (b == e || b < 5 || pre.p[b - 1] != '-' || pre.p[b - 3] != '-')
        return TT_VERDICT_UNPARSED;
    char act = pre.p[b - 2];
    if (act != 'A' && act != 'D' && act != 'R')
        return TT_VERDICT_UNPARSED;
    for (size_t i = 1; i + 3 < b; i++)
        if (netfilter_is_blank(pre.p[i]) || pre.p[i] == ']' || pre.p[i] == '[')
            return TT_VERDICT_UNPARSED;
    return act == 'A' ? TT_VERDICT_ALLOWED : TT_VERDICT_BLOCKED;
}

static enum tt_verdict netfilter_edgeos_verdict(struct tt_slice pre)
{
    if (pre.len >= 8 && pre.p[pre.len - 1] == ']' && pre.p[pre.len - 3] != '-')
        return netfilter_unifi_verdict(pre);
    if (pre.len < 6 || pre.p[pre.len - 1] != ']' || pre.p[pre.len - 3] != '-')
        return TT_VERDICT_UNPARSED;
    char act = pre.p[pre.len - 2];
    if (act != 'A' && act != 'D' && act != 'R')
        return TT_VERDICT_UNPARSED;
    size_t e = pre.len - 3; /* the '-' before the action letter */
    size_t b = e;
    while (b > 0 && pre.p[b - 1] >= '0' && pre.p[b - 1] <= '9')
        b--;
    if (b == e) {
        if (e < 7 || memcmp(pre.p + e - 7, "default", 7) != 0)
            return TT_VERDICT_UNPARSED;
        b = e - 7;
    }
    if (b < 3 || pre.p[b - 1] != '-')
        return TT_VERDICT_UNPARSED;
    /* a non-empty name without blanks back to the '[' */
    size_t n = b - 1;
    while (n > 0 && pre.p[n - 1] != '[') {
        if (netfilter_is_blank(pre.p[n - 1]) || pre.p[n - 1] == ']')
            return TT_VERDICT_UNPARSED;
        n--;
    }
    if (n == 0 || n == b - 1)
        return TT_VERDICT_UNPARSED;
    return act == 'A' ? TT_VERDICT_ALLOWED : TT_VERDICT_BLOCKED;
}

static enum tt_verdict netfilter_prefix_verdict(const struct tt_parse_ctx *ctx, struct tt_slice pre)
{
    enum tt_verdict v = tt_site_rule_verdict(ctx, pre);
    if (v == TT_VERDICT_UNPARSED) {
        /* UniFi OS writes the rule's description after the firmware
         * prefix: `[WAN_LOCAL-D-2147483647] DESCR="[WAN_LOCAL]Block All"`;
         * the action letter decides, not the words of the description */
        struct tt_slice fw = pre;
        const char *d = tt_memmem(pre.p, pre.len, " DESCR=", 7);
        if (d)
            fw.len = (size_t)(d - pre.p);
        while (fw.len && netfilter_is_blank(fw.p[fw.len - 1]))
            fw.len--;
        v = netfilter_edgeos_verdict(fw);
    }
    return v != TT_VERDICT_UNPARSED ? v : tt_keyword_verdict(pre);
}

/* A necessary condition of the probe, cheap on other formats' lines: each
 * key it looks for ("IN=", "OUT=", "PROTO=") is an '=' after "IN", "UT" or
 * "TO", and lines of most formats have few '=' or none. */
static int netfilter_may_have_key(const char *p, size_t len)
{
    const char *end = p + len;
    for (const char *e = p + 2; e < end && (e = memchr(e, '=', (size_t)(end - e))) != NULL; e++)
        if ((e[-2] == 'I' && e[-1] == 'N') || (e[-2] == 'U' && e[-1] == 'T') || (e[-2] == 'T' && e[-1] == 'O'))
            return 1;
    return 0;
}

static int netfilter_probe(const struct tt_envelope *env)
{
    struct tt_slice r = netfilter_region(env);
    if (r.len < 3 || !netfilter_may_have_key(r.p, r.len))
        return 0;
    const char *a = netfilter_find_anchor(r.p, r.len);
    if (a) {
        const char *end = r.p + r.len;
        return tt_memmem(a, (size_t)(end - a), "SRC=", 4) != NULL;
    }
    return netfilter_is_fragment(r.p, r.len);
}

static enum tt_parse_rc netfilter_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                        struct tt_event *ev)
{
    TT_UNUSED(state);
    struct tt_slice r = netfilter_region(env);
    if (r.len == 0)
        return TT_PARSE_NOMATCH;
    const char *end = r.p + r.len;
    const char *a = netfilter_find_anchor(r.p, r.len);
    if (!a) {
        if (netfilter_is_fragment(r.p, r.len)) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "fragment of a netfilter line (no IN=/SRC=)";
            return TT_PARSE_BAD;
        }
        return TT_PARSE_NOMATCH;
    }

    /* SRC=, then DST= (normally the very next token). An ICMP error quotes
     * the offending packet as "[SRC=... DST=... ]" after the outer fields:
     * never take addresses from inside it. ARP packets have IPSRC=/IPDST=. */
    size_t rest = (size_t)(end - a);
    const char *quote = memchr(a, '[', rest);
    const char *lim = quote ? quote : end;
    const char *s = netfilter_find_key(a, (size_t)(lim - a), "SRC=", 4);
    size_t klen = 4;
    if (!s) {
        s = netfilter_find_key(a, (size_t)(lim - a), "IPSRC=", 6);
        klen = 6;
    }
    if (!s) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "netfilter line without SRC=";
        return TT_PARSE_BAD;
    }
    struct tt_slice sv = netfilter_token_value(s, klen, lim);
    if (tt_addr_parse(sv.p, sv.len, &ev->src) != TT_OK) {
        memset(&ev->src, 0, sizeof(ev->src));
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "unparseable SRC= address";
        return TT_PARSE_BAD;
    }
    const char *after = sv.p + sv.len;
    while (after < lim && (*after == ',' || *after == ' '))
        after++;
    const char *d = NULL;
    size_t dklen = klen == 4 ? 4 : 6;
    if ((size_t)(lim - after) >= dklen && memcmp(after, klen == 4 ? "DST=" : "IPDST=", dklen) == 0)
        d = after;
    else
        d = netfilter_find_key(after, (size_t)(lim - after), klen == 4 ? "DST=" : "IPDST=", dklen);
    if (d) {
        struct tt_slice dv = netfilter_token_value(d, dklen, lim);
        if (tt_addr_parse(dv.p, dv.len, &ev->dst) != TT_OK)
            memset(&ev->dst, 0, sizeof(ev->dst)); /* a bad DST alone is no reason to drop the event */
    }

    struct tt_slice pre = netfilter_skip_uptime(tt_slice_make(r.p, (size_t)(a - r.p)));
    ev->verdict = netfilter_prefix_verdict(ctx, pre);
    switch (ev->verdict) {
    case TT_VERDICT_BLOCKED:
        if (ctx && ctx->home_net && tt_cidr_set_contains(ctx->home_net, &ev->src)) {
            ev->metric = TT_METRIC_NONE;
            ev->why = "outbound/internal deny, not an attack";
        } else {
            ev->metric = TT_METRIC_ATTACKS_BLOCKED;
            ev->reason = TT_REASON_FIREWALL;
            ev->why = "firewall deny from outside";
        }
        break;
    case TT_VERDICT_ALLOWED:
        ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
        ev->why = "firewall accept";
        break;
    default:
        ev->verdict = TT_VERDICT_OTHER;
        ev->metric = TT_METRIC_NONE;
        ev->why = pre.len ? "log prefix without verdict" : "no log prefix";
        break;
    }
    return TT_PARSE_OK;
}

static const char *const netfilter_apps[] = {"kernel", NULL};

const struct tt_parser_ops tt_parser_netfilter = {
    .name = "netfilter",
    .help = "Linux netfilter LOG lines (iptables, ip6tables, nftables, UFW, firewalld, Shorewall, EdgeOS)",
    .apps = netfilter_apps,
    .probe = netfilter_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = netfilter_parse,
};
