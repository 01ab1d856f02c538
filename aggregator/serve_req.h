/* SPDX-License-Identifier: MIT
 *
 * serve_req.h -- the pure part of serve's request handling: which page a
 * URL names, whether a Host header names this server, and the checks of the
 * query parameters. No I/O and no libmicrohttpd, so that the fuzz target
 * (tests/fuzz/fuzz_serve.c) runs exactly the code that serve.c runs.
 */
#ifndef AGG_SERVE_REQ_H
#define AGG_SERVE_REQ_H

#include <stddef.h>

enum serve_route {
    SERVE_ROUTE_NONE = 0, /* 404 */
    SERVE_ROUTE_INDEX,    /* / and /index.html */
    SERVE_ROUTE_ASSET,    /* /dashboard.js, /dashboard.css */
    SERVE_ROUTE_REPORT,   /* /api/report */
    SERVE_ROUTE_QUERY,    /* /api/query */
    SERVE_ROUTE_SITES,    /* /api/sites */
    SERVE_ROUTE_METRICS,  /* /metrics */
    SERVE_ROUTE_HEALTHZ,  /* /healthz */
    SERVE_ROUTE_COUNT
};

/* The page a request path names (exact match: no prefix, no dot segment). */
enum serve_route serve_route(const char *url);

/* 1 when host, the value of the one Host header, names this server:
 * exactly "localhost" (any case), "127.0.0.1", "[::1]" or listen_host (the
 * address serve is bound to, may be NULL), each with an optional ":PORT"
 * of 1 to 5 digits up to 65535. Anything else ("[::1]evil.example",
 * "localhost:evil", "127.0.0.1.evil", an empty port) is refused: a web page
 * elsewhere cannot reach the API through DNS rebinding. */
int serve_host_ok(const char *host, const char *listen_host);

/* top_sources=N: 1..max, TT_OK; NULL is 0 (not asked). TT_ERR otherwise. */
int serve_parse_top(const char *v, long max, long *out);

#endif
