/* SPDX-License-Identifier: MIT
 *
 * parser.h -- the interface every format parser implements (one file
 * collector/parse_<format>.c ending in a const struct tt_parser_ops, plus one
 * line in collector/parsers.def).
 *
 * Parsers are pure with respect to the world: given the envelope of a
 * borrowed line, they fill a struct tt_event whose pointers point into the
 * line. No malloc in parse(), no logging, no globals. Formats that need memory
 * across lines (Postfix queue ids, ESA MIDs) keep it in a state object created
 * once per stream by state_create(), bounded in size, with expiry driven by
 * the event times passed in ctx->now_s.
 */
#ifndef TT_PARSER_H
#define TT_PARSER_H

#include "common/event.h"
#include "common/net.h"
#include "collector/envelope.h"

enum tt_parse_rc {
    TT_PARSE_OK = 0, /* recognised; ev says what it counts (maybe nothing) */
    TT_PARSE_SKIP,   /* recognised, deliberately counts nothing (ev.why says why) */
    TT_PARSE_BAD,    /* recognised as this format but unusable; ev.reason says why */
    TT_PARSE_NOMATCH,/* not this format: try another */
    TT_PARSE_RC_COUNT
};

/* netfilter log-prefix map: a prefix substring (any case) -> verdict. */
struct tt_prefix_rule {
    char text[32];           /* substring to look for, NUL terminated */
    size_t len;              /* strlen(text) */
    enum tt_verdict verdict; /* what a match means */
};

#define TT_PREFIX_RULES_MAX 32

/* Read-only settings every parser may consult. */
struct tt_parse_ctx {
    const struct tt_cidr_set *home_net;                    /* --home-net */
    const struct tt_prefix_rule *prefix_rules;            /* user netfilter rules, checked first */
    size_t n_prefix_rules;                                 /* how many */
    int64_t now_s;                                         /* UTC time of this line (envelope, or last seen) for state expiry */
};

struct tt_parser_ops {
    const char *name;  /* --format name, also "format" in --classify output */
    const char *help;  /* one line for --help */
    /* Program names (envelope app, last path component compared, any case)
     * that route a line straight to this parser in auto mode; NULL-terminated,
     * may be NULL. */
    const char *const *apps;
    /* Cheap content check for lines whose app did not route them (or have no
     * envelope): 1 when the line may be this format. Must not be slower than
     * a couple of memchr/memcmp. May be NULL (then only apps route). */
    int (*probe)(const struct tt_envelope *env);
    /* Per-stream state; both may be NULL for stateless formats. */
    void *(*state_create)(void);
    void (*state_destroy)(void *state);
    /* Fills ev (already reset by the caller) from env. */
    enum tt_parse_rc (*parse)(void *state, const struct tt_parse_ctx *ctx,
                              const struct tt_envelope *env, struct tt_event *ev);
};

/* Returns the last path component of an envelope app ("postfix/smtpd" ->
 * "smtpd") and, in out_head, the part before the first '/' ("postfix"). */
struct tt_slice tt_app_program(struct tt_slice app, struct tt_slice *out_head);

#endif
