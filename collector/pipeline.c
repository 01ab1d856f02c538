/* SPDX-License-Identifier: MIT
 *
 * pipeline.c -- the per-line path from bytes to a classified, timed event.
 *
 * Recognition in auto mode must not run every parser on every line: the
 * syslog program name routes most lines straight to their parser (postfix/...,
 * amavis, kernel); the rest try the parser that took the previous unrouted
 * line first, then each parser's cheap probe. Only a line that nobody takes
 * is inspected byte by byte, to say why it is unparsed.
 */
#include "collector/pipeline.h"

#include <strings.h>

int tt_stream_init(struct tt_stream *st, const struct tt_pipeline_config *cfg)
{
    memset(st, 0, sizeof(*st));
    st->cfg = cfg;
    tt_clock_init(&st->clock, cfg->zone, cfg->year, cfg->now_s);
    st->last_parser = -1;
    st->last_utc_s = INT64_MIN;
    /* Parser states (correlation tables of a few MiB each) are created on
     * the first line a parser is given, so a stream of one format, or each
     * of many followed files, holds only the memory it uses. */
    return TT_OK;
}

void tt_stream_fini(struct tt_stream *st)
{
    if (!st)
        return;
    size_t n = tt_registry_parser_count();
    for (size_t i = 0; i < n && i < TT_PARSERS_MAX; i++) {
        const struct tt_parser_ops *ops = tt_registry_parser(i);
        if (st->state[i] && ops->state_destroy)
            ops->state_destroy(st->state[i]);
        st->state[i] = NULL;
    }
}

/* Strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF)
            need = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, cp = c & 0x07;
        else
            return 0;
        if (i + need >= len)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += need + 1;
    }
    return 1;
}

enum tt_reason tt_unparsed_reason(const char *line, size_t len)
{
    size_t blank = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 && c != '\t')
            return TT_REASON_BINARY;
        if (c == 0x7F)
            return TT_REASON_BINARY;
        if (c == ' ' || c == '\t')
            blank++;
    }
    if (blank == len)
        return TT_REASON_EMPTY;
    if (!utf8_valid((const unsigned char *)line, len))
        return TT_REASON_INVALID_UTF8;
    return TT_REASON_NO_PARSER;
}

static int app_routes(const struct tt_parser_ops *ops, struct tt_slice prog)
{
    if (!ops->apps || prog.len == 0)
        return 0;
    for (const char *const *a = ops->apps; *a; a++) {
        size_t n = strlen(*a);
        if (n == prog.len && strncasecmp(*a, prog.p, n) == 0)
            return 1;
    }
    return 0;
}

static enum tt_parse_rc try_parser(const struct tt_pipeline_config *cfg, struct tt_stream *st, int i,
                                   const struct tt_envelope *env, struct tt_event *ev)
{
    const struct tt_parser_ops *ops = tt_registry_parser((size_t)i);
    tt_event_reset(ev);
    if (!st->state[i] && ops->state_create) {
        st->state[i] = ops->state_create(); /* once per parser and stream */
        if (!st->state[i])
            return TT_PARSE_NOMATCH; /* out of memory: the line stays unparsed */
    }
    return ops->parse(st->state[i], &cfg->ctx, env, ev);
}

/* Finds the parser for env; returns its index and leaves its result in ev
 * and *out_rc, or -1 when none took the line. */
