/* SPDX-License-Identifier: MIT
 *
 * parse_mimecast.c -- Mimecast Secure Email Gateway SIEM logs (receipt,
 * process, delivery, AV, journal) and the Targeted Threat Protection / DLP
 * logs, in both forms the SIEM API gives them: the legacy "key=value|..."
 * pipe form and JSON objects, one per line.
 *
 *   datetime=2021-10-19T07:06:40+0100|aCode=Zx9...|acc=C0A0|IP=192.0.2.7|
 *     Dir=Inbound|Act=Rej|RejType=IP found in RBL|RejCode=550|...
 *   {"acc":"ABC123","Delivered":true,"Dir":"Outbound","UseTls":"Yes",
 *     "aCode":"61df...","datetime":"2021-10-19T07:04:55+0100",...}
 *   {"aggregateId":"Ag1","processingId":"Pr1","timestamp":1749802453769,
 *     "action":"Rej","senderIp":"192.0.2.7","rejectionType":"IP Found in RBL",
 *     "direction":"inbound","type":"receipt","subtype":"Rej",...}
 *
 * The last is the newer API's shape (API 2.0 SIEM batches): lower-case
 * keys, "type"/"eventType" naming the log, "action" carrying what "Act" did,
 * epoch milliseconds, and aggregateId as the message's id across logs.
 * Place in the pipeline: envelope -> this parser -> tally, reached by
 * probe() (a line starting "datetime=", or a JSON object carrying Mimecast
 * keys). Fields are found by scanning for the few keys needed
 * (collector/tt_kv_find.h); no JSON tree is built.
 *
 * Verdicts: receipt Act=Rej and process Act=Hld/Bnc/Del are blocked (one per
 * message attempt); delivery Delivered=true counts emails_delivered (Dir
 * Inbound) or emails_sent (Dir Outbound; TLS when UseTls=Yes), once per
 * message (aCode); TTP impersonation/attachment holds and DLP holds of
 * inbound mail are blocked; TTP URL clicks are blocked/allowed but count
 * nothing (a click is not a message). The same message blocked by two logs
 * (process hold + TTP hold) counts once: a bounded table remembers counted
 * message ids.
 */
#include "collector/scan_kv.h"
#include "collector/scan_time.h"
#include "collector/parser.h"
#include "collector/idstate.h"

#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#define MIMECAST_SEEN_ENTRIES 65536
#define MIMECAST_SEEN_TTL_S (2 * 86400)

#define MIMECAST_BLOCKED 1u   /* emails_blocked counted for this message */
#define MIMECAST_DELIVERED 2u /* emails_delivered counted */
#define MIMECAST_SENT 4u      /* emails_sent counted */

struct mimecast_state {
    struct tt_idtab seen; /* hash of MsgId / aCode -> MC_* counted marks */
};

static void mimecast_state_destroy(void *p)
{
    tt_idstate_destroy(p, offsetof(struct mimecast_state, seen));
}

static void *mimecast_state_create(void)
{
    return tt_idstate_create(sizeof(struct mimecast_state), offsetof(struct mimecast_state, seen), MIMECAST_SEEN_ENTRIES, MIMECAST_SEEN_TTL_S);
}

/* The keys any rule reads; a record is scanned once for all of them. */
static const char *const mimecast_keys[] = {
    "MsgId", "messageId", "msgid", "aCode", "Dir", "route", "datetime", "eventTime", "date", "IP",
    "sourceIp", "senderIpAddress", "sendingIp", "Delivered", "UseTls", "Act", "RejType", "RejInfo", "Hld",
    "Virus", "url", "fileHash", "action", "actions", "taggedMalicious", "impersonationResults", "result",
    "actionTriggered", "policy", "acc",
    /* the newer API's shape */
    "aggregateId", "processingId", "type", "eventType", "direction", "delivered", "tlsUsed", "tlsVersion",
    "virusFound", "holdReason", "rejectionType", "rejectionInfo", "timestamp", "sha256",
};
#define MIMECAST_NKEYS (sizeof(mimecast_keys) / sizeof(mimecast_keys[0]))

/* One record in either form, with the values of mimecast_keys found in it. */
struct mimecast_line {
    const char *p;                 /* the record */
    size_t n;                      /* its length */
    int json;                      /* 1 JSON object, 0 pipe form */
    uint64_t got;                  /* bit i: mimecast_keys[i] present */
    struct tt_slice v[MIMECAST_NKEYS];   /* values, valid where got says so */
};

