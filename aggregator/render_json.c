/* SPDX-License-Identifier: MIT
 *
 * render_json.c -- the panel report as one JSON object: the same figures as
 * the other formats, for machines (UTC ISO 8601 times, plain integers,
 * percentages as numbers). The dashboard reads this shape too. Every string
 * goes through figures_json_string (valid UTF-8, controls escaped, safe to
 * embed in HTML).
 */
#include "aggregator/render.h"
#include "common/tt.h"

#include <inttypes.h>

static void key(FILE *out, const char *k, int *first)
{
    if (!*first)
        fputc(',', out);
    *first = 0;
    figures_json_string(out, k);
    fputc(':', out);
}

static void iso(FILE *out, int64_t utc_s)
{
    char buf[40];
    tt_format_iso_utc(utc_s, buf, sizeof(buf));
    figures_json_string(out, buf);
}

static void num(FILE *out, double v)
{
    fprintf(out, "%.2f", v);
}

/* "k":N, "k":"text", "k":"ISO" or null (an instant not known is <= 0). */
static void key_u64(FILE *out, const char *k, uint64_t v, int *first)
{
    key(out, k, first);
    fprintf(out, "%" PRIu64, v);
}

static void key_string(FILE *out, const char *k, const char *v, int *first)
{
    key(out, k, first);
    figures_json_string(out, v);
}

static void key_iso_or_null(FILE *out, const char *k, int64_t utc_s, int *first)
{
    key(out, k, first);
    if (utc_s > 0)
        iso(out, utc_s);
    else
        fputs("null", out);
}

/* ["a","b",...] of n strings stride bytes apart (rows of a char array). */
static void string_array(FILE *out, const char *v, size_t stride, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        figures_json_string(out, v + i * stride);
    }
    fputc(']', out);
}

static void span(FILE *out, const struct figures_span *sp)
{
    int first = 1;
    fputc('{', out);
    key(out, "label", &first);
    figures_json_string(out, sp->label);
    key(out, "from", &first);
    iso(out, sp->from_s);
    key(out, "to", &first);
    iso(out, sp->to_s);
    key(out, "requested_from", &first);
    iso(out, sp->asked_from_s);
    key(out, "requested_to", &first);
    iso(out, sp->asked_to_s);
    key(out, "precision", &first);
    figures_json_string(out, tt_gran_name(sp->precision));
    key(out, "coarser_than_requested", &first);
    fputs(sp->coarser ? "true" : "false", out);
    fputc('}', out);
}

static void row(FILE *out, const struct figures_row *r, int panel)
{
    int first = 1;
    fputc('{', out);
    key(out, "metric", &first);
    figures_json_string(out, r->key);
    key(out, "title", &first);
    figures_json_string(out, r->title);
    key(out, "panel", &first);
    fputs(panel ? "true" : "false", out);
    key(out, "unit", &first);
    figures_json_string(out, r->unit);
    key(out, "definition", &first);
    figures_json_string(out, r->definition);
    if (r->is_share) {
        key(out, "value", &first);
        if (r->has_value)
            num(out, r->pct);
        else
            fputs("null", out);
        key(out, "previous", &first);
        if (r->has_prev)
            num(out, r->prev_pct);
        else
            fputs("null", out);
        key(out, "numerator", &first);
        fprintf(out, "%" PRIu64, r->value);
        key(out, "denominator", &first);
        fprintf(out, "%" PRIu64, r->den);
        key(out, "previous_numerator", &first);
        fprintf(out, "%" PRIu64, r->prev);
        key(out, "previous_denominator", &first);
        fprintf(out, "%" PRIu64, r->prev_den);
        key(out, "change_points", &first);
    } else {
        key(out, "value", &first);
        fprintf(out, "%" PRIu64, r->value);
        key(out, "previous", &first);
        fprintf(out, "%" PRIu64, r->prev);
        key(out, "change_pct", &first);
    }
    if (r->has_change)
        num(out, r->change_pct);
    else
        fputs("null", out);
    if (r->approximate) {
        key(out, "approximate", &first);
        fputs("true", out);
    }
    if (r->nby) {
        key(out, "by", &first);
        fputc('{', out);
        for (size_t b = 0; b < r->nby; b++)
            fprintf(out, "%s\"%s\":%" PRIu64, b ? "," : "", tt_reason_name(r->by[b].reason), r->by[b].value);
        fputc('}', out);
        key(out, "previous_by", &first);
        fputc('{', out);
        for (size_t b = 0; b < r->nby; b++)
            fprintf(out, "%s\"%s\":%" PRIu64, b ? "," : "", tt_reason_name(r->by[b].reason), r->by[b].prev);
        fputc('}', out);
    }
    fputc('}', out);
}

