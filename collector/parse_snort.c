/* SPDX-License-Identifier: MIT
 *
 * parse_snort.c -- Snort alert output in its four text shapes:
 *
 * fast (alert_fast; -y adds a 2-digit year):
 *   05/30-19:09:28.472094  [**] [1:2012811:2] ET DNS Query to a .tk domain
 *     [**] [Classification: Potentially Bad Traffic] [Priority: 2] {UDP}
 *     192.168.88.10:1029 -> 198.51.100.1:53
 * syslog (alert_syslog): "Sep  5 16:05:26 ids snort[12]: [1:1000017:0] UDP
 *   Connection [Classification: Misc activity] [Priority: 3] {UDP} a:p -> b:p"
 * CSV (alert_csv default fields; pfSense adds action and disposition):
 *   09/03/21-12:37:16.428952 ,1,2011716,4,"ET SCAN Sipvicious",UDP,
 *     198.51.100.1,5103,10.0.0.1,5060,54925,Attempted Information Leak,2,
 *     alert,Allow
 * full (alert_full), several lines per alert:
 *   [**] [1:1000006:0] TCP connection [**]
 *   [Classification: Potentially Bad Traffic] [Priority: 2]
 *   09/04-21:53:15.301504 10.100.20.59:57263 -> 10.100.10.190:22
 *   TCP TTL:127 TOS:0x0 ID:61472 IpLen:20 DgmLen:40 DF
 *   ***A**** Seq: 0x68940D74  Ack: 0xBC811F16  Win: 0x80E  TcpLen: 20
 *   (blank line)
 *
 * An alert is detected-only unless the line says it was dropped
 * (docs/COUNTING.md#ids): ids_alerts, verdict allowed; with an inline action "[Drop]",
 * "drop"/"sdrop"/"reject"/"block" or a "Block"/"Blocked"/"Drop" disposition
 * -> attacks_blocked:ips ("[wDrop]", would drop, stays an alert). A full
 * alert counts once, on its timestamp line (which has the time and the
 * addresses); its header (which may carry "[Drop]", remembered in a tiny
 * per-stream state) and detail lines are "other". Timestamps carry no zone:
 * --tz, year inferred unless written.
 *
 * Place in the pipeline: envelope (program "snort") or probe -> this.
 */
#include "collector/scan_kv.h"
#include "collector/scan_time.h"
#include "collector/scan_fast.h"
#include "collector/verdict.h"
#include "collector/parser.h"

#include <stdlib.h>

struct snort_state {
    int since_header; /* lines since the last full-alert header, large = none */
    int drop;         /* that header carried a drop action */
};

static void *snort_state_create(void)
{
    struct snort_state *s = calloc(1, sizeof(*s));
    if (s)
        s->since_header = 1000;
    return s;
}

static void snort_state_destroy(void *p)
{
    free(p);
}

/* CSV after the timestamp: ",gid,sid,rev,"msg",proto,src,sport,dst,dport,...". */
static enum tt_parse_rc snort_csv(struct tt_slice b, struct tt_event *ev)
{
    struct tt_slice f[32];
    size_t n = 0;
    const char *p = b.p, *end = b.p + b.len;
    while (p < end && *p == ' ')
        p++;
    if (p >= end || *p != ',')
        return TT_PARSE_NOMATCH;
    p++;
    while (n < TT_ARRAY_LEN(f)) {
        const char *e;
        if (p < end && *p == '"') {
            const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
            e = q ? q + 1 : end;
            e = memchr(e, ',', (size_t)(end - e));
            if (!e)
                e = end;
        } else {
            e = memchr(p, ',', (size_t)(end - p));
            if (!e)
                e = end;
        }
        f[n++] = tt_slice_make(p, (size_t)(e - p));
        if (e >= end)
            break;
        p = e + 1;
    }
    uint32_t x;
    if (n < 9 || tt_slice_u32(f[0], &x) != TT_OK || tt_slice_u32(f[1], &x) != TT_OK || tt_slice_u32(f[2], &x) != TT_OK)
        return TT_PARSE_NOMATCH;
    if (tt_addr_parse(f[5].p, f[5].len, &ev->src) != TT_OK) {
        memset(&ev->src, 0, sizeof(ev->src));
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "Snort CSV alert without a source address";
        return TT_PARSE_BAD;
    }
    if (tt_addr_parse(f[7].p, f[7].len, &ev->dst) != TT_OK)
        memset(&ev->dst, 0, sizeof(ev->dst));
    if (tt_fast_drop_word(f[n - 1]) || tt_fast_drop_word(f[n - 2])) {
        tt_fw_ips_block(ev);
        ev->why = "inline drop";
    } else {
        tt_fw_ids_alert(ev);
    }
    return TT_PARSE_OK;
}

