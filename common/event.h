/* SPDX-License-Identifier: MIT
 *
 * event.h -- what a parser says about one line. Parsers fill a struct
 * tt_event whose strings point into the line; the collector's tally turns
 * events into counts. The verdict/metric/reason vocabulary here is the one of
 * docs/COUNTING.md#metrics and is shared with the aggregator and the Redis schema.
 */
#ifndef TT_EVENT_H
#define TT_EVENT_H

#include "common/tt.h"
#include "common/net.h"
#include "common/time.h"

enum tt_verdict {
    TT_VERDICT_UNPARSED = 0, /* no parser recognised the line */
    TT_VERDICT_BLOCKED,      /* deny, drop, reject, reset, quarantine, discard */
    TT_VERDICT_ALLOWED,      /* accept, pass, delivered, alert only detected */
    TT_VERDICT_OTHER,        /* no verdict: session start, system, auth, info */
    TT_VERDICT_COUNT
};

/* Counters of docs/COUNTING.md#metrics. The order is part of nothing external: names
 * (tt_metric_name) are what Redis and the CLI use. */
enum tt_metric {
    TT_METRIC_NONE = 0,          /* the event counts nothing */
    TT_METRIC_EMAILS_BLOCKED,
    TT_METRIC_EMAILS_DELIVERED,
    TT_METRIC_EMAILS_SENT,
    TT_METRIC_EMAILS_SENT_TLS,
    TT_METRIC_ATTACKS_BLOCKED,
    TT_METRIC_CONNECTIONS_ALLOWED,
    TT_METRIC_IDS_ALERTS,
    TT_METRIC_ATTACK_SOURCES,    /* distinct, kept in HyperLogLogs */
    TT_METRIC_LINES_TOTAL,
    TT_METRIC_LINES_UNPARSED,
    TT_METRIC_LINES_DROPPED,
    TT_METRIC_COUNT
};

/* Reasons. The first group breaks down blocks (docs/COUNTING.md#metrics); the second
 * says why a line is unparsed; the third why messages were dropped. */
enum tt_reason {
    TT_REASON_NONE = 0,
    TT_REASON_SPAM,
    TT_REASON_MALWARE,
    TT_REASON_PHISHING,
    TT_REASON_POLICY,
    TT_REASON_REPUTATION,
    TT_REASON_FIREWALL,
    TT_REASON_IPS,
    TT_REASON_NO_PARSER,    /* unparsed: no format recognised the line */
    TT_REASON_MALFORMED,    /* unparsed: format recognised, fields unusable */
    TT_REASON_TOO_LONG,     /* unparsed: line longer than the framer's limit */
    TT_REASON_BINARY,       /* unparsed: NUL or other control bytes */
    TT_REASON_INVALID_UTF8, /* unparsed: not UTF-8 and not recognised */
    TT_REASON_TRUNCATED,    /* unparsed: cut short by the end of a damaged input */
    TT_REASON_BAD_TIME,     /* unparsed: timestamp present but impossible */
    TT_REASON_EMPTY,        /* unparsed: blank line */
    TT_REASON_OVERFLOW,     /* dropped: socket buffer overflow */
    TT_REASON_CAPTURE,      /* dropped: pcap/kernel capture drops */
    TT_REASON_COUNT
};

/* How the line's own timestamp was given; converted to UTC by a per-stream
 * struct tt_clock (common/time.h), never by the parser. */
struct tt_event {
    enum tt_verdict verdict; /* verdict of docs/COUNTING.md#verdicts */
    enum tt_metric metric;   /* counter to increment, TT_METRIC_NONE for none */
    enum tt_reason reason;   /* reason of metric, or why unparsed */
    uint32_t count;          /* events this line stands for (hit-cnt, repeats); parsers leave 1 */
    uint8_t tls;             /* with TT_METRIC_EMAILS_SENT: also counts emails_sent_tls */
    uint8_t has_stamp;       /* 1 when stamp was set by the parser (else the envelope's) */
    struct tt_addr src;      /* source address, family 0 when unknown */
    struct tt_addr dst;      /* destination address, family 0 when unknown */
    struct tt_stamp stamp;   /* vendor timestamp, when has_stamp */
    const char *why;         /* static short text for --classify (e.g. "postscreen reject"), may be NULL */
};

/* Resets an event to "other, counts nothing, count 1". */
void tt_event_reset(struct tt_event *ev);

const char *tt_verdict_name(enum tt_verdict v);
const char *tt_metric_name(enum tt_metric m);
const char *tt_reason_name(enum tt_reason r);
/* Name lookups; return TT_OK and set *out, or TT_ERR. */
int tt_metric_from_name(const char *name, enum tt_metric *out);
int tt_reason_from_name(const char *name, enum tt_reason *out);
/* 1 when reason r is a valid breakdown of metric m (NONE is valid for every
 * metric that has no reasons). */
int tt_metric_has_reason(enum tt_metric m, enum tt_reason r);
/* 1 when metric m is broken down by reasons (its total is the sum of them). */
int tt_metric_has_reasons(enum tt_metric m);
/* Plain-English definition of a metric, printed beside every figure. */
const char *tt_metric_definition(enum tt_metric m);

/* Counter fields: the valid (metric, reason) pairs that are stored, one
 * per reason for metrics with reasons (their total is the sum), else one with
 * reason NONE. attack_sources is not a field (it lives in HyperLogLogs). */
#define TT_FIELD_COUNT 23
/* Index 0..TT_FIELD_COUNT-1 of (m, r), or -1 when the pair is not stored. */
int tt_field_index(enum tt_metric m, enum tt_reason r);
enum tt_metric tt_field_metric(int field);
enum tt_reason tt_field_reason(int field);

#endif