static int mimecast_get(const struct mimecast_line *L, const char *key, size_t key_len, struct tt_slice *out)
{
    for (size_t i = 0; i < MIMECAST_NKEYS; i++) {
        if (!(L->got & (UINT64_C(1) << i)) || mimecast_keys[i][0] != key[0] || strlen(mimecast_keys[i]) != key_len ||
            memcmp(mimecast_keys[i], key, key_len) != 0)
            continue;
        if (L->json && tt_slice_eq(L->v[i], "null"))
            return 0;
        *out = L->v[i];
        return 1;
    }
    return 0;
}
#define MIMECAST_GET(L, lit, out) mimecast_get((L), (lit), sizeof(lit) - 1, (out))

/* Dedupe key of a message: the newer API's aggregateId (Mimecast's id of a
 * message across its logs), else its header Message-ID, else the aCode. */
static uint64_t mimecast_msg_key(const struct mimecast_line *L)
{
    struct tt_slice v;
    if (MIMECAST_GET(L, "aggregateId", &v) && v.len)
        return tt_hash64(0xA66D, v.p, v.len);
    if ((MIMECAST_GET(L, "MsgId", &v) || MIMECAST_GET(L, "messageId", &v) || MIMECAST_GET(L, "msgid", &v)) && v.len > 2)
        return tt_hash64(0x3C1D, v.p, v.len);
    if (MIMECAST_GET(L, "aCode", &v) && v.len)
        return tt_hash64(0xAC0D, v.p, v.len);
    return 0;
}

/* Counts once per message key (0 = no key: always counts). */
static int mimecast_first(struct mimecast_state *s, uint64_t key, uint32_t bit, int64_t now_s)
{
    if (!key)
        return 1;
    return !tt_idtab_mark(&s->seen, key, bit, now_s);
}

static enum tt_reason mimecast_rej_reason(struct tt_slice t)
{
    if (tt_slice_icontains(t, "virus") || tt_slice_icontains(t, "malware") || tt_slice_icontains(t, "malicious"))
        return TT_REASON_MALWARE;
    if (tt_slice_icontains(t, "phish") || tt_slice_icontains(t, "impersonat") || tt_slice_icontains(t, "spoof"))
        return TT_REASON_PHISHING;
    if (tt_slice_icontains(t, "rbl") || tt_slice_icontains(t, "reputation") || tt_slice_icontains(t, "hostile") ||
        tt_slice_icontains(t, "blocklist") || tt_slice_icontains(t, "blacklist"))
        return TT_REASON_REPUTATION;
    if (tt_slice_icontains(t, "spam"))
        return TT_REASON_SPAM;
    return TT_REASON_POLICY;
}

/* Process-log hold reasons: Spm (spam), Av/Vir (virus), Imp (impersonation),
 * anything else (policy, content, size) is policy. */
static enum tt_reason mimecast_hold_reason(struct tt_slice t)
{
    if (tt_slice_icontains(t, "spm") || tt_slice_icontains(t, "spam"))
        return TT_REASON_SPAM;
    if (tt_slice_icontains(t, "vir") || tt_slice_ieq(t, "av") || tt_slice_icontains(t, "mal"))
        return TT_REASON_MALWARE;
    if (tt_slice_icontains(t, "imp") || tt_slice_icontains(t, "phish"))
        return TT_REASON_PHISHING;
    return TT_REASON_POLICY;
}

