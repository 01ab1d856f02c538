/* SPDX-License-Identifier: MIT
 *
 * parse_amavis.c -- amavis (amavisd-new) content-filter verdicts, turned into
 * emails_blocked by reason (docs/COUNTING.md#amavis).
 *
 *   Feb  1 00:00:01 mx1 amavis[4242]: (04242-07) Blocked SPAM {DiscardedInbound,
 *     Quarantined}, [127.0.0.1]:41234 [192.0.2.10] <a@example.com> ->
 *     <b@example.org>, quarantine: spam-AbCd, Queue-ID: 4F2A31C0123,
 *     mail_id: AbCd, Hits: 12.3, size: 2345, 812 ms
 *
 * Place in the pipeline: envelope -> this parser (routed by the program name
 * amavis/amavisd/amavisd-new) -> tally.
 *
 * amavis logs one "Blocked"/"Passed" line per message (its "main log"
 * line). Blocked counts once, by content category:
 *   SPAM, SPAMMY            -> spam
 *   INFECTED (names)        -> malware, or phishing when a name has "phish"
 *   BANNED, BAD-HEADER, ... -> policy
 * Passed lines are verdict allowed and count nothing: Postfix counts the
 * delivery. Only inbound mail counts: the {...} tag says the direction
 * ({DiscardedInbound}, {RelayedOutbound}, {BlockedInternal}, ...; amavisd-new
 * 2.7+) or, in older releases without the tag, the "MYNETS" / "LOCAL" words
 * before the client address (2.5-2.6); blocks of Outbound/Internal/
 * Originating mail are verdict blocked, counting nothing. Releases before
 * 2.7 write "Blocked SPAM, [ip] [ip] <s> -> <r>, ..." and count as inbound.
 * A small direct-mapped cache of log ids makes a repeated line count once.
 */
#include "collector/parser.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AMAVIS_SEEN_SLOTS 4096   /* power of two */
#define AMAVIS_SEEN_TTL_S 900    /* a repeat comes within minutes; pids (and so log ids) recycle within a day */

struct amavis_seen {
    uint64_t hash;  /* hash of (host, log id), 0 = free */
    int64_t seen_s; /* event time of the counted block */
};

struct amavis_state {
    struct amavis_seen slot[AMAVIS_SEEN_SLOTS]; /* direct-mapped; a collision overwrites */
};

static void *amavis_state_create(void)
{
    return calloc(1, sizeof(struct amavis_state));
}

static void amavis_state_destroy(void *p)
{
    free(p);
}

static uint64_t amavis_hash(uint64_t h, const char *p, size_t n)
{
    /* FNV-1a: keys are a host name and a short log id */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001B3ull;
    }
    return h;
}

#define AMAVIS_STARTS(p, n, lit) ((n) >= sizeof(lit) - 1 && memcmp((p), (lit), sizeof(lit) - 1) == 0)
#define AMAVIS_FIND(p, n, lit) tt_memmem((p), (n), (lit), sizeof(lit) - 1)

static int amavis_eq(const char *p, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    return n == m && memcmp(p, lit, m) == 0;
}

/* Direction of the message from the {...} tag, or from the older
 * "MYNETS" marker (amavisd-new < 2.7). */
enum amavis_dir {
    AMAVIS_DIR_INBOUND = 0, /* Inbound, OpenRelay, or not said: counts */
    AMAVIS_DIR_LOCAL,       /* Outbound, Internal, Originating: never counts */
    AMAVIS_DIR_TEMPFAIL,    /* TempFailed...: the client retries, not a block yet */
    AMAVIS_DIR_COUNT
};