static void reasons(FILE *out, const uint64_t *v)
{
    int first = 1;
    fputc('{', out);
    for (int r = 0; r < TT_REASON_COUNT; r++) {
        if (!v[r])
            continue;
        key(out, tt_reason_name((enum tt_reason)r), &first);
        fprintf(out, "%" PRIu64, v[r]);
    }
    fputc('}', out);
}

/* "name":[{date, from, to, partial, no_data, values...}, ...] */
static void series(FILE *out, const char *name, const struct figures_day *days, size_t n, int hourly)
{
    static const char *const cols[FIG_COL_COUNT] = {"emails_blocked", "attacks_blocked", "attack_sources",
                                                    "emails_sent", "lines_total", "emails_sent_tls"};
    figures_json_string(out, name);
    fputs(":[", out);
    for (size_t i = 0; i < n; i++) {
        const struct figures_day *d = &days[i];
        char date[16];
        int df = 1;
        fputs(i ? ",\n{" : "\n{", out);
        key(out, "date", &df);
        figures_json_string(out, figures_fmt_date(d, date, sizeof(date)));
        if (hourly) {
            key(out, "time", &df);
            figures_json_string(out, figures_fmt_hour(d, date, sizeof(date)));
        }
        key(out, "from", &df);
        iso(out, d->from_s);
        key(out, "to", &df);
        iso(out, d->to_s);
        key(out, "partial", &df);
        fputs(d->partial ? "true" : "false", out);
        key(out, "no_data", &df);
        fputs(d->no_data ? "true" : "false", out);
        for (int c = 0; c < FIG_COL_COUNT; c++) {
            key(out, cols[c], &df);
            fprintf(out, "%" PRIu64, d->v[c]);
        }
        fputc('}', out);
    }
    fputc(']', out);
}

/* What the report is: version, generation time, site(s), zone, windows and
 * the headline sentences. */
static void json_head(const struct figures *f, FILE *out, int *first)
{
    key_string(out, "report", "threattally panel", first);
    key_string(out, "version", TT_VERSION, first);
    key(out, "generated", first);
    iso(out, f->generated_s);
    key_string(out, "site", f->site, first);
    key(out, "sites", first);
    fputc('[', out);
    for (size_t i = 0; i < f->nsites; i++) {
        if (i)
            fputc(',', out);
        figures_json_string(out, f->sites[i]);
    }
    fputc(']', out);
    key_string(out, "time_zone", f->zone_name, first);
    key(out, "window", first);
    span(out, &f->window);
    key(out, "previous_window", first);
    span(out, &f->prev);
    key(out, "headline", first);
    string_array(out, f->headline[0], sizeof(f->headline[0]), FIG_PANEL_COUNT);
    /* "There is no earlier data to compare with: ..." (null when there is) */
    key(out, "no_earlier_data", first);
    if (f->no_prev_text[0])
        figures_json_string(out, f->no_prev_text);
    else
        fputs("null", out);
}

/* The figures, one array per site of a joint report. */
static void json_rows(FILE *out, const struct figures_row *rows, const char *sep)
{
    fputc('[', out);
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        if (i)
            fputc(',', out);
        fputs(sep, out);
        row(out, &rows[i], i < FIG_PANEL_COUNT);
    }
    fputc(']', out);
}

static void json_by_site(const struct figures *f, FILE *out)
{
    fputs(",\n\"by_site\":[", out);
    for (size_t s = 0; s < f->nby_site; s++) {
        const struct figures_site *bs = &f->by_site[s];
        int sf = 1;
        fputs(s ? ",\n{" : "\n{", out);
        key_string(out, "site", bs->site, &sf);
        key(out, "figures", &sf);
        json_rows(out, bs->rows, "");
        key_u64(out, "lines_total", bs->lines_total, &sf);
        key_u64(out, "lines_unparsed", bs->lines_unparsed, &sf);
        key_u64(out, "lines_dropped", bs->lines_dropped, &sf);
        fputc('}', out);
    }
    fputc(']', out);
}

