/* SPDX-License-Identifier: MIT
 *
 * figures.c -- builds the report model (figures.h) from the store and
 * derives what people read from it: shares, changes, window labels, the
 * headline sentences and the notes on precision and gaps. Also the number
 * formatting and escaping every renderer uses, so that all formats carry the
 * same figures written the same way.
 */
#include "aggregator/figures.h"
#include "aggregator/store.h"
#include "common/buf.h"
#include "common/mem.h"
#include "common/tt.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Static description of each row. */
static const struct {
    const char *key;       /* machine name */
    const char *title;     /* for people */
    const char *unit;      /* unit of value */
    enum tt_metric metric; /* source counter, NONE for the share */
    int approximate;       /* HyperLogLog estimate */
    const char *brief;     /* the definition in one line, for the summary page */
} row_defs[FIG_ROW_COUNT] = {
    [FIG_EMAILS_BLOCKED] = {"emails_blocked", "Emails blocked", "emails", TT_METRIC_EMAILS_BLOCKED, 0,
                            "incoming messages the mail gateway refused, discarded or quarantined."},
    [FIG_ATTACKS_BLOCKED] = {"attacks_blocked", "Attacks prevented", "attacks", TT_METRIC_ATTACKS_BLOCKED, 0,
                             "internet connections refused by the firewall or stopped by intrusion prevention."},
    [FIG_ATTACK_SOURCES] = {"attack_sources", "Distinct attack sources", "internet addresses",
                            TT_METRIC_ATTACK_SOURCES, 1,
                            "different internet addresses the blocked attacks came from (an estimate, within 2%)."},
    [FIG_TLS_SHARE] = {"emails_sent_tls_share", "Outgoing email sent encrypted", "percent of outgoing emails",
                       TT_METRIC_NONE, 0, "share of messages to other organisations sent over an encrypted connection."},
    [FIG_EMAILS_DELIVERED] = {"emails_delivered", "Emails delivered", "emails", TT_METRIC_EMAILS_DELIVERED, 0},
    [FIG_EMAILS_SENT] = {"emails_sent", "Emails sent", "emails", TT_METRIC_EMAILS_SENT, 0},
    [FIG_EMAILS_SENT_TLS] = {"emails_sent_tls", "Emails sent encrypted", "emails", TT_METRIC_EMAILS_SENT_TLS, 0},
    [FIG_CONNECTIONS_ALLOWED] = {"connections_allowed", "Connections allowed", "connections",
                                 TT_METRIC_CONNECTIONS_ALLOWED, 0},
    [FIG_IDS_ALERTS] = {"ids_alerts", "Intrusion alerts (not blocked)", "alerts", TT_METRIC_IDS_ALERTS, 0},
};

static const char *const month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};
/* Dates for people are written one way everywhere: "1 Nov 2026" (ISO dates
 * only in CSV and JSON, for machines). */
static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void figures_init(struct figures *f)
{
    memset(f, 0, sizeof(*f));
    snprintf(f->site, sizeof(f->site), "all");
    snprintf(f->zone_name, sizeof(f->zone_name), "UTC");
    snprintf(f->org, sizeof(f->org), "the council");
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        struct figures_row *r = &f->rows[i];
        r->key = row_defs[i].key;
        r->title = row_defs[i].title;
        r->unit = row_defs[i].unit;
        r->metric = row_defs[i].metric;
        r->approximate = row_defs[i].approximate;
        r->brief = row_defs[i].brief;
        r->is_share = i == FIG_TLS_SHARE;
        r->definition = r->is_share ? "Share of outgoing email messages (emails_sent) that were sent over an "
                                      "encrypted (TLS) connection (emails_sent_tls)."
                                    : tt_metric_definition(r->metric);
        if (tt_metric_has_reasons(r->metric)) {
            for (int reason = 1; reason < TT_REASON_COUNT; reason++)
                if (tt_metric_has_reason(r->metric, (enum tt_reason)reason))
                    r->by[r->nby++].reason = (enum tt_reason)reason;
        }
    }
}

void figures_fini(struct figures *f)
{
    if (!f)
        return;
    store_free_names(f->sites, f->nsites);
    f->sites = NULL;
    f->nsites = 0;
    free(f->days);
    f->days = NULL;
    f->ndays = 0;
    free(f->hours);
    f->hours = NULL;
    f->nhours = 0;
    free(f->by_site);
    f->by_site = NULL;
    f->nby_site = 0;
    free(f->collectors);
    f->collectors = NULL;
    f->ncollectors = 0;
    if (f->quality.sources) {
        for (size_t i = 0; i < f->quality.nsources; i++)
            free(f->quality.sources[i].name);
        free(f->quality.sources);
    }
    f->quality.sources = NULL;
    f->quality.nsources = 0;
}

/* ---- reading ---------------------------------------------------------- */

int figures_avail(struct store *s, char *const *sites, size_t nsites, int64_t from_s, int64_t to_s,
                  struct tt_avail *out_avail)
{
    int64_t first;
    size_t n;
    tt_window_utc_days(from_s, to_s, &first, &n);
    uint8_t *gran = tt_calloc(n ? n : 1, 1);
    out_avail->first_day = first;
    out_avail->ndays = n;
    out_avail->gran = gran;
    return n ? store_avail(s, sites, nsites, first, n, gran) : TT_OK;
}

static uint64_t metric_total(const struct store_sum *sum, enum tt_metric m)
{
    uint64_t t = 0;
    for (int i = 0; i < TT_FIELD_COUNT; i++)
        if (tt_field_metric(i) == m)
            t += sum->fields[i];
    return t;
}

