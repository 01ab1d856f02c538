/* SPDX-License-Identifier: MIT
 *
 * metrics.h -- the Prometheus text of `serve`'s /metrics (docs/COUNTING.md#monitoring):
 * monotonic event counters from the day buckets, each collector's health
 * from its health hash, and gauges over the last 24 hours. serve.c only
 * answers the request with what this writes. See metrics.c.
 */
#ifndef AGG_METRICS_H
#define AGG_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

struct store;

/* Writes the exposition for the sites that site selects ("all", "a",
 * "a,b") into out (initialised here). s may be NULL (Redis unreachable):
 * the text then says threattally_up 0. Returns an HTTP status: 200; 400
 * or 404 (bad or unknown site) with a message in err and nothing to send.
 * *out_store_failed is 1 when the store failed during the scrape (the
 * caller reopens it next time). */
unsigned metrics_render(struct store *s, const char *site, int64_t now_s, struct tt_buf *out, int *out_store_failed,
                        char *err, size_t errlen);

#endif
