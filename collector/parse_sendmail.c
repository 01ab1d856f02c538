/* SPDX-License-Identifier: MIT
 *
 * parse_sendmail.c -- sendmail (sm-mta, sendmail, sm-msp-queue) syslog
 * lines, turned into the mail counters of docs/COUNTING.md#mail-gateways.
 *
 *   Feb  1 00:00:01 mx1 sm-mta[4242]: w11001Ab004242: ruleset=check_rcpt,
 *     arg1=<b@example.org>, relay=host.example.net [192.0.2.10],
 *     reject=550 5.7.1 <b@example.org>... Relaying denied
 *
 * Place in the pipeline: envelope -> this parser (routed by the program
 * name, or probe() for "sm-*" names) -> tally.
 *
 * Counting:
 *   - sendmail gives every SMTP transaction its queue id at MAIL FROM, so
 *     one attempt is one (host, queue id): the first 5xx refusal of it
 *     (ruleset=check_mail|check_rcpt|check_eoh|..., "<rcpt>... User
 *     unknown", Milter reject/discard/quarantine) counts once; 4xx never;
 *     check_relay and Milter connect/helo refusals (before MAIL FROM) count
 *     nothing. Reason from the reply text (DNSBL -> reputation, virus ->
 *     malware, ...); Milter refusals at end of data default to spam.
 *   - "to=..., mailer=M, relay=R, ..., stat=Sent": local mailers (local,
 *     procmail, cyrus, lmtp, prog, *file*) -> emails_delivered; SMTP mailers
 *     to an address inside --home-net -> emails_delivered, outside ->
 *     emails_sent, on loopback -> content-filter/MSP hop (nothing). Once per
 *     (host, queue id) and metric.
 *   - TLS: the delivery is emails_sent_tls when the same queue id, or the
 *     same process with the same relay name, logged "STARTTLS=client, relay=
 *     R, version=..., cipher=..." (any verify= result still means encrypted),
 *     or when the delivery line itself has a tls_version= other than NONE.
 * State: queue ids (2 days) and per-process TLS peers (1 hour), bounded.
 */
#include "collector/idstate.h"
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/scan_syslog.h"
#include "collector/verdict.h"
#include "collector/parser.h"

#include <stddef.h>
#include <stdlib.h>
#include <strings.h>

#define SENDMAIL_Q_ENTRIES 65536
#define SENDMAIL_TLS_ENTRIES 8192
#define SENDMAIL_Q_TTL_S (2 * 86400)
#define SENDMAIL_TLS_TTL_S 3600

#define SENDMAIL_F_BLOCKED 1u
#define SENDMAIL_F_DELIVERED 2u
#define SENDMAIL_F_SENT 4u
#define SENDMAIL_F_TLS 8u /* STARTTLS=client seen for this queue id */

struct sendmail_state {
    struct tt_idtab q;   /* (host, qid) -> SENDMAIL_F_* */
    struct tt_idtab tls; /* (host, pid) -> hash of the relay name of the last STARTTLS=client */
};

static const struct tt_idstate_table sendmail_tables[] = {
    {offsetof(struct sendmail_state, q), SENDMAIL_Q_ENTRIES, SENDMAIL_Q_TTL_S},
    {offsetof(struct sendmail_state, tls), SENDMAIL_TLS_ENTRIES, SENDMAIL_TLS_TTL_S},
};

static void sendmail_state_destroy(void *p)
{
    tt_idstate_destroy_n(p, sendmail_tables, TT_ARRAY_LEN(sendmail_tables));
}

static void *sendmail_state_create(void)
{
    return tt_idstate_create_n(sizeof(struct sendmail_state), sendmail_tables, TT_ARRAY_LEN(sendmail_tables));
}

static inline int sendmail_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* sendmail, sm-mta, sm-msp-queue, sm-* (any case); never "postfix/sendmail". */
static int sendmail_app(struct tt_slice app)
{
    if (app.len == 0)
        return 0; /* also keeps NULL + 0 out of the arithmetic below */
    /* the first-byte tests spare most names the strncasecmp calls (this
     * runs in the probe, on every line no program name routed) */
    if (app.len >= 7 && (app.p[0] | 0x20) == 'p' && strncasecmp(app.p, "postfix", 7) == 0)
        return 0;
    const char *s = app.p + app.len;
    while (s > app.p && s[-1] != '/')
        s--;
    size_t n = (size_t)(app.p + app.len - s);
    if (n < 4 || (s[0] | 0x20) != 's')
        return 0;
    return (n == 8 && strncasecmp(s, "sendmail", 8) == 0) || strncasecmp(s, "sm-", 3) == 0;
}

