/* SPDX-License-Identifier: MIT
 *
 * fuzz_parser.c -- the one libFuzzer driver for format parsers. The Makefile
 * builds it once per line TT_PARSER(stem, ...) of collector/parsers.def, with
 * -DFUZZ_PARSER=tt_parser_<stem>, into build-fuzz/fuzz/fuzz_parse_<stem>
 * (a parser with a hand-written driver tests/fuzz/fuzz_parse_<stem>.c keeps
 * that one); the seeds are in tests/fuzz/seeds/parse_<stem>/.
 *
 * The input is split into lines; every line goes through tt_envelope_parse()
 * and the parser, and again as a bare line without envelope, with one state
 * object for the whole input (one stream). Each line sits in a buffer of
 * exactly its length, so ASan catches any read past the end.
 * The first byte is a control byte:
 *   bits 0-2  how event time moves between lines (none, seconds, hours, days,
 *             backwards, jumps) to exercise expiry by event time;
 *   bit  3    no --home-net;
 *   0xFF      flood: the first lines are replayed thousands of times with
 *             their ids rewritten by a counter, overfilling the bounded tables.
 * Every event is checked against the parser contract; a violation aborts.
 */
#ifndef FUZZ_PARSER
#error "build with -DFUZZ_PARSER=tt_parser_<stem> (see the fuzz part of the Makefile)"
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/envelope.h"
#include "collector/parser.h"
#include "common/net.h"

extern const struct tt_parser_ops FUZZ_PARSER;

#define FUZZ_MAX_LINE 4096
#define FUZZ_FLOOD_LINES 2
#define FUZZ_FLOOD_REPEAT 4000

/* The parser contract (collector/parser.h) and SPEC section 2, for every
 * metric a parser may emit. */
static void check_event(enum tt_parse_rc rc, const struct tt_parse_ctx *ctx, const struct tt_event *ev)
{
    if ((unsigned)rc >= TT_PARSE_RC_COUNT)
        abort();
    if (rc == TT_PARSE_NOMATCH)
        return;
    if (rc == TT_PARSE_BAD) {
        if ((ev->reason != TT_REASON_MALFORMED && ev->reason != TT_REASON_BAD_TIME) || ev->metric != TT_METRIC_NONE)
            abort();
        return;
    }
    if (ev->verdict != TT_VERDICT_BLOCKED && ev->verdict != TT_VERDICT_ALLOWED && ev->verdict != TT_VERDICT_OTHER)
        abort();
    if ((unsigned)ev->metric >= TT_METRIC_COUNT || (unsigned)ev->reason >= TT_REASON_COUNT)
        abort();
    if (rc == TT_PARSE_SKIP && ev->metric != TT_METRIC_NONE)
        abort();
    switch (ev->metric) {
    case TT_METRIC_NONE:
        break;
    case TT_METRIC_EMAILS_BLOCKED:
        if (ev->verdict != TT_VERDICT_BLOCKED || ev->reason < TT_REASON_SPAM || ev->reason > TT_REASON_REPUTATION)
            abort();
        break;
    case TT_METRIC_ATTACKS_BLOCKED:
        if (ev->verdict != TT_VERDICT_BLOCKED || (ev->reason != TT_REASON_FIREWALL && ev->reason != TT_REASON_IPS))
            abort();
        /* a firewall deny from inside --home-net is no attack */
        if (ev->reason == TT_REASON_FIREWALL && ctx->home_net && ev->src.family &&
            tt_cidr_set_contains(ctx->home_net, &ev->src))
            abort();
        break;
    case TT_METRIC_EMAILS_DELIVERED:
    case TT_METRIC_EMAILS_SENT:
    case TT_METRIC_CONNECTIONS_ALLOWED:
    case TT_METRIC_IDS_ALERTS:
        if (ev->verdict != TT_VERDICT_ALLOWED || ev->reason != TT_REASON_NONE)
            abort();
        break;
    default:
        abort(); /* sent_tls, sources and lines_* are never a parser's to emit */
    }
    if (ev->tls && ev->metric != TT_METRIC_EMAILS_SENT)
        abort();
    if (ev->count < 1)
        abort();
    if (ev->has_stamp && (ev->stamp.kind == TT_STAMP_NONE || ev->stamp.kind >= TT_STAMP_COUNT))
        abort();
    if ((ev->src.family != 0 && ev->src.family != 4 && ev->src.family != 6) ||
        (ev->dst.family != 0 && ev->dst.family != 4 && ev->dst.family != 6))
        abort();
    if (ev->why && strlen(ev->why) > 80)
        abort();
}

