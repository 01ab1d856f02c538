/* SPDX-License-Identifier: MIT
 *
 * parse_postfix.c -- Postfix MTA logs (smtpd, postscreen, cleanup, qmgr,
 * smtp, lmtp, local, virtual, pipe, ...), turned into the mail counters of
 * docs/COUNTING.md#postfix: emails_blocked, emails_delivered, emails_sent(_tls).
 *
 *   Feb  1 00:00:01 mx1 postfix/smtpd[1234]: NOQUEUE: reject: RCPT from
 *     unknown[192.0.2.10]: 554 5.7.1 Service unavailable; Client host
 *     [192.0.2.10] blocked using dnsbl.example.org; from=<a@example.com>
 *     to=<b@example.org> proto=ESMTP helo=<example.com>
 *
 * Place in the pipeline: envelope -> this parser -> tally. Lines are routed
 * here by probe() (the app head starts with "postfix": "postfix/smtpd",
 * "postfix-out/smtp", "postfix/submission/smtpd"); dispatch inside is on the
 * message shape, with the last path component of the app (the Postfix
 * program) deciding what a delivery line means.
 *
 * Postfix spreads one message over many lines and processes, so the parser
 * keeps three bounded tables per stream (collector/idtab.h):
 *   - queue ids (host, qid): which counters a message already counted;
 *   - SMTP sessions (host, app, pid[, postscreen client]): the current run of
 *     5xx rejects with one from=<...>, so that a run counts one attempt;
 *   - smtp client TLS peers (host, app, pid): the "host[ip]:port" of the last
 *     "TLS connection established to", so a delivery knows it went over TLS.
 * Entries expire by event time and are dropped on qmgr "removed" and session
 * ends; a full bucket evicts its oldest entry. No allocation after
 * state_create().
 */
#include "collector/idtab.h"
#include "collector/parser.h"
#include "collector/postfix_words.h"

#include <stdlib.h>
#include <string.h>

/* ---- small byte helpers ------------------------------------------------ */

static inline int pf_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline unsigned char pf_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* [p, p+n) starts with literal lit (sizeof-based, so only for literals). */
#define PF_STARTS(p, n, lit) ((n) >= sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)
#define PF_FIND(p, n, lit) tt_memmem((p), (n), (lit), sizeof(lit) - 1)

static int pf_slice_eq(const char *p, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n == m && memcmp(p, lit, m) == 0;
}

/* ---- per-stream state ------------------------------------------------------ */

#define PF_QUEUE_ENTRIES 65536
#define PF_SESSION_ENTRIES 16384
#define PF_TLS_ENTRIES 8192
#define PF_QUEUE_TTL_S (2 * 86400)   /* longer than most queue stays */
#define PF_SESSION_TTL_S 3600         /* smtpd/postscreen sessions */
#define PF_TLS_TTL_S 3600             /* cached smtp connections live minutes */

/* Flags of a queue entry (flags). */
#define PF_Q_BLOCKED 1u   /* emails_blocked counted for this message */
#define PF_Q_DELIVERED 2u /* emails_delivered counted */
#define PF_Q_SENT 4u      /* emails_sent counted */

struct pf_state {
    struct tt_idtab queue;   /* (host, qid) -> PF_Q_* flags; val = key of the smtpd session */
    struct tt_idtab session; /* (host, app, pid[, client]) -> val = from= hash of the run (0 none), val2 = client hash */
    struct tt_idtab tls;     /* (host, app, pid) -> val = hash of "name[ip]:port" of the TLS peer */
};

static void pf_state_destroy(void *p)
{
    struct pf_state *s = p;
    if (!s)
        return;
    tt_idtab_fini(&s->queue);
    tt_idtab_fini(&s->session);
    tt_idtab_fini(&s->tls);
    free(s);
}

static void *pf_state_create(void)
{
    struct pf_state *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    if (tt_idtab_init(&s->queue, PF_QUEUE_ENTRIES, PF_QUEUE_TTL_S) != TT_OK ||
        tt_idtab_init(&s->session, PF_SESSION_ENTRIES, PF_SESSION_TTL_S) != TT_OK ||
        tt_idtab_init(&s->tls, PF_TLS_ENTRIES, PF_TLS_TTL_S) != TT_OK) {
        pf_state_destroy(s);
        return NULL;
    }
    return s;
}

/* ---- routing ------------------------------------------------------------------ */

/* The app head (before the first '/') starts with "postfix", any case. */
static int pf_probe(const struct tt_envelope *env)
{
    const char *p = env->app.p;
    if (env->app.len < 7)
        return 0;
    static const char lit[] = "postfix";
    for (int i = 0; i < 7; i++)
        if (pf_lower((unsigned char)p[i]) != (unsigned char)lit[i])
            return 0;
    return 1;
}

/* ---- field extraction ---------------------------------------------------------- */

/* The address inside the first "[...]" of [p, p+n), into *out (family 0
 * when absent or not an address). */
static void pf_bracket_addr(const char *p, size_t n, struct tt_addr *out)
{
    const char *o = memchr(p, '[', n);
    if (!o)
        return;
    const char *c = memchr(o, ']', (size_t)(p + n - o));
    if (!c)
        return;
    struct tt_addr a;
    if (tt_addr_parse(o + 1, (size_t)(c - o - 1), &a) == TT_OK)
        *out = a;
}