static uint64_t field_value(const struct store_sum *sum, enum tt_metric m, enum tt_reason r)
{
    int i = tt_field_index(m, r);
    return i < 0 ? 0 : sum->fields[i];
}

/* The rows from the sums of the window (cur) and the previous one. */
static void fill_rows(struct figures_row *rows, const struct store_sum *cur, const struct store_sum *prev)
{
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        struct figures_row *r = &rows[i];
        if (i == FIG_ATTACK_SOURCES) {
            r->value = cur->sources;
            r->prev = prev->sources;
        } else if (r->is_share) {
            r->value = metric_total(cur, TT_METRIC_EMAILS_SENT_TLS);
            r->prev = metric_total(prev, TT_METRIC_EMAILS_SENT_TLS);
            r->den = metric_total(cur, TT_METRIC_EMAILS_SENT);
            r->prev_den = metric_total(prev, TT_METRIC_EMAILS_SENT);
        } else {
            r->value = metric_total(cur, r->metric);
            r->prev = metric_total(prev, r->metric);
        }
        for (size_t b = 0; b < r->nby; b++) {
            r->by[b].value = field_value(cur, r->metric, r->by[b].reason);
            r->by[b].prev = field_value(prev, r->metric, r->by[b].reason);
        }
    }
}

/* One slot of a series (a local day or a UTC hour) from its sums. */
static void fill_slot(struct figures_day *d, const struct tt_plan *p, const struct store_sum *ds)
{
    d->from_s = p->from_s;
    d->to_s = p->to_s;
    d->v[FIG_COL_EMAILS_BLOCKED] = metric_total(ds, TT_METRIC_EMAILS_BLOCKED);
    d->v[FIG_COL_ATTACKS_BLOCKED] = metric_total(ds, TT_METRIC_ATTACKS_BLOCKED);
    d->v[FIG_COL_ATTACK_SOURCES] = ds->sources;
    d->v[FIG_COL_EMAILS_SENT] = metric_total(ds, TT_METRIC_EMAILS_SENT);
    d->v[FIG_COL_LINES_TOTAL] = metric_total(ds, TT_METRIC_LINES_TOTAL);
    d->v[FIG_COL_EMAILS_SENT_TLS] = metric_total(ds, TT_METRIC_EMAILS_SENT_TLS);
    int any = 0;
    for (int k = 0; k < TT_FIELD_COUNT; k++)
        any |= ds->fields[k] != 0;
    d->no_data = !any && p->to_s > p->from_s;
}

/* Each site alone over the window and the previous one (plans[0..1]), for
 * the side-by-side table of a joint report. */
static int build_by_site(struct store *s, const struct figures_request *req, const struct tt_plan *plans,
                         struct figures *f)
{
    f->by_site = tt_calloc(req->nsites, sizeof(*f->by_site));
    for (size_t i = 0; i < req->nsites; i++) {
        struct figures_site *bs = &f->by_site[i];
        struct store_sum sums[2];
        if (store_sum(s, &req->sites[i], 1, plans, 2, 1, sums) != TT_OK)
            return TT_ERR;
        snprintf(bs->site, sizeof(bs->site), "%s", req->sites[i]);
        memcpy(bs->rows, f->rows, sizeof(bs->rows)); /* static parts and reasons */
        fill_rows(bs->rows, &sums[0], &sums[1]);
        bs->lines_total = metric_total(&sums[0], TT_METRIC_LINES_TOTAL);
        bs->lines_unparsed = metric_total(&sums[0], TT_METRIC_LINES_UNPARSED);
        bs->lines_dropped = metric_total(&sums[0], TT_METRIC_LINES_DROPPED);
        f->nby_site = i + 1;
    }
    return TT_OK;
}

/* The UTC hours of a short window, for the "last hours" chart. */
static int build_hours(struct store *s, const struct figures_request *req, const struct tt_avail *avail,
                       struct figures *f)
{
    int64_t from = req->window.from_s, to = req->window.to_s;
    if (to - from > FIG_HOURLY_MAX_S || to <= from)
        return TT_OK;
    size_t n = 0;
    for (int64_t h = from - (((from % TT_HOUR_S) + TT_HOUR_S) % TT_HOUR_S); h < to; h += TT_HOUR_S)
        n++;
    struct tt_plan *plans = tt_calloc(n, sizeof(*plans));
    struct store_sum *sums = tt_calloc(n, sizeof(*sums));
    int64_t h = from - (((from % TT_HOUR_S) + TT_HOUR_S) % TT_HOUR_S);
    for (size_t i = 0; i < n; i++, h += TT_HOUR_S)
        tt_plan_make(TT_MAX(h, from), TT_MIN(h + TT_HOUR_S, to), avail, TT_PLAN_NO_WIDEN, &plans[i]);
    int rc = store_sum(s, req->sites, req->nsites, plans, n, 1, sums);
    if (rc == TT_OK) {
        f->hours = tt_calloc(n, sizeof(*f->hours));
        f->nhours = n;
        for (size_t i = 0; i < n; i++) {
            struct figures_day *d = &f->hours[i];
            fill_slot(d, &plans[i], &sums[i]);
            d->partial = plans[i].asked_to_s - plans[i].asked_from_s < TT_HOUR_S;
            struct tt_stamp st;
            if (req->zone)
                tt_zone_utc_to_local(req->zone, d->from_s, &st);
            else
                memset(&st, 0, sizeof(st));
            d->year = st.year, d->mon = st.mon, d->mday = st.mday, d->hour = st.hour, d->minute = st.min;
        }
    }
    for (size_t i = 0; i < n; i++)
        tt_plan_fini(&plans[i]);
    free(plans);
    free(sums);
    return rc;
}

