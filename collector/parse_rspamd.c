/* SPDX-License-Identifier: MIT
 *
 * parse_rspamd.c -- rspamd's per-message result line (rspamd_task_write_log,
 * the default log_format), from its own log file or through syslog, turned
 * into emails_blocked (docs/COUNTING.md#mail-gateways).
 *
 *   2018-02-01 00:00:01 #4242(normal) <a1b2c3>; task; rspamd_task_write_log:
 *     id: <m1@example.net>, qid: <4F2A31C0123>, ip: 192.0.2.10, from:
 *     <a@example.net>, (default: T (reject): [17.20/15.00] [BAYES_SPAM(5.10)
 *     {99.9%;},RBL_SPAMHAUS_XBL(4.00){10.2.0.192.zen.spamhaus.org;}]), len:
 *     2345, time: 812.4ms, dns req: 21, digest: <...>, rcpts: <b@example.org>
 *
 * Place in the pipeline: envelope -> this parser (program "rspamd", or the
 * probe for the file log whose host slot reads "#pid(worker)") -> tally.
 *
 * The action is rspamd's recommendation the MTA (milter/proxy) enforces
 * (https://rspamd.com/doc/faq.html, "actions"):
 *   reject, discard, quarantine      -> blocked, emails_blocked once per
 *                                       message (qid, else Message-ID)
 *   soft reject, greylist            -> other: temporary, the client retries
 *   add header, rewrite subject,
 *   no action                        -> allowed; the MTA counts the delivery
 * Reason: a *VIRUS* symbol (CLAM_VIRUS, ...) -> malware; PHISHED_* (URL in a
 * phishing feed) -> phishing; otherwise spam (the score decided). Only
 * inbound mail counts: "user:" (authenticated submission) or an ip inside
 * --home-net make the block verdict blocked without a count.
 */
#include "collector/idstate.h"
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/parser.h"

#include <stdlib.h>
#include <strings.h>

#define RSPAMD_SEEN_ENTRIES 16384
#define RSPAMD_SEEN_TTL_S 86400

struct rspamd_state {
    struct tt_idtab seen; /* (host, qid|mid) of counted blocks */
};

static void rspamd_state_destroy(void *p)
{
    tt_idstate_destroy(p, offsetof(struct rspamd_state, seen));
}

static void *rspamd_state_create(void)
{
    return tt_idstate_create(sizeof(struct rspamd_state), offsetof(struct rspamd_state, seen), RSPAMD_SEEN_ENTRIES, RSPAMD_SEEN_TTL_S);
}

static int rspamd_app(struct tt_slice app)
{
    return app.len == 6 && strncasecmp(app.p, "rspamd", 6) == 0;
}

/* File log: "YYYY-MM-DD HH:MM:SS #pid(worker) <tag>; module; ..." */
static int rspamd_probe(const struct tt_envelope *env)
{
    return rspamd_app(env->app) || (env->host.len > 3 && env->host.p[0] == '#' && env->msg.len && env->msg.p[0] == '<');
}

/* "<key><value>, " for value keys like "qid: <", "ip: ": the value up to
 * '>' (bracketed) or ',' . */
static int rspamd_value(const char *p, size_t n, const char *key, size_t kl, struct tt_slice *out)
{
    const char *f = tt_memmem(p, n, key, kl);
    if (!f || (f > p && f[-1] != ' '))
        return 0;
    const char *v = f + kl;
    const char *end = p + n;
    if (v < end && *v == '<') {
        const char *c = memchr(v, '>', (size_t)(end - v));
        if (!c)
            return 0;
        *out = tt_slice_make(v + 1, (size_t)(c - v - 1));
        return 1;
    }
    const char *c = memchr(v, ',', (size_t)(end - v));
    *out = tt_slice_make(v, c ? (size_t)(c - v) : (size_t)(end - v));
    return 1;
}

