/* SPDX-License-Identifier: MIT
 *
 * parse_mailscanner.c -- MailScanner (with its "Log Spam" and virus notices)
 * turned into emails_blocked (docs/COUNTING.md#mail-gateways).
 *
 *   Feb  1 00:00:01 mx1 MailScanner[4242]: Spam Actions: message
 *     4F2A31C0123.A1B2C actions are store
 *
 * Place in the pipeline: envelope -> this parser (program MailScanner, any
 * case) -> tally.
 *
 * What MailScanner does with a message is logged apart from what it found
 * (MailScanner/Message.pm, HandleHamAndSpam):
 *   "Message ID from IP (sender) to dom is spam, ..."  -> other: a detection;
 *       the client IP is remembered (inside --home-net = not inbound)
 *   "Spam Actions: message ID actions are A,B"         -> without deliver or
 *       forward the message is dropped (delete) or quarantined (store):
 *       blocked, emails_blocked:spam once per message; else allowed
 *   "Non-delivery of Spam: message ID ..."             -> the same decision
 *       (Log Delivery); counted once with the line above
 *   "Infected message ID came from IP"                 -> the infection was
 *       removed and quarantined: blocked, emails_blocked:malware once
 *   "Delivery of Spam|Nonspam: ..."                    -> allowed (the MTA
 *       counts the delivery)
 *   batch summaries, phishing-link notices, requeues   -> other
 * State: per message id (host, id): remembered client direction and
 * whether it already counted, bounded (1 day).
 */
#include "collector/idstate.h"
#include "collector/scan_kv.h"
#include "collector/scan_addr.h"
#include "collector/parser.h"

#include <stdlib.h>
#include <strings.h>

#define MAILSCANNER_ENTRIES 32768
#define MAILSCANNER_TTL_S 86400

#define MAILSCANNER_F_COUNTED 1u
#define MAILSCANNER_F_LOCAL 2u   /* client inside --home-net: outbound/internal */
#define MAILSCANNER_F_INBOUND 4u /* client outside --home-net */

struct mailscanner_state {
    struct tt_idtab msg; /* (host, message id) -> MAILSCANNER_F_* */
};

static void mailscanner_state_destroy(void *p)
{
    tt_idstate_destroy(p, offsetof(struct mailscanner_state, msg));
}

static void *mailscanner_state_create(void)
{
    return tt_idstate_create(sizeof(struct mailscanner_state), offsetof(struct mailscanner_state, msg), MAILSCANNER_ENTRIES, MAILSCANNER_TTL_S);
}

static int mailscanner_app(struct tt_slice app)
{
    return app.len == 11 && strncasecmp(app.p, "MailScanner", 11) == 0;
}

static int mailscanner_probe(const struct tt_envelope *env)
{
    return mailscanner_app(env->app);
}

/* The word at p (up to a blank). */
static struct tt_slice mailscanner_word(const char *p, size_t n)
{
    const char *sp = memchr(p, ' ', n);
    return tt_slice_make(p, sp ? (size_t)(sp - p) : n);
}

static uint64_t mailscanner_key(const struct tt_envelope *env, struct tt_slice id)
{
    return tt_hash64(tt_hash64(0x4D, env->host.p, env->host.len), id.p, id.len);
}

/* Counts a block of message id once, unless its client was local. */
static enum tt_parse_rc mailscanner_block(struct mailscanner_state *s, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_slice id, enum tt_reason reason, const char *why, struct tt_event *ev)
{
    int64_t now = ctx ? ctx->now_s : 0;
    struct tt_idtab_entry *e = tt_idtab_get(&s->msg, mailscanner_key(env, id), now);
    ev->verdict = TT_VERDICT_BLOCKED;
    if (ev->src.family && !(e->val & (MAILSCANNER_F_LOCAL | MAILSCANNER_F_INBOUND)))
        e->val |= tt_is_home(ctx, &ev->src) ? MAILSCANNER_F_LOCAL : MAILSCANNER_F_INBOUND;
    if (e->val & MAILSCANNER_F_LOCAL) {
        ev->why = "outbound or internal message";
        return TT_PARSE_OK;
    }
    if (e->val & MAILSCANNER_F_COUNTED) {
        ev->why = "same message as previous block";
        return TT_PARSE_OK;
    }
    e->val |= MAILSCANNER_F_COUNTED;
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = reason;
    ev->why = why;
    return TT_PARSE_OK;
}