static int sendmail_probe(const struct tt_envelope *env)
{
    if (sendmail_app(env->app))
        return 1;
    struct tt_envelope fixed;
    return tt_envelope_reread(env, &fixed) && sendmail_app(fixed.app);
}

/* Value of "name" (e.g. ", relay=") up to ", " or the end. */
static int sendmail_field(const char *p, size_t n, const char *name, size_t nl, struct tt_slice *out)
{
    const char *f = tt_memmem(p, n, name, nl);
    if (!f)
        return 0;
    const char *v = f + nl;
    size_t vn = (size_t)(p + n - v);
    const char *e = TT_FIND(v, vn, ", ");
    *out = tt_slice_make(v, e ? (size_t)(e - v) : vn);
    return 1;
}

/* Relay name without the trailing dot and the " [ip]" part. */
static struct tt_slice sendmail_relay_name(struct tt_slice r)
{
    const char *sp = memchr(r.p, ' ', r.len);
    size_t n = sp ? (size_t)(sp - r.p) : r.len;
    if (n && r.p[n - 1] == '.')
        n--;
    return tt_slice_make(r.p, n);
}

struct sendmail_line {
    const struct tt_envelope *env;  /* the (fixed) envelope */
    const struct tt_parse_ctx *ctx; /* settings */
    int64_t now_s;                  /* event time */
    struct tt_slice qid;            /* queue id, empty when none */
};

static uint64_t sendmail_qkey(const struct sendmail_line *L)
{
    return tt_hash64(tt_hash64(0x5A, L->env->host.p, L->env->host.len), L->qid.p, L->qid.len);
}

static uint64_t sendmail_pkey(const struct sendmail_line *L)
{
    uint64_t h = tt_hash64(0x5B, L->env->host.p, L->env->host.len);
    return tt_hash64(h, L->env->pid.p, L->env->pid.len);
}

static int sendmail_mark(struct sendmail_state *s, const struct sendmail_line *L, unsigned flag)
{
    struct tt_idtab_entry *e = tt_idtab_get(&s->q, sendmail_qkey(L), L->now_s);
    if (e->val & flag)
        return 1;
    e->val |= flag;
    return 0;
}

