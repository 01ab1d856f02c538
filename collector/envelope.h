/* SPDX-License-Identifier: MIT
 *
 * envelope.h -- the syslog header in front of a log message, split off a line
 * before any format parser looks at it. Three shapes are recognised:
 *   RFC 3164  "<34>Feb  1 00:00:01 mx1 postfix/smtpd[123]: message"
 *   RFC 5424  "<34>1 2018-02-01T00:00:01.000Z mx1 postfix 123 - - message"
 *   ISO/rsyslog "2018-02-01T00:00:01.123+00:00 mx1 postfix/smtpd[123]: message"
 * and lines with none (the whole line is the message, e.g. EVE JSON).
 */
#ifndef TT_ENVELOPE_H
#define TT_ENVELOPE_H

#include "common/tt.h"
#include "common/time.h"

enum tt_envelope_kind {
    TT_ENVELOPE_NONE = 0, /* no syslog header: msg is the whole line */
    TT_ENVELOPE_RFC3164,
    TT_ENVELOPE_RFC5424,
    TT_ENVELOPE_ISO,      /* ISO 8601 timestamp + host + tag (rsyslog RFC3339 template) */
    TT_ENVELOPE_COUNT
};

struct tt_envelope {
    enum tt_envelope_kind kind; /* which header shape was found */
    int pri;                    /* <PRI> value, -1 when absent */
    struct tt_stamp stamp;      /* header timestamp, kind NONE when absent */
    struct tt_slice host;       /* HOSTNAME, empty when absent */
    struct tt_slice app;        /* program: "postfix/smtpd", "kernel", "amavis" */
    struct tt_slice pid;        /* PROCID / [pid], empty when absent */
    struct tt_slice msg;        /* the message after "tag: " */
    struct tt_slice line;       /* the whole line */
    uint8_t wrapped;            /* 1: a relay's header was in front of this (inner) header */
};

/* Splits line into env. Never fails: a line without a recognisable header is
 * kind NONE with msg == line. A line re-wrapped by a relay (a header in front
 * of a whole syslog line) yields the inner header, with wrapped set.
 * Borrowed slices point into line. */
void tt_envelope_parse(const char *line, size_t len, struct tt_envelope *env);

#endif
