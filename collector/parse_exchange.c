/* SPDX-License-Identifier: MIT
 *
 * parse_exchange.c -- Microsoft Exchange mail logs, turned into the mail
 * counters of docs/COUNTING.md#exchange:
 *   - on-premises message tracking logs (W3C-style "#Fields:" header, CSV
 *     rows; event-id RECEIVE, DELIVER, SEND, FAIL, DROP, AGENTINFO, ...);
 *   - Exchange Online message trace CSV exports (Get-MessageTrace |
 *     Export-Csv: Received, SenderAddress, RecipientAddress, Subject,
 *     Status, ToIP, FromIP, Size, MessageId, MessageTraceId);
 *   - SMTP send/receive protocol logs, recognised and counted as nothing.
 *
 *   2022-07-20T21:12:06.270Z,10.0.0.5,EX1,203.0.113.9,mx.example.net,
 *     08DA4F7C11473A60;250 2.0.0 OK,Outbound,SMTP,SEND,18237,<m@x>,...,
 *     Originating,...
 *   "2022-07-20T21:12:06Z","a@example.net","b@example.org","Hi",
 *     "FilteredAsSpam","","198.51.100.7","2048","<m@x>","7b1c..."
 *
 * Place in the pipeline: envelope -> this parser -> tally, by probe(): the
 * header lines, and rows starting with an ISO date and a comma (tracking,
 * protocol logs) or a quoted date (message trace). Column positions come
 * from the last header of the stream (kept in the per-stream state, a few
 * bytes); rows without a header use the product's default column order.
 * CSV is split by hand, quotes honoured, no allocation. A bounded table
 * remembers counted messages, so a message with many recipients (one row
 * each) counts once per metric.
 */
#include "collector/scan_kv.h"
#include "collector/scan_time.h"
#include "collector/parser.h"
#include "collector/idstate.h"

#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#define EXCHANGE_SEEN_ENTRIES 65536
#define EXCHANGE_SEEN_TTL_S (2 * 86400)
#define EXCHANGE_MAX_FIELDS 40

#define EXCHANGE_BLOCKED 1u   /* emails_blocked counted */
#define EXCHANGE_DELIVERED 2u /* emails_delivered counted */
#define EXCHANGE_SENT 4u      /* emails_sent counted */

enum exchange_kind {
    EXCHANGE_KIND_UNKNOWN = 0, /* no header seen: guess per row */
    EXCHANGE_KIND_TRACKING,    /* message tracking log */
    EXCHANGE_KIND_TRACE,       /* Exchange Online message trace CSV */
    EXCHANGE_KIND_PROTOCOL,    /* SMTP send/receive protocol log */
    EXCHANGE_KIND_COUNT
};

/* Column roles used by the counting rules. */
enum exchange_col {
    EXCHANGE_C_TIME = 0,   /* date-time / Received */
    EXCHANGE_C_CLIENT_IP,  /* client-ip / FromIP */
    EXCHANGE_C_SERVER_IP,  /* server-ip / ToIP */
    EXCHANGE_C_CONTEXT,    /* source-context */
    EXCHANGE_C_SOURCE,     /* source */
    EXCHANGE_C_EVENT,      /* event-id / Status */
    EXCHANGE_C_MSGID,      /* message-id / MessageId */
    EXCHANGE_C_NETMSGID,   /* network-message-id / MessageTraceId */
    EXCHANGE_C_RSTATUS,    /* recipient-status */
    EXCHANGE_C_DIRECTION,  /* directionality */
    EXCHANGE_C_ORIG_IP,    /* original-client-ip */
    EXCHANGE_C_CONNECTOR,  /* connector-id */
    EXCHANGE_C_COUNT
};

struct exchange_state {
    uint8_t kind;              /* enum exchange_kind of the last header */
    int8_t col[EXCHANGE_C_COUNT];    /* column index of each role, -1 absent */
    struct tt_idtab seen;    /* message key -> EX_* counted marks */
};

