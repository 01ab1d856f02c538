/* SPDX-License-Identifier: MIT
 *
 * parse_suricata_fast.c -- Suricata fast.log alerts, --format suricata-fast:
 *   07/11/2022-10:29:32.251216  [**] [1:2008578:4] ET SCAN Sipvicious Scan
 *     [**] [Classification: Attempted Information Leak] [Priority: 2] {UDP}
 *     198.51.100.216:5116 -> 10.0.0.55:5060
 * (and the same alert text behind a "suricata[pid]:" syslog tag). The
 * alert body is Snort's (collector/scan_fast.c); Suricata writes a
 * four-digit year, which is how a fast.log line is told from Snort's.
 * "[Drop]" before the alert -> attacks_blocked:ips, "[wDrop]" or nothing ->
 * ids_alerts (docs/COUNTING.md#ids). Time is local (--tz).
 */
#include "collector/scan_fast.h"
#include "collector/scan_time.h"
#include "collector/parser.h"
#include "collector/scan_kv.h"

static int fast_probe(const struct tt_envelope *env)
{
    struct tt_slice m = tt_msg_padded(env);
    struct tt_stamp st;
    int yd;
    if (m.len < 20)
        return 0;
    if (tt_fast_stamp(m.p, m.len, &st, &yd))
        return yd == 4;
    return m.p[0] == '[' && env->app.len == 8 && memcmp(env->app.p, "suricata", 8) == 0;
}

static enum tt_parse_rc fast_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                   struct tt_event *ev)
{
    TT_UNUSED(state);
    TT_UNUSED(ctx);
    struct tt_slice m = tt_msg_padded(env);
    struct tt_stamp st;
    int yd = 0;
    size_t n = tt_fast_stamp(m.p, m.len, &st, &yd);
    if (n) {
        if (yd != 4)
            return TT_PARSE_NOMATCH;
        enum tt_parse_rc rc = tt_fast_alert_body(tt_slice_make(m.p + n, m.len - n), ev);
        if (rc != TT_PARSE_OK)
            return rc;
        ev->stamp = st;
        ev->has_stamp = 1;
        return rc;
    }
    if (m.len && m.p[0] == '[' && env->app.len)
        return tt_fast_alert_body(m, ev);
    return TT_PARSE_NOMATCH;
}

const struct tt_parser_ops tt_parser_suricata_fast = {
    .name = "suricata-fast",
    .help = "Suricata fast.log alerts ([Drop] -> blocked, else detected only)",
    .apps = NULL,
    .probe = fast_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = fast_parse,
};
