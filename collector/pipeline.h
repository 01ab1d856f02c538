/* SPDX-License-Identifier: MIT
 *
 * pipeline.h -- one line in, one classified event out: envelope, format
 * recognition, parser, and conversion of the event's own time to UTC. Shared
 * by the collector's main loop, --classify and the fixture tests, so all
 * three see exactly the same verdicts.
 */
#ifndef TT_PIPELINE_H
#define TT_PIPELINE_H

#include "collector/parser.h"
#include "collector/registry.h"
#include "collector/rules.h"

/* Read-only settings shared by every stream. */
struct tt_pipeline_config {
    const struct tt_zone *zone; /* --tz */
    int year;                   /* --year, 0 = infer */
    int64_t now_s;              /* for year inference */
    int format;                 /* registry index for --format NAME, -1 = auto */
    struct tt_parse_ctx ctx;    /* home-net, prefix map */
    struct tt_rules *rules;     /* --rules, NULL none; used by the classifying thread only */
};

/* Per-input-stream state: clock and parser memories. Caller storage. */
struct tt_stream {
    const struct tt_pipeline_config *cfg; /* the settings it was created with (borrowed) */
    struct tt_clock clock;        /* year inference, DST folds */
    void *state[TT_PARSERS_MAX];  /* per-parser state, created on first use (NULL until then) */
    const struct tt_parser_ops *ops[TT_PARSERS_MAX]; /* the registry, copied: no call per probe */
    uint8_t rank[TT_PARSERS_MAX]; /* auto mode: parsers with a probe, most hits on this stream first */
    uint8_t rank_pos[TT_PARSERS_MAX]; /* registry index -> its place in rank */
    uint8_t n_rank;               /* entries in rank */
    uint32_t hits[TT_PARSERS_MAX]; /* unrouted lines each parser took (halved when one grows large) */
    int64_t last_utc_s;           /* time of the last timed line, INT64_MIN none */
    uint64_t timed_by_arrival;    /* lines bucketed at arrival time (no timestamp) */
    uint64_t timed_by_previous;   /* lines without a timestamp bucketed at the previous line's time */
    uint8_t live;                 /* socket source: untimed lines take arrival time (docs/COUNTING.md#untimed) */
    uint8_t stateless;            /* tt_pipeline_pre's streams: parsers with memory are never run */
    uint8_t needs_order;          /* stateless: the last line wanted such a parser */
};

struct tt_line_result {
    struct tt_event ev;       /* the verdict; ev.verdict UNPARSED with ev.reason when nothing took it */
    int parser;               /* registry index of the parser that recognised it, -1 none */
    enum tt_parse_rc rc;      /* what that parser returned */
    int rule;                 /* index of the site rule (--rules) that decided, -1 none */
    int64_t utc_s;            /* bucket time: the event's own, the previous line's, or arrival */
    uint8_t by_arrival;       /* 1 when utc_s is the arrival time */
    uint8_t by_previous;      /* 1 when utc_s is the time of the stream's last timestamped line */
};

int tt_stream_init(struct tt_stream *st, const struct tt_pipeline_config *cfg);
void tt_stream_fini(struct tt_stream *st);

/* Classifies one line (without its newline). */
void tt_pipeline_line(const struct tt_pipeline_config *cfg, struct tt_stream *st, const char *line, size_t len,
                      int64_t arrival_s, struct tt_line_result *out);

/* The same in two halves, so that lines can be classified on several
 * threads and counted in order (collector/parallel.c). tt_pipeline_pre is
 * everything but the clock, on a stream with `stateless` set (its own per
 * thread): it returns 0, and the line must go through tt_pipeline_line in
 * order instead, when the line wants a parser with memory (Postfix, ASA...).
 * tt_pipeline_post, on the file's own stream and in line order, resolves the
 * header's and the event's times exactly as tt_pipeline_line would have. */
struct tt_line_pre {
    struct tt_line_result r;  /* all but the time */
    struct tt_stamp env_stamp; /* the header's time, unresolved */
    uint8_t hopeless;         /* empty or binary: timed as a line without a timestamp */
};
int tt_pipeline_pre(const struct tt_pipeline_config *cfg, struct tt_stream *st, const char *line, size_t len,
                    struct tt_line_pre *pre);
void tt_pipeline_post(struct tt_stream *st, const struct tt_line_pre *pre, int64_t arrival_s,
                      struct tt_line_result *out);

/* A line the framer could not deliver (over-long, cut off): unparsed with
 * reason, timed like any line without a timestamp. */
void tt_pipeline_untimed(struct tt_stream *st, enum tt_reason reason, int64_t arrival_s,
                         struct tt_line_result *out);

/* Why a line nobody recognised is unparsed: binary, invalid_utf8, empty or
 * no_parser. Exposed for tests. */
enum tt_reason tt_unparsed_reason(const char *line, size_t len);

#endif