/* Each collector's health hash, for the dashboard's health strip. */
static int build_collectors(struct store *s, const struct figures_request *req, struct figures *f)
{
    struct store_collector *col;
    size_t n;
    if (store_collectors(s, req->sites, req->nsites, &col, &n) != TT_OK)
        return TT_ERR;
    f->collectors = tt_calloc(n + 1, sizeof(*f->collectors));
    for (size_t i = 0; i < n; i++) {
        struct figures_collector *c = &f->collectors[i];
        snprintf(c->site, sizeof(c->site), "%s", col[i].site);
        snprintf(c->instance, sizeof(c->instance), "%s", col[i].instance);
        c->last_flush_s = col[i].last_flush_s;
        c->lag_s = col[i].lag_s;
        c->lines_dropped = col[i].lines_dropped;
        c->redis_reconnects = col[i].redis_reconnects;
        c->possible_gaps = col[i].possible_gaps;
    }
    f->ncollectors = n;
    free(col);
    return TT_OK;
}

static void span_from_plan(struct figures_span *sp, const struct tt_plan *p)
{
    memset(sp, 0, sizeof(*sp));
    sp->from_s = p->from_s;
    sp->to_s = p->to_s;
    sp->asked_from_s = p->asked_from_s;
    sp->asked_to_s = p->asked_to_s;
    sp->asked = (enum tt_gran)p->asked;
    sp->precision = (enum tt_gran)p->precision;
    sp->coarser = tt_plan_coarser(p);
}

const char figures_top_title[] = "Where attacks came from (top networks)";
const char figures_top_definition[] =
    "Networks from which the most attacks were blocked. Each attacker's address is cut to its network "
    "when it is counted, to the length after the slash (normally /24, the first three parts of an IPv4 "
    "address, and /48, the first three groups of an IPv6 one, so that no single address is stored or "
    "shown). Counted over whole days (UTC) and only where the collector was asked to (its --top-sources "
    "option); each day keeps its 1,000 busiest networks.";

const char figures_top_none[] =
    "No network was counted for these days: networks are counted only by a collector run with "
    "--top-sources, and only for attacks it blocked.";

/* Who and what the report is about: site(s), zone, organisation, window. */
static void build_header(const struct figures_request *req, struct figures *f)
{
    snprintf(f->site, sizeof(f->site), "%s", req->site);
    f->sites = tt_calloc(req->nsites + 1, sizeof(*f->sites));
    for (size_t i = 0; i < req->nsites; i++)
        f->sites[i] = tt_strdup(req->sites[i]);
    f->nsites = req->nsites;
    f->zone = req->zone;
    snprintf(f->zone_name, sizeof(f->zone_name), "%s", req->zone ? tt_zone_name(req->zone) : "UTC");
    if (req->org)
        snprintf(f->org, sizeof(f->org), "%s", req->org);
    else if (req->nsites > 1 && strcmp(req->site, "all") != 0)
        snprintf(f->org, sizeof(f->org), "the councils"); /* a joint report names several on purpose */
    f->generated_s = req->now_s;
    f->kind = req->window.kind;
    f->month_year = req->window.year;
    f->month = req->window.month;
    f->last_s = req->window.to_s - req->window.from_s;
}

/* The most active attacking networks over the whole UTC days covering the
 * window (when asked for). */
static int build_top(struct store *s, const struct figures_request *req, const struct tt_avail *avail,
                     struct figures *f)
{
    /* the sets are per UTC day: the whole days that cover the window */
    int64_t first = tt_floor_div(req->window.from_s, 86400), end = -tt_floor_div(-req->window.to_s, 86400);
    int64_t rfirst = first, rend = end; /* read only the days that have data */
    while (rfirst < rend && tt_avail_empty(avail, rfirst))
        rfirst++;
    while (rend > rfirst && tt_avail_empty(avail, rend - 1))
        rend--;
    struct store_net *nets = tt_calloc(FIG_TOP_MAX, sizeof(*nets));
    size_t n = 0;
    int rc = store_top(s, req->sites, req->nsites, rfirst, (size_t)(rend - rfirst),
                       TT_MIN(req->top_sources, FIG_TOP_MAX), nets, &n);
    for (size_t i = 0; i < n; i++) {
        snprintf(f->top.e[i].net, sizeof(f->top.e[i].net), "%s", nets[i].net);
        f->top.e[i].attacks = nets[i].attacks;
    }
    free(nets);
    f->top.asked = req->top_sources;
    f->top.n = n;
    f->top.from_s = first * 86400;
    f->top.to_s = end * 86400;
    return rc;
}

/* Lines read, not recognised and lost, by reason; the sources, whose names
 * move into the model. */