static void json_top(const struct figures *f, FILE *out)
{
    const struct figures_top *t = &f->top;
    if (!t->asked)
        return;
    fputs(",\n\"top_sources\":{\"title\":", out);
    figures_json_string(out, figures_top_title);
    fputs(",\"definition\":", out);
    figures_json_string(out, figures_top_definition);
    fputs(",\"from\":", out);
    iso(out, t->from_s);
    fputs(",\"to\":", out);
    iso(out, t->to_s);
    fprintf(out, ",\"asked\":%zu,\"networks\":[", t->asked);
    for (size_t i = 0; i < t->n; i++) {
        fputs(i ? ",{\"network\":" : "{\"network\":", out);
        figures_json_string(out, t->e[i].net);
        fprintf(out, ",\"attacks\":%" PRIu64 "}", t->e[i].attacks);
    }
    fputs("]}", out);
}

static void json_sources(const struct figures_quality *q, FILE *out)
{
    fputc('[', out);
    for (size_t i = 0; i < q->nsources; i++) {
        int sf = 1;
        fputs(i ? ",{" : "{", out);
        key_string(out, "site", q->sources[i].site, &sf);
        key_string(out, "name", q->sources[i].name, &sf);
        key_iso_or_null(out, "last_seen", q->sources[i].last_seen_s, &sf);
        fputc('}', out);
    }
    fputc(']', out);
}

/* Each collector's health now (whatever the window): the dashboard's
 * health strip. */
static void json_collectors(const struct figures *f, FILE *out)
{
    fputc('[', out);
    for (size_t i = 0; i < f->ncollectors; i++) {
        const struct figures_collector *c = &f->collectors[i];
        int cf = 1;
        fputs(i ? ",{" : "{", out);
        key_string(out, "site", c->site, &cf);
        key_string(out, "instance", c->instance, &cf);
        key_iso_or_null(out, "last_flush", c->last_flush_s, &cf);
        key(out, "lag_s", &cf);
        if (c->lag_s >= 0)
            fprintf(out, "%" PRId64, c->lag_s);
        else
            fputs("null", out);
        key_u64(out, "lines_dropped", c->lines_dropped, &cf);
        key_u64(out, "redis_reconnects", c->redis_reconnects, &cf);
        key_u64(out, "possible_gaps", c->possible_gaps, &cf);
        fputc('}', out);
    }
    fputc(']', out);
}

static void json_quality(const struct figures *f, FILE *out)
{
    fputs(",\n\"data_quality\":{", out);
    const struct figures_quality *q = &f->quality;
    int qf = 1;
    key_u64(out, "lines_total", q->lines_total, &qf);
    key_u64(out, "lines_unparsed", q->lines_unparsed, &qf);
    key(out, "unparsed_by_reason", &qf);
    reasons(out, q->unparsed);
    key_u64(out, "lines_dropped", q->lines_dropped, &qf);
    key(out, "dropped_by_reason", &qf);
    reasons(out, q->dropped);
    key(out, "possible_gap", &qf);
    int gap = q->lines_dropped > 0;
    for (size_t i = 0; i < f->ndays; i++)
        gap |= f->days[i].no_data;
    fputs(gap ? "true" : "false", out);
    key(out, "sources", &qf);
    json_sources(q, out);
    key(out, "collectors", &qf);
    json_collectors(f, out);
    key(out, "notes", &qf);
    string_array(out, f->notes[0], sizeof(f->notes[0]), f->nnotes);
    fputc('}', out);
}

static int render(const struct figures *f, FILE *out)
{
    int first = 1;
    fputc('{', out);
    json_head(f, out, &first);
    key(out, "figures", &first);
    json_rows(out, f->rows, "\n");
    fputs(",\n", out);
    series(out, "daily", f->days, f->ndays, 0);
    fputs(",\n", out);
    series(out, "hourly", f->hours, f->nhours, 1);
    json_by_site(f, out);
    json_top(f, out);
    json_quality(f, out);
    fputs("}\n", out);
    return ferror(out) ? TT_ERR : TT_OK;
}

const struct render_ops render_json_ops = {
    .name = "json",
    .help = "one JSON object (UTC ISO 8601 times, plain integers)",
    .render = render,
};