static enum tt_parse_rc mailscanner_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct mailscanner_state *s = state;
    if (!mailscanner_app(env->app) || !s)
        return TT_PARSE_NOMATCH;
    const char *p = env->msg.p;
    size_t n = env->msg.len;
    int64_t now = ctx ? ctx->now_s : 0;

    if (TT_STARTS(p, n, "Message ")) {
        /* "Message ID from IP (sender) to dom is spam, ..." */
        struct tt_slice id = mailscanner_word(p + 8, n - 8);
        const char *r = id.p + id.len;
        size_t rn = (size_t)(p + n - r);
        if (id.len && TT_STARTS(r, rn, " from ")) {
            struct tt_slice ip = mailscanner_word(r + 6, rn - 6);
            struct tt_addr a;
            if (tt_addr_parse(ip.p, ip.len, &a) == TT_OK) {
                ev->src = a;
                struct tt_idtab_entry *e = tt_idtab_get(&s->msg, mailscanner_key(env, id), now);
                e->val = (e->val & MAILSCANNER_F_COUNTED) | (tt_is_home(ctx, &a) ? MAILSCANNER_F_LOCAL : MAILSCANNER_F_INBOUND);
            }
        }
        ev->why = TT_FIND(r, rn, " is spam") ? "spam detected (Spam Actions decide)" : "message notice";
        return TT_PARSE_SKIP;
    }
    if (TT_STARTS(p, n, "Spam Actions: message ")) {
        struct tt_slice id = mailscanner_word(p + 22, n - 22);
        const char *r = id.p + id.len;
        size_t rn = (size_t)(p + n - r);
        const char *are = TT_FIND(r, rn, " actions are ");
        if (!id.len || !are) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "Spam Actions without message or actions";
            return TT_PARSE_BAD;
        }
        const char *al = are + 13;
        size_t aln = (size_t)(p + n - al);
        if (TT_FIND(al, aln, "deliver") || TT_FIND(al, aln, "forward")) {
            ev->verdict = TT_VERDICT_ALLOWED;
            ev->why = "spam delivered (tagged or forwarded)";
            return TT_PARSE_OK;
        }
        return mailscanner_block(s, ctx, env, id, TT_REASON_SPAM, "spam deleted or quarantined", ev);
    }
    if (TT_STARTS(p, n, "Non-delivery of ")) {
        /* "Non-delivery of Spam: message ID from ..." */
        const char *m = TT_FIND(p, n, ": message ");
        if (!m) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "Non-delivery without message id";
            return TT_PARSE_BAD;
        }
        struct tt_slice id = mailscanner_word(m + 10, (size_t)(p + n - m - 10));
        int spam = TT_STARTS(p + 16, n - 16, "Spam") || TT_STARTS(p + 16, n - 16, "spam");
        return mailscanner_block(s, ctx, env, id, spam ? TT_REASON_SPAM : TT_REASON_POLICY,
                        spam ? "spam not delivered" : "message not delivered", ev);
    }
    if (TT_STARTS(p, n, "Infected message ")) {
        struct tt_slice id = mailscanner_word(p + 17, n - 17);
        const char *r = id.p + id.len;
        size_t rn = (size_t)(p + n - r);
        if (TT_STARTS(r, rn, " came from ")) {
            struct tt_slice ip = mailscanner_word(r + 11, rn - 11);
            struct tt_addr a;
            if (tt_addr_parse(ip.p, ip.len, &a) == TT_OK)
                ev->src = a;
        }
        if (!id.len) {
            ev->reason = TT_REASON_MALFORMED;
            ev->why = "Infected message without id";
            return TT_PARSE_BAD;
        }
        return mailscanner_block(s, ctx, env, id, TT_REASON_MALWARE, "virus removed and quarantined", ev);
    }
    if (TT_STARTS(p, n, "Delivery of ")) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "delivered (counted by the MTA)";
        return TT_PARSE_OK;
    }
    ev->why = "MailScanner event";
    return TT_PARSE_SKIP;
}

static const char *const mailscanner_apps[] = {"MailScanner", NULL};

const struct tt_parser_ops tt_parser_mailscanner = {
    .name = "mailscanner",
    .help = "MailScanner: Spam Actions, Non-delivery, Infected message notices",
    .apps = mailscanner_apps,
    .probe = mailscanner_probe,
    .state_create = mailscanner_state_create,
    .state_destroy = mailscanner_state_destroy,
    .parse = mailscanner_parse,
};