/* The value of "from=<...>" in [p, p+n): Postfix writes "; from=<s> to=<r>"
 * (postscreen "; from=<s>, to=<r>"). Returns 1 and the sender, 0 if absent. */
static int pf_from(const char *p, size_t n, struct tt_slice *out)
{
    const char *f = PF_FIND(p, n, "from=<");
    while (f && f > p && f[-1] != ' ') {
        size_t off = (size_t)(f - p) + 6;
        f = PF_FIND(p + off, n - off, "from=<");
    }
    if (!f)
        return 0;
    const char *s = f + 6;
    const char *e = memchr(s, '>', (size_t)(p + n - s));
    if (!e)
        e = p + n;
    *out = tt_slice_make(s, (size_t)(e - s));
    return 1;
}

/* Reply class at p: "554 5.7.1 ..." or "5.7.1 ..." -> 5; "450 ..." -> 4;
 * 0 when there is no SMTP code. */
static int pf_reply_class(const char *p, size_t n)
{
    if (n >= 3 && pf_is_digit(p[0]) && pf_is_digit(p[1]) && pf_is_digit(p[2]) && (n == 3 || p[3] == ' ' || p[3] == '-'))
        return p[0] - '0';
    if (n >= 2 && pf_is_digit(p[0]) && p[1] == '.')
        return p[0] - '0';
    return 0;
}

/* ---- keys ---------------------------------------------------------------------------- */

/* Keys are composite hashes (collector/idtab.h), never 0: 0 in a queue
 * entry's val means "no session linked". */
static uint64_t pf_key_done(uint64_t k)
{
    return k ? k : 1;
}

static uint64_t pf_queue_key(const struct tt_envelope *env, struct tt_slice qid)
{
    return pf_key_done(tt_idtab_key_add(tt_idtab_key_add(TT_IDTAB_KEY_SEED, env->host), qid));
}

/* smtpd handles one client at a time: (host, app, pid). postscreen handles
 * many: its client "[ip]:port" is part of the key. */
static uint64_t pf_proc_key(const struct tt_envelope *env)
{
    uint64_t k = tt_idtab_key_add(TT_IDTAB_KEY_SEED, env->host);
    return pf_key_done(tt_idtab_key_add(tt_idtab_key_add(k, env->app), env->pid));
}

static uint64_t pf_session_key(const struct tt_envelope *env, struct tt_slice client)
{
    uint64_t k = pf_proc_key(env);
    return client.len ? pf_key_done(tt_idtab_key_add(k, client)) : k;
}

/* Postscreen client token "[ip]:port" at p (up to ':' + ' ' or end). */
static struct tt_slice pf_postscreen_client(const char *p, size_t n)
{
    if (n == 0 || p[0] != '[')
        return tt_slice_make(NULL, 0);
    const char *c = memchr(p, ']', n);
    if (!c)
        return tt_slice_make(NULL, 0);
    size_t i = (size_t)(c - p) + 1;
    if (i < n && p[i] == ':') {
        size_t j = i + 1;
        while (j < n && pf_is_digit(p[j]))
            j++;
        if (j > i + 1)
            i = j;
    }
    return tt_slice_make(p, i);
}

/* ---- handlers -------------------------------------------------------------------------- */

struct pf_line {
    const struct tt_envelope *env; /* borrowed */
    const struct tt_parse_ctx *ctx;/* borrowed */
    enum tt_postfix_prog prog;             /* program class */
    int inferred;                  /* 1: the header had no daemon, prog was read from the message */
    int64_t now_s;                 /* event time for expiry */
};

/* Marks the block of the message (host, qid); returns 1 if it was already
 * counted. */
static int pf_queue_mark(struct pf_state *s, const struct pf_line *L, struct tt_slice qid, unsigned flag,
                         struct tt_idtab_entry **out)
{
    struct tt_idtab_entry *e = tt_idtab_get(&s->queue, pf_queue_key(L->env, qid), L->now_s);
    if (out)
        *out = e;
    if (e->flags & flag)
        return 1;
    e->flags |= flag;
    return 0;
}

/* "QID: proxy-reject: END-OF-MESSAGE: 554 5.7.0 text; from=<..> to=<..> ...":
 * a before-queue content filter (smtpd_proxy_filter) refused the message at
 * the end of DATA, and smtpd passed the refusal on. A 5xx is one blocked
 * email, once per queue id; 4xx is temporary. amavis in that role logs its
 * own Blocked line and hands back its id ("Reject, id=01234-05 - spam"):
 * then the amavis line is the one that counts. The reason comes from the
 * filter's words (docs/COUNTING.md#postfix). */
