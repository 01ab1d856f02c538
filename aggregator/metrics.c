/* SPDX-License-Identifier: MIT
 *
 * metrics.c -- what `serve` answers on /metrics, in the Prometheus text
 * format (docs/COUNTING.md#monitoring; passes `promtool check metrics`):
 *
 *   threattally_events_total{site,metric,reason}          counter: everything the day buckets hold
 *   threattally_collector_*{site,instance}                each collector's health hash
 *   threattally_last_24h_*{site,...}                      gauges over the sliding last 24 hours
 *   threattally_last_seen_timestamp_seconds{site}, threattally_sources{site}, threattally_up, ...
 *
 * The counters are sums over every day bucket ever written: day buckets are
 * kept until `purge` deletes them, so the sums only grow and rate() and
 * increase() work over any range a user chooses (a purge is a counter
 * reset, which Prometheus handles). Health comes from the hashes the
 * collector writes in the same transaction as its counts
 * (collector/out_redis.c write_health): the wall-clock time of the last
 * committed flush is what lets anyone alert on a collector that stopped,
 * which event times (last_seen) cannot. Names follow the Prometheus
 * conventions: base unit last, _total only on counters, HELP and TYPE for
 * every family. Labels are site, metric, reason and instance only: never an
 * address or a source name (those are attacker-influenced text).
 */
#include "aggregator/metrics.h"
#include "aggregator/figures.h"
#include "aggregator/query.h"
#include "aggregator/store.h"
#include "common/event.h"
#include "common/mem.h"
#include "common/schema.h"
#include "common/tt.h"
#include "common/window.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define METRICS_WINDOW_S (24 * 3600)

/* Prometheus label value: backslash, quote and newline escaped. Site names
 * are [A-Za-z0-9._-] already; instance names come from key names, so this
 * is what keeps the format intact whatever they hold. */
static void metrics_label(struct tt_buf *b, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\' || *v == '"')
            tt_buf_printf(b, "\\%c", *v);
        else if (*v == '\n')
            tt_buf_puts(b, "\\n");
        else
            tt_buf_put(b, v, 1);
    }
}

