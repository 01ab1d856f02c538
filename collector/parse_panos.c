/* SPDX-License-Identifier: MIT
 *
 * parse_panos.c -- Palo Alto Networks PAN-OS syslog in its default CSV form
 * (PAN-OS 8-11; field positions from the PAN-OS "Syslog Field Descriptions"):
 *
 *   Mar  1 12:00:01 pa1 1,2024/03/01 12:00:01,012801000000,TRAFFIC,drop,2561,
 *     2024/03/01 12:00:01,203.0.113.5,10.0.0.10,0.0.0.0,0.0.0.0,deny-all,,,
 *     not-applicable,vsys1,untrust,trust,ethernet1/1,,default,2024/03/01
 *     12:00:01,0,1,4444,22,0,0,0x0,tcp,deny,...
 *
 * (one line). Fields, 1-based: 4 type, 5 subtype, 7 generated time (local
 * time of the firewall, no offset: read in --tz), 8 source, 9 destination,
 * 24 repeat count, 31 action. For THREAT, 35 severity; the URL is field 32
 * (quoted, may hold commas).
 *   - TRAFFIC: subtype start counts nothing (COUNTING.md#allowed-once); action allow -> one
 *     allowed connection; deny, drop, drop-icmp, reset-* -> a firewall deny
 *     (an attack when the source is outside --home-net).
 *   - THREAT (virus, spyware, vulnerability, scan, flood, packet,
 *     wildfire-virus, ml-virus): alert/allow -> IDS alert; drop, deny,
 *     reset-*, block-ip, drop-all-packets, sinkhole -> IPS block.
 *     THREAT url and file/data (URL filtering, file blocking, data
 *     filtering) are policy: blocked/allowed counting nothing. wildfire
 *     (a cloud verdict reported later) counts nothing.
 *   - URL (the separate URL log of PAN-OS 10+) like THREAT url.
 *   - Any other type (SYSTEM, CONFIG, GLOBALPROTECT, USERID, ...): other.
 * The repeat count says how many identical events the line stands for
 * (docs/COUNTING.md#summaries: counted as the events it stands for).
 */
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/scan_time.h"
#include "collector/verdict.h"
#include "collector/verdict_vendor.h"
#include "collector/parser.h"

/* Fields we read; the record has 40-120. */
enum { PANOS_TYPE = 4, PANOS_SUBTYPE = 5, PANOS_GENTIME = 7, PANOS_SRC = 8, PANOS_DST = 9, PANOS_REPEAT = 24,
       PANOS_ACTION = 31 };

static inline int panos_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "M/D/YY H:MM[:SS]" (a CSV export re-saved by a spreadsheet, as some
 * relays forward it): reads it into st (LOCAL) and returns the bytes used,
 * 0 when p is not of that form. */
