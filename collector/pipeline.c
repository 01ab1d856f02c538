/* SPDX-License-Identifier: MIT
 *
 * pipeline.c -- the per-line path from bytes to a classified, timed event.
 *
 * Recognition in auto mode must not run every parser on every line, and must
 * not depend on the order of the parser list (collector/parsers.def):
 *   1. the syslog program name routes most lines straight to their parser
 *      (postfix/..., amavis, kernel): one hash lookup, tt_registry_route();
 *   2. the rest go through the parsers' cheap probes in an order of
 *      confidence kept per stream, GoAccess-style: each parser's hits on the
 *      stream's own lines so far, most first. A file of one format settles
 *      within its first lines and its parser is the first probe tried; a
 *      syslog stream of many vendors keeps its busiest ones in front. The
 *      order is only about speed: where two probes can take the same line,
 *      parsers.def's "yields" column says which parser wins (a container
 *      format yields to the vendor whose lines look like it), and a parser
 *      is tried only after the parsers it yields to whose probe passes.
 *      So the verdict of a line is a function of the line (and the parsers'
 *      own state), never of the order: test_fixtures runs every fixture and
 *      corpus file again with the registry reversed and shuffled.
 * Only a line that nobody takes is inspected byte by byte, to say why it is
 * unparsed.
 */
#include "collector/pipeline.h"

#include <strings.h>

int tt_stream_init(struct tt_stream *st, const struct tt_pipeline_config *cfg)
{
    memset(st, 0, sizeof(*st));
    st->cfg = cfg;
    tt_clock_init(&st->clock, cfg->zone, cfg->year, cfg->now_s);
    /* The initial ranking: the registry order (it does not matter). */
    size_t n = tt_registry_parser_count();
    for (size_t i = 0; i < n && i < TT_PARSERS_MAX; i++) {
        st->ops[i] = tt_registry_parser(i);
        if (!st->ops[i]->probe)
            continue; /* routed by program name only */
        st->rank_pos[i] = st->n_rank;
        st->rank[st->n_rank++] = (uint8_t)i;
    }
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

/* Most unparsed lines are printable ASCII: 8 bytes at a time, every byte in
 * 0x20..0x7E means no control byte, valid UTF-8, and blank only if all are
 * spaces. Returns 1 with *out_blank when the whole line is such. */
static int printable_ascii(const char *line, size_t len, int *out_blank)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull, spaces = 0x2020202020202020ull;
    int blank = 1;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, line + i, 8);
        /* a byte < 0x20, or a byte >= 0x7F (0x7F + 1 and 0x80.. set the high bit) */
        if (((w - spaces) & ~w & highs) || ((w | (w + ones)) & highs))
            return 0;
        blank &= w == spaces;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 || c >= 0x7F)
            return 0;
        blank &= c == ' ';
    }
    *out_blank = blank;
    return 1;
}