static void metrics_family(struct tt_buf *b, const char *name, const char *type, const char *help)
{
    tt_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{site="S"[,metric="M",reason="R"] */
static void metrics_site_open(struct tt_buf *b, const char *name, const char *site)
{
    tt_buf_printf(b, "%s{site=\"", name);
    metrics_label(b, site);
    tt_buf_puts(b, "\"");
}

static void metrics_field_labels(struct tt_buf *b, int field)
{
    enum tt_reason r = tt_field_reason(field);
    tt_buf_printf(b, ",metric=\"%s\",reason=\"%s\"}", tt_metric_name(tt_field_metric(field)),
                  r == TT_REASON_NONE ? "" : tt_reason_name(r));
}

/* Per site: sums of the last 24 hours (with distinct sources). */
static int metrics_window_sums(struct store *s, char **sites, size_t nsites, int64_t now_s, struct store_sum *sums)
{
    struct tt_window w;
    tt_window_last(METRICS_WINDOW_S, now_s, &w);
    for (size_t i = 0; i < nsites; i++) {
        struct tt_avail avail;
        if (figures_avail(s, &sites[i], 1, w.from_s, w.to_s, &avail) != TT_OK) {
            free((void *)avail.gran);
            return TT_ERR;
        }
        struct tt_plan plan;
        tt_plan_make(w.from_s, w.to_s, &avail, 0, &plan);
        free((void *)avail.gran);
        int rc = store_sum(s, &sites[i], 1, &plan, 1, 1, &sums[i]);
        tt_plan_fini(&plan);
        if (rc != TT_OK)
            return TT_ERR;
    }
    return TT_OK;
}

static void metrics_events(struct tt_buf *b, char **sites, size_t nsites, const uint64_t *totals)
{
    metrics_family(b, "threattally_events_total", "counter",
                   "Events counted, by metric and reason, summed over every day bucket kept (by event time; "
                   "grows as collectors commit counts, falls only when purge deletes days).");
    for (size_t i = 0; i < nsites; i++)
        for (int f = 0; f < TT_FIELD_COUNT; f++) {
            metrics_site_open(b, "threattally_events_total", sites[i]);
            metrics_field_labels(b, f);
            tt_buf_printf(b, " %" PRIu64 "\n", totals[i * TT_FIELD_COUNT + (size_t)f]);
        }
}

/* One health family: which value of struct store_collector, as what. */
enum metrics_health_id {
    MH_LAST_FLUSH = 0,
    MH_LAG,
    MH_STARTED,
    MH_LINES,
    MH_DROPPED,
    MH_RECONNECTS,
    MH_GAPS,
    MH_COUNT
};

static const struct {
    const char *name; /* family name */
    const char *type; /* gauge or counter */
    const char *help; /* HELP text */
} metrics_health[MH_COUNT] = {
    [MH_LAST_FLUSH] = {"threattally_collector_last_flush_timestamp_seconds", "gauge",
                       "Wall-clock time (Unix) of the collector's last committed flush to Redis."},
    [MH_LAG] = {"threattally_collector_lag_seconds", "gauge",
                "At the collector's last flush: its time minus the newest event time it had counted."},
    [MH_STARTED] = {"threattally_collector_start_time_seconds", "gauge",
                    "When the collector process started (Unix time)."},
    [MH_LINES] = {"threattally_collector_lines_read_total", "counter", "Lines the collector read since it started."},
    [MH_DROPPED] = {"threattally_collector_lines_dropped_total", "counter",
                    "Messages lost before parsing since the collector started (socket overflow, capture drops)."},
    [MH_RECONNECTS] = {"threattally_collector_redis_reconnects_total", "counter",
                       "Reconnections to Redis since the collector started."},
    [MH_GAPS] = {"threattally_collector_possible_gaps_total", "counter",
                 "Possible data gaps (copytruncate rotation and the like) since the collector started."},
};

static void metrics_collectors(struct tt_buf *b, const struct store_collector *col, size_t n)
{
    for (int id = 0; id < MH_COUNT; id++) {
        metrics_family(b, metrics_health[id].name, metrics_health[id].type, metrics_health[id].help);
        for (size_t i = 0; i < n; i++) {
            const struct store_collector *c = &col[i];
            int64_t v;
            switch (id) {
            case MH_LAST_FLUSH: v = c->last_flush_s; break;
            case MH_LAG: v = c->lag_s; break;
            case MH_STARTED: v = c->started_s; break;
            case MH_LINES: v = (int64_t)c->lines_total; break;
            case MH_DROPPED: v = (int64_t)c->lines_dropped; break;
            case MH_RECONNECTS: v = (int64_t)c->redis_reconnects; break;
            default: v = (int64_t)c->possible_gaps; break;
            }
            if ((id == MH_LAG && v < 0) || ((id == MH_LAST_FLUSH || id == MH_STARTED) && v <= 0))
                continue; /* unknown: absent, not a made-up zero */
            metrics_site_open(b, metrics_health[id].name, c->site);
            tt_buf_puts(b, ",instance=\"");
            metrics_label(b, c->instance);
            tt_buf_printf(b, "\"} %" PRId64 "\n", v);
        }
    }
}

static void metrics_window(struct tt_buf *b, char **sites, size_t nsites, const struct store_sum *sums)
{
    metrics_family(b, "threattally_last_24h_events", "gauge",
                   "Events counted over the last 24 hours (a sliding window), by metric and reason.");
    for (size_t i = 0; i < nsites; i++)
        for (int f = 0; f < TT_FIELD_COUNT; f++) {
            metrics_site_open(b, "threattally_last_24h_events", sites[i]);
            metrics_field_labels(b, f);
            tt_buf_printf(b, " %" PRIu64 "\n", sums[i].fields[f]);
        }
    metrics_family(b, "threattally_last_24h_attack_sources", "gauge",
                   "Distinct source addresses of blocked attacks over the last 24 hours (estimate, within about 2%).");
    for (size_t i = 0; i < nsites; i++) {
        metrics_site_open(b, "threattally_last_24h_attack_sources", sites[i]);
        tt_buf_printf(b, "} %" PRIu64 "\n", sums[i].sources);
    }
    metrics_family(b, "threattally_last_24h_emails_sent_tls_ratio", "gauge",
                   "Share of outgoing email sent over TLS in the last 24 hours (0 to 1; absent without outgoing "
                   "email).");
    for (size_t i = 0; i < nsites; i++) {
        uint64_t sent = 0, tls = 0;
        for (int f = 0; f < TT_FIELD_COUNT; f++) {
            sent += tt_field_metric(f) == TT_METRIC_EMAILS_SENT ? sums[i].fields[f] : 0;
            tls += tt_field_metric(f) == TT_METRIC_EMAILS_SENT_TLS ? sums[i].fields[f] : 0;
        }
        if (!sent)
            continue;
        metrics_site_open(b, "threattally_last_24h_emails_sent_tls_ratio", sites[i]);
        tt_buf_printf(b, "} %.6f\n", (double)tls / (double)sent);
    }
}

static void metrics_sources(struct tt_buf *b, char **sites, size_t nsites, const struct store_source *src, size_t nsrc)
{
    metrics_family(b, "threattally_last_seen_timestamp_seconds", "gauge",
                   "Newest event time any source of the site has delivered (Unix time; event time, not arrival).");
    for (size_t i = 0; i < nsites; i++) {
        int64_t newest = 0;
        for (size_t k = 0; k < nsrc; k++)
            if (strcmp(src[k].site, sites[i]) == 0 && src[k].last_seen_s > newest)
                newest = src[k].last_seen_s;
        metrics_site_open(b, "threattally_last_seen_timestamp_seconds", sites[i]);
        tt_buf_printf(b, "} %" PRId64 "\n", newest);
    }
    metrics_family(b, "threattally_sources", "gauge", "Input sources recorded for the site.");
    for (size_t i = 0; i < nsites; i++) {
        size_t n = 0;
        for (size_t k = 0; k < nsrc; k++)
            n += strcmp(src[k].site, sites[i]) == 0;
        metrics_site_open(b, "threattally_sources", sites[i]);
        tt_buf_printf(b, "} %zu\n", n);
    }
}

unsigned metrics_render(struct store *s, const char *site, int64_t now_s, struct tt_buf *out, int *out_store_failed,
                        char *err, size_t errlen)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tt_buf_init(out);
    *out_store_failed = 0;
    if (query_site_check(site, err, errlen) != TT_OK)
        return 400;
    char **sites = NULL;
    size_t nsites = 0;
    int up = s != NULL, missing = 0;
    if (up && query_sites(s, site, &sites, &nsites, &missing, err, errlen) != TT_OK) {
        if (missing)
            return 404;
        up = 0;
    }
    uint64_t *totals = tt_calloc(nsites * TT_FIELD_COUNT + 1, sizeof(*totals));
    struct store_sum *sums = tt_calloc(nsites + 1, sizeof(*sums));
    struct store_source *src = NULL;
    struct store_collector *col = NULL;
    size_t nsrc = 0, ncol = 0;
    for (size_t i = 0; up && i < nsites; i++)
        up = store_day_totals(s, sites[i], &totals[i * TT_FIELD_COUNT]) == TT_OK;
    up = up && metrics_window_sums(s, sites, nsites, now_s, sums) == TT_OK;
    up = up && store_sources(s, sites, nsites, &src, &nsrc) == TT_OK;
    up = up && store_collectors(s, sites, nsites, &col, &ncol) == TT_OK;
    *out_store_failed = s != NULL && !up;

    tt_buf_printf(out, "# HELP threattally_build_info Version of threattally-aggregator.\n"
                       "# TYPE threattally_build_info gauge\nthreattally_build_info{version=\"%s\"} 1\n",
                  TT_VERSION);
    metrics_family(out, "threattally_up", "gauge", "1 when Redis answered this scrape.");
    tt_buf_printf(out, "threattally_up %d\n", up);
    if (up) {
        metrics_events(out, sites, nsites, totals);
        metrics_collectors(out, col, ncol);
        metrics_window(out, sites, nsites, sums);
        metrics_sources(out, sites, nsites, src, nsrc);
    }
    free(col);
    store_free_sources(src, nsrc);
    store_free_names(sites, nsites);
    free(sums);
    free(totals);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    metrics_family(out, "threattally_scrape_duration_seconds", "gauge", "Time taken to answer this scrape.");
    tt_buf_printf(out, "threattally_scrape_duration_seconds %.6f\n",
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 200;
}
