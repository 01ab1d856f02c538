/* SPDX-License-Identifier: MIT
 *
 * serve_req.c -- see serve_req.h: routes, the Host check and the small
 * parameter parsers of serve, pure so that they can be fuzzed.
 */
#include "aggregator/serve_req.h"
#include "common/tt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum serve_route serve_route(const char *url)
{
    static const struct {
        const char *path;       /* exact path */
        enum serve_route route; /* its page */
    } routes[] = {
        {"/", SERVE_ROUTE_INDEX},
        {"/index.html", SERVE_ROUTE_INDEX},
        {"/dashboard.js", SERVE_ROUTE_ASSET},
        {"/dashboard.css", SERVE_ROUTE_ASSET},
        {"/api/report", SERVE_ROUTE_REPORT},
        {"/api/query", SERVE_ROUTE_QUERY},
        {"/api/sites", SERVE_ROUTE_SITES},
        {"/metrics", SERVE_ROUTE_METRICS},
        {"/healthz", SERVE_ROUTE_HEALTHZ},
    };
    if (!url)
        return SERVE_ROUTE_NONE;
    for (size_t i = 0; i < TT_ARRAY_LEN(routes); i++)
        if (strcmp(url, routes[i].path) == 0)
            return routes[i].route;
    return SERVE_ROUTE_NONE;
}

/* ":PORT" of 1..5 digits, at most 65535, or nothing. */
static int port_ok(const char *p)
{
    if (!*p)
        return 1;
    if (*p != ':')
        return 0;
    p++;
    size_t n = strspn(p, "0123456789");
    if (n == 0 || n > 5 || p[n])
        return 0;
    return atol(p) <= 65535;
}

/* host starts with name (case-insensitive when fold) followed by a port or
 * nothing. */
static int names(const char *host, const char *name, int fold)
{
    size_t n = strlen(name);
    if (n == 0 || (fold ? strncasecmp(host, name, n) : strncmp(host, name, n)) != 0)
        return 0;
    return port_ok(host + n);
}

int serve_host_ok(const char *host, const char *listen_host)
{
    if (!host || !*host || strlen(host) > 255)
        return 0;
    if (names(host, "localhost", 1) || names(host, "127.0.0.1", 0) || names(host, "[::1]", 0))
        return 1;
    if (!listen_host || !*listen_host)
        return 0;
    /* the bound address as a client writes it: an IPv6 one in brackets */
    char bracketed[64];
    if (strchr(listen_host, ':') && listen_host[0] != '[') {
        if (strlen(listen_host) >= sizeof(bracketed) - 2)
            return 0; /* no address is that long */
        snprintf(bracketed, sizeof(bracketed), "[%s]", listen_host);
        listen_host = bracketed;
    }
    return names(host, listen_host, 1);
}

int serve_parse_top(const char *v, long max, long *out)
{
    *out = 0;
    if (!v)
        return TT_OK;
    size_t n = strspn(v, "0123456789");
    if (n == 0 || n > 4 || v[n])
        return TT_ERR;
    long t = atol(v);
    if (t < 1 || t > max)
        return TT_ERR;
    *out = t;
    return TT_OK;
}
