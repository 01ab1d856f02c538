/* SPDX-License-Identifier: MIT
 *
 * query.h -- what `query`, `report` and `serve` share between the command
 * line and the HTTP API, so that `/api/query` and `query --json` (and
 * `/api/report` and `report --format json`) cannot drift apart: the window
 * from its textual parts, the sites to read, the one-figure answer, and the
 * report model for a request.
 */
#ifndef AGG_QUERY_H
#define AGG_QUERY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "aggregator/figures.h"
#include "common/event.h"
#include "common/window.h"

struct store;

/* The window as text, from options or URL parameters; NULL = not given. */
struct query_window_args {
    const char *month;        /* YYYY-MM */
    const char *from;         /* ISO 8601 */
    const char *to;           /* ISO 8601 */
    const char *last;         /* 90m, 36h, 5d, 2w */
    const char *at;           /* end of a --last window */
    const char *default_last; /* used when no window is given */
};

/* The longest window a report, query or API request may ask for: 100
 * years of day buckets. Work is bounded by it (and by the buckets that
 * exist, figures.c), so one request cannot exhaust memory or Redis. */
#define QUERY_WINDOW_MAX_DAYS 36525
#define QUERY_WINDOW_MAX_S ((int64_t)QUERY_WINDOW_MAX_DAYS * 86400)

/* Builds the window; TT_ERR with a one-line message (a usage error), also
 * for a window longer than QUERY_WINDOW_MAX_DAYS. */
int query_window(const struct query_window_args *a, const struct tt_zone *zone, int64_t now_s, struct tt_window *out,
                 char *err, size_t errlen);

/* Checks a --site value: "all", one name, or a comma-separated list of
 * names. TT_ERR with a message. */
int query_site_check(const char *site, char *err, size_t errlen);

/* The sites a --site value stands for, as a heap array of heap strings
 * (free with store_free_names). Sets *out_missing to 1 (and names it in
 * err) when a named site is unknown to the store; TT_ERR on store errors. */
int query_sites(struct store *s, const char *site, char ***out, size_t *out_n, int *out_missing, char *err,
                size_t errlen);

/* One figure, as `query` prints it: with json the object of docs/COUNTING.md#command-line,
 * otherwise the number (and reason lines with by_reason). A coarser answer
 * is noted in *out_note (text mode prints it on stderr). */
int query_figure(struct store *s, char *const *sites, size_t nsites, const char *site_label, enum tt_metric m,
                 const struct tt_window *w, int by_reason, int json, FILE *out, char *out_note, size_t notelen);

#endif
