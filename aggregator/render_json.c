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

static int render(const struct figures *f, FILE *out)
{
    int first = 1;
    fputc('{', out);
    key(out, "report", &first);
    figures_json_string(out, "threattally panel");
    key(out, "version", &first);
    figures_json_string(out, TT_VERSION);
    key(out, "generated", &first);
    iso(out, f->generated_s);
    key(out, "site", &first);
    figures_json_string(out, f->site);
    key(out, "sites", &first);
    fputc('[', out);
    for (size_t i = 0; i < f->nsites; i++) {
        if (i)
            fputc(',', out);
        figures_json_string(out, f->sites[i]);
    }
    fputc(']', out);
    key(out, "time_zone", &first);
    figures_json_string(out, f->zone_name);
    key(out, "window", &first);
    span(out, &f->window);
    key(out, "previous_window", &first);
    span(out, &f->prev);
    key(out, "headline", &first);
    fputc('[', out);
    for (int i = 0; i < FIG_PANEL_COUNT; i++) {
        if (i)
            fputc(',', out);
        figures_json_string(out, f->headline[i]);
    }
    fputc(']', out);
    /* "There is no earlier data to compare with: ..." (null when there is) */
    key(out, "no_earlier_data", &first);
    if (f->no_prev_text[0])
        figures_json_string(out, f->no_prev_text);
    else
        fputs("null", out);
    key(out, "figures", &first);
    fputc('[', out);
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        if (i)
            fputc(',', out);
        fputc('\n', out);
        row(out, &f->rows[i], i < FIG_PANEL_COUNT);
    }
    fputs("],\n", out);
    series(out, "daily", f->days, f->ndays, 0);
    fputs(",\n", out);
    series(out, "hourly", f->hours, f->nhours, 1);
    fputs(",\n\"by_site\":[", out);
    for (size_t s = 0; s < f->nby_site; s++) {
        const struct figures_site *bs = &f->by_site[s];
        int sf = 1;
        fputs(s ? ",\n{" : "\n{", out);
        key(out, "site", &sf);
        figures_json_string(out, bs->site);
        key(out, "figures", &sf);
        fputc('[', out);
        for (int i = 0; i < FIG_ROW_COUNT; i++) {
            if (i)
                fputc(',', out);
            row(out, &bs->rows[i], i < FIG_PANEL_COUNT);
        }
        fputc(']', out);
        key(out, "lines_total", &sf);
        fprintf(out, "%" PRIu64, bs->lines_total);
        key(out, "lines_unparsed", &sf);
        fprintf(out, "%" PRIu64, bs->lines_unparsed);
        key(out, "lines_dropped", &sf);
        fprintf(out, "%" PRIu64, bs->lines_dropped);
        fputc('}', out);
    }
    fputc(']', out);
    if (f->top.asked) {
        const struct figures_top *t = &f->top;
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
    fputs(",\n\"data_quality\":{", out);
    const struct figures_quality *q = &f->quality;
    int qf = 1;
    key(out, "lines_total", &qf);
    fprintf(out, "%" PRIu64, q->lines_total);
    key(out, "lines_unparsed", &qf);
    fprintf(out, "%" PRIu64, q->lines_unparsed);
    key(out, "unparsed_by_reason", &qf);
    reasons(out, q->unparsed);
    key(out, "lines_dropped", &qf);
    fprintf(out, "%" PRIu64, q->lines_dropped);
    key(out, "dropped_by_reason", &qf);
    reasons(out, q->dropped);
    key(out, "possible_gap", &qf);
    int gap = q->lines_dropped > 0;
    for (size_t i = 0; i < f->ndays; i++)
        gap |= f->days[i].no_data;
    fputs(gap ? "true" : "false", out);
    key(out, "sources", &qf);
    fputc('[', out);
    for (size_t i = 0; i < q->nsources; i++) {
        int sf = 1;
        fputs(i ? ",{" : "{", out);
        key(out, "site", &sf);
        figures_json_string(out, q->sources[i].site);
        key(out, "name", &sf);
        figures_json_string(out, q->sources[i].name);
        key(out, "last_seen", &sf);
        if (q->sources[i].last_seen_s > 0)
            iso(out, q->sources[i].last_seen_s);
        else
            fputs("null", out);
        fputc('}', out);
    }
    fputc(']', out);
    /* Each collector's health now (whatever the window): the dashboard's
     * health strip. */
    key(out, "collectors", &qf);
    fputc('[', out);
    for (size_t i = 0; i < f->ncollectors; i++) {
        const struct figures_collector *c = &f->collectors[i];
        int cf = 1;
        fputs(i ? ",{" : "{", out);
        key(out, "site", &cf);
        figures_json_string(out, c->site);
        key(out, "instance", &cf);
        figures_json_string(out, c->instance);
        key(out, "last_flush", &cf);
        if (c->last_flush_s > 0)
            iso(out, c->last_flush_s);
        else
            fputs("null", out);
        key(out, "lag_s", &cf);
        if (c->lag_s >= 0)
            fprintf(out, "%" PRId64, c->lag_s);
        else
            fputs("null", out);
        key(out, "lines_dropped", &cf);
        fprintf(out, "%" PRIu64, c->lines_dropped);
        key(out, "redis_reconnects", &cf);
        fprintf(out, "%" PRIu64, c->redis_reconnects);
        key(out, "possible_gaps", &cf);
        fprintf(out, "%" PRIu64, c->possible_gaps);
        fputc('}', out);
    }
    fputc(']', out);
    key(out, "notes", &qf);
    fputc('[', out);
    for (size_t i = 0; i < f->nnotes; i++) {
        if (i)
            fputc(',', out);
        figures_json_string(out, f->notes[i]);
    }
    fputs("]}}\n", out);
    return ferror(out) ? TT_ERR : TT_OK;
}

const struct render_ops render_json_ops = {
    .name = "json",
    .help = "one JSON object (UTC ISO 8601 times, plain integers)",
    .render = render,
};
