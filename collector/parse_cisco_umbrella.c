/* SPDX-License-Identifier: MIT
 *
 * parse_cisco_umbrella.c -- Cisco Umbrella log exports (the CSV files Umbrella
 * writes to S3), one record per line, times in UTC:
 *
 *   2024-03-01 12:00:01,[211039844],Branch FW,CDFW Tunnel Device,INBOUND,6,
 *     60,203.0.113.5,4444,10.0.0.10,22,ams1.edc,12,BLOCK
 *
 * (cloud firewall). Umbrella is DNS/web security: most of what it blocks is
 * our own users' requests, which docs/COUNTING.md#metrics has no metric for. So:
 *   - cloud firewall (14 fields, last ALLOW|BLOCK): BLOCK is a firewall
 *     deny (an attack when the source is outside --home-net), ALLOW one
 *     allowed connection;
 *   - DNS log (field 6 Allowed|Blocked) and proxy log (field 7 or 8 ALLOWED|
 *     BLOCKED|...): blocked or allowed, counting nothing (policy on our
 *     users' lookups and requests, not traffic from outside);
 *   - IP log (7 fields) and admin audit log: other.
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"
#include "collector/parser.h"

static inline int umbrella_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "YYYY-MM-DD HH:MM:SS" at p (19 bytes). */
static int umbrella_ts_at(const char *p, const char *end)
{
    return end - p >= 19 && umbrella_is_digit(p[0]) && umbrella_is_digit(p[3]) && p[4] == '-' && p[7] == '-' && p[10] == ' ' &&
           p[13] == ':' && p[16] == ':';
}

static int umbrella_probe(const struct tt_envelope *env)
{
    const char *p = env->line.p, *end = p + env->line.len;
    if (env->line.len < 24)
        return 0;
    if (p[0] == '"' && umbrella_ts_at(p + 1, end) && p[20] == '"' && p[21] == ',')
        return 1; /* DNS, proxy, IP logs */
    if (umbrella_ts_at(p, end) && p[19] == ',' && p[20] == '[')
        return 1; /* cloud firewall */
    if (p[0] == '"' && umbrella_is_digit(p[1])) {
        /* audit: "id","YYYY-MM-DD HH:MM:SS", */
        const char *q = p + 1;
        while (q < end && q - p < 24 && umbrella_is_digit(*q))
            q++;
        return end - q > 24 && q[0] == '"' && q[1] == ',' && q[2] == '"' && umbrella_ts_at(q + 3, end);
    }
    return 0;
}

#define UMBRELLA_MAX 16

static enum tt_parse_rc umbrella_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    TT_UNUSED(state);
    if (!umbrella_probe(env))
        return TT_PARSE_NOMATCH;
    struct tt_slice f[UMBRELLA_MAX + 1];
    memset(f, 0, sizeof(f));
    int n = 0;
    struct tt_kv kv;
    tt_kv_init(&kv, env->line.p, env->line.len);
    struct tt_slice field;
    while (n < UMBRELLA_MAX && tt_csv_next(&kv, &field)) {
        /* unquoted fields of the cloud firewall log, quoted ones trimmed */
        while (field.len && field.p[0] == ' ')
            field.p++, field.len--;
        if (field.len >= 2 && field.p[0] == '"' && field.p[field.len - 1] == '"')
            field.p++, field.len -= 2;
        f[++n] = field;
    }
    struct tt_slice ts = umbrella_ts_at(f[1].p, f[1].p + f[1].len) ? f[1] : f[2];
    if (ts.len >= 19 &&
        tt_stamp_from_date_time(tt_slice_make(ts.p, 10), tt_slice_make(ts.p + 11, 8), &ev->stamp) == TT_OK) {
        tt_stamp_set_offset(&ev->stamp, 0);
        ev->has_stamp = 1;
    }
    if (f[2].len && f[2].p[0] == '[') {
        /* cloud firewall */
        if (n < 14) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "Umbrella firewall record cut short";
            return TT_PARSE_BAD;
        }
        tt_slice_addr(f[8], &ev->src);
        tt_slice_addr(f[10], &ev->dst);
        if (tt_slice_ieq(f[14], "BLOCK"))
            tt_fw_deny(ctx, ev);
        else if (tt_slice_ieq(f[14], "ALLOW"))
            tt_fw_allow(ev);
        else
            tt_fw_set(ev, TT_VERDICT_OTHER, "firewall record without a verdict");
        return TT_PARSE_OK;
    }
    if (ts.p == f[2].p) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "admin audit record");
        return TT_PARSE_OK;
    }
    if (n == 7) {
        tt_slice_addr(f[3], &ev->src);
        tt_slice_addr(f[5], &ev->dst);
        tt_fw_set(ev, TT_VERDICT_OTHER, "IP log record (no verdict)");
        return TT_PARSE_OK;
    }
    struct tt_slice verdict = {NULL, 0};
    if (tt_slice_ieq(f[6], "Allowed") || tt_slice_ieq(f[6], "Blocked")) {
        verdict = f[6]; /* DNS log */
        tt_slice_addr(f[4], &ev->src);
    } else if (n >= 8) {
        /* proxy log: the verdict is field 7 ("Timestamp","Identities",
         * "Internal IP","External IP","Destination IP","Content Type",
         * "Verdict",...) or 8 where two identity columns come first */
        int v = tt_slice_istarts(f[7], "ALLOW") || tt_slice_istarts(f[7], "BLOCK") ? 7 : 8;
        verdict = f[v];
        tt_slice_addr(f[v - 4], &ev->src);
        tt_slice_addr(f[v - 2], &ev->dst);
    }
    if (tt_slice_istarts(verdict, "BLOCK"))
        tt_fw_set(ev, TT_VERDICT_BLOCKED, "DNS/web policy block of our own users' request");
    else if (tt_slice_istarts(verdict, "ALLOW"))
        tt_fw_set(ev, TT_VERDICT_ALLOWED, "DNS/web request allowed");
    else
        tt_fw_set(ev, TT_VERDICT_OTHER, "record without a verdict");
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_cisco_umbrella = {
    .name = "cisco-umbrella",
    .help = "Cisco Umbrella CSV exports (cloud firewall, DNS, proxy, IP, audit logs)",
    .apps = NULL,
    .probe = umbrella_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = umbrella_parse,
};
