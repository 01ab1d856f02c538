/* SPDX-License-Identifier: MIT
 *
 * serve.h -- `threattally-aggregator serve`: the live dashboard, the JSON
 * API and the Prometheus endpoint over HTTP (libmicrohttpd). See serve.c.
 */
#ifndef AGG_SERVE_H
#define AGG_SERVE_H

#include <stddef.h>

#include "common/zone.h"

#define SERVE_DEFAULT_LISTEN "127.0.0.1:8080"
#define SERVE_USAGE 2 /* serve_run: the configuration is wrong (exit 2) */

struct serve_config {
    const char *redis_url;      /* where the counters are */
    const char *listen;         /* "HOST:PORT", "[V6]:PORT"; port 0 = any free port */
    const char *user;           /* drop root to this user once listening, or NULL */
    const char *site;           /* default --site of the pages and API */
    const struct tt_zone *zone; /* report zone */
};

/* Runs until SIGINT/SIGTERM. TT_OK; TT_ERR or SERVE_USAGE with a one-line
 * message in err. Prints "listening on http://HOST:PORT/" on stdout once
 * the socket is bound. */
int serve_run(const struct serve_config *cfg, char *err, size_t errlen);

#endif
