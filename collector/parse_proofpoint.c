/* SPDX-License-Identifier: MIT
 *
 * parse_proofpoint.c -- Proofpoint email security logs, turned into the mail
 * counters of docs/COUNTING.md#mail-gateways:
 *   - TAP SIEM API records (JSON, one per line): messagesBlocked,
 *     messagesDelivered, clicksBlocked, clicksPermitted;
 *   - Proofpoint on Demand / PPS log API records (JSON): the "message" log
 *     (filter disposition of each message) and the "mail" log (sendmail
 *     delivery with its TLS version);
 *   - PPS filter syslog lines ("filter_instance1[pid]: rprt s=... x=...
 *     mod=spam cmd=run rule=spam action=discard ...").
 *
 *   {"filter":{"disposition":"discard","routeDirection":"inbound",...},
 *    "final_module":"spam","final_rule":"spam","ts":"2024-05-22T12:10:03-0700"}
 *   {"sm":{"mailer":"esmtp","relay":"mx.example.net. [203.0.113.5]",
 *    "stat":"Sent (Ok: queued)","qid":"45ABSW12341234"},"tls":{"version":
 *    "TLSv1.2"},"ts":"2024-06-19T05:28:32.533564-0700"}
 *
 * Place in the pipeline: envelope -> this parser -> tally, by probe(): a
 * JSON object carrying TAP or PoD keys, or a syslog program name starting
 * "filter_instance". Keys are found by scanning (collector/tt_kv_find.h), no
 * JSON tree. A bounded table remembers which messages (GUID, PoD qid, PPS
 * x=) were already counted, so a message logged twice counts once.
 *
 * PPS syslog delivery lines come from sendmail ("sendmail[pid]: qid:
 * to=..., tls_version=TLSv1.2, ... stat=Sent") and belong to the Sendmail
 * parser; the JSON "mail" records carrying the same text are read here.
 */
#include "collector/scan_kv.h"
#include "collector/scan_json.h"
#include "collector/scan_time.h"
#include "collector/parser.h"
#include "collector/idstate.h"

#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#define PROOFPOINT_SEEN_ENTRIES 65536
#define PROOFPOINT_SEEN_TTL_S (2 * 86400)

#define PROOFPOINT_BLOCKED 1u   /* emails_blocked counted */
#define PROOFPOINT_DELIVERED 2u /* emails_delivered counted */
#define PROOFPOINT_SENT 4u      /* emails_sent counted */

struct proofpoint_state {
    struct tt_idtab seen; /* message key -> PP_* counted marks */
};

static void proofpoint_state_destroy(void *p)
{
    tt_idstate_destroy(p, offsetof(struct proofpoint_state, seen));
}

static void *proofpoint_state_create(void)
{
    return tt_idstate_create(sizeof(struct proofpoint_state), offsetof(struct proofpoint_state, seen), PROOFPOINT_SEEN_ENTRIES, PROOFPOINT_SEEN_TTL_S);
}

#define PROOFPOINT_JSON(p, n, lit, out) tt_json_find((p), (n), (lit), sizeof(lit) - 1, (out))
#define PROOFPOINT_FIND(p, n, lit) ((const char *)memmem((p), (n), (lit), sizeof(lit) - 1))

/* now_s: the record's own time when it has one (see tt_stamp_epoch_or) */
#define PROOFPOINT_NOW(ev, now_s) ((ev)->has_stamp ? tt_stamp_epoch_or(&(ev)->stamp, (now_s)) : (now_s))

static int proofpoint_first(struct proofpoint_state *s, uint64_t seed, struct tt_slice id, uint32_t bit, int64_t now_s)
{
    if (!id.len || tt_slice_eq(id, "null"))
        return 1;
    return !tt_idtab_mark(&s->seen, tt_hash64(seed, id.p, id.len), bit, now_s);
}

static void proofpoint_stamp(const char *p, size_t n, const char *key, size_t key_len, struct tt_event *ev)
{
    struct tt_slice v;
    if (tt_json_find(p, n, key, key_len, &v) && tt_parse_iso8601(v.p, v.len, &ev->stamp))
        ev->has_stamp = 1;
}