static enum tt_parse_rc pf_proxy_reject(struct pf_state *s, const struct pf_line *L, int noqueue,
                                        struct tt_slice qid, const char *body, size_t blen, struct tt_event *ev)
{
    const char *sp = memchr(body, ' ', blen);
    const char *reply = sp ? sp + 1 : body + blen;
    size_t rn = (size_t)(body + blen - reply);
    int cls = pf_reply_class(reply, rn);
    if (cls != 5) {
        ev->why = cls == 4 ? "temporary reject" : "proxy-reject without a 5xx code";
        return TT_PARSE_OK;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    const char *semi = PF_FIND(reply, rn, "; from=<");
    size_t tn = semi ? (size_t)(semi - reply) : rn; /* the filter's text only */
    const char *id = PF_FIND(reply, tn, "id=");
    if (id && id + 3 < reply + tn && pf_is_digit(id[3]) && memchr(id, '-', (size_t)(reply + tn - id))) {
        ev->why = "before-queue amavis reject (counted by amavis)";
        return TT_PARSE_OK;
    }
    if (!noqueue && pf_queue_mark(s, L, qid, PF_Q_BLOCKED, NULL)) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    enum tt_reason reason = TT_REASON_POLICY;
    if (tt_memcasemem(reply, tn, "phish", 5))
        reason = TT_REASON_PHISHING;
    else if (tt_memcasemem(reply, tn, "virus", 5) || tt_memcasemem(reply, tn, "infected", 8) ||
             tt_memcasemem(reply, tn, "malware", 7))
        reason = TT_REASON_MALWARE;
    else if (tt_memcasemem(reply, tn, "spam", 4))
        reason = TT_REASON_SPAM;
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = reason;
    ev->why = "before-queue filter reject";
    return TT_PARSE_OK;
}

/* An action line as pf_parse found it: the verb and what follows it. */
struct pf_act {
    enum tt_postfix_action act; /* the verb */
    int milter;                 /* 1: a milter's verdict (milter-reject: ...) */
    int noqueue;                /* 1: no queue file (NOQUEUE, or no id at all) */
    struct tt_slice qid;        /* the queue id, when there is one */
    const char *body;           /* after the verb: "STAGE from CLIENT: CODE text..." */
    size_t blen;                /* its length */
};

/* What pf_reject_reply read of "STAGE from CLIENT: CODE text". */
struct pf_reject {
    enum tt_postfix_stage stage; /* SMTP stage */
    struct tt_slice client;      /* smtpd "host[ip]", postscreen "[ip]:port"; empty for content checks */
    const char *rest;            /* after "STAGE " */
    size_t rlen;                 /* its length */
    int cls;                     /* reply class: 5, 4, or 0 without a code */
};

/* pf_*_reply result meaning "not decided yet, go on counting". */
#define PF_GO_ON TT_PARSE_RC_COUNT

/* cleanup content checks: "... from host[ip]; from=<..> ... helo=<..>: 5.7.1
 * text". The client address comes before "; from=<"; the reply last. */
static enum tt_parse_rc pf_content_reply(struct pf_reject *R, struct tt_event *ev)
{
    const char *rest = R->rest;
    size_t rlen = R->rlen;
    const char *f = PF_FIND(rest, rlen, "; from=<");
    if (f && f > rest && f[-1] == ']') {
        const char *o = f - 1;
        while (o > rest && *o != '[')
            o--;
        pf_bracket_addr(o, (size_t)(f - o), &ev->src);
    } else if (f) {
        /* "... from local; from=<...>": submitted on this host (pickup),
         * not inbound mail */
        ev->verdict = TT_VERDICT_BLOCKED;
        ev->why = "local submission rejected";
        return TT_PARSE_OK;
    }
    const char *h = PF_FIND(rest, rlen, "helo=<");
    const char *c = h ? PF_FIND(h, (size_t)(rest + rlen - h), ">: ") : NULL;
    R->cls = c ? pf_reply_class(c + 3, (size_t)(rest + rlen - c - 3)) : 5;
    if (R->cls == 0)
        R->cls = 5; /* REJECT without code: 550 */
    return PF_GO_ON;
}

/* The client of "from CLIENT: ...": smtpd "host[ip]" (some milter paths
 * "host[ip]:port"), postscreen "[ip]:port". Empty when malformed. */
static struct tt_slice pf_reject_client(const struct pf_line *L, const char *cp, size_t cn)
{
    if (L->prog == TT_POSTFIX_PROG_POSTSCREEN)
        return pf_postscreen_client(cp, cn);
    const char *rb = memchr(cp, ']', cn);
    if (!rb)
        return tt_slice_make(NULL, 0);
    struct tt_slice client = tt_slice_make(cp, (size_t)(rb - cp) + 1);
    size_t i = client.len;
    if (i < cn && cp[i] == ':' && i + 1 < cn && pf_is_digit(cp[i + 1])) {
        i++;
        while (i < cn && pf_is_digit(cp[i]))
            i++;
        client.len = i;
    }
    return client;
}

/* smtpd and postscreen: "from host[ip]: CODE ..." / "from [ip]:port: CODE ...". */
static enum tt_parse_rc pf_client_reply(const struct pf_line *L, const struct pf_act *A, struct pf_reject *R,
                                        struct tt_event *ev)
{
    const char *rest = R->rest;
    size_t rlen = R->rlen;
    if (!PF_STARTS(rest, rlen, "from "))
        return TT_PARSE_BAD;
    R->client = pf_reject_client(L, rest + 5, rlen - 5);
    if (R->client.len == 0)
        return TT_PARSE_BAD;
    pf_bracket_addr(R->client.p, R->client.len, &ev->src);
    size_t i = (size_t)(R->client.p + R->client.len - rest);
    if (i + 2 <= rlen && rest[i] == ':' && rest[i + 1] == ' ')
        R->cls = pf_reply_class(rest + i + 2, rlen - i - 2);
    if (R->cls != 0)
        return PF_GO_ON;
    /* discard/hold carry no SMTP code ("triggers DISCARD action") */
    if (A->act == TT_POSTFIX_ACT_DISCARD || A->act == TT_POSTFIX_ACT_HOLD) {
        R->cls = 5;
        return PF_GO_ON;
    }
    if (R->stage == TT_POSTFIX_STAGE_EARLY) {
        /* postscreen "too many connections" (a 421): no verdict */
        ev->why = "reject before MAIL FROM";
        return TT_PARSE_OK;
    }
    return TT_PARSE_BAD;
}

/* Why a counted reject counts, for --classify. */
static const char *pf_reject_why(const struct pf_line *L, const struct pf_act *A, const struct pf_reject *R,
                                 enum tt_reason reason)
{
    if (A->act == TT_POSTFIX_ACT_DISCARD)
        return "message discarded";
    if (A->act == TT_POSTFIX_ACT_HOLD)
        return "message held (quarantine)";
    if (L->prog == TT_POSTFIX_PROG_POSTSCREEN)
        return "postscreen reject";
    if (reason == TT_REASON_REPUTATION)
        return "DNSBL reject";
    if (A->milter)
        return R->stage == TT_POSTFIX_STAGE_EOM ? "milter reject at end of message" : "milter reject";
    if (R->stage == TT_POSTFIX_STAGE_CONTENT)
        return "content check reject";
    return "SMTP reject";
}

/* The session run of an smtpd/postscreen reject: one attempt is a run of
 * 5xx rejects with the same from=<...> on one process (postscreen: one
 * client). Returns the session entry (NULL none yet) and its key. */
static struct tt_idtab_entry *pf_reject_session(struct pf_state *s, const struct pf_line *L,
                                                const struct pf_reject *R, uint64_t client_h, uint64_t *out_key)
{
    *out_key = pf_session_key(L->env, L->prog == TT_POSTFIX_PROG_POSTSCREEN ? R->client : tt_slice_make(NULL, 0));
    struct tt_idtab_entry *sess = tt_idtab_find(&s->session, *out_key, L->now_s);
    if (sess && sess->val2 != client_h) {
        sess->val = 0; /* another client on this process: a new session */
        sess->val2 = client_h;
    }
    return sess;
}

/* A reject after MAIL FROM with its reply class known: counts one blocked
 * email per attempt (session run) and per message (queue id). */
static enum tt_parse_rc pf_reject_count(struct pf_state *s, const struct pf_line *L, const struct pf_act *A,
                                        const struct pf_reject *R, struct tt_event *ev)
{
    struct tt_slice from = {NULL, 0};
    int has_from = pf_from(R->rest, R->rlen, &from);
    uint64_t from_h = (has_from ? tt_hash64(0xF00D, from.p, from.len) : 0x0BADF00Dull) | 1;
    int smtp_session = L->prog != TT_POSTFIX_PROG_CLEANUP && R->stage != TT_POSTFIX_STAGE_CONTENT;
    uint64_t client_h = R->client.len ? tt_hash64(0xC11E, R->client.p, R->client.len) | 1 : 1;
    uint64_t sk = 0;
    struct tt_idtab_entry *sess = smtp_session ? pf_reject_session(s, L, R, client_h, &sk) : NULL;
    if (R->cls != 5) {
        /* 4xx (or odd) codes never count; a different sender ends the run. */
        if (sess && sess->val != from_h)
            sess->val = 0;
        ev->verdict = TT_VERDICT_OTHER;
        ev->why = "temporary reject";
        return TT_PARSE_OK;
    }
    enum tt_reason reason = TT_REASON_POLICY;
    if (L->prog == TT_POSTFIX_PROG_POSTSCREEN || PF_FIND(R->rest, R->rlen, "blocked using"))
        reason = TT_REASON_REPUTATION;
    else if (A->milter && R->stage == TT_POSTFIX_STAGE_EOM)
        reason = TT_REASON_SPAM;
    ev->verdict = TT_VERDICT_BLOCKED;
    /* A recipient refused inside a transaction that already has a queue
     * file: the message itself was accepted (and is counted when it is
     * delivered), unless the action discards or holds the whole message. */
    if (!A->noqueue && (R->stage == TT_POSTFIX_STAGE_RCPT || R->stage == TT_POSTFIX_STAGE_MAIL) &&
        A->act != TT_POSTFIX_ACT_DISCARD && A->act != TT_POSTFIX_ACT_HOLD) {
        ev->why = "recipient rejected, message accepted";
        return TT_PARSE_OK;
    }
    /* Message-level blocks carry a queue id: once per (host, qid). */
    struct tt_idtab_entry *q = NULL;
    if (!A->noqueue) {
        if (pf_queue_mark(s, L, A->qid, PF_Q_BLOCKED, &q)) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        /* cleanup: link to the smtpd session that received the message */
        if (!smtp_session && q->val)
            sess = tt_idtab_find(&s->session, q->val, L->now_s);
    }
    if (sess && sess->val == from_h) {
        sess->seen_s = L->now_s;
        ev->why = "same attempt as previous reject";
        return TT_PARSE_OK;
    }
    if (smtp_session) {
        if (!sess)
            sess = tt_idtab_get(&s->session, sk, L->now_s);
        sess->val2 = client_h;
    }
    if (sess) {
        sess->val = from_h;
        sess->seen_s = L->now_s;
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = reason;
    ev->why = pf_reject_why(L, A, R, reason);
    return TT_PARSE_OK;
}

/* "reject: STAGE from CLIENT: CODE text; from=<...> to=<...> ..." and the
 * milter/discard/hold/proxy variants, from smtpd, postscreen and cleanup. */
static enum tt_parse_rc pf_action_line(struct pf_state *s, const struct pf_line *L, const struct pf_act *A,
                                       struct tt_event *ev)
{
    if (A->act == TT_POSTFIX_ACT_PROXY_REJECT)
        return pf_proxy_reject(s, L, A->noqueue, A->qid, A->body, A->blen, ev);
    if (A->act == TT_POSTFIX_ACT_PROXY_ACCEPT) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "before-queue filter accepted (delivery counted later)";
        return TT_PARSE_OK;
    }
    if (A->act == TT_POSTFIX_ACT_INFO) {
        ev->why = "informational action";
        return TT_PARSE_OK;
    }
    const char *sp = memchr(A->body, ' ', A->blen);
    if (!sp)
        return TT_PARSE_BAD;
    struct pf_reject R = {0};
    R.stage = tt_postfix_stage(A->body, (size_t)(sp - A->body));
    R.rest = sp + 1;
    R.rlen = A->blen - (size_t)(R.rest - A->body);
    enum tt_parse_rc rc = R.stage == TT_POSTFIX_STAGE_CONTENT ? pf_content_reply(&R, ev) : pf_client_reply(L, A, &R, ev);
    if (rc != PF_GO_ON)
        return rc;
    if (R.stage == TT_POSTFIX_STAGE_EARLY) {
        ev->verdict = R.cls == 5 ? TT_VERDICT_BLOCKED : TT_VERDICT_OTHER;
        ev->why = R.cls == 5 ? "reject before MAIL FROM" : "temporary reject";
        return TT_PARSE_OK;
    }
    return pf_reject_count(s, L, A, &R, ev);
}

/* Value of ", name=" up to the next ", " (or end); 0 if absent. */
static int pf_field(const char *p, size_t n, const char *name, size_t name_len, struct tt_slice *out)
{
    const char *f = tt_memmem(p, n, name, name_len);
    if (!f)
        return 0;
    const char *v = f + name_len;
    size_t vn = (size_t)(p + n - v);
    const char *e = tt_memmem(v, vn, ", ", 2);
    *out = tt_slice_make(v, e ? (size_t)(e - v) : vn);
    return 1;
}

/* Relay kinds of a delivery. */
enum pf_relay {
    PF_RELAY_NONE = 0, /* relay=none */
    PF_RELAY_LOCAL,    /* loopback address: content filter, or dovecot/cyrus over LMTP */
    PF_RELAY_SOCKET,   /* a unix socket: [private/dovecot-lmtp], [/var/run/cyrus/socket/lmtp] */
    PF_RELAY_HOME,     /* inside --home-net */
    PF_RELAY_EXTERNAL, /* outside --home-net */
    PF_RELAY_NAME,     /* a transport name without address: local, virtual, dovecot, ... */
    PF_RELAY_COUNT
};

static enum pf_relay pf_relay_kind(const struct pf_line *L, struct tt_slice relay, struct tt_addr *out_addr)
{
    if (pf_slice_eq(relay.p, relay.len, "none"))
        return PF_RELAY_NONE;
    const char *o = memchr(relay.p, '[', relay.len);
    if (!o)
        return PF_RELAY_NAME;
    const char *c = memchr(o, ']', (size_t)(relay.p + relay.len - o));
    if (!c)
        return PF_RELAY_NAME;
    struct tt_addr a;
    if (tt_addr_parse(o + 1, (size_t)(c - o - 1), &a) != TT_OK)
        return PF_RELAY_SOCKET; /* [private/dovecot-lmtp], [/var/run/...] */
    *out_addr = a;
    if (tt_addr_is_loopback(&a))
        return PF_RELAY_LOCAL;
    if (L->ctx && L->ctx->home_net && tt_cidr_set_contains(L->ctx->home_net, &a))
        return PF_RELAY_HOME;
    return PF_RELAY_EXTERNAL;
}

/* A pipe(8) transport named for a content filter: "filter", "spamfilter",
 * "amavisfeed", "dspam", "spamassassin", "clamav", "scanner" ... */
static int pf_filter_name(struct tt_slice relay)
{
    static const char *const words[] = {"filter", "spam", "amavis", "scan", "clam", "virus"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (tt_memcasemem(relay.p, relay.len, words[i], strlen(words[i])))
            return 1;
    return 0;
}

/* What a "status=sent" line of agent L->prog to relay kind is. */
enum pf_dlv {
    PF_DLV_NONE = 0,  /* counts nothing ("not delivered") */
    PF_DLV_METRIC,    /* a delivery: *out_metric says which */
    PF_DLV_HANDOFF,   /* the hop into a content filter */
    PF_DLV_FORWARDED, /* local(8) forwarded it under a new queue id */
    PF_DLV_DISCARD,   /* discard(8) */
    PF_DLV_NOT_AGENT, /* a program that never delivers */
    PF_DLV_COUNT
};

static enum pf_dlv pf_delivery_kind(const struct pf_line *L, enum pf_relay kind, struct tt_slice relay,
                                    const char *reply, size_t reply_len, int filter_reply, enum tt_metric *out_metric)
{
    enum tt_postfix_prog prog = L->prog;
    if (L->inferred) {
        /* The daemon is not in the header (rsyslog RFC 5424 forwarding cut
         * the APP-NAME to "postfix"): the relay tells. "local"/"virtual" are
         * the mailbox agents; an address or socket relay is smtp or lmtp,
         * which the reply tells apart for local hops. */
        if (kind == PF_RELAY_NAME)
            prog = TT_POSTFIX_PROG_MAILBOX;
        else if (kind == PF_RELAY_NONE)
            prog = TT_POSTFIX_PROG_DISCARD; /* only discard(8) says status=sent with relay=none */
        else if (kind == PF_RELAY_LOCAL)
            prog = TT_POSTFIX_PROG_LMTP;
    }
    *out_metric = TT_METRIC_NONE;
    switch (prog) {
    case TT_POSTFIX_PROG_MAILBOX:
        if (reply && PF_STARTS(reply, reply_len, "(forwarded as "))
            return PF_DLV_FORWARDED;
        /* pipe(8) into a content filter that re-injects the message
         * (FILTER_README's "filter" transport, spamfilter, dspam, ...), or
         * to a loopback address that answers like one: the filter hop */
        if ((kind == PF_RELAY_LOCAL && filter_reply) || (kind == PF_RELAY_NAME && pf_filter_name(relay)))
            return PF_DLV_HANDOFF;
        *out_metric = TT_METRIC_EMAILS_DELIVERED;
        return PF_DLV_METRIC;
    case TT_POSTFIX_PROG_LMTP:
        /* LMTP to dovecot/cyrus is final delivery; LMTP into amavis on
         * loopback is the content-filter hop ("queued as", "id=..."). */
        if ((kind == PF_RELAY_LOCAL || kind == PF_RELAY_SOCKET) && filter_reply)
            return PF_DLV_HANDOFF;
        if (kind == PF_RELAY_NONE)
            return PF_DLV_NONE;
        *out_metric = TT_METRIC_EMAILS_DELIVERED;
        return PF_DLV_METRIC;
    case TT_POSTFIX_PROG_DISCARD:
        return PF_DLV_DISCARD;
    case TT_POSTFIX_PROG_NODELIVER:
    case TT_POSTFIX_PROG_SMTPD:
    case TT_POSTFIX_PROG_POSTSCREEN:
    case TT_POSTFIX_PROG_CLEANUP:
        return PF_DLV_NOT_AGENT;
    case TT_POSTFIX_PROG_SMTP:
    case TT_POSTFIX_PROG_OTHER:
    default:
        if (kind == PF_RELAY_LOCAL)
            return PF_DLV_HANDOFF; /* smtp to loopback: the content-filter hop */
        if (kind == PF_RELAY_SOCKET && filter_reply)
            return PF_DLV_HANDOFF;
        if (kind == PF_RELAY_SOCKET || kind == PF_RELAY_HOME)
            *out_metric = TT_METRIC_EMAILS_DELIVERED;
        else if (kind == PF_RELAY_EXTERNAL)
            *out_metric = TT_METRIC_EMAILS_SENT;
        else if (kind == PF_RELAY_NAME && L->prog == TT_POSTFIX_PROG_OTHER)
            *out_metric = TT_METRIC_EMAILS_DELIVERED; /* pipe/local under a site syslog_name */
        return *out_metric == TT_METRIC_NONE ? PF_DLV_NONE : PF_DLV_METRIC;
    }
}

/* "QID: to=<rcpt>, [orig_to=<..>, ]relay=R, ..., status=S (reply)" */
static enum tt_parse_rc pf_delivery_line(struct pf_state *s, const struct pf_line *L, struct tt_slice qid,
                                         const char *p, size_t n, struct tt_event *ev)
{
    const char *st = PF_FIND(p, n, ", status=");
    if (!st)
        return TT_PARSE_BAD;
    const char *sv = st + 9;
    size_t svn = (size_t)(p + n - sv);
    const char *reply = memchr(sv, '(', svn);
    size_t reply_len = reply ? (size_t)(p + n - reply) : 0;
    const char *se = memchr(sv, ' ', svn);
    struct tt_slice status = tt_slice_make(sv, se ? (size_t)(se - sv) : svn);
    struct tt_slice relay = {NULL, 0};
    int has_relay = pf_field(p, (size_t)(st - p) + 2, ", relay=", 8, &relay);

    if (!pf_slice_eq(status.p, status.len, "sent")) {
        ev->verdict = TT_VERDICT_OTHER;
        ev->why = "not delivered";
        if (pf_slice_eq(status.p, status.len, "bounced") && has_relay && L->prog != TT_POSTFIX_PROG_MAILBOX) {
            struct tt_addr a = {0};
            if (pf_relay_kind(L, relay, &a) == PF_RELAY_LOCAL) {
                /* the content filter refused it and logged its own verdict */
                ev->verdict = TT_VERDICT_BLOCKED;
                ev->why = "content-filter reject (counted by the filter)";
            }
        }
        return TT_PARSE_OK;
    }
    if (!has_relay)
        return TT_PARSE_BAD;

    struct tt_addr addr = {0};
    enum pf_relay kind = pf_relay_kind(L, relay, &addr);
    int handoff_discard = reply && (PF_FIND(reply, reply_len, "discarded") != NULL);
    /* What a content filter answers when it takes a message: it re-injects
     * it under a new queue id, or names its own id. A mailbox server
     * (dovecot "Saved", cyrus "Ok SESSIONID=") says neither. */
    int filter_reply = reply && (PF_FIND(reply, reply_len, "queued as") || PF_FIND(reply, reply_len, ", id=") ||
                                 handoff_discard);
    enum tt_metric metric = TT_METRIC_NONE;
    enum pf_dlv what = pf_delivery_kind(L, kind, relay, reply, reply_len, filter_reply, &metric);
    int handoff = what == PF_DLV_HANDOFF; /* the hop into a content filter, not a delivery */
    switch (what) {
    case PF_DLV_FORWARDED:
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "forwarded under a new queue id";
        return TT_PARSE_OK;
    case PF_DLV_DISCARD:
        /* discard(8): a transport map sent the message nowhere, and said
         * "sent" - the gateway discarded it, once per message. */
        ev->verdict = TT_VERDICT_BLOCKED;
        if (pf_queue_mark(s, L, qid, PF_Q_BLOCKED, NULL)) {
            ev->why = "discard transport, message already counted";
            return TT_PARSE_OK;
        }
        ev->metric = TT_METRIC_EMAILS_BLOCKED;
        ev->reason = TT_REASON_POLICY;
        ev->why = "discard transport";
        return TT_PARSE_OK;
    case PF_DLV_NOT_AGENT:
        ev->why = "not a delivery agent";
        return TT_PARSE_OK;
    default:
        break;
    }

    if (handoff) {
        ev->verdict = handoff_discard ? TT_VERDICT_BLOCKED : TT_VERDICT_OTHER;
        ev->why = handoff_discard ? "content-filter discard (counted by the filter)" : "content-filter handoff";
        return TT_PARSE_OK;
    }
    if (metric == TT_METRIC_NONE) {
        ev->why = "not delivered";
        return TT_PARSE_OK;
    }

    ev->verdict = TT_VERDICT_ALLOWED;
    ev->dst = addr;
    unsigned flag = metric == TT_METRIC_EMAILS_SENT ? PF_Q_SENT : PF_Q_DELIVERED;
    if (pf_queue_mark(s, L, qid, flag, NULL)) {
        ev->why = "already counted";
        return TT_PARSE_OK;
    }
    ev->metric = metric;
    if (metric == TT_METRIC_EMAILS_SENT) {
        ev->why = "sent to external relay";
        struct tt_slice peer = relay;
        const char *sp = memchr(peer.p, ' ', peer.len);
        if (sp)
            peer.len = (size_t)(sp - peer.p);
        struct tt_idtab_entry *t = tt_idtab_find(&s->tls, pf_proc_key(L->env), L->now_s);
        if (t && t->val == (tt_hash64(0x7150, peer.p, peer.len) | 1)) {
            ev->tls = 1;
            t->seen_s = L->now_s;
        }
    } else {
        ev->why = "delivered";
    }
    return TT_PARSE_OK;
}

/* "Trusted TLS connection established to mx.example.com[192.0.2.1]:25: ..." */
static int pf_tls_line(struct pf_state *s, const struct pf_line *L, const char *p, size_t n)
{
    const char *sp = memchr(p, ' ', TT_MIN(n, 12));
    if (!sp)
        return 0;
    size_t i = (size_t)(sp - p) + 1;
    static const char lit[] = "TLS connection established ";
    if (n - i < sizeof(lit) - 1 || memcmp(p + i, lit, sizeof(lit) - 1) != 0)
        return 0;
    i += sizeof(lit) - 1;
    if (!PF_STARTS(p + i, n - i, "to "))
        return 1; /* "... established from" (smtpd): nothing to keep */
    i += 3;
    /* peer ends at the ": " after "]:port" */
    const char *rb = memchr(p + i, ']', n - i);
    if (!rb)
        return 1;
    size_t e = (size_t)(rb - p) + 1;
    if (e < n && p[e] == ':') {
        size_t j = e + 1;
        while (j < n && pf_is_digit(p[j]))
            j++;
        e = j;
    }
    struct tt_idtab_entry *t = tt_idtab_get(&s->tls, pf_proc_key(L->env), L->now_s);
    t->val = tt_hash64(0x7150, p + i, e - i) | 1;
    return 1;
}

/* Session boundaries: smtpd "connect from"/"disconnect from", postscreen
 * "CONNECT from [ip]:port to ..."/"DISCONNECT [ip]:port". */
static void pf_session_end(struct pf_state *s, const struct pf_line *L, struct tt_slice client)
{
    tt_idtab_remove(&s->session, pf_session_key(L->env, client));
}

/* An action line's BAD result says why for --classify. */
static enum tt_parse_rc pf_action_rc(struct pf_state *s, const struct pf_line *L, const struct pf_act *A,
                                     struct tt_event *ev)
{
    enum tt_parse_rc rc = pf_action_line(s, L, A, ev);
    if (rc == TT_PARSE_BAD) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "malformed Postfix action line";
    }
    return rc;
}

/* "client=": smtpd opened a queue file for this session. When the session
 * has a counted run of rejects, link the message to it so that a later
 * cleanup reject of the same sender joins that run. (Only then: most
 * messages need no queue entry before delivery.) */
static void pf_client_line(struct pf_state *s, const struct pf_line *L, struct tt_slice qid)
{
    if (L->prog != TT_POSTFIX_PROG_SMTPD && L->prog != TT_POSTFIX_PROG_OTHER)
        return;
    uint64_t sk = pf_session_key(L->env, tt_slice_make(NULL, 0));
    struct tt_idtab_entry *se = tt_idtab_find(&s->session, sk, L->now_s);
    if (se && se->val)
        tt_idtab_get(&s->queue, pf_queue_key(L->env, qid), L->now_s)->val = sk;
}

/* A message after its queue id ("4Q1: ..." or "NOQUEUE: ..."), r = the rest. */
static enum tt_parse_rc pf_queue_line(struct pf_state *s, const struct pf_line *L, struct tt_slice qid, int noqueue,
                                      const char *r, size_t rn, struct tt_event *ev)
{
    struct pf_act A = {.noqueue = noqueue, .qid = qid};
    size_t alen;
    A.act = tt_postfix_action(r, rn, &alen, &A.milter);
    if (A.act != TT_POSTFIX_ACT_NONE) {
        A.body = r + alen;
        A.blen = rn - alen;
        return pf_action_rc(s, L, &A, ev);
    }
    if (noqueue) {
        ev->why = "no queue file";
    } else if (PF_STARTS(r, rn, "to=")) { /* "to=<a@b>", or "to=a@b" from old releases */
        enum tt_parse_rc rc = pf_delivery_line(s, L, qid, r, rn, ev);
        if (rc == TT_PARSE_BAD) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "delivery line without status or relay";
        }
        return rc;
    } else if (pf_slice_eq(r, rn, "removed")) {
        tt_idtab_remove(&s->queue, pf_queue_key(L->env, qid));
        ev->why = "queue file removed";
    } else if (PF_STARTS(r, rn, "client=")) {
        pf_client_line(s, L, qid);
        ev->why = "message received";
    } else if (PF_STARTS(r, rn, "sender non-delivery notification") ||
               PF_STARTS(r, rn, "sender delivery status notification") ||
               PF_STARTS(r, rn, "postmaster non-delivery notification")) {
        ev->why = "bounce notice";
    } else {
        ev->why = "queue event";
    }
    return TT_PARSE_OK;
}