static enum amavis_dir amavis_direction(const char *p, size_t n)
{
    /* the tag follows the category within the first few dozen bytes and
     * before the client list ("}, [") */
    size_t lim = TT_MIN(n, 1024);
    /* " {Tag,...}," -- searched as " {" so that a long BANNED part list
     * "(multipart/mixed | ...)" before it does not hide it */
    const char *o = AMAVIS_FIND(p, lim, " {");
    if (o) {
        o++;
        const char *c = memchr(o, '}', (size_t)(p + lim - o));
        size_t tn = c ? (size_t)(c - o) : (size_t)(p + lim - o);
        if (AMAVIS_FIND(o, tn, "TempFailed"))
            return AMAVIS_DIR_TEMPFAIL;
        if (AMAVIS_FIND(o, tn, "Inbound") || AMAVIS_FIND(o, tn, "OpenRelay"))
            return AMAVIS_DIR_INBOUND;
        if (AMAVIS_FIND(o, tn, "Outbound") || AMAVIS_FIND(o, tn, "Internal") || AMAVIS_FIND(o, tn, "Originating"))
            return AMAVIS_DIR_LOCAL;
        return AMAVIS_DIR_INBOUND;
    }
    /* "Blocked SPAM, MYNETS LOCAL [10.0.0.1] ..." (2.6), "Blocked SPAM,
     * LOCAL [10.0.0.1] ..." (originating, 2.5-2.6) */
    const char *b = memchr(p, '[', lim);
    if (b && (AMAVIS_FIND(p, (size_t)(b - p), "MYNETS") || AMAVIS_FIND(p, (size_t)(b - p), " LOCAL ")))
        return AMAVIS_DIR_LOCAL;
    return AMAVIS_DIR_INBOUND;
}

/* The original client: the last "[addr]" without port before " <" (amavis
 * writes "[smtp-peer]:port [original-client] <sender> -> ..."); falls back to
 * the first bracketed address. */
static void amavis_client(const char *p, size_t n, struct tt_addr *out)
{
    const char *lt = AMAVIS_FIND(p, n, " <");
    size_t lim = lt ? (size_t)(lt - p) : n;
    const char *best = NULL, *best_end = NULL, *first = NULL, *first_end = NULL;
    const char *s = p;
    while (s < p + lim) {
        const char *o = memchr(s, '[', (size_t)(p + lim - s));
        if (!o)
            break;
        const char *c = memchr(o, ']', (size_t)(p + lim - o));
        if (!c)
            break;
        if (!first) {
            first = o + 1;
            first_end = c;
        }
        if (c + 1 >= p + lim || c[1] != ':') {
            best = o + 1;
            best_end = c;
        }
        s = c + 1;
    }
    if (!best) {
        best = first;
        best_end = first_end;
    }
    struct tt_addr a;
    if (best && tt_addr_parse(best, (size_t)(best_end - best), &a) == TT_OK)
        *out = a;
}

/* The line is amavis': the program (last path component of the app) is
 * amavis/amavisd/amavisd-new, or the message opens with a "(pid-nn)" log id.
 * "postfix/amavis" is Postfix's smtp client under a site syslog_name (routed
 * here by its last component): not ours. */
static int amavis_is_amavis(const struct tt_envelope *env)
{
    struct tt_slice app = env->app;
    if (app.len >= 7 && strncasecmp(app.p, "postfix", 7) == 0)
        return 0;
    const char *s = app.len ? app.p + app.len : NULL;
    while (s && s > app.p && s[-1] != '/')
        s--;
    size_t n = s ? (size_t)(app.p + app.len - s) : 0;
    if ((n == 6 && strncasecmp(s, "amavis", 6) == 0) || (n == 7 && strncasecmp(s, "amavisd", 7) == 0) ||
        (n == 11 && strncasecmp(s, "amavisd-new", 11) == 0))
        return 1;
    const char *m = env->msg.p;
    size_t mn = env->msg.len;
    size_t i = 1;
    if (mn < 4 || m[0] != '(')
        return 0;
    while (i < mn && m[i] >= '0' && m[i] <= '9')
        i++;
    return i > 1 && i < mn && m[i] == '-';
}

static enum tt_parse_rc amavis_parse(void *state, const struct tt_parse_ctx *ctx, const struct tt_envelope *env,
                                 struct tt_event *ev)
{
    struct amavis_state *s = state;
    if (!amavis_is_amavis(env))
        return TT_PARSE_NOMATCH;

    const char *p = env->msg.p;
    size_t n = env->msg.len;
    if (n == 0) {
        ev->why = "empty amavis message";
        return TT_PARSE_SKIP;
    }

    /* "(04242-07) " or "(04242-07-2) " log id */
    struct tt_slice logid = {NULL, 0};
    if (p[0] == '(') {
        const char *c = memchr(p, ')', TT_MIN(n, 48));
        if (c && (size_t)(c - p) + 1 < n && c[1] == ' ') {
            logid = tt_slice_make(p + 1, (size_t)(c - p - 1));
            size_t k = (size_t)(c - p) + 2;
            p += k;
            n -= k;
        }
    }