static enum tt_parse_rc rspamd_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct rspamd_state *s = state;
    if (!rspamd_probe(env) || !s)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    const char *w = TT_FIND(p, TT_MIN(n, 96), "rspamd_task_write_log: ");
    if (!w) {
        ev->why = "rspamd event";
        return TT_PARSE_SKIP;
    }
    w += 23;
    size_t wn = (size_t)(p + n - w);
    /* "(default: T (reject): [" -- the metric name may differ; take the first
     * "(NAME: X (" */
    const char *a = TT_FIND(w, wn, ": T (");
    if (!a)
        a = TT_FIND(w, wn, ": F (");
    if (!a)
        a = TT_FIND(w, wn, ": S (");
    if (!a) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "rspamd result without action";
        return TT_PARSE_BAD;
    }
    const char *act = a + 5;
    const char *act_end = TT_FIND(act, (size_t)(p + n - act), "): ");
    if (!act_end) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "rspamd result without action";
        return TT_PARSE_BAD;
    }
    struct tt_slice action = tt_slice_make(act, (size_t)(act_end - act));
    struct tt_slice head = tt_slice_make(w, (size_t)(a - w)); /* id/qid/ip/user/from before the result */
    struct tt_slice ip = {NULL, 0}, user = {NULL, 0}, qid = {NULL, 0}, mid = {NULL, 0};
    if (rspamd_value(head.p, head.len, "ip: ", 4, &ip)) {
        struct tt_addr addr;
        if (tt_addr_parse(ip.p, ip.len, &addr) == TT_OK)
            ev->src = addr;
    }
    int has_user = rspamd_value(head.p, head.len, "user: ", 6, &user) && user.len;
    rspamd_value(head.p, head.len, "qid: ", 5, &qid);
    rspamd_value(head.p, head.len, "id: ", 4, &mid);

    if (tt_slice_eq(action, "no action") || tt_slice_eq(action, "add header") ||
        tt_slice_eq(action, "rewrite subject")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "passed (delivery counted by the MTA)";
        return TT_PARSE_OK;
    }
    if (tt_slice_eq(action, "soft reject") || tt_slice_eq(action, "greylist")) {
        ev->why = "temporary (client retries)";
        return TT_PARSE_SKIP;
    }
    if (!(tt_slice_eq(action, "reject") || tt_slice_eq(action, "discard") || tt_slice_eq(action, "quarantine"))) {
        ev->why = "unknown rspamd action";
        return TT_PARSE_SKIP;
    }
    ev->verdict = TT_VERDICT_BLOCKED;
    if (has_user || tt_is_home(ctx, &ev->src)) {
        ev->why = "outbound or internal message";
        return TT_PARSE_OK;
    }
    struct tt_slice id = qid.len && !tt_slice_eq(qid, "undef") ? qid : mid;
    if (id.len) {
        /* the file log's host slot is the worker "#pid(normal)": not a host */
        struct tt_slice host = env->host.len && env->host.p[0] == '#' ? tt_slice_make(NULL, 0) : env->host;
        uint64_t h = tt_hash64(tt_hash64(0x55, host.p, host.len), id.p, id.len);
        int64_t now = ctx ? ctx->now_s : 0;
        if (tt_idtab_find(&s->seen, h, now)) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        tt_idtab_get(&s->seen, h, now);
    }
    /* symbols: "[SYM(score){opts},...]" after the score */
    const char *sy = act_end + 3;
    size_t syn = (size_t)(p + n - sy);
    const char *lb = syn ? memchr(sy, ']', syn) : NULL; /* end of [score/required] */
    const char *se = lb ? TT_FIND(lb, (size_t)(p + n - lb), "]), ") : NULL;
    const char *sym_p = lb ? lb : sy;
    size_t sym_n = se ? (size_t)(se - sym_p) : (size_t)(p + n - sym_p);
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    if (TT_FIND(sym_p, sym_n, "VIRUS")) {
        ev->reason = TT_REASON_MALWARE;
        ev->why = "rspamd virus";
    } else if (TT_FIND(sym_p, sym_n, "PHISHED_")) {
        ev->reason = TT_REASON_PHISHING;
        ev->why = "rspamd phishing URL";
    } else {
        ev->reason = TT_REASON_SPAM;
        ev->why = "rspamd spam";
    }
    return TT_PARSE_OK;
}

static const char *const rspamd_apps[] = {"rspamd", NULL};

const struct tt_parser_ops tt_parser_rspamd = {
    .name = "rspamd",
    .help = "rspamd scan results (rspamd_task_write_log): reject/discard/quarantine",
    .apps = rspamd_apps,
    .probe = rspamd_probe,
    .state_create = rspamd_state_create,
    .state_destroy = rspamd_state_destroy,
    .parse = rspamd_parse,
};