/* A message without a queue id: sessions, TLS, postscreen, warnings. */
static enum tt_parse_rc pf_other_line(struct pf_state *s, const struct pf_line *L, const char *p, size_t n,
                                      struct tt_event *ev)
{
    struct pf_act A = {.noqueue = 1};
    size_t alen;
    A.act = tt_postfix_action(p, n, &alen, &A.milter);
    if (A.act != TT_POSTFIX_ACT_NONE && A.act != TT_POSTFIX_ACT_INFO) {
        /* an action without "NOQUEUE: " or a queue id in front (seen from
         * tools that strip it): the same rules, with no queue file */
        A.body = p + alen;
        A.blen = n - alen;
        return pf_action_rc(s, L, &A, ev);
    }
    if (pf_tls_line(s, L, p, n)) {
        ev->why = "TLS connection";
    } else if (L->prog == TT_POSTFIX_PROG_POSTSCREEN) {
        if (PF_STARTS(p, n, "CONNECT from ")) {
            pf_session_end(s, L, pf_postscreen_client(p + 13, n - 13));
            ev->why = "postscreen connect";
        } else if (PF_STARTS(p, n, "DISCONNECT ")) {
            pf_session_end(s, L, pf_postscreen_client(p + 11, n - 11));
            ev->why = "postscreen disconnect";
        } else {
            ev->why = "postscreen event";
        }
    } else if (PF_STARTS(p, n, "connect from ")) {
        pf_session_end(s, L, tt_slice_make(NULL, 0));
        ev->why = "connect";
    } else if (PF_STARTS(p, n, "disconnect from ")) {
        pf_session_end(s, L, tt_slice_make(NULL, 0));
        ev->why = "disconnect";
    } else if (PF_STARTS(p, n, "warning: ")) {
        ev->why = "warning";
    } else {
        ev->why = "Postfix event";
    }
    return TT_PARSE_OK;
}

