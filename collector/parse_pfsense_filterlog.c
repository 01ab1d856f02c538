/* SPDX-License-Identifier: MIT
 *
 * parse_pfsense_filterlog.c -- pfSense / OPNsense packet-filter log ("filterlog"),
 * one CSV record per logged packet, behind an RFC 3164 or RFC 5424 header:
 *
 *   <134>1 2021-07-03T19:10:14.578288-05:00 fw1.example.com filterlog 72237 - -
 *     146,,,1535324496,igb1.12,match,block,in,4,0x0,,63,32989,0,DF,6,tcp,60,
 *     203.0.113.7,10.0.0.5,49652,853,0,S,1818117648,,64240,,mss;sackOK
 *
 * (one line). Fields (pfSense "Raw Filter Log Format"): rule, sub-rule,
 * anchor, tracker, interface, reason, ACTION, direction, IP version, then
 *   IPv4: tos, ecn, ttl, id, offset, flags, proto id, proto, length, SRC, DST
 *   IPv6: class, flow label, hop limit, proto, proto id, length, SRC, DST
 * then the protocol part (ports, TCP flags/seq/ack/window/options; ICMP type
 * and its fields; "datalength=" for others), which we do not need.
 *
 * Verdicts (docs/COUNTING.md#firewalls): action pass -> allowed, connections_allowed (pf
 * logs the packet that created the state: one per connection); block and
 * reject -> blocked, attacks_blocked:firewall when SRC is outside
 * --home-net; anything else (scrub, nat, rdr, binat) -> other. The record
 * has no timestamp of its own: the syslog header's is used.
 *
 * Place in the pipeline: envelope (program "filterlog") -> this -> tally.
 * Hot path: one forward pass cutting at most 17 commas with memchr.
 */
#include "collector/verdict.h"
#include "collector/parser.h"


/* Splits up to max fields of [p, end) at commas; returns the count. */
static size_t filterlog_split(const char *p, const char *end, struct tt_slice *f, size_t max)
{
    size_t n = 0;
    while (n < max) {
        const char *c = memchr(p, ',', (size_t)(end - p));
        const char *e = c ? c : end;
        f[n++] = tt_slice_make(p, (size_t)(e - p));
        if (!c)
            break;
        p = c + 1;
    }
    return n;
}

static int filterlog_head_ok(const struct tt_slice *f, size_t n)
{
    if (n < 9 || f[0].len == 0 || f[0].len > 10 || f[0].p[0] < '0' || f[0].p[0] > '9')
        return 0;
    if (!(tt_slice_eq(f[7], "in") || tt_slice_eq(f[7], "out")))
        return 0;
    return tt_slice_eq(f[8], "4") || tt_slice_eq(f[8], "6");
}

static struct tt_slice filterlog_msg(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    while (m.len && m.p[0] == ' ')
        m.p++, m.len--;
    while (m.len && m.p[m.len - 1] == ' ')
        m.len--;
    return m;
}

static int filterlog_probe(const struct tt_envelope *env)
{
    struct tt_slice m = filterlog_msg(env);
    struct tt_slice f[9];
    return m.len > 16 && filterlog_head_ok(f, filterlog_split(m.p, m.p + m.len, f, 9));
}

static enum tt_parse_rc filterlog_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                        struct tt_event *ev)
{
    TT_UNUSED(state);
    struct tt_slice m = filterlog_msg(env);
    if (m.len == 0)
        return TT_PARSE_NOMATCH;
    struct tt_slice f[21];
    size_t n = filterlog_split(m.p, m.p + m.len, f, 21);
    if (!filterlog_head_ok(f, n))
        return TT_PARSE_NOMATCH;
    size_t si = f[8].p[0] == '4' ? 18 : 15;
    if (n <= si + 1) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "filterlog record cut short before SRC/DST";
        return TT_PARSE_BAD;
    }
    if (tt_addr_parse(f[si].p, f[si].len, &ev->src) != TT_OK) {
        memset(&ev->src, 0, sizeof(ev->src));
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "filterlog SRC is not an address";
        return TT_PARSE_BAD;
    }
    if (tt_addr_parse(f[si + 1].p, f[si + 1].len, &ev->dst) != TT_OK)
        memset(&ev->dst, 0, sizeof(ev->dst));

    struct tt_slice act = f[6];
    if (tt_slice_eq(act, "block") || tt_slice_eq(act, "reject") || tt_slice_eq(act, "drop")) {
        tt_fw_deny(ctx, ev);
    } else if (tt_slice_eq(act, "pass")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->metric = TT_METRIC_CONNECTIONS_ALLOWED;
        ev->why = "pf pass (state created)";
    } else {
        ev->verdict = TT_VERDICT_OTHER;
        ev->why = "pf action without verdict";
    }
    return TT_PARSE_OK;
}

static const char *const filterlog_apps[] = {"filterlog", NULL};

const struct tt_parser_ops tt_parser_pfsense_filterlog = {
    .name = "pfsense-filterlog",
    .help = "pfSense/OPNsense filterlog CSV (IPv4/IPv6, RFC 3164/5424)",
    .apps = filterlog_apps,
    .probe = filterlog_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = filterlog_parse,
};