static const int8_t exchange_tracking_default[EXCHANGE_C_COUNT] = {0, 1, 3, 5, 7, 8, 10, 11, 13, 22, 24};
static const int8_t exchange_trace_default[EXCHANGE_C_COUNT] = {0, 6, 5, -1, -1, 4, 8, 9, -1, -1, -1};

static void exchange_state_destroy(void *p)
{
    tt_idstate_destroy(p, offsetof(struct exchange_state, seen));
}

static void *exchange_state_create(void)
{
    return tt_idstate_create(sizeof(struct exchange_state), offsetof(struct exchange_state, seen), EXCHANGE_SEEN_ENTRIES, EXCHANGE_SEEN_TTL_S);
}

/* Splits a CSV row into at most max fields (quotes removed, "" left as is).
 * Returns the number of fields. */
static size_t exchange_split(const char *p, size_t n, struct tt_slice *f, size_t max)
{
    size_t k = 0;
    size_t i = 0;
    while (k < max) {
        if (i < n && p[i] == '"') {
            size_t a = ++i;
            while (i < n) {
                if (p[i] == '"') {
                    if (i + 1 < n && p[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i++;
            }
            f[k++] = tt_slice_make(p + a, (i < n ? i : n) - a);
            if (i < n)
                i++; /* closing quote */
            const char *c = i < n ? memchr(p + i, ',', n - i) : NULL;
            if (!c)
                return k;
            i = (size_t)(c - p) + 1;
        } else {
            const char *c = i < n ? memchr(p + i, ',', n - i) : NULL;
            size_t e = c ? (size_t)(c - p) : n;
            f[k++] = tt_slice_make(p + i, e - i);
            if (!c)
                return k;
            i = e + 1;
        }
    }
    return k;
}

static struct tt_slice exchange_field(const struct tt_slice *f, size_t nf, int8_t col)
{
    if (col < 0 || (size_t)col >= nf)
        return tt_slice_make(NULL, 0);
    return f[col];
}

/* "#Fields: date-time,client-ip,..." or a message trace header row. */
static void exchange_header(struct exchange_state *s, const struct tt_slice *f, size_t nf, enum exchange_kind kind)
{
    static const char *const tracking[EXCHANGE_C_COUNT] = {"date-time", "client-ip", "server-ip", "source-context",
                                                     "source", "event-id", "message-id", "network-message-id",
                                                     "recipient-status", "directionality", "original-client-ip",
                                                     "connector-id"};
    static const char *const trace[EXCHANGE_C_COUNT] = {"Received", "FromIP", "ToIP", "", "", "Status", "MessageId",
                                                  "MessageTraceId", "", "", "", ""};
    const char *const *names = kind == EXCHANGE_KIND_TRACE ? trace : tracking;
    s->kind = (uint8_t)kind;
    for (int r = 0; r < EXCHANGE_C_COUNT; r++) {
        s->col[r] = -1;
        if (!names[r][0])
            continue;
        for (size_t i = 0; i < nf && i < EXCHANGE_MAX_FIELDS; i++) {
            if (tt_slice_ieq(f[i], names[r])) {
                s->col[r] = (int8_t)i;
                break;
            }
        }
    }
}

static int exchange_is_event_id(struct tt_slice e)
{
    if (e.len < 3 || e.len > 20)
        return 0;
    for (size_t i = 0; i < e.len; i++)
        if (!((e.p[i] >= 'A' && e.p[i] <= 'Z') || e.p[i] == '_'))
            return 0;
    return 1;
}

/* "7/20/2022 9:12:06 PM" (en-US Export-Csv), read as UTC. */
static int exchange_us_stamp(struct tt_slice v, struct tt_stamp *out)
{
    unsigned num[6] = {0};
    size_t i = 0;
    for (int k = 0; k < 6; k++) {
        size_t d = 0;
        while (i < v.len && v.p[i] >= '0' && v.p[i] <= '9' && d < 4) {
            num[k] = num[k] * 10 + (unsigned)(v.p[i] - '0');
            i++;
            d++;
        }
        if (!d)
            return 0;
        if (k < 5) {
            if (i >= v.len)
                return 0;
            i++; /* '/', ' ', ':' */
        }
    }
    while (i < v.len && v.p[i] == ' ')
        i++;
    unsigned h = num[3];
    if (i + 1 < v.len && (v.p[i] == 'P' || v.p[i] == 'A') && v.p[i + 1] == 'M') {
        if (h == 12)
            h = 0;
        if (v.p[i] == 'P')
            h += 12;
    }
    if (!tt_civil_valid((int)num[2], num[0], num[1], h, num[4], num[5]))
        return 0;
    memset(out, 0, sizeof(*out));
    out->kind = TT_STAMP_OFFSET;
    out->year = (int16_t)num[2];
    out->mon = (uint8_t)num[0];
    out->mday = (uint8_t)num[1];
    out->hour = (uint8_t)h;
    out->min = (uint8_t)num[4];
    out->sec = (uint8_t)num[5];
    out->offset_s = 0;
    return 1;
}

static void exchange_stamp(struct tt_slice v, struct tt_event *ev)
{
    if (v.len && tt_parse_iso8601(v.p, v.len, &ev->stamp)) {
        if (ev->stamp.kind == TT_STAMP_LOCAL) { /* message trace times are UTC */
            tt_stamp_set_offset(&ev->stamp, 0);
        }
        ev->has_stamp = 1;
    } else if (exchange_us_stamp(v, &ev->stamp)) {
        ev->has_stamp = 1;
    }
}

static int exchange_home(const struct tt_parse_ctx *ctx, const struct tt_addr *a)
{
    return a->family && ctx && ctx->home_net && tt_cidr_set_contains(ctx->home_net, a);
}

/* Message key: network-message-id (or MessageTraceId), else message-id. */
static uint64_t exchange_msg_key(const struct exchange_state *s, const struct tt_slice *f, size_t nf)
{
    struct tt_slice v = exchange_field(f, nf, s->col[EXCHANGE_C_NETMSGID]);
    if (v.len)
        return tt_hash64(0xE7, v.p, v.len);
    v = exchange_field(f, nf, s->col[EXCHANGE_C_MSGID]);
    if (v.len)
        return tt_hash64(0xE8, v.p, v.len);
    return 0;
}

static int exchange_first(struct exchange_state *s, uint64_t key, uint32_t bit, int64_t now_s)
{
    return !key || !tt_idtab_mark(&s->seen, key, bit, now_s);
}

static enum tt_reason exchange_agent_reason(struct tt_slice ctx, struct tt_slice rstatus)
{
    if (tt_slice_icontains(ctx, "malware") || tt_slice_icontains(rstatus, "malware") || tt_slice_icontains(rstatus, "virus"))
        return TT_REASON_MALWARE;
    if (tt_slice_icontains(ctx, "content filter") || tt_slice_icontains(rstatus, "spam"))
        return TT_REASON_SPAM;
    if (tt_slice_icontains(ctx, "connection filter") || tt_slice_icontains(ctx, "reputation") ||
        tt_slice_icontains(ctx, "ip block") || tt_slice_icontains(rstatus, "block list"))
        return TT_REASON_REPUTATION;
    if (tt_slice_icontains(ctx, "sender id") || tt_slice_icontains(ctx, "senderid") || tt_slice_icontains(rstatus, "spoof"))
        return TT_REASON_PHISHING;
    return TT_REASON_POLICY;
}

static enum tt_parse_rc exchange_tracking_row(struct exchange_state *s, const struct tt_parse_ctx *ctx, const struct tt_slice *f,
                                        size_t nf, struct tt_event *ev)
{
    int64_t now_s = ctx ? ctx->now_s : 0;
    struct tt_slice ev_id = exchange_field(f, nf, s->col[EXCHANGE_C_EVENT]);
    struct tt_slice source = exchange_field(f, nf, s->col[EXCHANGE_C_SOURCE]);
    struct tt_slice dir = exchange_field(f, nf, s->col[EXCHANGE_C_DIRECTION]);
    struct tt_slice v = exchange_field(f, nf, s->col[EXCHANGE_C_ORIG_IP]);
    if (!v.len || tt_addr_parse(v.p, v.len, &ev->src) != TT_OK) {
        v = exchange_field(f, nf, s->col[EXCHANGE_C_CLIENT_IP]);
        tt_addr_parse(v.p, v.len, &ev->src);
    }
    int originating = tt_slice_ieq(dir, "Originating");
    if (tt_slice_eq(ev_id, "DELIVER")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        if (originating) {
            ev->why = "internal delivery";
            return TT_PARSE_OK;
        }
        if (!exchange_first(s, exchange_msg_key(s, f, nf), EXCHANGE_DELIVERED, now_s)) {
            ev->why = "already counted (another recipient)";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_DELIVERED;
        ev->why = "delivered to mailbox";
        return TT_PARSE_OK;
    }
    /* SENDEXTERNAL (Exchange 2013+, the Front End Transport service): sent
     * by SMTP to a server outside the organisation, whatever its address.
     * SEND is any SMTP hop: between transport services and servers of the
     * organisation (an "Intra-Organization" connector, a --home-net or
     * loopback server) it is not a delivery; to an outside server it is
     * the outbound send (older releases log no SENDEXTERNAL). A message
     * that logs both counts once (docs/COUNTING.md#exchange). */
    int send_external = tt_slice_eq(ev_id, "SENDEXTERNAL");
    if (send_external || tt_slice_eq(ev_id, "SEND")) {
        struct tt_addr a = {0};
        v = exchange_field(f, nf, s->col[EXCHANGE_C_SERVER_IP]);
        tt_addr_parse(v.p, v.len, &a);
        ev->dst = a;
        ev->verdict = TT_VERDICT_ALLOWED;
        struct tt_slice conn = exchange_field(f, nf, s->col[EXCHANGE_C_CONNECTOR]);
        if (!send_external &&
            (!a.family || exchange_home(ctx, &a) || tt_addr_is_loopback(&a) || tt_slice_icontains(conn, "Intra-Organization") ||
             tt_slice_icontains(exchange_field(f, nf, s->col[EXCHANGE_C_CONTEXT]), "Intra-Organization"))) {
            ev->why = "intra-organisation hop (not a delivery)";
            return TT_PARSE_OK;
        }
        if (!exchange_first(s, exchange_msg_key(s, f, nf), EXCHANGE_SENT, now_s)) {
            ev->why = "already counted (another recipient)";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_SENT;
        ev->why = "sent to external host (TLS not in tracking logs)";
        return TT_PARSE_OK;
    }
    if ((tt_slice_eq(ev_id, "FAIL") || tt_slice_eq(ev_id, "DROP")) && tt_slice_ieq(source, "AGENT")) {
        ev->verdict = TT_VERDICT_BLOCKED;
        if (originating) {
            ev->why = "outbound message blocked (not counted)";
            return TT_PARSE_OK;
        }
        if (!exchange_first(s, exchange_msg_key(s, f, nf), EXCHANGE_BLOCKED, now_s)) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = exchange_agent_reason(exchange_field(f, nf, s->col[EXCHANGE_C_CONTEXT]), exchange_field(f, nf, s->col[EXCHANGE_C_RSTATUS]));
        ev->why = "refused by a transport agent";
        return TT_PARSE_OK;
    }
    ev->why = "tracking event";
    return TT_PARSE_OK;
}

static enum tt_parse_rc exchange_trace_row(struct exchange_state *s, const struct tt_parse_ctx *ctx, const struct tt_slice *f,
                                     size_t nf, struct tt_event *ev)
{
    int64_t now_s = ctx ? ctx->now_s : 0;
    struct tt_slice st = exchange_field(f, nf, s->col[EXCHANGE_C_EVENT]);
    struct tt_addr from = {0}, to = {0};
    struct tt_slice v = exchange_field(f, nf, s->col[EXCHANGE_C_CLIENT_IP]);
    tt_addr_parse(v.p, v.len, &from);
    v = exchange_field(f, nf, s->col[EXCHANGE_C_SERVER_IP]);
    tt_addr_parse(v.p, v.len, &to);
    ev->src = from;
    ev->dst = to;
    int from_home = exchange_home(ctx, &from);
    if (tt_slice_ieq(st, "FilteredAsSpam") || tt_slice_ieq(st, "Quarantined")) {
        ev->verdict = TT_VERDICT_BLOCKED;
        if (from_home) {
            ev->why = "message from our own network blocked (not counted)";
            return TT_PARSE_OK;
        }
        if (!exchange_first(s, exchange_msg_key(s, f, nf), EXCHANGE_BLOCKED, now_s)) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = st.p[0] == 'F' || st.p[0] == 'f' ? TT_REASON_SPAM : TT_REASON_POLICY;
        ev->why = ev->reason == TT_REASON_SPAM ? "filtered as spam" : "quarantined";
        return TT_PARSE_OK;
    }
    if (tt_slice_ieq(st, "Delivered")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        enum tt_metric m;
        if (to.family && !exchange_home(ctx, &to) && !tt_addr_is_loopback(&to))
            m = TT_METRIC_EMAILS_SENT;
        else if (from_home) {
            ev->why = "internal delivery";
            return TT_PARSE_OK;
        } else
            m = TT_METRIC_EMAILS_DELIVERED;
        if (!exchange_first(s, exchange_msg_key(s, f, nf), m == TT_METRIC_EMAILS_SENT ? EXCHANGE_SENT : EXCHANGE_DELIVERED, now_s)) {
            ev->why = "already counted (another recipient)";
            return TT_PARSE_OK;
        }
        ev->metric = m;
        ev->why = m == TT_METRIC_EMAILS_SENT ? "sent to external host (TLS not in message trace)" : "delivered";
        return TT_PARSE_OK;
    }
    ev->why = "not delivered or in progress";
    return TT_PARSE_OK;
}

static int exchange_row_start(const char *p, size_t n)
{
    /* "2022-07-20T21:12:06.270Z," */
    if (n >= 20 && p[4] == '-' && p[7] == '-' && p[10] == 'T' && p[0] >= '0' && p[0] <= '9')
        return memchr(p + 19, ',', TT_MIN(n - 19, 16)) != NULL;
    /* "\"2022-...\",\"" or "\"7/20/2022 9:12:06 PM\",\"" */
    if (n >= 12 && p[0] == '"' && p[1] >= '0' && p[1] <= '9')
        return tt_memmem(p, TT_MIN(n, 48), "\",", 2) != NULL;
    return 0;
}

static int exchange_header_line(const char *p, size_t n)
{
    if (n >= 2 && p[0] == '#')
        return (n >= 30 && memcmp(p, "#Software: Microsoft Exchange", 29) == 0) ||
               (n >= 10 && memcmp(p, "#Log-type:", 10) == 0) || (n >= 19 && memcmp(p, "#Fields: date-time,", 19) == 0);
    return (n >= 10 && (memcmp(p, "\"Received\"", 10) == 0 || memcmp(p, "Received,", 9) == 0));
}

static int exchange_probe(const struct tt_envelope *env)
{
    if (env->kind != TT_ENVELOPE_NONE)
        return 0;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    return exchange_row_start(p, n) || exchange_header_line(p, n) ||
           (n >= 9 && (memcmp(p, "#Version:", 9) == 0 || memcmp(p, "#Date:", 6) == 0));
}

static enum tt_parse_rc exchange_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct exchange_state *s = state;
    if (!s || env->kind != TT_ENVELOPE_NONE)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    struct tt_slice f[EXCHANGE_MAX_FIELDS];

    if (n && p[0] == '#') {
        if (n >= 9 && memcmp(p, "#Fields: ", 9) == 0) {
            size_t nf = exchange_split(p + 9, n - 9, f, EXCHANGE_MAX_FIELDS);
            struct tt_slice all = tt_slice_make(p, n);
            if (tt_slice_icontains(all, "event-id"))
                exchange_header(s, f, nf, EXCHANGE_KIND_TRACKING);
            else if (tt_slice_icontains(all, "session-id") || tt_slice_icontains(all, "connector-id"))
                s->kind = EXCHANGE_KIND_PROTOCOL;
            else
                return TT_PARSE_NOMATCH;
        } else if (exchange_header_line(p, n)) {
            /* "#Software: Microsoft Exchange", "#Log-type: ...": the kind
             * until the "#Fields:" line says more */
            struct tt_slice all = tt_slice_make(p, n);
            if (tt_slice_icontains(all, "Protocol Log"))
                s->kind = EXCHANGE_KIND_PROTOCOL;
            else if (s->kind == EXCHANGE_KIND_UNKNOWN || tt_slice_icontains(all, "Message Tracking")) {
                if (s->kind != EXCHANGE_KIND_TRACKING)
                    memcpy(s->col, exchange_tracking_default, sizeof(s->col));
                s->kind = EXCHANGE_KIND_TRACKING;
            }
        } else if (!exchange_header_line(p, n) &&
                   !(s->kind != EXCHANGE_KIND_UNKNOWN &&
                     ((n >= 9 && memcmp(p, "#Version:", 9) == 0) || (n >= 6 && memcmp(p, "#Date:", 6) == 0)))) {
            return TT_PARSE_NOMATCH; /* "#Version:" of some other W3C log */
        }
        ev->why = "log header";
        return TT_PARSE_SKIP;
    }
    if (exchange_header_line(p, n)) {
        size_t nf = exchange_split(p, n, f, EXCHANGE_MAX_FIELDS);
        exchange_header(s, f, nf, EXCHANGE_KIND_TRACE);
        ev->why = "message trace header";
        return TT_PARSE_SKIP;
    }
    if (!exchange_row_start(p, n))
        return TT_PARSE_NOMATCH;

    size_t nf = exchange_split(p, n, f, EXCHANGE_MAX_FIELDS);
    enum exchange_kind kind = (enum exchange_kind)s->kind;
    /* rows whose shape contradicts the header (or no header): guess */
    if (nf >= 7 && f[6].len == 1 && strchr("+-<>*", f[6].p[0]) && kind != EXCHANGE_KIND_TRACE)
        kind = EXCHANGE_KIND_PROTOCOL;
    else if (kind == EXCHANGE_KIND_UNKNOWN || kind == EXCHANGE_KIND_PROTOCOL) {
        if (nf >= 10 && exchange_is_event_id(f[8]) && p[0] != '"') {
            kind = EXCHANGE_KIND_TRACKING;
            memcpy(s->col, exchange_tracking_default, sizeof(s->col));
        } else if (p[0] == '"' && nf >= 5) {
            kind = EXCHANGE_KIND_TRACE;
            memcpy(s->col, exchange_trace_default, sizeof(s->col));
        } else {
            return TT_PARSE_NOMATCH;
        }
        s->kind = (uint8_t)kind;
    }
    if (kind == EXCHANGE_KIND_PROTOCOL) {
        exchange_stamp(f[0], ev);
        ev->why = "SMTP protocol log";
        return TT_PARSE_SKIP;
    }
    exchange_stamp(exchange_field(f, nf, s->col[EXCHANGE_C_TIME]), ev);
    if (!ev->has_stamp) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "row without a readable time";
        return TT_PARSE_BAD;
    }
    /* the row's own time drives expiry (rows have no syslog header) */
    struct tt_parse_ctx local = {0};
    if (ctx)
        local = *ctx;
    local.now_s = tt_stamp_epoch_or(&ev->stamp, local.now_s);
    enum tt_parse_rc rc =
        kind == EXCHANGE_KIND_TRACKING ? exchange_tracking_row(s, &local, f, nf, ev) : exchange_trace_row(s, &local, f, nf, ev);
    if (rc == TT_PARSE_OK && ev->verdict == TT_VERDICT_OTHER && ev->metric == TT_METRIC_NONE)
        rc = TT_PARSE_SKIP;
    return rc;
}

const struct tt_parser_ops tt_parser_exchange = {
    .name = "exchange",
    .help = "Microsoft Exchange message tracking logs, Exchange Online message trace CSV, SMTP protocol logs",
    .apps = NULL,
    .probe = exchange_probe,
    .state_create = exchange_state_create,
    .state_destroy = exchange_state_destroy,
    .parse = exchange_parse,
};
