/* SPDX-License-Identifier: MIT
 *
 * render_csv.c -- the panel report as one tidy CSV table for Excel and
 * Power BI: one record per figure, reason, day, site and source, the same
 * columns throughout, so a pivot table or a Power BI filter on "section"
 * and "metric" gets any figure.
 *
 *   section,site,metric,reason,date,from,to,value,previous,change,unit,text
 *   figure,all,emails_blocked,,,2018-02-01T00:00:00Z,2018-03-01T00:00:00Z,4012345,3715134,8.00,emails,...
 *
 * UTF-8 (with a byte order mark on request: Excel then reads UTF-8), CRLF
 * line ends (RFC 4180), ISO 8601 dates and UTC instants, plain numbers
 * (no thousands separators, "." decimals, shares in percent). Every text
 * field goes through tt_buf_csv: quoted when needed, invalid UTF-8 and
 * controls replaced, and a leading = + - @ TAB CR neutralised with ' so a
 * spreadsheet never runs a source name as a formula.
 */
#include "aggregator/render.h"
#include "common/buf.h"
#include "common/time.h"
#include "common/tt.h"

#include <inttypes.h>
#include <string.h>

struct rec {
    const char *section; /* figure, reason, headline, daily, hourly, site, top_source, quality, source, note */
    const char *site;    /* site or "all" */
    const char *metric;  /* metric name */
    const char *reason;  /* reason name or "" */
    const char *date;    /* local date YYYY-MM-DD or "" */
    int64_t from_s;      /* UTC; INT64_MIN = empty */
    int64_t to_s;
    const char *value;   /* plain number or "" */
    const char *prev;
    const char *change;
    const char *unit;
    const char *text;    /* free text (definition, sentence, source name) */
};

static void field(struct tt_buf *b, const char *s, int last)
{
    tt_buf_csv(b, s ? s : "", s ? strlen(s) : 0);
    tt_buf_puts(b, last ? "\r\n" : ",");
}

/* A number this file formatted ("-14.42", "4012345", or empty): written as
 * is, so a spreadsheet reads a number (the formula guard is for text). */
static void num_field(struct tt_buf *b, const char *s)
{
    tt_buf_puts(b, s ? s : "");
    tt_buf_puts(b, ",");
}

static void time_field(struct tt_buf *b, int64_t t)
{
    char iso[40] = "";
    if (t != INT64_MIN)
        tt_format_iso_utc(t, iso, sizeof(iso));
    field(b, iso, 0);
}

static void emit(struct tt_buf *b, const struct rec *r)
{
    field(b, r->section, 0);
    field(b, r->site, 0);
    field(b, r->metric, 0);
    field(b, r->reason, 0);
    field(b, r->date, 0);
    time_field(b, r->from_s);
    time_field(b, r->to_s);
    num_field(b, r->value);
    num_field(b, r->prev);
    num_field(b, r->change);
    field(b, r->unit, 0);
    field(b, r->text, 1);
}

static void u64(uint64_t v, char *buf, size_t len)
{
    snprintf(buf, len, "%" PRIu64, v);
}

/* A figure row (and its reasons) of one site. */
static void figure(struct tt_buf *b, const struct figures *f, const char *section, const char *site,
                   const struct figures_row *r)
{
    char v[FIG_NUM_LEN], p[FIG_NUM_LEN], c[FIG_NUM_LEN] = "";
    figures_fmt_plain(r, 0, v, sizeof(v));
    figures_fmt_plain(r, 1, p, sizeof(p));
    if (r->has_change)
        snprintf(c, sizeof(c), "%.2f", r->change_pct);
    struct rec rec = {section, site, r->key, "", "", f->window.from_s, f->window.to_s, v, p, c,
                      r->is_share ? "percent (change in percentage points)" : r->unit, r->definition};
    emit(b, &rec);
    for (size_t i = 0; i < r->nby; i++) {
        char bv[FIG_NUM_LEN], bp[FIG_NUM_LEN], bc[FIG_NUM_LEN] = "";
        u64(r->by[i].value, bv, sizeof(bv));
        u64(r->by[i].prev, bp, sizeof(bp));
        if (r->by[i].prev)
            snprintf(bc, sizeof(bc), "%.2f",
                     ((double)r->by[i].value - (double)r->by[i].prev) * 100.0 / (double)r->by[i].prev);
        struct rec rr = {"reason", site, r->key, tt_reason_name(r->by[i].reason), "", f->window.from_s,
                         f->window.to_s, bv, bp, bc, r->unit, ""};
        emit(b, &rr);
    }
}