/* Reason of a TAP/PoD verdict from its words. */
static enum tt_reason proofpoint_reason_words(struct tt_slice t)
{
    if (tt_slice_icontains(t, "malware") || tt_slice_icontains(t, "virus") || tt_slice_icontains(t, "av") ||
        tt_slice_icontains(t, "sandbox") || tt_slice_icontains(t, "zerohour"))
        return TT_REASON_MALWARE;
    if (tt_slice_icontains(t, "phish") || tt_slice_icontains(t, "impostor") || tt_slice_icontains(t, "urldefense") ||
        tt_slice_icontains(t, "spoof"))
        return TT_REASON_PHISHING;
    if (tt_slice_icontains(t, "spam") || tt_slice_icontains(t, "bulk") || tt_slice_icontains(t, "adult") ||
        tt_slice_icontains(t, "suspect"))
        return TT_REASON_SPAM;
    if (tt_slice_icontains(t, "pdr") || tt_slice_icontains(t, "reputation") || tt_slice_icontains(t, "blocklist"))
        return TT_REASON_REPUTATION;
    return TT_REASON_NONE;
}

static int proofpoint_score_100(const char *p, size_t n, const char *key, size_t key_len)
{
    struct tt_slice v;
    uint64_t x = 0;
    if (!tt_json_find(p, n, key, key_len, &v))
        return 0;
    tt_parse_u64(v.p, v.len, &x);
    return x >= 100;
}
#define PROOFPOINT_SCORE(p, n, lit) proofpoint_score_100((p), (n), (lit), sizeof(lit) - 1)

/* ---- TAP SIEM ----------------------------------------------------------------- */

static enum tt_parse_rc proofpoint_tap_message(struct proofpoint_state *s, int64_t now_s, const char *p, size_t n,
                                       struct tt_event *ev)
{
    struct tt_slice v, q;
    proofpoint_stamp(p, n, "messageTime", 11, ev);
    if (PROOFPOINT_JSON(p, n, "senderIP", &v))
        tt_addr_parse(v.p, v.len, &ev->src);