static void build_quality(const struct store_sum *sum, struct store_source *src, size_t nsrc, struct figures *f)
{
    struct figures_quality *q = &f->quality;
    q->lines_total = metric_total(sum, TT_METRIC_LINES_TOTAL);
    q->lines_unparsed = metric_total(sum, TT_METRIC_LINES_UNPARSED);
    q->lines_dropped = metric_total(sum, TT_METRIC_LINES_DROPPED);
    for (int r = 0; r < TT_REASON_COUNT; r++) {
        q->unparsed[r] = field_value(sum, TT_METRIC_LINES_UNPARSED, (enum tt_reason)r);
        q->dropped[r] = field_value(sum, TT_METRIC_LINES_DROPPED, (enum tt_reason)r);
    }
    q->sources = tt_calloc(nsrc + 1, sizeof(*q->sources));
    for (size_t i = 0; i < nsrc; i++) {
        snprintf(q->sources[i].site, sizeof(q->sources[i].site), "%s", src[i].site);
        q->sources[i].name = src[i].name; /* ownership moves to the model */
        src[i].name = NULL;
        q->sources[i].last_seen_s = src[i].last_seen_s;
    }
    q->nsources = nsrc;
}

/* One row per local day of the window, from plans and sums [2..]. */
static void build_days(const struct tt_window_day *wd, size_t nd, const struct tt_plan *plans,
                       const struct store_sum *sums, struct figures *f)
{
    f->days = tt_calloc(nd + 1, sizeof(*f->days));
    f->ndays = nd;
    for (size_t i = 0; i < nd; i++) {
        struct figures_day *d = &f->days[i];
        const struct store_sum *ds = &sums[2 + i];
        d->year = wd[i].year;
        d->mon = wd[i].mon;
        d->mday = wd[i].mday;
        d->partial = wd[i].partial;
        fill_slot(d, &plans[2 + i], ds);
    }
}

int figures_build(struct store *s, const struct figures_request *req, struct figures *f, char *err, size_t errlen)
{
    figures_init(f);
    build_header(req, f);

    struct tt_window prev;
    if (tt_window_previous(&req->window, req->zone, &prev) != TT_OK) {
        snprintf(err, errlen, "cannot compute the window before this one");
        return TT_ERR;
    }
    struct tt_avail avail;
    if (figures_avail(s, req->sites, req->nsites, prev.from_s, req->window.to_s, &avail) != TT_OK) {
        snprintf(err, errlen, "%s", store_errstr(s));
        free((void *)avail.gran);
        return TT_ERR;
    }

    /* Plans: [0] the window, [1] the previous window, [2..] its local days.
     * The days are cut from the window as asked and rounded by the same
     * rule as the window, so they add up to it (window.h). */
    struct tt_plan main_plan;
    tt_plan_make(req->window.from_s, req->window.to_s, &avail, 0, &main_plan);
    struct tt_window_day *wd = NULL;
    size_t nd = tt_window_days(req->zone, req->window.from_s, req->window.to_s, &wd);
    struct tt_plan *plans = tt_calloc(nd + 2, sizeof(*plans));
    plans[0] = main_plan;
    tt_plan_make(prev.from_s, prev.to_s, &avail, 0, &plans[1]);
    for (size_t i = 0; i < nd; i++)
        tt_plan_make(wd[i].from_s, wd[i].to_s, &avail, TT_PLAN_NO_WIDEN, &plans[2 + i]);

    struct store_sum *sums = tt_calloc(nd + 2, sizeof(*sums));
    int rc = store_sum(s, req->sites, req->nsites, plans, nd + 2, 1, sums);
    struct store_source *src = NULL;
    size_t nsrc = 0;
    if (rc == TT_OK)
        rc = store_sources(s, req->sites, req->nsites, &src, &nsrc);
    if (rc != TT_OK) {
        snprintf(err, errlen, "%s", store_errstr(s));
        goto done;
    }

    if (req->top_sources && (rc = build_top(s, req, &avail, f)) != TT_OK) {
        snprintf(err, errlen, "%s", store_errstr(s));
        goto done;
    }

    span_from_plan(&f->window, &plans[0]);
    span_from_plan(&f->prev, &plans[1]);
    fill_rows(f->rows, &sums[0], &sums[1]);
    f->window.lines = metric_total(&sums[0], TT_METRIC_LINES_TOTAL);
    f->prev.lines = metric_total(&sums[1], TT_METRIC_LINES_TOTAL);
    build_quality(&sums[0], src, nsrc, f);

    build_days(wd, nd, plans, sums, f);
    if (req->nsites > 1 && build_by_site(s, req, plans, f) != TT_OK) {
        rc = TT_ERR;
        snprintf(err, errlen, "%s", store_errstr(s));
        goto done;
    }
    if (build_collectors(s, req, f) != TT_OK || build_hours(s, req, &avail, f) != TT_OK) {
        rc = TT_ERR;
        snprintf(err, errlen, "%s", store_errstr(s));
        goto done;
    }
    figures_derive(f);
done:
    free((void *)avail.gran);
    store_free_sources(src, nsrc);
    for (size_t i = 0; i < nd + 2; i++)
        tt_plan_fini(&plans[i]);
    free(plans);
    free(sums);
    free(wd);
    return rc;
}

/* ---- number formatting ----------------------------------------------- */

char *figures_fmt_int(uint64_t v, char *buf, size_t len)
{
    char digits[32];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
    char tmp[48];
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            tmp[o++] = ',';
        tmp[o++] = digits[i];
    }
    tmp[o] = '\0';
    snprintf(buf, len, "%s", tmp);
    return buf;
}