/* A refusal of this transaction; text explains it. */
static enum tt_parse_rc sendmail_block(struct sendmail_state *s, const struct sendmail_line *L, int pre, const char *text, size_t tn,
                                 enum tt_reason deflt, const char *why, struct tt_event *ev)
{
    ev->verdict = TT_VERDICT_BLOCKED;
    if (pre || !L->qid.len) {
        ev->why = "refused before MAIL FROM";
        return TT_PARSE_OK;
    }
    if (sendmail_mark(s, L, SENDMAIL_F_BLOCKED)) {
        ev->why = "same attempt as previous reject";
        return TT_PARSE_OK;
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = tt_reason_from_text(text, tn, deflt);
    ev->why = why;
    return TT_PARSE_OK;
}

/* "to=<..>, delay=.., mailer=M, pri=.., relay=R, dsn=.., stat=S" */
static enum tt_parse_rc sendmail_delivery(struct sendmail_state *s, const struct sendmail_line *L, const char *p, size_t n,
                                    struct tt_event *ev)
{
    struct tt_slice stat, mailer = {NULL, 0}, relay = {NULL, 0};
    if (!sendmail_field(p, n, ", stat=", 7, &stat)) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "delivery line without stat=";
        return TT_PARSE_BAD;
    }
    if (!(stat.len >= 4 && memcmp(stat.p, "Sent", 4) == 0)) {
        ev->why = "not delivered";
        return TT_PARSE_SKIP;
    }
    sendmail_field(p, n, ", mailer=", 9, &mailer);
    int has_relay = sendmail_field(p, n, ", relay=", 8, &relay);
    int local = 0;
    if (mailer.len) {
        static const char *const locals[] = {"local", "procmail", "cyrus", "cyrusv2", "lmtp", "prog", "mail.local",
                                             "*file*", "*include*", "dovecot", "maildrop", "usenet"};
        for (size_t i = 0; i < TT_ARRAY_LEN(locals); i++)
            if (tt_slice_eq(mailer, locals[i]))
                local = 1;
    }
    struct tt_addr dst = {0};
    int has_addr = has_relay && tt_bracket_addr(relay.p, relay.len, &dst) == TT_OK;
    enum tt_metric metric;
    if (local) {
        metric = TT_METRIC_EMAILS_DELIVERED;
    } else if (!has_addr) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "sent, relay without address";
        return TT_PARSE_OK;
    } else if (tt_addr_is_loopback(&dst)) {
        ev->why = "content-filter or MSP hop";
        return TT_PARSE_SKIP;
    } else {
        metric = tt_is_home(L->ctx, &dst) ? TT_METRIC_EMAILS_DELIVERED : TT_METRIC_EMAILS_SENT;
    }
    ev->verdict = TT_VERDICT_ALLOWED;
    ev->dst = dst;
    if (!L->qid.len) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "delivery without queue id";
        return TT_PARSE_BAD;
    }
    struct tt_idtab_entry *e = tt_idtab_get(&s->q, sendmail_qkey(L), L->now_s);
    unsigned flag = metric == TT_METRIC_EMAILS_SENT ? SENDMAIL_F_SENT : SENDMAIL_F_DELIVERED;
    if (e->val & flag) {
        ev->why = "already counted";
        return TT_PARSE_OK;
    }
    e->val |= flag;
    ev->metric = metric;
    ev->why = metric == TT_METRIC_EMAILS_SENT ? "sent to external relay" : "delivered";
    if (metric == TT_METRIC_EMAILS_SENT) {
        struct tt_slice tv;
        if (e->val & SENDMAIL_F_TLS) {
            ev->tls = 1;
        } else if (sendmail_field(p, n, "tls_version=", 12, &tv) && tv.len && !tt_slice_eq(tv, "NONE")) {
            ev->tls = 1;
        } else {
            struct tt_idtab_entry *t = tt_idtab_find(&s->tls, sendmail_pkey(L), L->now_s);
            struct tt_slice name = sendmail_relay_name(relay);
            if (t && t->val == tt_hash64(0x71, name.p, name.len))
                ev->tls = 1;
        }
    }
    return TT_PARSE_OK;
}

/* "STARTTLS=client, relay=R, version=TLSv1.3, verify=OK, cipher=..., bits=.." */
static void sendmail_starttls(struct sendmail_state *s, const struct sendmail_line *L, const char *p, size_t n)
{
    struct tt_slice relay, cipher;
    if (!sendmail_field(p, n, ", relay=", 8, &relay) || !sendmail_field(p, n, ", cipher=", 9, &cipher) || cipher.len == 0)
        return; /* "STARTTLS=client, error: ..." */
    struct tt_slice name = sendmail_relay_name(relay);
    struct tt_idtab_entry *t = tt_idtab_get(&s->tls, sendmail_pkey(L), L->now_s);
    t->val = tt_hash64(0x71, name.p, name.len);
    if (L->qid.len) {
        struct tt_idtab_entry *e = tt_idtab_get(&s->q, sendmail_qkey(L), L->now_s);
        e->val |= SENDMAIL_F_TLS;
    }
}

/* Queue id at msg start: 8..20 alphanumerics with a digit, then ": ". */
static size_t sendmail_qid(const char *p, size_t n, struct tt_slice *out)
{
    size_t i = 0;
    int digit = 0;
    while (i < n && i < 21 && sendmail_alnum(p[i]))
        digit |= p[i++] <= '9';
    if (i < 8 || i > 20 || !digit || i + 1 >= n || p[i] != ':' || p[i + 1] != ' ')
        return 0;
    *out = tt_slice_make(p, i);
    return i + 2;
}