static int dispatch(const struct tt_pipeline_config *cfg, struct tt_stream *st, const struct tt_envelope *env,
                    struct tt_event *ev, enum tt_parse_rc *out_rc)
{
    int n = (int)tt_registry_parser_count();
    enum tt_parse_rc rc;
    if (cfg->format >= 0) {
        rc = try_parser(cfg, st, cfg->format, env, ev);
        *out_rc = rc;
        return rc == TT_PARSE_NOMATCH ? -1 : cfg->format;
    }
    struct tt_slice prog = tt_app_program(env->app, NULL);
    int tried_routed = -1;
    for (int i = 0; i < n; i++) {
        if (app_routes(tt_registry_parser((size_t)i), prog)) {
            rc = try_parser(cfg, st, i, env, ev);
            if (rc != TT_PARSE_NOMATCH) {
                *out_rc = rc;
                return i;
            }
            tried_routed = i;
            break;
        }
    }
    int last = st->last_parser;
    if (last >= 0 && last != tried_routed) {
        const struct tt_parser_ops *ops = tt_registry_parser((size_t)last);
        if (!ops->probe || ops->probe(env)) {
            rc = try_parser(cfg, st, last, env, ev);
            if (rc != TT_PARSE_NOMATCH) {
                *out_rc = rc;
                return last;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        const struct tt_parser_ops *ops = tt_registry_parser((size_t)i);
        if (i == last || i == tried_routed || !ops->probe || !ops->probe(env))
            continue;
        rc = try_parser(cfg, st, i, env, ev);
        if (rc != TT_PARSE_NOMATCH) {
            st->last_parser = i;
            *out_rc = rc;
            return i;
        }
    }
    return -1;
}

/* A line without a usable timestamp is counted at the time of the last
 * timestamped line before it in the same stream, so that a report on an old
 * file shows that file's bad lines in that file's window. Only when nothing
 * timestamped came before, or on a socket (where many senders share one
 * stream and the line has just arrived), is the arrival time used; those
 * lines are counted for --stats. See docs/COUNTING.md#untimed. */
static void time_untimed(struct tt_stream *st, int64_t arrival_s, struct tt_line_result *out)
{
    if (!st->live && st->last_utc_s != INT64_MIN) {
        out->utc_s = st->last_utc_s;
        out->by_previous = 1;
        st->timed_by_previous++;
    } else {
        out->utc_s = arrival_s;
        out->by_arrival = 1;
        st->timed_by_arrival++;
    }
}

void tt_pipeline_untimed(struct tt_stream *st, enum tt_reason reason, int64_t arrival_s,
                         struct tt_line_result *out)
{
    tt_event_reset(&out->ev);
    out->ev.verdict = TT_VERDICT_UNPARSED;
    out->ev.reason = reason;
    out->parser = -1;
    out->rc = TT_PARSE_NOMATCH;
    out->by_arrival = 0;
    out->by_previous = 0;
    time_untimed(st, arrival_s, out);
}

void tt_pipeline_line(const struct tt_pipeline_config *cfg, struct tt_stream *st, const char *line, size_t len,
                      int64_t arrival_s, struct tt_line_result *out)
{
    out->parser = -1;
    out->rc = TT_PARSE_NOMATCH;
    out->by_arrival = 0;
    out->by_previous = 0;
    tt_event_reset(&out->ev);

    /* A NUL byte never belongs to a text log line: binary garbage. */
    if (len == 0 || memchr(line, '\0', len)) {
        out->ev.verdict = TT_VERDICT_UNPARSED;
        out->ev.reason = len == 0 ? TT_REASON_EMPTY : TT_REASON_BINARY;
        time_untimed(st, arrival_s, out);
        return;
    }

    struct tt_envelope env;
    tt_envelope_parse(line, len, &env);

    /* The header time first: stateful parsers expire their memory by it. */
    int64_t env_utc = INT64_MIN;
    int bad_time = 0;
    if (env.stamp.kind != TT_STAMP_NONE) {
        if (tt_clock_resolve(&st->clock, &env.stamp, &env_utc) != TT_OK)
            bad_time = 1;
    }
    struct tt_pipeline_config local = *cfg;
    local.ctx.now_s = env_utc != INT64_MIN ? env_utc : (st->last_utc_s != INT64_MIN ? st->last_utc_s : arrival_s);

    enum tt_parse_rc rc = TT_PARSE_NOMATCH;
    int p = dispatch(&local, st, &env, &out->ev, &rc);
    out->parser = p;
    out->rc = rc;

    int64_t utc = env_utc;
    if (p >= 0 && out->ev.has_stamp) {
        int64_t t;
        if (tt_clock_resolve(&st->clock, &out->ev.stamp, &t) == TT_OK) {
            utc = t;
            bad_time = 0;
        } else {
            bad_time = 1;
        }
    }

    if (p < 0) {
        tt_event_reset(&out->ev);
        out->ev.verdict = TT_VERDICT_UNPARSED;
        out->ev.reason = tt_unparsed_reason(line, len);
    } else if (rc == TT_PARSE_BAD) {
        out->ev.verdict = TT_VERDICT_UNPARSED;
        out->ev.metric = TT_METRIC_NONE;
        if (out->ev.reason == TT_REASON_NONE)
            out->ev.reason = TT_REASON_MALFORMED;
    } else if (bad_time) {
        out->ev.verdict = TT_VERDICT_UNPARSED;
        out->ev.metric = TT_METRIC_NONE;
        out->ev.reason = TT_REASON_BAD_TIME;
    }

    if (utc == INT64_MIN || bad_time) {
        time_untimed(st, arrival_s, out);
    } else {
        out->utc_s = utc;
        st->last_utc_s = utc;
    }
}