static size_t panos_mdy_time(const char *p, const char *end, struct tt_stamp *st)
{
    unsigned v[6] = {0, 0, 0, 0, 0, 0};
    static const char seps[] = {'/', '/', ' ', ':', ':'};
    const char *q = p;
    int k = 0;
    for (; k < 6; k++) {
        const char *b = q;
        while (q < end && panos_is_digit(*q) && q - b < 4)
            v[k] = v[k] * 10 + (unsigned)(*q++ - '0');
        if (q == b || (k != 2 && q - b > 2))
            return 0;
        if (k == 5 || q >= end || *q != seps[k])
            break;
        q++;
    }
    if (k < 4 || v[0] < 1 || v[0] > 12 || v[1] < 1 || v[1] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
        return 0;
    if (st) {
        memset(st, 0, sizeof(*st));
        st->kind = TT_STAMP_LOCAL;
        st->year = (int16_t)(v[2] < 100 ? 2000 + v[2] : v[2]);
        st->mon = (uint8_t)v[0];
        st->mday = (uint8_t)v[1];
        st->hour = (uint8_t)v[3];
        st->min = (uint8_t)v[4];
        st->sec = (uint8_t)(v[5] > 59 ? 59 : v[5]);
    }
    return (size_t)(q - p);
}

/* "YYYY/MM/DD HH:MM:SS," (or ISO 8601 "YYYY-MM-DDTHH:MM:SS...", PAN-OS
 * 10+ with high-resolution timestamps, or the spreadsheet "M/D/YY H:MM,")
 * at p. */
static int panos_date_at(const char *p, const char *end)
{
    size_t n = panos_mdy_time(p, end, NULL);
    if (n && p + n < end && p[n] == ',' && p[1 + (p[1] != '/')] == '/')
        return 1;
    if (end - p < 20)
        return 0;
    if (panos_is_digit(p[0]) && panos_is_digit(p[3]) && p[4] == '-' && p[7] == '-' && p[10] == 'T' && p[13] == ':' &&
        p[16] == ':')
        return 1;
    return panos_is_digit(p[0]) && panos_is_digit(p[3]) && p[4] == '/' && p[7] == '/' && p[10] == ' ' && p[13] == ':' &&
           p[16] == ':' && p[19] == ',';
}

/* A PAN-OS time field into st: "YYYY/MM/DD HH:MM:SS" (local) or ISO 8601. */
static int panos_time(struct tt_slice t, struct tt_stamp *st)
{
    if (t.len >= 19 && t.p[4] == '-')
        return tt_parse_iso8601(t.p, t.len, st) != 0;
    if (t.len >= 3 && (t.p[1] == '/' || t.p[2] == '/'))
        return panos_mdy_time(t.p, t.p + t.len, st) == t.len;
    return t.len >= 19 &&
           tt_stamp_from_date_time(tt_slice_make(t.p, 10), tt_slice_make(t.p + 11, t.len - 11), st) == TT_OK;
}

/* Start of the CSV record: "<digits>,YYYY/MM/DD HH:MM:SS," where the digits
 * (FUTURE_USE, normally "1") start the message, or follow a blank or '>'
 * when the envelope misread a header without host name ("Mar  1 12:00:01
 * 1,2024/..." makes "1,2024/03/01" the host). Looks at the first 160 bytes. */
static const char *panos_start(const struct tt_envelope *env)
{
    const char *p = env->msg.p, *end = env->msg.p + env->msg.len;
    if (p && p < end && panos_is_digit(*p)) {
        const char *q = p;
        while (q < end && q - p < 12 && panos_is_digit(*q))
            q++;
        if (q < end && *q == ',' && panos_date_at(q + 1, end))
            return p;
    }
    p = env->line.p;
    end = env->line.p + env->line.len;
    const char *lim = env->line.len > 160 ? p + 160 : end;
    for (const char *c = p; c < lim && (c = memchr(c, ',', (size_t)(lim - c))) != NULL; c++) {
        if (!panos_date_at(c + 1, end))
            continue;
        const char *b = c;
        while (b > p && panos_is_digit(b[-1]) && c - b < 12)
            b--;
        if (b < c && (b == p || b[-1] == ' ' || b[-1] == '>'))
            return b;
    }
    return NULL;
}

static int panos_probe(const struct tt_envelope *env)
{
    return panos_start(env) != NULL;
}

static enum tt_parse_rc panos_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                  struct tt_event *ev)
{
    TT_UNUSED(state);
    const char *start = panos_start(env);
    if (!start)
        return TT_PARSE_NOMATCH;
    const char *end = env->line.p + env->line.len;
    struct tt_slice f[PANOS_ACTION + 1];
    memset(f, 0, sizeof(f));
    struct tt_kv kv;
    tt_kv_init(&kv, start, (size_t)(end - start));
    int n = 0;
    struct tt_slice field;
    while (n < PANOS_ACTION && tt_csv_next(&kv, &field))
        f[++n] = field;
    struct tt_slice type = f[PANOS_TYPE];
    if (n < PANOS_GENTIME || type.len == 0) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "PAN-OS record cut short";
        return TT_PARSE_BAD;
    }
    /* generated time: the event's own time (receive time is field 2) */
    if (panos_time(f[PANOS_GENTIME], &ev->stamp) || panos_time(f[2], &ev->stamp))
        ev->has_stamp = 1;

    int traffic = tt_slice_ieq(type, "TRAFFIC");
    int threat = tt_slice_ieq(type, "THREAT");
    int url = tt_slice_ieq(type, "URL");
    if (!traffic && !threat && !url) {
        tt_fw_set(ev, TT_VERDICT_OTHER, "PAN-OS log type without a traffic verdict");
        return TT_PARSE_OK;
    }
    if (n < PANOS_ACTION) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "PAN-OS traffic/threat record without an action field";
        return TT_PARSE_BAD;
    }
    if (f[PANOS_SRC].len)
        tt_slice_addr(f[PANOS_SRC], &ev->src);
    if (f[PANOS_DST].len)
        tt_slice_addr(f[PANOS_DST], &ev->dst);
    uint64_t rep;
    if (tt_slice_u64(f[PANOS_REPEAT], &rep) == TT_OK && rep > 1)
        ev->count = rep > UINT32_MAX ? UINT32_MAX : (uint32_t)rep;

    tt_panos_judge(ctx, type, f[PANOS_SUBTYPE], f[PANOS_ACTION], ev);
    if (ev->metric == TT_METRIC_NONE)
        ev->count = 1;
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_panos = {
    .name = "panos",
    .help = "Palo Alto Networks PAN-OS CSV syslog (TRAFFIC, THREAT, URL; other types as other)",
    .apps = NULL,
    .probe = panos_probe,
    .state_create = NULL,
    .state_destroy = NULL,
    .parse = panos_parse,
};