    int blocked;
    if (AMAVIS_STARTS(p, n, "Blocked ")) {
        blocked = 1;
        p += 8;
        n -= 8;
    } else if (AMAVIS_STARTS(p, n, "Passed ")) {
        blocked = 0;
        p += 7;
        n -= 7;
    } else {
        ev->why = "amavis event";
        return TT_PARSE_SKIP;
    }

    /* category: up to ' ', ',' or '{' */
    size_t cn = 0;
    while (cn < n && p[cn] != ' ' && p[cn] != ',' && p[cn] != '{')
        cn++;
    if (cn == 0) {
        ev->reason = TT_REASON_MALFORMED;
        ev->why = "amavis verdict without category";
        return TT_PARSE_BAD;
    }
    const char *cat = p;
    amavis_client(p + cn, n - cn, &ev->src);

    if (!blocked) {
        ev->verdict = TT_VERDICT_ALLOWED;
        ev->why = "passed (delivery counted by Postfix)";
        return TT_PARSE_OK;
    }

    ev->verdict = TT_VERDICT_BLOCKED;
    enum amavis_dir dir = amavis_direction(p + cn, n - cn);
    if (dir == AMAVIS_DIR_TEMPFAIL) {
        ev->verdict = TT_VERDICT_OTHER;
        ev->why = "temporary failure";
        return TT_PARSE_SKIP;
    }
    if (dir == AMAVIS_DIR_LOCAL) {
        ev->why = "outbound or internal message";
        return TT_PARSE_OK;
    }

    enum tt_reason reason = TT_REASON_POLICY;
    if (amavis_eq(cat, cn, "SPAM") || amavis_eq(cat, cn, "SPAMMY")) {
        reason = TT_REASON_SPAM;
        ev->why = "amavis spam";
    } else if (amavis_eq(cat, cn, "INFECTED")) {
        reason = TT_REASON_MALWARE;
        ev->why = "amavis virus";
        /* "(Name1,Name2)" follows */
        const char *o = p + cn;
        size_t on = n - cn;
        if (on > 1 && o[0] == ' ' && o[1] == '(') {
            const char *c = memchr(o, ')', on);
            size_t ln = c ? (size_t)(c - o) : on;
            if (tt_memcasemem(o, ln, "phish", 5)) {
                reason = TT_REASON_PHISHING;
                ev->why = "amavis phishing";
            }
        }
    } else if (amavis_eq(cat, cn, "MTA-BLOCKED")) {
        /* the MTA refused amavis' re-injection: not a content verdict */
        ev->why = "MTA refused re-injection";
        return TT_PARSE_OK;
    } else {
        ev->why = "amavis policy block"; /* BANNED, BAD-HEADER, OVERSIZED, UNCHECKED, ... */
    }

    /* One count per message: a repeated log id is the same message. */
    if (s && logid.len) {
        uint64_t h = amavis_hash(0xCBF29CE484222325ull, env->host.p, env->host.len);
        h = amavis_hash(h ^ 0xFF, logid.p, logid.len);
        if (h == 0)
            h = 1;
        struct amavis_seen *slot = &s->slot[h & (AMAVIS_SEEN_SLOTS - 1)];
        int64_t now = ctx ? ctx->now_s : 0;
        if (slot->hash == h && now - slot->seen_s <= AMAVIS_SEEN_TTL_S) {
            ev->why = "same message as previous block";
            return TT_PARSE_OK;
        }
        slot->hash = h;
        slot->seen_s = now;
    }
    ev->metric = TT_METRIC_EMAILS_BLOCKED;
    ev->reason = reason;
    return TT_PARSE_OK;
}

static const char *const amavis_apps[] = {"amavis", "amavisd", "amavisd-new", NULL};

const struct tt_parser_ops tt_parser_amavis = {
    .name = "amavis",
    .help = "amavis / amavisd-new content filter (Blocked/Passed main log lines)",
    .apps = amavis_apps,
    .probe = NULL,
    .state_create = amavis_state_create,
    .state_destroy = amavis_state_destroy,
    .parse = amavis_parse,
};
