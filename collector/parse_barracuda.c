/* SPDX-License-Identifier: MIT
 *
 * parse_barracuda.c -- Barracuda Email Security Gateway (Spam & Virus
 * Firewall) mail syslog: RECV, SCAN and SEND records, turned into the mail
 * counters of docs/COUNTING.md#mail-gateways.
 *
 *   Feb  1 00:00:01 esg1 scan[4242]: mx.example.net[192.0.2.10]
 *     1517443201-0f8241420001-AbCdEf 1517443201 1517443202 SCAN - a@example.net
 *     b@example.org 9.81 2 31 - SZ:2345 SUBJ:hello
 *
 * Place in the pipeline: envelope -> this parser (probe: program scan,
 * inbound/..., outbound/...) -> tally.
 *
 * Record layouts (Barracuda "Syslog and the Barracuda Email Security
 * Gateway"; fields are blank separated):
 *   RECV: client[ip] msgid start end RECV sender rcpt action reason extra
 *   SCAN: client[ip] msgid start end SCAN enc sender rcpt score action reason extra SZ: SUBJ:
 *   SEND: [ip] msgid start end SEND enc action queue-id reply...
 * Actions (RECV/SCAN): 0 allowed, 1 aborted, 2 blocked, 3 quarantined,
 * 4 tagged, 5 deferred, 6 per-user quarantined, 7 whitelisted, 8 encrypted,
 * 9 redirected, 10 attachments stubbed. SEND: 1 delivered, 2 rejected,
 * 3 deferred, 4 expired. enc is "ENC" when the hop used TLS.
 *
 * Counting: actions 2, 3 and 6 are blocks, emails_blocked once per (host,
 * msgid) for inbound mail (client outside --home-net); reason from the
 * reason code (1, 86 virus -> malware; 78 sender spoofed -> phishing; RBL
 * and reputation codes -> reputation; score, fingerprint and intent codes ->
 * spam; the rest policy). A RECV without sender and recipient was refused
 * before MAIL FROM and counts nothing; neither do protocol-error codes.
 * SEND action 1: emails_sent (emails_sent_tls with ENC) when the message's
 * client was inside --home-net, else emails_delivered; once per msgid.
 */
#include "collector/idstate.h"
#include "collector/scan_addr.h"
#include "collector/parser.h"

#include <stdlib.h>
#include <strings.h>

#define BARRACUDA_ENTRIES 65536
#define BARRACUDA_TTL_S (2 * 86400)

#define BARRACUDA_F_BLOCKED 1u
#define BARRACUDA_F_DELIVERED 2u
#define BARRACUDA_F_SENT 4u
#define BARRACUDA_F_LOCAL 8u   /* client inside --home-net */
#define BARRACUDA_F_INBOUND 16u

#define BARRACUDA_MAX_TOK 14

struct barracuda_state {
    struct tt_idtab msg; /* (host, msgid) -> BARRACUDA_F_* */
};

static void barracuda_state_destroy(void *p)
{
    tt_idstate_destroy(p, offsetof(struct barracuda_state, msg));
}

static void *barracuda_state_create(void)
{
    return tt_idstate_create(sizeof(struct barracuda_state), offsetof(struct barracuda_state, msg), BARRACUDA_ENTRIES, BARRACUDA_TTL_S);
}

static int barracuda_probe(const struct tt_envelope *env)
{
    struct tt_slice a = env->app;
    return (a.len == 4 && memcmp(a.p, "scan", 4) == 0) || (a.len > 8 && memcmp(a.p, "inbound/", 8) == 0) ||
           (a.len > 9 && memcmp(a.p, "outbound/", 9) == 0);
}