/* Detail lines of a full alert. Every head below, and the TCP flags form,
 * starts with one of a few bytes: a switch on the first byte rules out most
 * other formats' lines before the fifteen compares (the probe runs on every
 * line no parser's program name routed). */
static int snort_detail(struct tt_slice m)
{
    if (m.len == 0)
        return 0;
    switch (m.p[0]) {
    case '[': case 'T': case 'U': case 'I': case 'L': case 'S': case '=': case 'A': case '*': case '1':
        break;
    default:
        return 0;
    }
    static const char *const heads[] = {"[Priority:", "[Classification:", "[Xref =>", "TCP TTL:", "UDP TTL:",
                                        "ICMP TTL:", "IP TTL:", "Len: ", "Type:", "TCP Options", "Sack:",
                                        "=+=+", "ARP ", "IPV6 ", "ICMP6 "};
    for (size_t i = 0; i < TT_ARRAY_LEN(heads); i++)
        if (tt_slice_starts(m, heads[i]))
            return 1;
    /* TCP flags "***AP***" then " Seq:" */
    return m.len > 12 && m.p[8] == ' ' && tt_memmem(m.p, TT_MIN(m.len, 16), " Seq:", 5) != NULL &&
           (m.p[0] == '*' || m.p[0] == 'U' || m.p[0] == '1');
}

static struct tt_slice snort_msg(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    while (m.len && m.p[m.len - 1] == ' ')
        m.len--;
    return m;
}

static int snort_is_full_header(struct tt_slice m)
{
    if (m.len < 16 || memcmp(m.p + m.len - 4, "[**]", 4) != 0)
        return 0;
    const char *st = tt_memmem(m.p, TT_MIN(m.len, 24), "[**] ", 5);
    if (!st)
        return 0;
    size_t j = (size_t)(st - m.p) + 5;
    return tt_fast_gsr(m.p + j, m.len - j) != 0;
}

static int snort_probe(const struct tt_envelope *env)
{
    struct tt_slice m = snort_msg(env);
    if (m.len < 6)
        return 0;
    struct tt_stamp st;
    int yd;
    size_t n = tt_fast_stamp(m.p, m.len, &st, &yd);
    if (n)
        return yd != 4;
    if (m.p[0] == '[')
        return snort_is_full_header(m) || snort_detail(m);
    return snort_detail(m);
}

static enum tt_parse_rc snort_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                    struct tt_event *ev)
{
    TT_UNUSED(ctx);
    struct snort_state *s = state;
    struct tt_slice m = snort_msg(env);
    if (m.len < 4)
        return TT_PARSE_NOMATCH;
    struct tt_stamp st;
    int yd = 0;
    size_t n = tt_fast_stamp(m.p, m.len, &st, &yd);
    if (n) {
        if (yd == 4)
            return TT_PARSE_NOMATCH; /* Suricata's fast.log */
        struct tt_slice rest = tt_slice_make(m.p + n, m.len - n);
        enum tt_parse_rc rc = snort_csv(rest, ev);
        if (rc == TT_PARSE_NOMATCH)
            rc = tt_fast_alert_body(rest, ev);
        if (rc == TT_PARSE_NOMATCH && tt_fast_pair(rest, ev)) {
            /* the timestamp line of a full alert */
            if (s && s->since_header < 4 && s->drop) {
                tt_fw_ips_block(ev);
                ev->why = "inline drop (full alert)";
            } else {
                tt_fw_ids_alert(ev);
                ev->why = "full alert";
            }
            if (s && s->since_header < 32)
                s->since_header++; /* its detail lines follow */
            rc = TT_PARSE_OK;
        }
        if (rc == TT_PARSE_NOMATCH)
            return rc;
        ev->stamp = st;
        ev->has_stamp = 1;
        return rc;
    }
    if (snort_is_full_header(m)) {
        if (s) {
            s->since_header = 0;
            s->drop = 0;
            tt_fast_actions(m.p, m.len, &s->drop);
        }
        ev->why = "full alert header (counted on its timestamp line)";
        return TT_PARSE_OK;
    }
    if (snort_detail(m)) {
        if (s && s->since_header < 32) {
            s->since_header++;
            ev->why = "full alert detail";
            return TT_PARSE_OK;
        }
        return TT_PARSE_NOMATCH;
    }
    /* syslog output: "snort[12]: [1:2:3] ..." */
    if (m.p[0] == '[' && env->app.len) {
        enum tt_parse_rc rc = tt_fast_alert_body(m, ev);
        return rc;
    }
    return TT_PARSE_NOMATCH;
}

static const char *const snort_apps[] = {"snort", NULL};

const struct tt_parser_ops tt_parser_snort = {
    .name = "snort",
    .help = "Snort alerts: fast, full (multi-line), CSV (incl. pfSense), syslog",
    .apps = snort_apps,
    .probe = snort_probe,
    .state_create = snort_state_create,
    .state_destroy = snort_state_destroy,
    .parse = snort_parse,
};
