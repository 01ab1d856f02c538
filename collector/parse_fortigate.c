/* SPDX-License-Identifier: MIT
 *
 * parse_fortigate.c -- Fortinet FortiGate (FortiOS 5.x-7.x) syslog in its
 * default key=value form, usually sent without a syslog header of its own:
 *
 *   <189>date=2024-03-01 time=12:00:01 devname="fw1" devid="FGT60F0000000000"
 *     logid="0000000013" type="traffic" subtype="forward" level="notice"
 *     vd="root" eventtime=1709294401123456789 tz="+0100" srcip=203.0.113.5
 *     srcport=4444 dstip=10.0.0.10 dstport=22 proto=6 action="deny" ...
 *
 * (one line), or the same pairs comma-separated ("CSV" log format:
 * `date=2024-03-01,time=12:00:01,logid="0000000013",type="traffic",...`).
 * The verdict comes from type/subtype/action (FortiOS Log Reference):
 *   - type=traffic: action deny|drop|block -> a firewall deny (an attack when
 *     srcip is outside --home-net); accept and the session-end actions
 *     close|timeout|client-rst|server-rst -> one allowed connection each;
 *     action=start (a session start) and the error records dns|ip-conn
 *     count nothing. A session end whose utmaction is block/reset (a UTM
 *     profile stopped the content) is a block counting nothing: the UTM
 *     record of the same session counts it when it was an attack.
 *   - type=utm subtype ips|anomaly (and old type=ips|anomaly): dropped,
 *     blocked, reset, clear_session... -> IPS block; detected, pass,
 *     monitored -> an IDS alert (docs/COUNTING.md#ids).
 *     subtype virus: blocked -> IPS block (the AV engine stopped malware),
 *     monitored/passthrough -> IDS alert.
 *     Other UTM (webfilter, app-ctrl, dlp, ssl, dns, ...): a block is a
 *     policy decision about our own users' traffic, not an attack: blocked
 *     or allowed, counting nothing.
 *   - type=event (system, vpn, user, ...): other.
 * The event's own time: eventtime (s/ms/us/ns since 1970, exact UTC) when
 * well-formed, else date= time= with tz= as offset, else date/time in --tz,
 * else timestamp= (epoch seconds: FortiAnalyzer's receipt time, and the
 * only full time of FortiAuthenticator records). A record with a time of
 * day but no date (relays that split the date off) keeps its verdict and is
 * timed like a line without a timestamp.
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/scan_time.h"
#include "collector/verdict_vendor.h"
#include "collector/parser.h"

/* The message part that holds the pairs: after the optional blanks. */
static struct tt_slice fortigate_region(const struct tt_envelope *env)
{
    struct tt_slice m = env->msg;
    while (m.len && (m.p[0] == ' ' || m.p[0] == '\t'))
        m.p++, m.len--;
    return m;
}

static int fortigate_probe(const struct tt_envelope *env)
{
    struct tt_slice m = fortigate_region(env);
    if (m.len < 12)
        return 0;
    /* records whose header pairs a relay cut off: `type="event" subtype=...`
     * (a subtype is required: auditd lines also start with type=) */
    if (m.p[0] == 't' && tt_slice_starts(m, "type=")) {
        size_t n = m.len < 40 ? m.len : 40;
        return tt_memmem(m.p, n, " subtype=", 9) != NULL;
    }
    switch (m.p[0]) {
    case 'd':
        return tt_slice_starts(m, "date=") || tt_slice_starts(m, "devname=");
    case 'l':
        return tt_slice_starts(m, "logver=") || tt_slice_starts(m, "logid=") || tt_slice_starts(m, "log_id=");
    case 'e':
        return tt_slice_starts(m, "eventtime=");
    case 'i':
        return tt_slice_starts(m, "itime=");
    case 't':
        return tt_slice_starts(m, "timestamp=") || tt_slice_starts(m, "time=");
    default:
        return 0;
    }
}

/* ',' when the pairs are comma-separated (the byte after the first value
 * is a comma), else ' '. */
static char fortigate_separator(struct tt_slice m)
{
    const char *p = memchr(m.p, '=', m.len < 32 ? m.len : 32), *end = m.p + m.len;
    if (!p)
        return ' ';
    p++;
    if (p < end && *p == '"') {
        const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
        p = q ? q + 1 : end;
    } else {
        while (p < end && *p != ' ' && *p != ',')
            p++;
    }
    return p < end && *p == ',' ? ',' : ' ';
}

/* The value of the pair `key` (given with its '=', kl bytes) in [p, end), where the
 * key starts the line or follows a blank or sep; empty when absent. */
static struct tt_slice fortigate_find_value(const char *p, const char *end, char sep, const char *key, size_t kl)
{
    while (p < end) {
        const char *k = tt_memmem(p, (size_t)(end - p), key, kl);
        if (!k)
            break;
        if (k[-1] == ' ' || k[-1] == sep) {
            struct tt_kv kv;
            struct tt_slice kk, v;
            tt_kv_init(&kv, k, (size_t)(end - k));
            if (tt_kv_next(&kv, sep, &kk, &v))
                return v;
            break;
        }
        p = k + kl;
    }
    return tt_slice_make(NULL, 0);
}