static void run_line(void *state, struct tt_parse_ctx *ctx, const char *line, size_t len)
{
    struct tt_envelope env;
    struct tt_event ev;
    tt_envelope_parse(line, len, &env);
    if (FUZZ_PARSER.probe)
        (void)FUZZ_PARSER.probe(&env);
    tt_event_reset(&ev);
    check_event(FUZZ_PARSER.parse(state, ctx, &env, &ev), ctx, &ev);
    /* the same bytes as a line without any syslog header */
    memset(&env, 0, sizeof(env));
    env.pri = -1;
    env.line = tt_slice_make(line, len);
    env.msg = env.line;
    if (FUZZ_PARSER.probe)
        (void)FUZZ_PARSER.probe(&env);
    tt_event_reset(&ev);
    check_event(FUZZ_PARSER.parse(state, ctx, &env, &ev), ctx, &ev);
}

static int64_t next_time(int64_t now, unsigned mode, uint32_t h)
{
    switch (mode & 7u) {
    case 0: return now;
    case 1: return now + (h & 7u);
    case 2: return now + (int64_t)(h % 7200u);
    case 3: return now + (int64_t)(h % (4u * 86400u));
    case 4: return now - (int64_t)(h % 600u);
    case 5: return (h & 1u) ? now + 3601 : now + 1;
    case 6: return (h & 3u) == 0 ? now + 3 * 86400 : now + 30;
    default: return now + (int64_t)(int32_t)h;
    }
}

/* Rewrites the first run of 4+ alphanumerics after the first ': ' or ']'
 * (a queue id, message id or pid) with a counter. */
static void stamp_counter(char *line, size_t len, uint32_t counter)
{
    static const char dig[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && ((line[j] >= '0' && line[j] <= '9') || (line[j] >= 'A' && line[j] <= 'Z') ||
                           (line[j] >= 'a' && line[j] <= 'z')))
            j++;
        if (j - i >= 4 && i > 20) {
            uint32_t c = counter;
            for (size_t k = j; k > i && c; k--, c /= 62)
                line[k - 1] = dig[c % 62];
            return;
        }
        i = j + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    static struct tt_cidr_set home;
    static int home_ready;
    if (!home_ready) {
        tt_cidr_set_default_home(&home);
        home_ready = 1;
    }
    void *state = FUZZ_PARSER.state_create ? FUZZ_PARSER.state_create() : NULL;
    if (FUZZ_PARSER.state_create && !state)
        abort();
    struct tt_parse_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.home_net = (mode & 8u) && mode != 0xFFu ? NULL : &home;
    ctx.now_s = 1517443200;
    const char *flood[FUZZ_FLOOD_LINES];
    size_t flood_len[FUZZ_FLOOD_LINES];
    size_t nflood = 0;
    uint32_t h = 2166136261u;
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) : n;
        size_t use = len > FUZZ_MAX_LINE ? FUZZ_MAX_LINE : len;
        char *copy = malloc(use ? use : 1); /* exactly the line: ASan sees overreads */
        if (!copy)
            abort();
        memcpy(copy, p, use);
        for (size_t i = 0; i < use; i++)
            h = (h ^ (uint8_t)copy[i]) * 16777619u;
        ctx.now_s = next_time(ctx.now_s, mode, h);
        run_line(state, &ctx, copy, use);
        if (mode == 0xFFu && nflood < FUZZ_FLOOD_LINES && use > 0) {
            flood[nflood] = p;
            flood_len[nflood++] = use;
        }
        free(copy);
        if (!nl)
            break;
        p = nl + 1;
        n -= len + 1;
    }
    for (size_t f = 0; f < nflood; f++) {
        char *copy = malloc(flood_len[f]);
        if (!copy)
            abort();
        for (uint32_t c = 1; c <= FUZZ_FLOOD_REPEAT / FUZZ_FLOOD_LINES; c++) {
            memcpy(copy, flood[f], flood_len[f]);
            stamp_counter(copy, flood_len[f], c * 2654435761u);
            ctx.now_s += (c & 63u) == 0;
            run_line(state, &ctx, copy, flood_len[f]);
        }
        free(copy);
    }
    if (FUZZ_PARSER.state_destroy)
        FUZZ_PARSER.state_destroy(state);
    return 0;
}