enum tt_reason tt_unparsed_reason(const char *line, size_t len)
{
    int all_blank;
    if (printable_ascii(line, len, &all_blank))
        return all_blank ? TT_REASON_EMPTY : TT_REASON_NO_PARSER;
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

static enum tt_parse_rc try_parser(const struct tt_pipeline_config *cfg, struct tt_stream *st, int i,
                                   const struct tt_envelope *env, struct tt_event *ev)
{
    const struct tt_parser_ops *ops = st->ops[i];
    tt_event_reset(ev);
    if (!st->state[i] && ops->state_create) {
        if (st->stateless) {
            st->needs_order = 1; /* a parser with memory: the line goes to the ordered path */
            return TT_PARSE_NOMATCH;
        }
        st->state[i] = ops->state_create(); /* once per parser and stream */
        if (!st->state[i])
            return TT_PARSE_NOMATCH; /* out of memory: the line stays unparsed */
    }
    return ops->parse(st->state[i], &cfg->ctx, env, ev);
}

/* Parser i took an unrouted line: one more hit, and it moves up the
 * stream's ranking past parsers with fewer hits (one step per place, so a
 * stream's order settles after a handful of lines and then costs nothing).
 * Hits are halved when one grows large, so that a stream whose mix changes
 * (a relay that starts forwarding another device) re-ranks within a few
 * thousand lines. */
static void rank_hit(struct tt_stream *st, int i)
{
    if (++st->hits[i] >= (1u << 20))
        for (size_t k = 0; k < TT_PARSERS_MAX; k++)
            st->hits[k] >>= 1;
    size_t k = st->rank_pos[i];
    while (k > 0 && st->hits[st->rank[k - 1]] < st->hits[i]) {
        uint8_t up = st->rank[k - 1];
        st->rank[k] = up;
        st->rank_pos[up] = (uint8_t)k;
        k--;
    }
    st->rank[k] = (uint8_t)i;
    st->rank_pos[i] = (uint8_t)k;
}

/* Tries parser i on a line its probe accepted, after the parsers it yields
 * to (whose probes pass): returns the parser that took the line, or -1. Every
 * parser looked at is added to *tried, so that none is asked twice. */
static int try_claim(const struct tt_pipeline_config *cfg, struct tt_stream *st, int i, const struct tt_envelope *env,
                     struct tt_event *ev, enum tt_parse_rc *out_rc, uint64_t *tried)
{
    uint64_t first = tt_registry_yields((size_t)i) & ~*tried;
    while (first) {
        int j = __builtin_ctzll(first);
        first &= first - 1;
        *tried |= 1ull << j;
        if (st->ops[j]->probe(env) &&
            (*out_rc = try_parser(cfg, st, j, env, ev)) != TT_PARSE_NOMATCH)
            return j;
    }
    *tried |= 1ull << i;
    if ((*out_rc = try_parser(cfg, st, i, env, ev)) != TT_PARSE_NOMATCH)
        return i;
    return -1;
}

/* Finds the parser for env; returns its index and leaves its result in ev
 * and *out_rc, or -1 when none took the line. */
static int dispatch(const struct tt_pipeline_config *cfg, struct tt_stream *st, const struct tt_envelope *env,
                    struct tt_event *ev, enum tt_parse_rc *out_rc)
{
    if (cfg->format >= 0) {
        *out_rc = try_parser(cfg, st, cfg->format, env, ev);
        return *out_rc == TT_PARSE_NOMATCH ? -1 : cfg->format;
    }
    uint64_t tried = 0;
    int routed = tt_registry_route(tt_app_program(env->app, NULL));
    if (routed >= 0) {
        *out_rc = try_parser(cfg, st, routed, env, ev);
        if (*out_rc != TT_PARSE_NOMATCH)
            return routed;
        tried |= 1ull << routed;
    }
    for (size_t k = 0; k < st->n_rank; k++) {
        int i = st->rank[k];
        if (tried & (1ull << i))
            continue;
        if (!st->ops[i]->probe(env)) {
            tried |= 1ull << i;
            continue;
        }
        int took = try_claim(cfg, st, i, env, ev, out_rc, &tried);
        if (took >= 0) {
            rank_hit(st, took);
            return took;
        }
    }
    *out_rc = TT_PARSE_NOMATCH;
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
    out->rule = -1;
    out->by_arrival = 0;
    out->by_previous = 0;
    time_untimed(st, arrival_s, out);
}

static void result_reset(struct tt_line_result *out)
{
    out->parser = -1;
    out->rc = TT_PARSE_NOMATCH;
    out->rule = -1;
    out->by_arrival = 0;
    out->by_previous = 0;
    tt_event_reset(&out->ev);
}

/* A line no parser can take whatever it holds: empty, or with a NUL byte
 * (which never belongs to a text log line: binary garbage). */
static int hopeless(const char *line, size_t len, struct tt_line_result *out)
{
    if (len != 0 && !memchr(line, '\0', len))
        return 0;
    out->ev.verdict = TT_VERDICT_UNPARSED;
    out->ev.reason = len == 0 ? TT_REASON_EMPTY : TT_REASON_BINARY;
    return 1;
}

/* The header time first: stateful parsers expire their memory by it.
 * Returns its UTC time, INT64_MIN when none; *bad when it does not resolve. */
static int64_t resolve_envelope(struct tt_stream *st, const struct tt_stamp *stamp, int *bad)
{
    int64_t utc = INT64_MIN;
    *bad = 0;
    if (stamp->kind != TT_STAMP_NONE && tt_clock_resolve(&st->clock, stamp, &utc) != TT_OK) {
        *bad = 1;
        utc = INT64_MIN;
    }
    return utc;
}

/* Parser, site rules and the verdict of a line nobody (or a broken parser)
 * took; no clock. now_s is the time stateful parsers expire their memory by. */
static void classify(const struct tt_pipeline_config *cfg, int64_t now_s, struct tt_stream *st,
                     const struct tt_envelope *env, const char *line, size_t len, struct tt_line_result *out)
{
    struct tt_pipeline_config local = *cfg;
    local.ctx.now_s = now_s;
    enum tt_parse_rc rc = TT_PARSE_NOMATCH;
    int p = dispatch(&local, st, env, &out->ev, &rc);
    out->parser = p;
    out->rc = rc;
    /* Site rules: every line nobody took; a line a parser took only when
     * override rules exist (one pointer test otherwise). */
    if (cfg->rules && (p < 0 || tt_rules_override_count(cfg->rules))) {
        out->rule = tt_rules_apply(cfg->rules, p >= 0, &local.ctx, env, &out->ev);
        if (out->rule >= 0)
            out->rc = TT_PARSE_OK;
    }
    if (p < 0 && out->rule < 0) {
        tt_event_reset(&out->ev);
        out->ev.verdict = TT_VERDICT_UNPARSED;
        out->ev.reason = tt_unparsed_reason(line, len);
    } else if (out->rc == TT_PARSE_BAD) {
        out->ev.verdict = TT_VERDICT_UNPARSED;
        out->ev.metric = TT_METRIC_NONE;
        if (out->ev.reason == TT_REASON_NONE)
            out->ev.reason = TT_REASON_MALFORMED;
    }
}

/* The event's own time (it wins over the header's), the bad_time verdict,
 * and the bucket time; in line order, since the clock infers years and DST
 * folds from the lines before. */
static void finish_time(struct tt_stream *st, int64_t env_utc, int bad_time, int64_t arrival_s,
                        struct tt_line_result *out)
{
    int64_t utc = env_utc;
    int took = out->parser >= 0 || out->rule >= 0;
    if (took && out->ev.has_stamp) {
        int64_t t;
        if (tt_clock_resolve(&st->clock, &out->ev.stamp, &t) == TT_OK) {
            utc = t;
            bad_time = 0;
        } else {
            bad_time = 1;
        }
    }
    if (bad_time && took && out->rc != TT_PARSE_BAD) {
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

void tt_pipeline_line(const struct tt_pipeline_config *cfg, struct tt_stream *st, const char *line, size_t len,
                      int64_t arrival_s, struct tt_line_result *out)
{
    result_reset(out);
    if (hopeless(line, len, out)) {
        time_untimed(st, arrival_s, out);
        return;
    }
    struct tt_envelope env;
    tt_envelope_parse(line, len, &env);
    int bad_time;
    int64_t env_utc = resolve_envelope(st, &env.stamp, &bad_time);
    int64_t now_s = env_utc != INT64_MIN ? env_utc : (st->last_utc_s != INT64_MIN ? st->last_utc_s : arrival_s);
    classify(cfg, now_s, st, &env, line, len, out);
    finish_time(st, env_utc, bad_time, arrival_s, out);
}

int tt_pipeline_pre(const struct tt_pipeline_config *cfg, struct tt_stream *st, const char *line, size_t len,
                    struct tt_line_pre *pre)
{
    if (cfg->rules)
        return 0; /* a rule's index and hits stay on the ordered path */
    result_reset(&pre->r);
    pre->env_stamp.kind = TT_STAMP_NONE;
    pre->hopeless = (uint8_t)hopeless(line, len, &pre->r);
    if (pre->hopeless)
        return 1;
    struct tt_envelope env;
    tt_envelope_parse(line, len, &env);
    pre->env_stamp = env.stamp;
    st->needs_order = 0;
    /* now_s is read by stateful parsers only, which never run here */
    classify(cfg, INT64_MIN, st, &env, line, len, &pre->r);
    return !st->needs_order;
}

void tt_pipeline_post(struct tt_stream *st, const struct tt_line_pre *pre, int64_t arrival_s,
                      struct tt_line_result *out)
{
    *out = pre->r;
    if (pre->hopeless) {
        time_untimed(st, arrival_s, out);
        return;
    }
    int bad_time;
    int64_t env_utc = resolve_envelope(st, &pre->env_stamp, &bad_time);
    finish_time(st, env_utc, bad_time, arrival_s, out);
}