static enum tt_parse_rc sendmail_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env0,
                                 struct tt_event *ev)
{
    struct sendmail_state *s = state;
    struct tt_envelope envf;
    const struct tt_envelope *env = env0;
    if (!sendmail_app(env0->app)) {
        if (!tt_envelope_reread(env0, &envf) || !sendmail_app(envf.app))
            return TT_PARSE_NOMATCH;
        env = &envf;
    }
    if (!s)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    if (n == 0) {
        ev->why = "empty sendmail message";
        return TT_PARSE_SKIP;
    }
    struct sendmail_line L;
    L.env = env;
    L.ctx = ctx;
    L.now_s = ctx ? ctx->now_s : 0;
    L.qid = tt_slice_make(NULL, 0);
    size_t k = sendmail_qid(p, n, &L.qid);
    p += k;
    n -= k;

    struct tt_slice relay;
    if (sendmail_field(p, n, "relay=", 6, &relay))
        tt_bracket_addr(relay.p, relay.len, &ev->src);

    if (TT_STARTS(p, n, "to=")) {
        ev->src.family = 0;
        return sendmail_delivery(s, &L, p, n, ev);
    }
    if (TT_STARTS(p, n, "STARTTLS=client")) {
        ev->src.family = 0;
        sendmail_starttls(s, &L, p, n);
        ev->why = "TLS connection";
        return TT_PARSE_SKIP;
    }
    const char *rj = TT_FIND(p, n, "reject=");
    if (rj && (rj == p || rj[-1] == ' ')) {
        const char *code = rj + 7;
        size_t cn = (size_t)(p + n - code);
        if (cn == 0 || code[0] != '5') {
            ev->why = "temporary reject";
            return TT_PARSE_SKIP;
        }
        int pre = TT_FIND(p, (size_t)(rj - p), "check_relay") != NULL || TT_STARTS(p, n, "Milter: connect") ||
                  TT_STARTS(p, n, "Milter: helo") || TT_FIND(p, (size_t)(rj - p), "check_helo") != NULL;
        int milter = TT_STARTS(p, n, "Milter") || TT_STARTS(p, n, "milter");
        int data = milter && (TT_FIND(p, (size_t)(rj - p), "data") || TT_FIND(p, (size_t)(rj - p), "eom") ||
                              TT_FIND(p, (size_t)(rj - p), "body"));
        return sendmail_block(s, &L, pre, code, cn, data ? TT_REASON_SPAM : TT_REASON_POLICY,
                        milter ? "milter reject" : "SMTP reject", ev);
    }
    if ((TT_STARTS(p, n, "Milter") || TT_STARTS(p, n, "milter") || TT_STARTS(p, n, "ruleset=")) &&
        (TT_FIND(p, n, ", discard") || TT_FIND(p, n, "quarantine="))) {
        return sendmail_block(s, &L, 0, p, n, TT_STARTS(p, n, "ruleset=") ? TT_REASON_POLICY : TT_REASON_SPAM,
                        "discarded or quarantined", ev);
    }
    if (L.qid.len && n > 1 && p[0] == '<') {
        /* "<rcpt>... User unknown": an SMTP-time usrerr */
        const char *dots = TT_FIND(p, n, ">... ");
        if (dots) {
            const char *t = dots + 5;
            size_t tn = (size_t)(p + n - t);
            if (TT_IFIND(t, tn, "deferred") || TT_IFIND(t, tn, "try again") || TT_IFIND(t, tn, "temporar")) {
                ev->why = "temporary failure";
                return TT_PARSE_SKIP;
            }
            return sendmail_block(s, &L, 0, t, tn, TT_REASON_POLICY, "recipient refused", ev);
        }
    }
    if (TT_FIND(p, n, "rejecting commands from") || (n > 10 && TT_STARTS(p + n - 10, 10, "[rejected]"))) {
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->why = "refused before MAIL FROM";
        if (ev->src.family == 0)
            tt_bracket_addr(p, n, &ev->src);
        return TT_PARSE_OK;
    }
    ev->src.family = 0;
    ev->why = TT_STARTS(p, n, "from=") ? "message arrival" : "sendmail event";
    return TT_PARSE_SKIP;
}

static const char *const sendmail_apps[] = {"sendmail", "sm-mta", "sm-msp-queue", NULL};

const struct tt_parser_ops tt_parser_sendmail = {
    .name = "sendmail",
    .help = "sendmail (sm-mta): ruleset/milter rejects, deliveries, STARTTLS=client",
    .apps = sendmail_apps,
    .probe = sendmail_probe,
    .state_create = sendmail_state_create,
    .state_destroy = sendmail_state_destroy,
    .parse = sendmail_parse,
};