char *figures_fmt_human(uint64_t v, char *buf, size_t len)
{
    static const struct {
        double size;      /* value of one unit */
        const char *name; /* its word */
    } units[] = {{1e3, "thousand"}, {1e6, "million"}, {1e9, "billion"}, {1e12, "trillion"}};
    if (v < 1000)
        return figures_fmt_int(v, buf, len);
    /* The largest unit the value reaches; one decimal; a value that rounds
     * up to 1000 of a unit is written in the next one (999,960 is "1.0
     * million", not "1000.0 thousand"). */
    size_t u = 0;
    while (u + 1 < TT_ARRAY_LEN(units) && (double)v >= units[u + 1].size)
        u++;
    double x = round((double)v / units[u].size * 10.0) / 10.0;
    if (x >= 1000.0 && u + 1 < TT_ARRAY_LEN(units)) {
        u++;
        x = round((double)v / units[u].size * 10.0) / 10.0;
    }
    snprintf(buf, len, "%.1f %s", x, units[u].name);
    return buf;
}

char *figures_fmt_pct(double pct, char *buf, size_t len)
{
    /* Never print 100% unless it is all of them, nor 0% unless none: a
     * reader takes "100%" literally. */
    if (pct >= 100.0)
        snprintf(buf, len, "100%%");
    else if (pct <= 0.0)
        snprintf(buf, len, "0%%");
    else if (pct > 99.9)
        snprintf(buf, len, "99.9%%");
    else if (pct < 0.1)
        snprintf(buf, len, "0.1%%");
    else
        snprintf(buf, len, "%.1f%%", pct);
    return buf;
}

char *figures_fmt_change(double change_pct, char *buf, size_t len)
{
    if (fabs(change_pct) < 0.05)
        snprintf(buf, len, "0.0%%");
    else
        snprintf(buf, len, "%+.1f%%", change_pct);
    return buf;
}

char *figures_span_text(const struct figures_span *sp, char *buf, size_t len)
{
    if (sp->coarser)
        snprintf(buf, len, "%s to %s (answered at %s precision: %s to %s)", sp->asked_local_from, sp->asked_local_to,
                 tt_gran_name(sp->precision), sp->local_from, sp->local_to);
    else
        snprintf(buf, len, "%s to %s", sp->local_from, sp->local_to);
    return buf;
}

char *figures_span_title(const struct figures_span *sp, const char *sep, char *buf, size_t len)
{
    char span[256];
    figures_span_text(sp, span, sizeof(span));
    if (strstr(sp->label, span)) /* "the period from X to Y" says it already */
        snprintf(buf, len, "%s", sp->label);
    else
        snprintf(buf, len, "%s%s%s", sp->label, sep, span);
    return buf;
}

char *figures_fmt_hour(const struct figures_day *d, char *buf, size_t len)
{
    snprintf(buf, len, "%02u:%02u", d->hour, d->minute);
    return buf;
}

char *figures_fmt_plain(const struct figures_row *r, int prev, char *buf, size_t len)
{
    if (r->is_share) {
        if (prev ? r->has_prev : r->has_value)
            snprintf(buf, len, "%.2f", prev ? r->prev_pct : r->pct);
        else
            snprintf(buf, len, "%s", "");
    } else {
        snprintf(buf, len, "%llu", (unsigned long long)(prev ? r->prev : r->value));
    }
    return buf;
}

char *figures_fmt_date(const struct figures_day *d, char *buf, size_t len)
{
    snprintf(buf, len, "%04d-%02u-%02u", d->year, d->mon, d->mday);
    return buf;
}

static void day_text(int y, unsigned m, unsigned d, char *buf, size_t len)
{
    snprintf(buf, len, "%u %s %d", d, m >= 1 && m <= 12 ? month_abbr[m - 1] : "?", y);
}

char *figures_fmt_day(const struct figures_day *d, char *buf, size_t len)
{
    day_text(d->year, d->mon, d->mday, buf, len);
    return buf;
}

const char *figures_reason_label(enum tt_reason r)
{
    static const char *const labels[TT_REASON_COUNT] = {
        [TT_REASON_NONE] = "other",
        [TT_REASON_SPAM] = "spam",
        [TT_REASON_MALWARE] = "malware",
        [TT_REASON_PHISHING] = "phishing",
        [TT_REASON_POLICY] = "policy",
        [TT_REASON_REPUTATION] = "sender reputation",
        [TT_REASON_FIREWALL] = "firewall",
        [TT_REASON_IPS] = "intrusion prevention",
        [TT_REASON_NO_PARSER] = "not a log format we read",
        [TT_REASON_MALFORMED] = "damaged or incomplete entry",
        [TT_REASON_TOO_LONG] = "line too long",
        [TT_REASON_BINARY] = "binary data, not text",
        [TT_REASON_INVALID_UTF8] = "unreadable characters",
        [TT_REASON_TRUNCATED] = "cut short by a damaged file",
        [TT_REASON_BAD_TIME] = "impossible date or time",
        [TT_REASON_EMPTY] = "empty line",
        [TT_REASON_OVERFLOW] = "network buffer overflow",
        [TT_REASON_CAPTURE] = "packet capture drops",
    };
    return r < TT_REASON_COUNT && labels[r] ? labels[r] : "other";
}

int figures_has_prev(const struct figures *f)
{
    return f->prev.lines > 0 || f->prev.coarser;
}

char *figures_change_text(const struct figures *f, const struct figures_row *r, char *buf, size_t len)
{
    if (!figures_has_prev(f))
        snprintf(buf, len, "%s", "");
    else if (r->is_share && !r->has_prev)
        snprintf(buf, len, "no outgoing email before");
    else if (r->is_share && !r->has_value)
        snprintf(buf, len, "no outgoing email now");
    else if (!r->is_share && !r->has_change)
        snprintf(buf, len, "%s", r->value ? "up from 0" : "no change");
    else if (fabs(r->change_pct) < 0.05)
        snprintf(buf, len, "no change");
    else if (r->is_share)
        snprintf(buf, len, "%+.1f points", r->change_pct);
    else
        figures_fmt_change(r->change_pct, buf, len);
    return buf;
}

