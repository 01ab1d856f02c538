/* SPDX-License-Identifier: MIT
 *
 * parse_checkpoint.c -- Check Point R80/R81 logs as the Log Exporter sends
 * them: its "syslog" format (RFC 5424 with the fields as one structured-data
 * element of key:"value" pairs), and its "generic"/"splunk" key="value"
 * formats (pairs separated by blanks or '|'):
 *
 *   <134>1 2024-03-01T12:00:01Z gw1 CheckPoint 2700 - [action:"Drop";
 *     ifdir:"inbound"; loguid:"{0x65e1c3a1,0x0,0x1a2b3c4d,0x5e6f7a8b}";
 *     origin:"192.0.2.1"; time:"1709294401"; product:"VPN & FireWall";
 *     src:"203.0.113.5"; dst:"10.0.0.10"; service:"22"; s_port:"4444"]
 *
 * (one line). Verdict from action and product (the blade that logged):
 *   - Accept/Allow from the firewall (or "Log Update", or no product) -> one
 *     allowed connection; from other blades (URL Filtering, Application
 *     Control, ...) allowed counting nothing.
 *   - Drop/Reject/Block: from a threat-prevention blade (IPS, Anti-Bot,
 *     Anti-Virus, Threat Emulation, ...) an IPS block; from URL Filtering,
 *     Application Control, Content Awareness a policy block counting
 *     nothing; else a firewall deny (an attack when src is outside
 *     --home-net). Prevent -> IPS block; Detect -> IDS alert.
 *   - Anything else (Log In, Key Install, Bypass, Inform, no action): other.
 * Check Point sends updates of a log (product "Log Update", more bytes, the
 * same loguid): a loguid that already counted counts nothing again (COUNTING.md#summaries),
 * kept in bounded memory for a day. time:"epoch" is the event's own time.
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/scan_time.h"
#include "collector/verdict_vendor.h"
#include "collector/parser.h"

#include <stdlib.h>

/* The field list: the structured data of a 5424 line (the envelope skipped
 * it: take it from the line), or the message for the key="value" forms. */
static struct tt_slice checkpoint_region(const struct tt_envelope *env, int *out_sd)
{
    *out_sd = 0;
    const char *p = env->line.p, *end = p + env->line.len;
    const char *lim = env->line.len > 200 ? p + 200 : end;
    const char *b = p ? memchr(p, '[', (size_t)(lim - p)) : NULL;
    if (b && b + 1 < end && end - b > 8) {
        /* "[key:"" */
        const char *q = b + 1;
        while (q < end && q - b < 40 && ((*q >= 'a' && *q <= 'z') || *q == '_' || (*q >= 'A' && *q <= 'Z')))
            q++;
        if (q < end && *q == ':') {
            *out_sd = 1;
            return tt_slice_make(b, (size_t)(end - b));
        }
    }
    return env->msg;
}

static int checkpoint_probe(const struct tt_envelope *env)
{
    struct tt_slice r = env->line;
    if (r.len < 16)
        return 0;
    /* "loguid" found by its 'u', a rarer byte in log text than its 'l', the
     * byte tt_memmem would stop at */
    const char *end = r.p + r.len;
    for (const char *u = r.p + 3; u + 3 <= end && (u = memchr(u, 'u', (size_t)(end - u - 2))) != NULL; u++)
        if (memcmp(u - 3, "loguid", 6) == 0)
            return 1;
    return 0;
}

static enum tt_parse_rc checkpoint_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    int sd;
    struct tt_slice r = checkpoint_region(env, &sd);
    /* the CEF/LEEF form belongs to the CEF parser */
    if (!sd && (tt_memmem(env->line.p, env->line.len < 256 ? env->line.len : 256, "CEF:", 4) ||
                tt_memmem(env->line.p, env->line.len < 256 ? env->line.len : 256, "LEEF:", 5)))
        return TT_PARSE_NOMATCH;
    struct tt_slice action = {NULL, 0}, product = {NULL, 0}, loguid = {NULL, 0}, t = {NULL, 0};
    struct tt_slice src = {NULL, 0}, dst = {NULL, 0};
    int pairs = 0;
    char sep = ' ';
    if (!sd && memchr(r.p, '|', r.len))
        sep = '|';
    struct tt_kv kv;
    tt_kv_init(&kv, r.p, r.len);
    struct tt_slice k, v;
    for (;;) {
        int more = sd ? tt_cp_next(&kv, &k, &v) : tt_kv_next(&kv, sep, &k, &v);
        if (!more)
            break;
        pairs++;
        /* dispatch on the key length: most keys are skipped by one compare */
        switch (k.len) {
        case 3:
            if (memcmp(k.p, "src", 3) == 0)
                src = v;
            else if (memcmp(k.p, "dst", 3) == 0)
                dst = v;
            break;
        case 4:
            if (memcmp(k.p, "time", 4) == 0)
                t = v;
            break;
        case 6:
            if (memcmp(k.p, "action", 6) == 0)
                action = v;
            else if (memcmp(k.p, "loguid", 6) == 0)
                loguid = v;
            break;
        case 7:
            if (memcmp(k.p, "product", 7) == 0)
                product = v;
            break;
        default:
            break;
        }
    }
    struct tt_slice prog = tt_app_program(env->app, NULL);
    int routed = tt_slice_ieq(prog, "CheckPoint");
    if (!loguid.len && !routed)
        return TT_PARSE_NOMATCH;
    if (pairs == 0) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "Check Point line without fields";
        return TT_PARSE_BAD;
    }
    if (src.len)
        tt_slice_addr(src, &ev->src);
    if (dst.len)
        tt_slice_addr(dst, &ev->dst);
    if (t.len && tt_stamp_from_epoch_digits(t, &ev->stamp) == TT_OK)
        ev->has_stamp = 1;
    tt_checkpoint_judge(ctx, action, product, ev);
    if (ev->metric != TT_METRIC_NONE) {
        int64_t now = ev->has_stamp ? ev->stamp.epoch_s : (ctx ? ctx->now_s : 0);
        if (tt_cp_seen_check(state, loguid, now)) {
            ev->metric = TT_METRIC_NONE;
            ev->reason = TT_REASON_NONE;
            ev->why = "update of a log already counted (same loguid)";
        }
    }
    return TT_PARSE_OK;
}

static void *checkpoint_state_create(void)
{
    return tt_cp_seen_create();
}

static void checkpoint_state_destroy(void *s)
{
    tt_cp_seen_destroy(s);
}

static const char *const checkpoint_apps[] = {"CheckPoint", NULL};

const struct tt_parser_ops tt_parser_checkpoint = {
    .name = "checkpoint",
    .help = "Check Point Log Exporter syslog (key:\"value\" structured data) and key=\"value\" forms",
    .apps = checkpoint_apps,
    .probe = checkpoint_probe,
    .state_create = checkpoint_state_create,
    .state_destroy = checkpoint_state_destroy,
    .parse = checkpoint_parse,
};
