/* SPDX-License-Identifier: MIT
 *
 * fuzz_serve.c -- libFuzzer target for serve's request handling: the pure
 * functions serve.c calls for every request (aggregator/serve_req.c: the
 * route of a URL, the Host check) and the checks of its query parameters
 * (query.c: the window from month/from/to/last/at, the site list;
 * serve_req.c: top_sources). The input is lines: a URL, a Host value, the
 * listen host, then NAME=VALUE parameters. Checks, for any input: nothing
 * crashes or reads past the input; an accepted Host is one of the allowed
 * names followed by nothing or ":" and 1-5 digits (checked by a separate,
 * simpler reference); an accepted window is non-empty and at most
 * QUERY_WINDOW_MAX_S long; an accepted top_sources is 1..100.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aggregator/query.h"
#include "aggregator/serve_req.h"
#include "common/event.h"
#include "common/time.h"
#include "common/tt.h"

static struct tt_zone *zone;

/* Reference: host = name [":" 1*5DIGIT], name compared exactly (fold: any case). */
static int ref_host(const char *host, const char *name, int fold)
{
    size_t n = strlen(name);
    if (!n || strlen(host) < n || (fold ? strncasecmp(host, name, n) : strncmp(host, name, n)))
        return 0;
    const char *p = host + n;
    if (!*p)
        return 1;
    if (*p++ != ':')
        return 0;
    size_t d = 0;
    while (p[d] >= '0' && p[d] <= '9')
        d++;
    return d >= 1 && d <= 5 && !p[d] && atol(p) <= 65535;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!zone) {
        char err[128];
        zone = tt_zone_create("UTC", err, sizeof(err));
        if (!zone)
            abort();
    }
    if (size > 4096)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *lines[16] = {0};
    size_t n = 0;
    for (char *p = buf; n < 16;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    const char *url = lines[0], *host = n > 1 ? lines[1] : NULL, *listen = n > 2 ? lines[2] : NULL;

    enum serve_route r = serve_route(url);
    if (r != SERVE_ROUTE_NONE && url[0] != '/')
        abort();

    if (serve_host_ok(host, listen)) {
        int ok = ref_host(host, "localhost", 1) || ref_host(host, "127.0.0.1", 0) || ref_host(host, "[::1]", 0);
        if (!ok && listen && *listen) {
            int v6 = strchr(listen, ':') && listen[0] != '[';
            char *br = malloc(strlen(listen) + 3);
            sprintf(br, v6 ? "[%s]" : "%s", listen);
            ok = (!v6 || strlen(listen) < 62) && ref_host(host, br, 1);
            free(br);
        }
        if (!ok)
            abort();
    }

    struct query_window_args wa = {.default_last = "7d"};
    const char *site = NULL, *top = NULL, *metric = NULL;
    for (size_t i = 3; i < n; i++) {
        char *eq = strchr(lines[i], '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *k = lines[i], *v = eq + 1;
        if (!v[0])
            v = NULL; /* serve treats an empty value as absent */
        if (!strcmp(k, "month")) wa.month = v;
        else if (!strcmp(k, "from")) wa.from = v;
        else if (!strcmp(k, "to")) wa.to = v;
        else if (!strcmp(k, "last")) wa.last = v;
        else if (!strcmp(k, "at")) wa.at = v;
        else if (!strcmp(k, "site")) site = v;
        else if (!strcmp(k, "top_sources")) top = v;
        else if (!strcmp(k, "metric")) metric = v;
    }
    struct tt_window w;
    char err[512];
    if (query_window(&wa, zone, INT64_C(1780000000), &w, err, sizeof(err)) == TT_OK) {
        if (w.to_s <= w.from_s || w.to_s - w.from_s > QUERY_WINDOW_MAX_S)
            abort();
        struct tt_window prev;
        if (tt_window_previous(&w, zone, &prev) == TT_OK && prev.to_s - prev.from_s > QUERY_WINDOW_MAX_S + 31 * 86400)
            abort();
    } else if (!err[0] || strlen(err) >= sizeof(err)) {
        abort();
    }
    if (site)
        (void)query_site_check(site, err, sizeof(err));
    long t;
    if (serve_parse_top(top, 100, &t) == TT_OK && (t < 0 || t > 100 || (top && t == 0)))
        abort();
    enum tt_metric m;
    if (metric)
        (void)tt_metric_from_name(metric, &m);
    free(buf);
    return 0;
}