    /* messagesBlocked or messagesDelivered: the API puts records in two
     * arrays; a forwarder may keep that as a type field. Without one, a
     * quarantine folder, URL rewriting (done on delivered mail only) and
     * the verdict scores decide. */
    int blocked = -1;
    if (PROOFPOINT_JSON(p, n, "type", &v) || PROOFPOINT_JSON(p, n, "eventType", &v) || PROOFPOINT_JSON(p, n, "event_type", &v)) {
        if (tt_slice_icontains(v, "block"))
            blocked = 1;
        else if (tt_slice_icontains(v, "deliver"))
            blocked = 0;
    }
    int has_q = PROOFPOINT_JSON(p, n, "quarantineFolder", &q) && q.len && !tt_slice_eq(q, "null");
    if (blocked < 0 && has_q)
        blocked = 1;
    if (blocked < 0 && PROOFPOINT_JSON(p, n, "completelyRewritten", &v) && tt_slice_eq(v, "true"))
        blocked = 0;
    if (blocked < 0)
        blocked = PROOFPOINT_SCORE(p, n, "malwareScore") || PROOFPOINT_SCORE(p, n, "phishScore") || PROOFPOINT_SCORE(p, n, "spamScore");
    if (!blocked) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "threat delivered (the MTA log counts deliveries)";
        return TT_PARSE_OK;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    struct tt_slice guid = {NULL, 0};
    PROOFPOINT_JSON(p, n, "GUID", &guid);
    if (!proofpoint_first(s, 0x7A9, guid, PROOFPOINT_BLOCKED, PROOFPOINT_NOW(ev, now_s))) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    enum tt_reason r = TT_REASON_NONE;
    if (PROOFPOINT_JSON(p, n, "classification", &v))
        r = proofpoint_reason_words(v);
    if (r == TT_REASON_NONE) {
        if (PROOFPOINT_SCORE(p, n, "malwareScore"))
            r = TT_REASON_MALWARE;
        else if (PROOFPOINT_SCORE(p, n, "phishScore") || PROOFPOINT_SCORE(p, n, "impostorScore"))
            r = TT_REASON_PHISHING;
        else if (PROOFPOINT_SCORE(p, n, "spamScore"))
            r = TT_REASON_SPAM;
        else if (has_q)
            r = proofpoint_reason_words(q);
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = r == TT_REASON_NONE ? TT_REASON_POLICY : r;
    ev->why = "TAP message blocked";
    return TT_PARSE_OK;
}

static enum tt_parse_rc proofpoint_tap_click(const char *p, size_t n, struct tt_event *ev)
{
    struct tt_slice v;
    proofpoint_stamp(p, n, "clickTime", 9, ev);
    if (PROOFPOINT_JSON(p, n, "clickIP", &v))
        tt_addr_parse(v.p, v.len, &ev->src);
    if (PROOFPOINT_JSON(p, n, "type", &v) || PROOFPOINT_JSON(p, n, "eventType", &v) || PROOFPOINT_JSON(p, n, "event_type", &v)) {
        if (tt_slice_icontains(v, "block")) {
            ev->verdict = TT_VERDICT_BLOCKED;
            ev->why = "click blocked (not a message)";
            return TT_PARSE_OK;
        }
        if (tt_slice_icontains(v, "permit")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "click permitted";
            return TT_PARSE_OK;
        }
    }
    ev->why = "URL click (blocked/permitted not recorded in the record)";
    return TT_PARSE_OK;
}

/* ---- PoD log API ----------------------------------------------------------------- */

static int proofpoint_home(const struct tt_parse_ctx *ctx, const struct tt_addr *a)
{
    return a->family && ctx && ctx->home_net && tt_cidr_set_contains(ctx->home_net, a);
}

static enum tt_parse_rc proofpoint_pod_message(struct proofpoint_state *s, int64_t now_s, const char *p, size_t n, const char *f,
                                       struct tt_event *ev)
{
    struct tt_slice v, disp;
    proofpoint_stamp(p, n, "ts", 2, ev);
    const char *c = PROOFPOINT_FIND(p, n, "\"connection\":{");
    if (c && PROOFPOINT_JSON(c, (size_t)(p + n - c), "ip", &v))
        tt_addr_parse(v.p, v.len, &ev->src);
    size_t fn = (size_t)(p + n - f);
    if (!PROOFPOINT_JSON(f, fn, "disposition", &disp)) {
        ev->why = "filter record without disposition";
        return TT_PARSE_OK;
    }
    if (tt_slice_ieq(disp, "accept") || tt_slice_ieq(disp, "continue")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "accepted (delivery counted by the mail log)";
        return TT_PARSE_OK;
    }
    if (!tt_slice_ieq(disp, "discard") && !tt_slice_ieq(disp, "reject") && !tt_slice_ieq(disp, "quarantine") &&
        !tt_slice_ieq(disp, "delete") && !tt_slice_ieq(disp, "block")) {
        ev->why = "filter disposition without verdict";
        return TT_PARSE_OK;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    if (PROOFPOINT_JSON(f, fn, "routeDirection", &v) && !tt_slice_ieq(v, "inbound")) {
        ev->why = "outbound or internal message blocked (not counted)";
        return TT_PARSE_OK;
    }
    struct tt_slice qid = {NULL, 0};
    PROOFPOINT_JSON(f, fn, "qid", &qid);
    if (!proofpoint_first(s, 0x90D, qid, PROOFPOINT_BLOCKED, PROOFPOINT_NOW(ev, now_s))) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    enum tt_reason r = TT_REASON_NONE;
    if (PROOFPOINT_JSON(p, n, "final_rule", &v))
        r = proofpoint_reason_words(v);
    if (r == TT_REASON_NONE && PROOFPOINT_JSON(p, n, "final_module", &v))
        r = proofpoint_reason_words(v);
    if (r == TT_REASON_NONE) {
        const char *qf = PROOFPOINT_FIND(f, fn, "\"quarantine\":{");
        if (qf && PROOFPOINT_JSON(qf, (size_t)(p + n - qf), "folder", &v))
            r = proofpoint_reason_words(v);
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = r == TT_REASON_NONE ? TT_REASON_POLICY : r;
    ev->why = tt_slice_ieq(disp, "quarantine") ? "quarantined" : "discarded or rejected";
    return TT_PARSE_OK;
}

/* "relay":"name. [203.0.113.5]" or "[IPv6:2001:db8::1]" */
static int proofpoint_relay_addr(struct tt_slice relay, struct tt_addr *out)
{
    const char *o = memchr(relay.p, '[', relay.len);
    if (!o)
        return 0;
    const char *c = memchr(o, ']', (size_t)(relay.p + relay.len - o));
    if (!c)
        return 0;
    const char *a = o + 1;
    if ((size_t)(c - a) > 5 && memcmp(a, "IPv6:", 5) == 0)
        a += 5;
    return tt_addr_parse(a, (size_t)(c - a), out) == TT_OK;
}

static enum tt_parse_rc proofpoint_pod_mail(struct proofpoint_state *s, const struct tt_parse_ctx *ctx, int64_t now_s,
                                    const char *p, size_t n, const char *sm, struct tt_event *ev)
{
    struct tt_slice stat, relay, mailer, qid, v;
    size_t smn = (size_t)(p + n - sm);
    proofpoint_stamp(p, n, "ts", 2, ev);
    if (!PROOFPOINT_JSON(sm, smn, "stat", &stat)) {
        ev->why = "message received";
        return TT_PARSE_OK;
    }
    if (!tt_slice_starts(stat, "Sent")) {
        ev->why = "not delivered";
        return TT_PARSE_OK;
    }
    if (PROOFPOINT_JSON(sm, smn, "mailer", &mailer) &&
        (tt_slice_ieq(mailer, "local") || tt_slice_ieq(mailer, "*file*") || tt_slice_ieq(mailer, "prog") ||
         tt_slice_ieq(mailer, "dsn"))) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "appliance-local delivery or notice";
        return TT_PARSE_OK;
    }
    struct tt_addr a = {0};
    if (!PROOFPOINT_JSON(sm, smn, "relay", &relay) || !proofpoint_relay_addr(relay, &a)) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "delivered, relay unknown";
        return TT_PARSE_OK;
    }
    ev->dst = a;
    ev->verdict = TT_VERDICT_ALLOWED;
    if (tt_addr_is_loopback(&a)) {
        ev->why = "loopback hop";
        return TT_PARSE_OK;
    }
    int home = proofpoint_home(ctx, &a);
    enum tt_metric m = home ? TT_METRIC_EMAILS_DELIVERED : TT_METRIC_EMAILS_SENT;
    qid = tt_slice_make(NULL, 0);
    PROOFPOINT_JSON(sm, smn, "qid", &qid);
    if (!proofpoint_first(s, 0x5E4D, qid, home ? PROOFPOINT_DELIVERED : PROOFPOINT_SENT, PROOFPOINT_NOW(ev, now_s))) {
        ev->why = "already counted (another recipient)";
        return TT_PARSE_OK;
    }
    ev->metric = m;
    if (!home) {
        const char *t = PROOFPOINT_FIND(p, n, "\"tls\":{");
        ev->tls = t && PROOFPOINT_JSON(t, (size_t)(p + n - t), "version", &v) && tt_slice_starts(v, "TLS");
        ev->why = "sent to external host";
    } else {
        ev->why = "delivered to internal host";
    }
    return TT_PARSE_OK;
}

/* ---- PPS filter syslog ----------------------------------------------------------- */

static int proofpoint_filter_app(const struct tt_envelope *env)
{
    struct tt_slice prog = tt_app_program(env->app, NULL);
    return prog.len >= 15 && memcmp(prog.p, "filter_instance", 15) == 0;
}

static enum tt_parse_rc proofpoint_filter_line(struct proofpoint_state *s, int64_t now_s, const char *p, size_t n,
                                       struct tt_event *ev)
{
    struct tt_slice act, v, x;
    if (!TT_KV_FIND(p, n, "action", ' ', &act) || act.len == 0) {
        if (TT_KV_FIND(p, n, "ip", ' ', &v))
            tt_addr_parse(v.p, v.len, &ev->src);
        ev->why = "filter event";
        return TT_PARSE_OK;
    }
    if (!tt_slice_ieq(act, "discard") && !tt_slice_ieq(act, "quarantine") && !tt_slice_ieq(act, "reject") &&
        !tt_slice_ieq(act, "delete")) {
        if (tt_slice_ieq(act, "accept") || tt_slice_ieq(act, "continue"))
            ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "filter action without block";
        return TT_PARSE_OK;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    if (TT_KV_FIND(p, n, "routes", ' ', &v) && (tt_slice_icontains(v, "allow_relay") || tt_slice_icontains(v, "internalnet"))) {
        ev->why = "outbound message blocked (not counted)";
        return TT_PARSE_OK;
    }
    /* x= names one message of the session s= */
    x = tt_slice_make(NULL, 0);
    if (!TT_KV_FIND(p, n, "x", ' ', &x))
        TT_KV_FIND(p, n, "s", ' ', &x);
    if (!proofpoint_first(s, 0xF17, x, PROOFPOINT_BLOCKED, now_s)) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    enum tt_reason r = TT_REASON_NONE;
    if (TT_KV_FIND(p, n, "mod", ' ', &v))
        r = proofpoint_reason_words(v);
    if (r == TT_REASON_NONE && (TT_KV_FIND(p, n, "module", ' ', &v) || TT_KV_FIND(p, n, "rule", ' ', &v)))
        r = proofpoint_reason_words(v);
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = r == TT_REASON_NONE ? TT_REASON_POLICY : r;
    ev->why = tt_slice_ieq(act, "quarantine") ? "quarantined" : "discarded or rejected";
    return TT_PARSE_OK;
}

/* ---- routing ------------------------------------------------------------------------ */

static int proofpoint_probe(const struct tt_envelope *env)
{
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    if (n >= 2 && p[0] == '{')
        return PROOFPOINT_FIND(p, n, "\"GUID\"") || PROOFPOINT_FIND(p, n, "\"pps\":") || PROOFPOINT_FIND(p, n, "\"sm\":{") ||
               PROOFPOINT_FIND(p, n, "\"filter\":{") || PROOFPOINT_FIND(p, n, "\"msgParts\"");
    return proofpoint_filter_app(env);
}

static enum tt_parse_rc proofpoint_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct proofpoint_state *s = state;
    if (!s)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    int64_t now_s = ctx ? ctx->now_s : 0;
    enum tt_parse_rc rc;
    if (n >= 2 && p[0] == '{') {
        const char *k;
        /* PoD records (the bulk of a feed) first; TAP records have neither key */
        if ((k = PROOFPOINT_FIND(p, n, "\"sm\":{")) != NULL)
            rc = proofpoint_pod_mail(s, ctx, now_s, p, n, k, ev);
        else if ((k = PROOFPOINT_FIND(p, n, "\"filter\":{")) != NULL)
            rc = proofpoint_pod_message(s, now_s, p, n, k, ev);
        else if (PROOFPOINT_FIND(p, n, "\"clickTime\""))
            rc = proofpoint_tap_click(p, n, ev);
        else if (PROOFPOINT_FIND(p, n, "\"messageTime\"") && PROOFPOINT_FIND(p, n, "\"GUID\""))
            rc = proofpoint_tap_message(s, now_s, p, n, ev);
        else if (PROOFPOINT_FIND(p, n, "\"msgParts\"")) {
            /* PoD "msgParts" records: one part (attachment, body) of a
             * message and what the scanners saw in it; the message's own
             * record carries the verdict */
            struct tt_slice ts;
            if (TT_JSON_FIND(p, n, "ts", &ts) && tt_parse_iso8601(ts.p, ts.len, &ev->stamp))
                ev->has_stamp = 1;
            ev->why = "message part record (the message record carries the verdict)";
            rc = TT_PARSE_OK;
        } else
            return TT_PARSE_NOMATCH;
    } else if (proofpoint_filter_app(env)) {
        if (!PROOFPOINT_FIND(p, n, "s=") && !PROOFPOINT_FIND(p, n, "mod=")) {
            ev->why = "filter instance message";
            return TT_PARSE_SKIP;
        }
        rc = proofpoint_filter_line(s, now_s, p, n, ev);
    } else {
        return TT_PARSE_NOMATCH;
    }
    if (rc == TT_PARSE_OK && ev->verdict == TT_VERDICT_OTHER && ev->metric == TT_METRIC_NONE)
        rc = TT_PARSE_SKIP;
    return rc;
}

const struct tt_parser_ops tt_parser_proofpoint = {
    .name = "proofpoint",
    .help = "Proofpoint TAP SIEM (messages, clicks), PoD message/mail log JSON, PPS filter syslog",
    .apps = NULL,
    .probe = proofpoint_probe,
    .state_create = proofpoint_state_create,
    .state_destroy = proofpoint_state_destroy,
    .parse = proofpoint_parse,
};