/* ---- labels and sentences --------------------------------------------- */

/* Abbreviation of the zone at utc_s ("GMT", "BST", "IST"), from the C
 * library's tz database; numeric or unknown abbreviations become
 * "UTC+05:30". The aggregator is single-threaded, so TZ can be switched. */
static void zone_abbrev(const char *name, int64_t utc_s, int32_t offset_s, char *buf, size_t len)
{
    char abbr[16] = "";
    if (name && name[0] && strcmp(name, "UTC") != 0) {
        const char *old = getenv("TZ");
        char *saved = old ? tt_strdup(old) : NULL;
        if (strcmp(name, "localtime") != 0)
            setenv("TZ", name, 1);
        tzset();
        time_t t = (time_t)utc_s;
        struct tm tm;
        if (localtime_r(&t, &tm) && tm.tm_gmtoff == offset_s && tm.tm_zone)
            snprintf(abbr, sizeof(abbr), "%s", tm.tm_zone);
        if (saved)
            setenv("TZ", saved, 1);
        else
            unsetenv("TZ");
        tzset();
        free(saved);
    } else if (offset_s == 0) {
        snprintf(abbr, sizeof(abbr), "UTC");
    }
    int numeric = abbr[0] == '\0' || abbr[0] == '+' || abbr[0] == '-' || (abbr[0] >= '0' && abbr[0] <= '9');
    if (!numeric) {
        snprintf(buf, len, "%s", abbr);
        return;
    }
    int32_t o = offset_s < 0 ? -offset_s : offset_s;
    snprintf(buf, len, "UTC%c%02d:%02d", offset_s < 0 ? '-' : '+', (int)(o / 3600), (int)(o % 3600 / 60));
}

/* "1 March 2018 00:00 GMT" in the report zone (UTC without a zone). */
static void local_text(const struct figures *f, int64_t utc_s, char *buf, size_t len)
{
    struct tt_stamp st;
    char abbr[24];
    if (f->zone) {
        tt_zone_utc_to_local(f->zone, utc_s, &st);
        zone_abbrev(f->zone_name, utc_s, tt_zone_offset_at(f->zone, utc_s), abbr, sizeof(abbr));
    } else {
        int64_t day = utc_s / TT_DAY_S - (utc_s % TT_DAY_S < 0);
        int y;
        unsigned m, d;
        tt_civil_from_days(day, &y, &m, &d);
        int64_t r = utc_s - day * TT_DAY_S;
        memset(&st, 0, sizeof(st));
        st.year = (int16_t)y, st.mon = (uint8_t)m, st.mday = (uint8_t)d;
        st.hour = (uint8_t)(r / 3600), st.min = (uint8_t)(r % 3600 / 60);
        snprintf(abbr, sizeof(abbr), "UTC");
    }
    char day[32];
    day_text(st.year, st.mon, st.mday, day, sizeof(day));
    snprintf(buf, len, "%s %02u:%02u %s", day, st.hour, st.min, abbr);
}

static void duration_text(int64_t s, char *buf, size_t len)
{
    struct {
        int64_t size;     /* seconds per unit */
        const char *one;  /* "the day" */
        const char *many; /* "days" */
    } units[] = {{TT_DAY_S, "day", "days"}, {TT_HOUR_S, "hour", "hours"}, {60, "minute", "minutes"}};
    for (size_t i = 0; i < TT_ARRAY_LEN(units); i++) {
        if (s % units[i].size == 0 || i + 1 == TT_ARRAY_LEN(units)) {
            int64_t n = s / units[i].size;
            if (n == 1)
                snprintf(buf, len, "the %s", units[i].one);
            else
                snprintf(buf, len, "the %lld %s", (long long)n, units[i].many);
            return;
        }
    }
}

static void span_labels(const struct figures *f, struct figures_span *sp, int is_prev)
{
    local_text(f, sp->from_s, sp->local_from, sizeof(sp->local_from));
    local_text(f, sp->to_s, sp->local_to, sizeof(sp->local_to));
    char asked_to[48], asked_from[48];
    local_text(f, sp->asked_from_s, asked_from, sizeof(asked_from));
    local_text(f, sp->asked_to_s, asked_to, sizeof(asked_to));
    snprintf(sp->asked_local_from, sizeof(sp->asked_local_from), "%s", asked_from);
    snprintf(sp->asked_local_to, sizeof(sp->asked_local_to), "%s", asked_to);
    if (f->kind == TT_WINDOW_MONTH && f->month >= 1 && f->month <= 12) {
        int y = f->month_year, m = f->month;
        if (is_prev) {
            y = m == 1 ? y - 1 : y;
            m = m == 1 ? 12 : m - 1;
        }
        snprintf(sp->label, sizeof(sp->label), "%s %d", month_names[m - 1], y);
    } else if (f->kind == TT_WINDOW_LAST) {
        char dur[48];
        duration_text(sp->asked_to_s - sp->asked_from_s, dur, sizeof(dur));
        snprintf(sp->label, sizeof(sp->label), "%s to %s", dur, asked_to);
    } else {
        snprintf(sp->label, sizeof(sp->label), "the period from %s to %s", asked_from, asked_to);
    }
}