static enum tt_parse_rc fortigate_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    TT_UNUSED(state);
    if (!fortigate_probe(env))
        return TT_PARSE_NOMATCH;
    struct tt_slice m = fortigate_region(env);
    struct tt_slice date = {NULL, 0}, time = {NULL, 0}, tz = {NULL, 0}, etime = {NULL, 0}, tstamp = {NULL, 0};
    struct tt_slice type = {NULL, 0}, subtype = {NULL, 0}, action = {NULL, 0}, src = {NULL, 0}, dst = {NULL, 0};
    struct tt_slice utmaction = {NULL, 0};
    int have_type = 0, have_action = 0, have_logid = 0, have_log_id = 0, have_utm = 0;
    char sep = fortigate_separator(m);
    struct tt_kv kv;
    tt_kv_init(&kv, m.p, m.len);
    struct tt_slice k, v;
    while (tt_kv_next(&kv, sep, &k, &v)) {
        /* dispatch on the key's first byte and length: most keys are skipped
         * after one or two compares */
        switch (k.p[0]) {
        case 'a':
            if (k.len == 6 && memcmp(k.p, "action", 6) == 0)
                action = v, have_action = 1;
            break;
        case 'd':
            if (k.len == 4 && memcmp(k.p, "date", 4) == 0)
                date = v;
            else if (k.len == 5 && memcmp(k.p, "dstip", 5) == 0)
                dst = v;
            break;
        case 'e':
            if (k.len == 9 && memcmp(k.p, "eventtime", 9) == 0)
                etime = v;
            break;
        case 'l':
            if (k.len == 5 && memcmp(k.p, "logid", 5) == 0)
                have_logid = 1;
            else if (k.len == 6 && memcmp(k.p, "log_id", 6) == 0)
                have_log_id = 1; /* FortiWeb (with type=; Sophos has none) */
            break;
        case 's':
            if (k.len == 5 && memcmp(k.p, "srcip", 5) == 0)
                src = v;
            else if (k.len == 7 && memcmp(k.p, "subtype", 7) == 0)
                subtype = v;
            break;
        case 't':
            if (k.len == 4 && memcmp(k.p, "time", 4) == 0)
                time = v;
            else if (k.len == 4 && memcmp(k.p, "type", 4) == 0)
                type = v, have_type = 1;
            else if (k.len == 2 && memcmp(k.p, "tz", 2) == 0)
                tz = v;
            else if (k.len == 9 && memcmp(k.p, "timestamp", 9) == 0)
                tstamp = v;
            break;
        case 'u':
            if (k.len == 9 && memcmp(k.p, "utmaction", 9) == 0)
                utmaction = v, have_utm = 1;
            break;
        default:
            break;
        }
        /* Everything we read sits before "action" in traffic logs but for a
         * few UTM layouts; stop once the verdict and both ends are known. */
        if (have_action && have_type && src.len && dst.len && (date.len || etime.len) &&
            (etime.len || tz.len || time.len))
            break;
    }
    /* A session end's utmaction comes after action: one memmem over the
     * rest of the line instead of scanning every pair. */
    enum tt_fg_word w = tt_fortigate_word(action), utm = TT_FG_NONE;
    if (w == TT_FG_PASS && tt_slice_ieq(type, "traffic")) {
        if (!have_utm)
            utmaction = fortigate_find_value(kv.p, m.p + m.len, sep, "utmaction=", 10);
        if (utmaction.len)
            utm = tt_fortigate_word(utmaction);
    }
    /* without type= a line is FortiOS's only with FortiOS's logid= (Sophos
     * SFOS also starts with date= and writes log_id=): else let other
     * parsers look */
    if (!have_type && !have_logid)
        return TT_PARSE_NOMATCH;
    have_logid |= have_log_id;
    if (!have_type) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "FortiGate line without type=";
        return TT_PARSE_BAD;
    }
    if (!have_logid && !date.len && !tt_slice_ieq(type, "event")) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "FortiGate line without logid= or date=";
        return TT_PARSE_BAD;
    }
    if (src.len)
        tt_slice_addr(src, &ev->src);
    if (dst.len)
        tt_slice_addr(dst, &ev->dst);

    if (etime.len && tt_stamp_from_epoch_digits(etime, &ev->stamp) == TT_OK) {
        ev->has_stamp = 1;
    } else if (date.len && tt_stamp_from_date_time(date, time, &ev->stamp) == TT_OK) {
        int32_t off;
        if (tz.len && tt_parse_utc_offset(tz, &off) == TT_OK) {
            tt_stamp_set_offset(&ev->stamp, off);
        }
        ev->has_stamp = 1;
    } else if (date.len) {
        ev->reason = TT_REASON_BAD_TIME;
        ev->why = "FortiGate date=/time= unreadable";
        return TT_PARSE_BAD;
    } else if (tstamp.len && tt_stamp_from_epoch_digits(tstamp, &ev->stamp) == TT_OK) {
        ev->has_stamp = 1;
    }
    tt_fortigate_judge_words(ctx, type, subtype, w, action.len, utm, ev);
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_fortigate = {
    .name = "fortigate",
    .help = "Fortinet FortiGate key=value syslog (traffic, utm, event)",
    .apps = NULL,
    .probe = fortigate_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = fortigate_parse,
};