/* Barracuda message id: 10 digits, '-', more. */
static int barracuda_is_msgid(struct tt_slice t)
{
    if (t.len < 13 || t.p[10] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (t.p[i] < '0' || t.p[i] > '9')
            return 0;
    return 1;
}

static int barracuda_small_int(struct tt_slice t, int *out)
{
    if (t.len == 0 || t.len > 3)
        return 0;
    int v = 0;
    for (size_t i = 0; i < t.len; i++) {
        if (t.p[i] < '0' || t.p[i] > '9')
            return 0;
        v = v * 10 + (t.p[i] - '0');
    }
    *out = v;
    return 1;
}

static enum tt_reason barracuda_reason(int code)
{
    switch (code) {
    case 1: case 86:
        return TT_REASON_MALWARE;
    case 78:
        return TT_REASON_PHISHING;
    case 3: case 4: case 11: case 41: case 62: case 66: case 77: case 82:
        return TT_REASON_REPUTATION;
    case 31: case 39: case 60: case 65: case 69: case 70: case 71: case 74:
        return TT_REASON_SPAM;
    default:
        return TT_REASON_POLICY;
    }
}

/* SMTP protocol errors: no message attempt. */
static int barracuda_protocol(int code)
{
    return (code >= 17 && code <= 27) || code == 30 || code == 44 || code == 47 || code == 48 || code == 51 ||
           (code >= 55 && code <= 59);
}

static enum tt_parse_rc barracuda_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct barracuda_state *s = state;
    if (!barracuda_probe(env) || !s)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    struct tt_slice tok[BARRACUDA_MAX_TOK];
    size_t nt = 0, i = 0;
    while (i < n && nt < BARRACUDA_MAX_TOK) {
        while (i < n && p[i] == ' ')
            i++;
        if (i >= n)
            break;
        const char *sp = memchr(p + i, ' ', n - i);
        size_t e = sp ? (size_t)(sp - p) : n;
        tok[nt++] = tt_slice_make(p + i, e - i);
        i = e;
    }
    /* locate the msgid: token 0 (SEND without ip) or 1 */
    size_t m = nt > 0 && barracuda_is_msgid(tok[0]) ? 0 : (nt > 1 && barracuda_is_msgid(tok[1]) ? 1 : BARRACUDA_MAX_TOK);
    if (m == BARRACUDA_MAX_TOK || m + 3 >= nt) {
        ev->why = "Barracuda event";
        return TT_PARSE_SKIP;
    }
    if (m == 1)
        tt_bracket_addr(tok[0].p, tok[0].len, &ev->src);
    struct tt_slice id = tok[m], kind = tok[m + 3];
    const struct tt_slice *f = &tok[m + 4];
    size_t nf = nt - m - 4;
    int64_t now = ctx ? ctx->now_s : 0;
    uint64_t key = tt_hash64(tt_hash64(0xBA, env->host.p, env->host.len), id.p, id.len);
    int action = -1, reason = 0;

    if (tt_slice_eq(kind, "SEND")) {
        ev->src.family = 0;
        if (nf < 2 || !barracuda_small_int(f[1], &action)) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "SEND without action";
            return TT_PARSE_BAD;
        }
        if (action != 1) {
            ev->why = action == 3 ? "delivery deferred" : "not delivered";
            return TT_PARSE_SKIP;
        }
        struct tt_idtab_entry *e = tt_idtab_get(&s->msg, key, now);
        int out = (e->val & BARRACUDA_F_LOCAL) != 0;
        unsigned flag = out ? BARRACUDA_F_SENT : BARRACUDA_F_DELIVERED;
        ev->verdict = TT_VERDICT_ALLOWED;
        if (e->val & flag) {
            ev->why = "already counted";
            return TT_PARSE_OK;
        }
        e->val |= flag;
        ev->metric = out ? TT_METRIC_EMAILS_SENT : TT_METRIC_EMAILS_DELIVERED;
        ev->tls = (uint8_t)(out && tt_slice_eq(f[0], "ENC"));
        ev->why = out ? "outbound message sent" : "inbound message delivered";
        return TT_PARSE_OK;
    }

    int recv = tt_slice_eq(kind, "RECV");
    if (!recv && !tt_slice_eq(kind, "SCAN")) {
        ev->why = "Barracuda event";
        return TT_PARSE_SKIP;
    }
    /* RECV: sender rcpt action reason; SCAN: enc sender rcpt score action reason */
    size_t base = recv ? 0 : 1;
    size_t ai = recv ? 2 : 4;
    if (nf < ai + 2 || !barracuda_small_int(f[ai], &action) || !barracuda_small_int(f[ai + 1], &reason)) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "record without action/reason";
        return TT_PARSE_BAD;
    }
    struct tt_idtab_entry *e = tt_idtab_get(&s->msg, key, now);
    if (ev->src.family && !(e->val & (BARRACUDA_F_LOCAL | BARRACUDA_F_INBOUND)))
        e->val |= tt_is_home(ctx, &ev->src) ? BARRACUDA_F_LOCAL : BARRACUDA_F_INBOUND;
    switch (action) {
    case 2: case 3: case 6:
        break;
    case 1:
        ev->why = "aborted by the client";
        return TT_PARSE_SKIP;
    case 5:
        ev->why = "deferred";
        return TT_PARSE_SKIP;
    default:
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "allowed (delivery counted by SEND)";
        return TT_PARSE_OK;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    int empty = tt_slice_eq(f[base], "-") && tt_slice_eq(f[base + 1], "-");
    if ((recv && empty) || barracuda_protocol(reason)) {
        ev->why = "refused before MAIL FROM or protocol error";
        return TT_PARSE_OK;
    }
    if (e->val & BARRACUDA_F_LOCAL) {
        ev->why = "outbound or internal message";
        return TT_PARSE_OK;
    }
    if (e->val & BARRACUDA_F_BLOCKED) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    e->val |= BARRACUDA_F_BLOCKED;
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = barracuda_reason(reason);
    ev->why = action == 2 ? "blocked" : "quarantined";
    return TT_PARSE_OK;
}

const struct tt_parser_ops tt_parser_barracuda = {
    .name = "barracuda",
    .help = "Barracuda Email Security Gateway mail syslog (RECV/SCAN/SEND)",
    .apps = NULL,
    .probe = barracuda_probe,
    .state_create = barracuda_state_create,
    .state_destroy = barracuda_state_destroy,
    .parse = barracuda_parse,
};