char *figures_compare_phrase(const struct figures *f, const struct figures_row *r, char *buf, size_t len)
{
    const char *pl = f->prev.label;
    char pct[FIG_NUM_LEN];
    if (!figures_has_prev(f)) {
        /* Nothing at all was collected then: "up from none" would claim a
         * comparison the data cannot make. The report says so once
         * (figures.no_prev_text), not in every sentence. */
        buf[0] = '\0';
        return buf;
    }
    if (r->is_share) {
        if (!r->has_prev)
            snprintf(buf, len, "with no outgoing email in %s to compare with", pl);
        else if (!r->has_value)
            snprintf(buf, len, "against %s in %s", figures_fmt_pct(r->prev_pct, pct, sizeof(pct)), pl);
        else if (strcmp(figures_fmt_pct(r->pct, pct, sizeof(pct)),
                        figures_fmt_pct(r->prev_pct, buf, len)) == 0) /* equal as printed */
            snprintf(buf, len, "the same as in %s", pl);
        else
            snprintf(buf, len, "%s from %s in %s", r->change_pct > 0 ? "up" : "down",
                     figures_fmt_pct(r->prev_pct, pct, sizeof(pct)), pl);
        return buf;
    }
    if (r->prev == 0) {
        if (r->value == 0)
            snprintf(buf, len, "the same as in %s", pl);
        else
            snprintf(buf, len, "against none in %s", pl);
        return buf;
    }
    double c = r->change_pct;
    if (fabs(c) < 0.05) {
        snprintf(buf, len, "about the same as in %s", pl);
        return buf;
    }
    double a = fabs(c);
    if (a >= 1.0)
        snprintf(buf, len, "%.0f%% %s than in %s", a, c > 0 ? "more" : "fewer", pl);
    else
        snprintf(buf, len, "%.1f%% %s than in %s", a, c > 0 ? "more" : "fewer", pl);
    return buf;
}

/* How a count leads a sentence: exact below a million ("13,030"), in words
 * above with the exact figure after the noun ("4.0 million" ... "(4,012,345)"). */
static void count_words(uint64_t v, char *lead, size_t llen, char *paren, size_t plen)
{
    char exact[FIG_NUM_LEN];
    figures_fmt_int(v, exact, sizeof(exact));
    paren[0] = '\0';
    if (v >= 1000000) {
        figures_fmt_human(v, lead, llen);
        snprintf(paren, plen, " (%s)", exact);
    } else {
        snprintf(lead, llen, "%s", exact);
    }
}

static void add_note(struct figures *f, const char *fmt, ...) TT_PRINTF(2, 3);
static void add_note(struct figures *f, const char *fmt, ...)
{
    if (f->nnotes >= FIG_NOTES_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->notes[f->nnotes++], FIG_NOTE_LEN, fmt, ap);
    va_end(ap);
}

static void precision_note(struct figures *f, const struct figures_span *sp, const char *which)
{
    if (!sp->coarser)
        return;
    add_note(f,
             "Finer data for %s (%s) is no longer kept: its figures are given at %s precision and cover %s to %s.",
             which, sp->label, tt_gran_name(sp->precision), sp->local_from, sp->local_to);
}

void figures_derive_row(struct figures_row *r)
{
    if (r->is_share) {
        r->has_value = r->den > 0;
        r->has_prev = r->prev_den > 0;
        r->pct = r->has_value ? 100.0 * (double)r->value / (double)r->den : 0.0;
        r->prev_pct = r->has_prev ? 100.0 * (double)r->prev / (double)r->prev_den : 0.0;
        r->has_change = r->has_value && r->has_prev;
        r->change_pct = r->has_change ? r->pct - r->prev_pct : 0.0; /* percentage points */
    } else {
        r->has_value = r->has_prev = 1;
        r->has_change = r->prev > 0;
        r->change_pct = r->has_change ? ((double)r->value - (double)r->prev) * 100.0 / (double)r->prev : 0.0;
    }
}

/* ", 8% more than in January 2018", or nothing when there is no earlier
 * data (said once instead, in no_prev_text). */
static const char *cmp_tail(const struct figures *f, const struct figures_row *r, char *buf, size_t len)
{
    char phrase[256];
    figures_compare_phrase(f, r, phrase, sizeof(phrase));
    snprintf(buf, len, "%s%s", phrase[0] ? ", " : "", phrase);
    return buf;
}