static void series(struct tt_buf *b, const struct figures *f, const char *section, const struct figures_day *d,
                   size_t n)
{
    static const char *const cols[FIG_COL_COUNT] = {"emails_blocked", "attacks_blocked", "attack_sources",
                                                    "emails_sent", "lines_total", "emails_sent_tls"};
    for (size_t i = 0; i < n; i++) {
        char date[16], v[FIG_NUM_LEN];
        figures_fmt_date(&d[i], date, sizeof(date));
        for (int c = 0; c < FIG_COL_COUNT; c++) {
            u64(d[i].v[c], v, sizeof(v));
            const char *text = d[i].no_data ? "no data (possible gap)" : d[i].partial ? "part of the day" : "";
            struct rec r = {section, f->site, cols[c], "", date, d[i].from_s, d[i].to_s, v, "", "", "", text};
            emit(b, &r);
        }
    }
}

static int render(const struct figures *f, FILE *out)
{
    struct tt_buf b;
    tt_buf_init(&b);
    if (f->csv_bom)
        tt_buf_puts(&b, "\xEF\xBB\xBF");
    tt_buf_puts(&b, "section,site,metric,reason,date,from,to,value,previous,change,unit,text\r\n");
    char tz[80];
    snprintf(tz, sizeof(tz), "time zone %s", f->zone_name);
    struct rec w = {"window", f->site, "", "", "", f->window.from_s, f->window.to_s, "", "", "", "", f->window.label};
    emit(&b, &w);
    struct rec pw = {"previous_window", f->site, "", "", "", f->prev.from_s, f->prev.to_s, "", "", "", "", f->prev.label};
    emit(&b, &pw);
    struct rec z = {"time_zone", f->site, "", "", "", INT64_MIN, INT64_MIN, "", "", "", "", f->zone_name};
    emit(&b, &z);
    for (int i = 0; i < FIG_PANEL_COUNT; i++) {
        struct rec r = {"headline", f->site, f->rows[i].key, "", "", f->window.from_s, f->window.to_s, "", "", "", "",
                        f->headline[i]};
        emit(&b, &r);
    }
    for (int i = 0; i < FIG_ROW_COUNT; i++)
        figure(&b, f, "figure", f->site, &f->rows[i]);
    for (size_t s = 0; s < f->nby_site; s++)
        for (int i = 0; i < FIG_ROW_COUNT; i++)
            figure(&b, f, "site", f->by_site[s].site, &f->by_site[s].rows[i]);
    series(&b, f, "daily", f->days, f->ndays);
    series(&b, f, "hourly", f->hours, f->nhours);
    for (size_t i = 0; i < f->top.n; i++) {
        char v[FIG_NUM_LEN];
        u64(f->top.e[i].attacks, v, sizeof(v));
        struct rec r = {"top_source", f->site, "attacks_blocked", "", "", f->top.from_s, f->top.to_s, v, "", "",
                        "attacks", f->top.e[i].net};
        emit(&b, &r);
    }
    const struct figures_quality *q = &f->quality;
    const struct {
        const char *metric;     /* counter */
        uint64_t value;         /* in the window */
        const uint64_t *by;     /* by reason, or NULL */
    } qual[] = {{"lines_total", q->lines_total, NULL},
                {"lines_unparsed", q->lines_unparsed, q->unparsed},
                {"lines_dropped", q->lines_dropped, q->dropped}};
    for (size_t i = 0; i < TT_ARRAY_LEN(qual); i++) {
        char v[FIG_NUM_LEN];
        u64(qual[i].value, v, sizeof(v));
        struct rec r = {"quality", f->site, qual[i].metric, "", "", f->window.from_s, f->window.to_s, v, "", "",
                        "lines", ""};
        enum tt_metric m;
        r.text = tt_metric_from_name(qual[i].metric, &m) == TT_OK ? tt_metric_definition(m) : "";
        emit(&b, &r);
        for (int k = 0; qual[i].by && k < TT_REASON_COUNT; k++) {
            if (!qual[i].by[k])
                continue;
            u64(qual[i].by[k], v, sizeof(v));
            struct rec rr = {"quality", f->site, qual[i].metric, tt_reason_name((enum tt_reason)k), "",
                             f->window.from_s, f->window.to_s, v, "", "", "lines", ""};
            emit(&b, &rr);
        }
    }
    for (size_t i = 0; i < q->nsources; i++) {
        struct rec r = {"source", q->sources[i].site, "last_seen", "", "", INT64_MIN,
                        q->sources[i].last_seen_s > 0 ? q->sources[i].last_seen_s : INT64_MIN, "", "", "", "",
                        q->sources[i].name};
        emit(&b, &r);
    }
    for (size_t i = 0; i < f->nnotes; i++) {
        struct rec r = {"note", f->site, "", "", "", INT64_MIN, INT64_MIN, "", "", "", "", f->notes[i]};
        emit(&b, &r);
    }
    int rc = tt_buf_write(&b, out);
    tt_buf_fini(&b);
    return rc == TT_OK && !ferror(out) ? TT_OK : TT_ERR;
}

const struct render_ops render_csv_ops = {
    .name = "csv",
    .help = "one tidy CSV table for Excel/Power BI (UTF-8, ISO dates, plain numbers, formula-safe)",
    .render = render,
};
