/* SPDX-License-Identifier: MIT
 *
 * fuzz_parse_postfix.c -- libFuzzer target for the Postfix and amavis
 * parsers: the input is split into lines, each line goes through
 * tt_envelope_parse() and both parsers, with one state object per parser
 * for the whole input (as one stream would have).
 *
 * The first byte is a control byte, so that the fuzzer also drives the
 * parts a short input cannot reach by itself:
 *   bits 0-2  how event time moves from line to line (none, seconds, hours,
 *             days, backwards, jumps), to exercise expiry by event time;
 *   bit  3    no --home-net (ctx.home_net NULL);
 *   0xFF      flood: after the lines, the first few lines are replayed tens
 *             of thousands of times with their queue id / pid rewritten by a
 *             counter, which overfills the bounded tables (eviction).
 * Every event is checked against the parser contract (verdict/metric/reason
 * combinations, rc); a violation aborts.
 *
 * Seeds: the .log files of tests/parsers/postfix and tests/parsers/amavis.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collector/envelope.h"
#include "collector/parser.h"
#include "common/net.h"

extern const struct tt_parser_ops tt_parser_postfix;
extern const struct tt_parser_ops tt_parser_amavis;

#define FUZZ_MAX_LINE 4096
#define FUZZ_FLOOD_LINES 2
#define FUZZ_FLOOD_REPEAT 12000

static void check_event(enum tt_parse_rc rc, const struct tt_event *ev)
{
    if ((unsigned)rc >= TT_PARSE_RC_COUNT)
        abort();
    if (rc == TT_PARSE_NOMATCH)
        return;
    if (rc == TT_PARSE_BAD) {
        if (ev->reason != TT_REASON_MALFORMED)
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
    case TT_METRIC_EMAILS_DELIVERED:
    case TT_METRIC_EMAILS_SENT:
        if (ev->verdict != TT_VERDICT_ALLOWED || ev->reason != TT_REASON_NONE)
            abort();
        break;
    default:
        abort(); /* these parsers count mail only */
    }
    if (ev->tls && ev->metric != TT_METRIC_EMAILS_SENT)
        abort();
    if (ev->count != 1 || ev->has_stamp)
        abort();
    if ((ev->src.family != 0 && ev->src.family != 4 && ev->src.family != 6) ||
        (ev->dst.family != 0 && ev->dst.family != 4 && ev->dst.family != 6))
        abort();
    if (ev->why && strlen(ev->why) > 80) /* static short text */
        abort();
}

static void run_line(void *const states[2], struct tt_parse_ctx *ctx, const char *line, size_t len)
{
    struct tt_envelope env;
    struct tt_event ev;
    tt_envelope_parse(line, len, &env);
    if (tt_parser_postfix.probe)
        (void)tt_parser_postfix.probe(&env);
    tt_event_reset(&ev);
    check_event(tt_parser_postfix.parse(states[0], ctx, &env, &ev), &ev);
    tt_event_reset(&ev);
    check_event(tt_parser_amavis.parse(states[1], ctx, &env, &ev), &ev);
}

static int64_t next_time(int64_t now, unsigned mode, uint32_t h)
{
    switch (mode & 7u) {
    case 0:
        return now;
    case 1:
        return now + (h & 7u);
    case 2:
        return now + (int64_t)(h % 7200u);
    case 3:
        return now + (int64_t)(h % (4u * 86400u));
    case 4:
        return now - (int64_t)(h % 600u); /* out of order, as mixed streams are */
    case 5:
        return (h & 1u) ? now + 3601 : now + 1;
    case 6:
        return (h & 3u) == 0 ? now + 3 * 86400 : now + 30;
    default:
        return now + (int64_t)(int32_t)h; /* anything, both ways */
    }
}

/* Rewrites, in place, the first run of 5+ hex digits after the first ']' or
 * ': ' (a queue id or pid) with the hex digits of counter. */
static void stamp_counter(char *line, size_t len, uint32_t counter)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && ((line[j] >= '0' && line[j] <= '9') || (line[j] >= 'A' && line[j] <= 'F')))
            j++;
        if (j - i >= 5) {
            uint32_t c = counter;
            for (size_t k = j; k > i && c; k--, c >>= 4)
                line[k - 1] = hex[c & 15u];
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
    void *states[2] = {tt_parser_postfix.state_create(), tt_parser_amavis.state_create()};
    if (!states[0] || !states[1])
        abort();
    struct tt_parse_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.home_net = (mode & 8u) && mode != 0xFFu ? NULL : &home;
    ctx.now_s = 1517443200;

    /* Lines are copied into a private buffer exactly their size, so that
     * ASan catches any read past the slice. */
    const char *flood[FUZZ_FLOOD_LINES];
    size_t flood_len[FUZZ_FLOOD_LINES];
    size_t nflood = 0;
    uint32_t h = 2166136261u;
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        size_t len = nl ? (size_t)(nl - p) : n;
        size_t use = len > FUZZ_MAX_LINE ? FUZZ_MAX_LINE : len;
        char *copy = malloc(use ? use : 1);
        if (!copy)
            abort();
        memcpy(copy, p, use);
        for (size_t i = 0; i < use; i++)
            h = (h ^ (uint8_t)copy[i]) * 16777619u;
        ctx.now_s = next_time(ctx.now_s, mode, h);
        run_line(states, &ctx, copy, use);
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

    /* Flood: overfill the tables; time creeps forward so both eviction by
     * capacity and expiry by time happen. */
    for (size_t f = 0; f < nflood; f++) {
        char *copy = malloc(flood_len[f]);
        if (!copy)
            abort();
        for (uint32_t c = 1; c <= FUZZ_FLOOD_REPEAT / FUZZ_FLOOD_LINES; c++) {
            memcpy(copy, flood[f], flood_len[f]);
            stamp_counter(copy, flood_len[f], c * 2654435761u);
            ctx.now_s += (c & 63u) == 0;
            run_line(states, &ctx, copy, flood_len[f]);
        }
        free(copy);
    }

    tt_parser_postfix.state_destroy(states[0]);
    tt_parser_amavis.state_destroy(states[1]);
    return 0;
}