void figures_derive(struct figures *f)
{
    for (int i = 0; i < FIG_ROW_COUNT; i++)
        figures_derive_row(&f->rows[i]);
    for (size_t k = 0; k < f->nby_site; k++)
        for (int i = 0; i < FIG_ROW_COUNT; i++)
            figures_derive_row(&f->by_site[k].rows[i]);
    span_labels(f, &f->window, 0);
    span_labels(f, &f->prev, 1);
    local_text(f, f->generated_s, f->generated_text, sizeof(f->generated_text));
    if (figures_has_prev(f))
        f->no_prev_text[0] = '\0';
    else
        snprintf(f->no_prev_text, sizeof(f->no_prev_text),
                 "There is no earlier data to compare with: nothing was recorded in %s.", f->prev.label);
    if (f->top.asked) {
        int y;
        unsigned m, d;
        tt_civil_from_days(tt_floor_div(f->top.from_s, TT_DAY_S), &y, &m, &d);
        day_text(y, m, d, f->top.from_text, sizeof(f->top.from_text));
        tt_civil_from_days(tt_floor_div(f->top.to_s, TT_DAY_S) - 1, &y, &m, &d);
        day_text(y, m, d, f->top.to_text, sizeof(f->top.to_text));
    }

    const char *wl = f->window.label;
    char exact[FIG_NUM_LEN], paren[FIG_NUM_LEN + 4], cmp[256];
    const struct figures_row *r = &f->rows[FIG_EMAILS_BLOCKED];
    count_words(r->value, exact, sizeof(exact), paren, sizeof(paren));
    snprintf(f->headline[0], sizeof(f->headline[0]), "%s %s%s %s blocked from entering %s in %s%s.", exact,
             r->value == 1 ? "email" : "emails", paren, r->value == 1 ? "was" : "were", f->org, wl,
             cmp_tail(f, r, cmp, sizeof(cmp)));
    r = &f->rows[FIG_ATTACKS_BLOCKED];
    count_words(r->value, exact, sizeof(exact), paren, sizeof(paren));
    snprintf(f->headline[1], sizeof(f->headline[1]), "%s %s%s %s prevented in %s%s.", exact,
             r->value == 1 ? "attack" : "attacks", paren, r->value == 1 ? "was" : "were", wl,
             cmp_tail(f, r, cmp, sizeof(cmp)));
    r = &f->rows[FIG_ATTACK_SOURCES];
    count_words(r->value, exact, sizeof(exact), paren, sizeof(paren));
    if (r->value == 0)
        snprintf(f->headline[2], sizeof(f->headline[2]), "No blocked attack came from the internet in %s%s.", wl,
                 cmp_tail(f, r, cmp, sizeof(cmp)));
    else
        snprintf(f->headline[2], sizeof(f->headline[2]),
                 "The blocked attacks came from about %s different internet %s%s in %s%s.", exact,
                 r->value == 1 ? "address" : "addresses", paren, wl, cmp_tail(f, r, cmp, sizeof(cmp)));
    r = &f->rows[FIG_TLS_SHARE];
    if (!r->has_value) {
        snprintf(f->headline[3], sizeof(f->headline[3]),
                 "No outgoing email was recorded in %s, so there is no share sent encrypted.", wl);
    } else {
        char pct[FIG_NUM_LEN], num[FIG_NUM_LEN], den[FIG_NUM_LEN];
        snprintf(f->headline[3], sizeof(f->headline[3]),
                 "%s of outgoing email (%s of %s %s) was sent encrypted in %s%s.",
                 figures_fmt_pct(r->pct, pct, sizeof(pct)), figures_fmt_int(r->value, num, sizeof(num)),
                 figures_fmt_int(r->den, den, sizeof(den)), r->den == 1 ? "message" : "messages", wl,
                 cmp_tail(f, r, cmp, sizeof(cmp)));
    }
    /* Capitalise sentences that start with a word. */
    for (int i = 0; i < FIG_PANEL_COUNT; i++)
        if (f->headline[i][0] >= 'a' && f->headline[i][0] <= 'z')
            f->headline[i][0] = (char)(f->headline[i][0] - 'a' + 'A');

    for (size_t i = 0; i < f->quality.nsources; i++) {
        struct figures_source *s = &f->quality.sources[i];
        if (s->last_seen_s > 0)
            local_text(f, s->last_seen_s, s->last_seen, sizeof(s->last_seen));
        else
            snprintf(s->last_seen, sizeof(s->last_seen), "unknown");
    }

    f->nnotes = 0;
    precision_note(f, &f->window, "this window");
    precision_note(f, &f->prev, "the previous window");
    if (f->quality.lines_dropped > 0) {
        char n[FIG_NUM_LEN];
        add_note(f, "%s log messages were lost before they could be read (network buffer overflow or capture "
                    "drops): the figures may be too low (possible data gap).",
                 figures_fmt_int(f->quality.lines_dropped, n, sizeof(n)));
    }
    size_t gaps = 0;
    char first_gap[24] = "", last_gap[24] = "";
    for (size_t i = 0; i < f->ndays; i++) {
        if (!f->days[i].no_data)
            continue;
        if (!gaps)
            figures_fmt_day(&f->days[i], first_gap, sizeof(first_gap));
        figures_fmt_day(&f->days[i], last_gap, sizeof(last_gap));
        gaps++;
    }
    if (gaps == 1)
        add_note(f, "Nothing at all was recorded on %s: a possible data gap.", first_gap);
    else if (gaps > 1)
        add_note(f, "Nothing at all was recorded on %zu days between %s and %s: possible data gaps.", gaps, first_gap,
                 last_gap);
    if (f->rows[FIG_ATTACK_SOURCES].value > 0)
        add_note(f, "Distinct attack sources are an estimate, accurate to within about 2%%: counting every "
                    "address exactly would mean storing them all.");
}

/* ---- escaping ----------------------------------------------------------- */

/* One set of escapers for the whole product lives in common/buf.c; these
 * adapt it to stdio streams. */
void figures_json_string(FILE *out, const char *s)
{
    struct tt_buf b;
    tt_buf_init(&b);
    tt_buf_json_str(&b, s ? s : "", s ? strlen(s) : 0);
    tt_buf_write(&b, out);
    tt_buf_fini(&b);
}

void figures_put_clean(FILE *out, const char *s, int md)
{
    struct tt_buf b;
    tt_buf_init(&b);
    if (md)
        tt_buf_markdown(&b, s ? s : "", s ? strlen(s) : 0);
    else
        tt_buf_term(&b, s ? s : "", s ? strlen(s) : 0);
    tt_buf_write(&b, out);
    tt_buf_fini(&b);
}