static void mimecast_block(struct mimecast_state *s, const struct mimecast_line *L, int64_t now_s, enum tt_reason r, int inbound,
                     const char *why, struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_BLOCKED;
    if (!inbound) {
        ev->why = "outbound or internal message blocked (not counted)";
        return;
    }
    if (!mimecast_first(s, mimecast_msg_key(L), MIMECAST_BLOCKED, now_s)) {
        ev->why = "same message as previous block";
        return;
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = r;
    ev->why = why;
}

/* Direction: "Dir"/"direction" say it; "route" is a direction in the TTP
 * logs but a routing policy's name in the newer delivery log ("Office 365
 * Inbound Routing Policy Definition"), so it only counts as one word. */
static int mimecast_direction(const struct mimecast_line *L, struct tt_slice *out)
{
    struct tt_slice d;
    if ((MIMECAST_GET(L, "Dir", &d) || MIMECAST_GET(L, "direction", &d)) && d.len) {
        *out = d;
        return 1;
    }
    if (MIMECAST_GET(L, "route", &d) && d.len && !memchr(d.p, ' ', d.len)) {
        *out = d;
        return 1;
    }
    return 0;
}

static int mimecast_inbound(const struct mimecast_line *L)
{
    struct tt_slice d;
    if (mimecast_direction(L, &d))
        return tt_slice_ieq(d, "Inbound");
    return 1; /* receipt/process records of the inbound stream may omit it */
}

/* A value that says nothing: empty, "null" (JSON null is dropped already), "NONE". */
static int mimecast_blank(struct tt_slice v)
{
    return v.len == 0 || tt_slice_ieq(v, "null") || tt_slice_ieq(v, "none");
}

static void mimecast_stamp(const struct mimecast_line *L, struct tt_event *ev)
{
    struct tt_slice v;
    if (MIMECAST_GET(L, "datetime", &v) || MIMECAST_GET(L, "eventTime", &v) || MIMECAST_GET(L, "date", &v)) {
        if (tt_parse_iso8601(v.p, v.len, &ev->stamp))
            ev->has_stamp = 1;
    } else if (MIMECAST_GET(L, "timestamp", &v)) {
        /* the newer API: epoch milliseconds (an ISO string is read too) */
        if (tt_stamp_from_epoch_digits(v, &ev->stamp) == TT_OK || tt_parse_iso8601(v.p, v.len, &ev->stamp))
            ev->has_stamp = 1;
    }
}

/* Delivery log: Delivered=true counts delivered (inbound) or sent
 * (outbound) once per message (aCode / aggregateId); v is Delivered's value. */
static enum tt_parse_rc mimecast_delivery(struct mimecast_state *s, const struct mimecast_line *L, struct tt_slice v, int64_t now_s,
                                    struct tt_event *ev)
{
    if (!tt_slice_ieq(v, "true")) {
        ev->why = "delivery attempt failed";
        return TT_PARSE_OK;
    }
    struct tt_slice dir = {NULL, 0};
    if (!MIMECAST_GET(L, "Dir", &dir))
        MIMECAST_GET(L, "direction", &dir);
    ev->verdict = TT_VERDICT_ALLOWED;
    enum tt_metric m;
    if (tt_slice_ieq(dir, "Outbound"))
        m = TT_METRIC_EMAILS_SENT;
    else if (tt_slice_ieq(dir, "Inbound"))
        m = TT_METRIC_EMAILS_DELIVERED;
    else {
        ev->why = dir.len ? "internal delivery" : "delivery without a direction (not counted)";
        return TT_PARSE_OK;
    }
    struct tt_slice ac;
    uint64_t key = (MIMECAST_GET(L, "aCode", &ac) || MIMECAST_GET(L, "aggregateId", &ac)) && ac.len
                       ? tt_hash64(0xDE11, ac.p, ac.len)
                       : 0;
    if (!mimecast_first(s, key, m == TT_METRIC_EMAILS_SENT ? MIMECAST_SENT : MIMECAST_DELIVERED, now_s)) {
        ev->why = "already counted (another recipient or attempt)";
        return TT_PARSE_OK;
    }
    ev->metric = m;
    if (m == TT_METRIC_EMAILS_SENT) {
        if (MIMECAST_GET(L, "UseTls", &v) || MIMECAST_GET(L, "tlsUsed", &v))
            ev->tls = tt_slice_ieq(v, "Yes") || tt_slice_ieq(v, "true");
        else if (MIMECAST_GET(L, "tlsVersion", &v))
            ev->tls = !mimecast_blank(v);
        ev->why = "sent to external host";
    } else {
        ev->why = "delivered inbound";
    }
    return TT_PARSE_OK;
}

static enum tt_parse_rc mimecast_record(struct mimecast_state *s, const struct tt_parse_ctx *ctx, const struct mimecast_line *L,
                                  struct tt_event *ev)
{
    struct tt_slice v = {NULL, 0}, act = {NULL, 0};
    mimecast_stamp(L, ev);
    int64_t now_s = ev->has_stamp ? tt_stamp_epoch_or(&ev->stamp, ctx ? ctx->now_s : 0) : (ctx ? ctx->now_s : 0);
    if (MIMECAST_GET(L, "IP", &v) || MIMECAST_GET(L, "sourceIp", &v) || MIMECAST_GET(L, "senderIpAddress", &v) ||
        MIMECAST_GET(L, "sendingIp", &v))
        tt_addr_parse(v.p, v.len, &ev->src);

    /* delivery log */
    if (MIMECAST_GET(L, "Delivered", &v) || MIMECAST_GET(L, "delivered", &v))
        return mimecast_delivery(s, L, v, now_s, ev);

    /* receipt and process logs ("Act"; the newer API's receipt and process
     * records carry it as "action") */
    struct tt_slice kind = {NULL, 0};
    if (!MIMECAST_GET(L, "type", &kind))
        MIMECAST_GET(L, "eventType", &kind);
    if (MIMECAST_GET(L, "Act", &act) ||
        ((tt_slice_ieq(kind, "receipt") || tt_slice_ieq(kind, "process")) && MIMECAST_GET(L, "action", &act))) {
        if (tt_slice_ieq(act, "Rej")) {
            struct tt_slice t = {NULL, 0}, info = {NULL, 0};
            if (!MIMECAST_GET(L, "RejType", &t))
                MIMECAST_GET(L, "rejectionType", &t);
            if (!MIMECAST_GET(L, "RejInfo", &info))
                MIMECAST_GET(L, "rejectionInfo", &info);
            /* the type names the check, the info what it found ("Malicious
             * QRCode Detection" of a "[Type: [Phishing & Fraud] ...") */
            enum tt_reason r = mimecast_rej_reason(t.len ? t : info);
            if (tt_slice_icontains(t, "phish") || tt_slice_icontains(info, "phish"))
                r = TT_REASON_PHISHING;
            mimecast_block(s, L, now_s, r, mimecast_inbound(L), "rejected at receipt", ev);
        } else if (tt_slice_ieq(act, "Hld")) {
            struct tt_slice t = {NULL, 0};
            if (!MIMECAST_GET(L, "Hld", &t))
                MIMECAST_GET(L, "holdReason", &t);
            mimecast_block(s, L, now_s, mimecast_hold_reason(t), mimecast_inbound(L), "held (quarantine)", ev);
        } else if (tt_slice_ieq(act, "Bnc") || tt_slice_ieq(act, "Del")) {
            mimecast_block(s, L, now_s, TT_REASON_POLICY, mimecast_inbound(L), "bounced or deleted by policy", ev);
        } else if (tt_slice_ieq(act, "Acc") || tt_slice_ieq(act, "Allow")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "accepted (delivery counted later)";
        } else {
            ev->why = "message event";
        }
        return TT_PARSE_OK;
    }

    /* AV log: a virus found is always refused or held by the gateway */
    if ((MIMECAST_GET(L, "Virus", &v) || MIMECAST_GET(L, "virusFound", &v)) && !mimecast_blank(v)) {
        mimecast_block(s, L, now_s, TT_REASON_MALWARE, mimecast_inbound(L), "virus detected", ev);
        return TT_PARSE_OK;
    }

    /* TTP URL protect: a click, not a message */
    if (MIMECAST_GET(L, "url", &v) && !MIMECAST_GET(L, "fileHash", &v)) {
        if (!MIMECAST_GET(L, "action", &act))
            MIMECAST_GET(L, "actions", &act);
        if (tt_slice_icontains(act, "block")) {
            ev->verdict = TT_VERDICT_BLOCKED;
            ev->why = "URL click blocked (not a message)";
        } else {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "URL click allowed";
        }
        return TT_PARSE_OK;
    }

    /* TTP impersonation protect */
    if (MIMECAST_GET(L, "taggedMalicious", &v) || MIMECAST_GET(L, "impersonationResults", &v)) {
        MIMECAST_GET(L, "action", &act);
        if (tt_slice_ieq(act, "hold") || tt_slice_ieq(act, "bounce") || tt_slice_ieq(act, "reject") || tt_slice_ieq(act, "delete")) {
            mimecast_block(s, L, now_s, TT_REASON_PHISHING, 1, "impersonation held", ev);
        } else {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "impersonation tagged or logged, delivered";
        }
        return TT_PARSE_OK;
    }

    /* TTP attachment protect */
    if ((MIMECAST_GET(L, "fileHash", &v) || MIMECAST_GET(L, "sha256", &v)) && MIMECAST_GET(L, "result", &v)) {
        struct tt_slice trig = {NULL, 0};
        MIMECAST_GET(L, "actionTriggered", &trig);
        if (tt_slice_ieq(v, "malicious") && !tt_slice_icontains(trig, "release") &&
            (tt_slice_icontains(trig, "block") || tt_slice_icontains(trig, "hold") || tt_slice_icontains(trig, "reject") ||
             tt_slice_icontains(trig, "quarantine") || trig.len == 0)) {
            mimecast_block(s, L, now_s, TT_REASON_MALWARE, mimecast_inbound(L), "malicious attachment blocked", ev);
        } else {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "attachment scanned, released or safe";
        }
        return TT_PARSE_OK;
    }

    /* DLP / content policy, and its notifications */
    if ((MIMECAST_GET(L, "policy", &v) || tt_slice_icontains(kind, "dlp")) && MIMECAST_GET(L, "action", &act)) {
        if (tt_slice_ieq(act, "hold") || tt_slice_ieq(act, "block") || tt_slice_ieq(act, "bounce") || tt_slice_ieq(act, "reject") ||
            tt_slice_ieq(act, "delete") || tt_slice_ieq(act, "Hld") || tt_slice_ieq(act, "Rej") || tt_slice_ieq(act, "Bnc")) {
            mimecast_block(s, L, now_s, TT_REASON_POLICY, mimecast_inbound(L), "held by content policy", ev);
        } else {
            ev->why = "policy notification";
        }
        return TT_PARSE_OK;
    }

    if (tt_slice_icontains(kind, "notification")) {
        ev->why = "notification (a message about a message)";
        return TT_PARSE_OK;
    }
    if (MIMECAST_GET(L, "acc", &v) || MIMECAST_GET(L, "aCode", &v) || MIMECAST_GET(L, "aggregateId", &v) ||
        MIMECAST_GET(L, "processingId", &v)) {
        ev->why = kind.len ? "Mimecast event without a verdict (journal, scan, internal)"
                           : "Mimecast event (journal, other)";
        return TT_PARSE_OK;
    }
    return TT_PARSE_NOMATCH;
}

static int mimecast_probe(const struct tt_envelope *env)
{
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    if (n >= 9 && memcmp(p, "datetime=", 9) == 0)
        return 1;
    if (n < 2 || p[0] != '{')
        return 0;
    return memmem(p, n, "\"acc", 4) || memmem(p, n, "\"route\"", 7) || memmem(p, n, "\"taggedMalicious\"", 17) ||
           memmem(p, n, "\"aggregateId\"", 13) || memmem(p, n, "\"processingId\"", 14);
}

static enum tt_parse_rc mimecast_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct mimecast_state *s = state;
    if (!s || !mimecast_probe(env))
        return TT_PARSE_NOMATCH;
    struct mimecast_line L;
    L.p = env->msg.p;
    L.n = env->msg.len;
    L.json = env->msg.p[0] == '{';
    L.got = tt_kv_pick(L.p, L.n, L.json, '|', mimecast_keys, MIMECAST_NKEYS, L.v);
    if (!L.json) {
        struct tt_slice v;
        if (!MIMECAST_GET(&L, "aCode", &v) && !MIMECAST_GET(&L, "acc", &v))
            return TT_PARSE_NOMATCH;
    }
    enum tt_parse_rc rc = mimecast_record(s, ctx, &L, ev);
    if (rc == TT_PARSE_OK && ev->verdict == TT_VERDICT_OTHER && ev->metric == TT_METRIC_NONE)
        rc = TT_PARSE_SKIP;
    return rc;
}

const struct tt_parser_ops tt_parser_mimecast = {
    .name = "mimecast",
    .help = "Mimecast SIEM logs (receipt/process/delivery, TTP, DLP), pipe or JSON form",
    .apps = NULL,
    .probe = mimecast_probe,
    .state_create = mimecast_state_create,
    .state_destroy = mimecast_state_destroy,
    .parse = mimecast_parse,
};