static enum tt_parse_rc pf_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct pf_state *s = state;
    if (!pf_probe(env) || !s)
        return TT_PARSE_NOMATCH;
    struct pf_line L;
    L.env = env;
    L.ctx = ctx;
    L.prog = tt_postfix_prog(env->app);
    L.inferred = 0;
    L.now_s = ctx ? ctx->now_s : 0;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    /* tolerate CR line ends */
    while (n && (p[n - 1] == '\r' || p[n - 1] == '\n'))
        n--;
    if (!memchr(env->app.p, '/', env->app.len)) {
        L.prog = tt_postfix_infer_prog(p, n);
        L.inferred = 1;
    }
    if (n == 0) {
        ev->why = "empty Postfix message";
        return TT_PARSE_SKIP;
    }
    struct tt_slice qid = {NULL, 0};
    int noqueue = 0;
    size_t q = tt_postfix_queue_id(p, n, &qid, &noqueue);
    enum tt_parse_rc rc = q ? pf_queue_line(s, &L, qid, noqueue, p + q, n - q, ev) : pf_other_line(s, &L, p, n, ev);
    if (rc == TT_PARSE_OK && ev->verdict == TT_VERDICT_OTHER && ev->metric == TT_METRIC_NONE)
        rc = TT_PARSE_SKIP;
    return rc;
}

const struct tt_parser_ops tt_parser_postfix = {
    .name = "postfix",
    .help = "Postfix MTA (smtpd, postscreen, cleanup, qmgr, smtp, lmtp, local, virtual, pipe)",
    .apps = NULL,
    .probe = pf_probe,
    .state_create = pf_state_create,
    .state_destroy = pf_state_destroy,
    .parse = pf_parse,
};
