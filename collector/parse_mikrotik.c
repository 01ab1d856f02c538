/* SPDX-License-Identifier: MIT
 *
 * parse_mikrotik.c -- MikroTik RouterOS firewall log lines (rules with
 * log=yes, optionally a log-prefix), as sent by its remote syslog action:
 *
 *   2023-03-18T20:36:59.594792+01:00 gw1 firewall,info drop-tcp input:
 *     in:ether1-WAN out:(unknown 0), connection-state:new src-mac
 *     00:17:10:00:00:02, proto TCP (SYN), 198.51.100.219:59388->
 *     203.0.113.145:23, len 40
 *
 * (one line). Layout: [topics] [log-prefix] CHAIN ": in:" IFACE " out:" ...
 * [","] " proto " PROTO [(flags)] ", " SRC[:port] "->" DST[:port] [, NAT ...]
 * ", len " N. IPv6 addresses are bracketed when a port follows.
 *
 * RouterOS writes no action: like netfilter (docs/COUNTING.md#netfilter) the log
 * prefix decides, with the site's --prefix-map rules first, then the words in
 * any case (DROP, REJECT, BLOCK, DENY -> blocked; ACCEPT, ALLOW -> allowed).
 * The chain name alone (input, forward, output, or a user chain) says
 * nothing: a line without a verdict prefix is "other" and counts nothing.
 * blocked with a source outside --home-net -> attacks_blocked:firewall.
 * Other RouterOS lines ("system,error,critical login failure ...") are
 * recognised by their topic list and are "other".
 *
 * Place in the pipeline: envelope -> probe -> this -> tally. The line has no
 * timestamp of its own (the syslog header's is used).
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/verdict.h"
#include "collector/parser.h"

/* The text to read: from the envelope's tag when the tag lies in the line
 * just before msg (RouterOS without topics: "Mar 1 10:00:00 gw input: in:..."
 * makes "input" look like a program name), else msg. */
static struct tt_slice mikrotik_region(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    if (env->app.len && env->app.p && m.p && env->line.p) {
        uintptr_t lb = (uintptr_t)env->line.p, le = lb + env->line.len;
        uintptr_t ab = (uintptr_t)env->app.p, mb = (uintptr_t)m.p;
        if (ab >= lb && ab + env->app.len <= mb && mb + m.len <= le)
            return tt_slice_make(env->app.p, (size_t)(mb - ab) + m.len);
    }
    return m;
}

/* ": in:" of the packet description, or NULL. */
static const char *mikrotik_anchor(struct tt_slice r)
{
    const char *a = tt_memmem(r.p, r.len, ": in:", 5);
    if (!a)
        return NULL;
    const char *end = r.p + r.len;
    return tt_memmem(a, (size_t)(end - a), " out:", 5) ? a : NULL;
}

static int mikrotik_topic_word(const char *p, size_t n)
{
    static const char *const words[] = {"firewall", "info", "warning", "error", "critical", "debug", "system",
                                        "account", "dhcp", "interface", "wireless", "ppp", "script", "dns",
                                        "ipsec", "ovpn", "pppoe", "route", "ospf", "bgp", "web-proxy", "hotspot"};
    for (size_t i = 0; i < TT_ARRAY_LEN(words); i++)
        if (strlen(words[i]) == n && memcmp(words[i], p, n) == 0)
            return 1;
    return 0;
}

/* Length of a leading RouterOS topic list ("firewall,info", "system,error,
 * critical") with at least one comma, or 0. */
static size_t mikrotik_topics(struct tt_slice r)
{
    size_t i = 0, w = 0;
    int commas = 0;
    /* the loop below ends the first word at its first ' ' or ',' by byte 13
     * and needs a comma there: one memchr rules most other lines out */
    if (r.len == 0 || !memchr(r.p, ',', TT_MIN(r.len, 14)))
        return 0;
    for (;;) {
        if (i == r.len || r.p[i] == ' ' || r.p[i] == ',') {
            if (i == w || !mikrotik_topic_word(r.p + w, i - w))
                return 0;
            if (i == r.len || r.p[i] == ' ')
                return commas ? i : 0;
            commas++;
            w = i + 1;
        } else if (i - w > 12) {
            return 0;
        }
        i++;
    }
}

static int mikrotik_probe(const struct tt_envelope *env)
{
    struct tt_slice r = mikrotik_region(env);
    if (r.len < 8)
        return 0;
    if (mikrotik_anchor(r))
        return tt_memmem(r.p, r.len, " proto ", 7) != NULL;
    return mikrotik_topics(r) != 0;
}

/* SRC and DST tokens of "..., proto X (...), SRC->DST, ..." */
static void mikrotik_addrs(const char *p, const char *end, struct tt_event *ev)
{
    const char *pr = tt_memmem(p, (size_t)(end - p), " proto ", 7);
    if (!pr)
        return;
    const char *arrow = tt_memmem(pr, (size_t)(end - pr), "->", 2);
    if (!arrow)
        return;
    const char *sb = arrow;
    while (sb > pr && sb[-1] != ' ')
        sb--;
    const char *de = arrow + 2;
    while (de < end && *de != ',' && *de != ' ')
        de++;
    tt_slice_addr_port(tt_slice_make(sb, (size_t)(arrow - sb)), &ev->src);
    tt_slice_addr_port(tt_slice_make(arrow + 2, (size_t)(de - arrow - 2)), &ev->dst);
}

static enum tt_parse_rc mikrotik_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                       struct tt_event *ev)
{
    TT_UNUSED(state);
    struct tt_slice r = mikrotik_region(env);
    if (r.len < 8)
        return TT_PARSE_NOMATCH;
    const char *a = mikrotik_anchor(r);
    size_t tl = mikrotik_topics(r);
    if (!a) {
        if (!tl)
            return TT_PARSE_NOMATCH;
        ev->why = "RouterOS system/info message";
        return TT_PARSE_OK;
    }
    const char *end = r.p + r.len;
    mikrotik_addrs(a, end, ev);
    if (ev->src.family == 0) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "RouterOS firewall line without a readable source";
        return TT_PARSE_BAD;
    }
    /* prefix = text after the topics, minus the chain word before ": in:" */
    const char *ps = r.p + tl;
    const char *ce = a;
    const char *cb = ce;
    while (cb > ps && cb[-1] != ' ')
        cb--;
    struct tt_slice prefix = tt_slice_trim(tt_slice_make(ps, (size_t)(cb - ps)));
    enum tt_verdict v = tt_prefix_verdict(ctx, prefix);
    if (v == TT_VERDICT_OTHER && ctx && ctx->n_prefix_rules) /* a site rule may name a chain */
        v = tt_prefix_verdict(ctx, tt_slice_make(cb, (size_t)(ce - cb)));
    switch (v) {
    case TT_VERDICT_BLOCKED:
        tt_fw_deny(ctx, ev);
        break;
    case TT_VERDICT_ALLOWED:
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
        ev->why = "log prefix says accept";
        break;
    default:
        ev->verdict = TT_VERDICT_OTHER;
        ev->why = prefix.len ? "log prefix without verdict" : "no log prefix";
        break;
    }
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_mikrotik = {
    .name = "mikrotik",
    .help = "MikroTik RouterOS firewall log (verdict from the log prefix)",
    .apps = NULL,
    .probe = mikrotik_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = mikrotik_parse,
};
