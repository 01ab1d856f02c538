/* SPDX-License-Identifier: MIT
 *
 * render_html.c -- the panel report as one self-contained, printable HTML
 * page: the style sheet (dashboards/report.css, embedded at build time) is
 * inlined, the charts are inline SVG drawn here, and a Content-Security-
 * Policy forbids every fetch and every script, so the file works offline,
 * mailed as an attachment or printed to A4.
 *
 * Every figure carries data-metric/data-value attributes with the plain
 * number, so tests (and scrapers) read the same figures people see. Every
 * string that did not come from this file goes through tt_buf_html: source
 * names are attacker-influenced (a file named after a syslog host name),
 * site and organisation names come from the command line.
 */
#include "aggregator/assets.h"
#include "aggregator/render.h"
#include "common/buf.h"
#include "common/tt.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* Escaped text. */
static void h(FILE *out, const char *s)
{
    struct tt_buf b;
    tt_buf_init(&b);
    tt_buf_html(&b, s ? s : "", s ? strlen(s) : 0);
    tt_buf_write(&b, out);
    tt_buf_fini(&b);
}

static void value_text(const struct figures_row *r, int prev, char *buf, size_t len)
{
    char a[FIG_NUM_LEN], b[FIG_NUM_LEN], c[FIG_NUM_LEN];
    if (r->is_share) {
        if (!(prev ? r->has_prev : r->has_value))
            snprintf(buf, len, "no outgoing email");
        else
            snprintf(buf, len, "%s (%s of %s)", figures_fmt_pct(prev ? r->prev_pct : r->pct, a, sizeof(a)),
                     figures_fmt_int(prev ? r->prev : r->value, b, sizeof(b)),
                     figures_fmt_int(prev ? r->prev_den : r->den, c, sizeof(c)));
        return;
    }
    snprintf(buf, len, "%s%s", r->approximate ? "about " : "", figures_fmt_int(prev ? r->prev : r->value, a, sizeof(a)));
}

/* Colour of a change: red for a rise, green for a fall, the other way
 * round for the encrypted share (more encryption is good news). */
static const char *change_class(const struct figures_row *r)
{
    int rise = r->has_change && r->change_pct >= 0.05, fall = r->has_change && r->change_pct <= -0.05;
    return rise ? (r->is_share ? " down" : " up") : fall ? (r->is_share ? " up" : " down") : "";
}

/* <span class="num" data-metric=... data-value=...>4,012,345</span> */
static void num_span(FILE *out, const char *site, const struct figures_row *r)
{
    char plain[FIG_NUM_LEN], shown[128];
    figures_fmt_plain(r, 0, plain, sizeof(plain));
    value_text(r, 0, shown, sizeof(shown));
    fprintf(out, "<span class=\"num\" data-metric=\"%s\" data-site=\"", r->key);
    h(out, site);
    fprintf(out, "\" data-value=\"%s\">", plain);
    h(out, shown);
    fputs("</span>", out);
}

static void window_line(const struct figures *f, FILE *out)
{
    char w[256], pw[256];
    fputs("<dl class=\"window\"><dt>Window</dt><dd>", out);
    h(out, figures_span_title(&f->window, ": ", w, sizeof(w)));
    fputs("</dd><dt>Time zone</dt><dd>", out);
    h(out, f->zone_name);
    if (figures_has_prev(f)) {
        fputs("</dd><dt>Compared with</dt><dd>", out);
        h(out, figures_span_title(&f->prev, ": ", pw, sizeof(pw)));
    }
    fputs("</dd></dl>\n", out);
}

/* The unit after a count, and the count in words ("4.2 million") from
 * human_from on. Shares carry their unit in the value. */
static void unit_span(const struct figures_row *r, uint64_t human_from, FILE *out)
{
    char hm[FIG_NUM_LEN];
    if (r->is_share)
        return;
    fputs(" <span class=\"unit\">", out);
    h(out, r->unit);
    fputs("</span>", out);
    if (r->value >= human_from)
        fprintf(out, " <span class=\"human\">(%s)</span>", figures_fmt_human(r->value, hm, sizeof(hm)));
}

/* One headline figure on the summary page: the number, its change, and
 * its definition in one line. */
static void tile(const struct figures *f, const struct figures_row *r, FILE *out)
{
    char c[64];
    fprintf(out, "<article class=\"tile\" id=\"tile-%s\">\n<h3>", r->key);
    h(out, r->title);
    fputs("</h3>\n<p class=\"value\">", out);
    if (r->is_share && r->has_value) {
        /* the share big, its parts small */
        char plain[FIG_NUM_LEN], pct[FIG_NUM_LEN], num[FIG_NUM_LEN], den[FIG_NUM_LEN];
        fprintf(out, "<span class=\"num\" data-metric=\"%s\" data-site=\"", r->key);
        h(out, f->site);
        fprintf(out, "\" data-value=\"%s\">%s</span> <span class=\"unit\">(%s of %s messages)</span>",
                figures_fmt_plain(r, 0, plain, sizeof(plain)), figures_fmt_pct(r->pct, pct, sizeof(pct)),
                figures_fmt_int(r->value, num, sizeof(num)), figures_fmt_int(r->den, den, sizeof(den)));
    } else {
        num_span(out, f->site, r);
    }
    unit_span(r, 1000000, out);
    fputs("</p>\n", out);
    if (figures_has_prev(f)) {
        fprintf(out, "<p class=\"cmp\"><span class=\"chg%s\">", change_class(r));
        h(out, figures_change_text(f, r, c, sizeof(c)));
        fputs("</span> against ", out);
        h(out, f->prev.label);
        fputs("</p>\n", out);
    }
    fputs("</article>\n", out);
}

/* Page 1: what a member reads if they read nothing else. It prints alone. */
static void summary_page(const struct figures *f, FILE *out)
{
    fputs("<section class=\"summary\">\n<h2>Summary</h2>\n<ul>\n", out);
    for (int i = 0; i < FIG_PANEL_COUNT; i++) {
        fputs("<li>", out);
        h(out, f->headline[i]);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
    if (f->no_prev_text[0]) {
        fputs("<p class=\"noprev\">", out);
        h(out, f->no_prev_text);
        fputs("</p>\n", out);
    }
    fputs("<div class=\"tiles\">\n", out);
    for (int i = 0; i < FIG_PANEL_COUNT; i++)
        tile(f, &f->rows[i], out);
    fputs("</div>\n<dl class=\"defs\">\n", out);
    for (int i = 0; i < FIG_PANEL_COUNT; i++) {
        fputs("<dt>", out);
        h(out, f->rows[i].title);
        fputs("</dt><dd>", out);
        h(out, f->rows[i].brief);
        fputs("</dd>\n", out);
    }
    fputs("</dl>\n<p class=\"note\">Counted in ", out);
    h(out, f->window.label);
    fputs(" (time zone ", out);
    h(out, f->zone_name);
    fputs("). The pages that follow give each figure by reason, day by day", out);
    fputs(f->nby_site ? ", site by site" : "", out);
    fputs(", and how complete the data is.</p>\n</section>\n", out);
}

/* A horizontal bar per reason, drawn as SVG (prints without background
 * colours, unlike CSS boxes). */
static void reasons_svg(const struct figures_row *r, FILE *out)
{
    uint64_t max = 0;
    for (size_t i = 0; i < r->nby; i++)
        max = TT_MAX(max, r->by[i].value);
    const int rowh = 18, width = 360, labw = 130, numw = 80;
    int height = (int)r->nby * rowh + 4;
    fprintf(out, "<svg class=\"reasons\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s by reason\">\n", width,
            height, r->title);
    for (size_t i = 0; i < r->nby; i++) {
        char n[FIG_NUM_LEN];
        int y = (int)i * rowh + 2;
        double bw = max ? (double)(width - labw - numw) * (double)r->by[i].value / (double)max : 0.0;
        const char *name = tt_reason_name(r->by[i].reason), *label = figures_reason_label(r->by[i].reason);
        fprintf(out, "<text x=\"0\" y=\"%d\" class=\"lab\">%s</text>", y + 13, label);
        fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"bar\"><title>%s: %s</title></rect>",
                labw, y + 2, bw, rowh - 5, label, figures_fmt_int(r->by[i].value, n, sizeof(n)));
        fprintf(out,
                "<text x=\"%d\" y=\"%d\" class=\"val\" text-anchor=\"end\" data-metric=\"%s\" data-reason=\"%s\" "
                "data-value=\"%" PRIu64 "\">%s</text>\n",
                width, y + 13, r->key, name, r->by[i].value, n);
    }
    fputs("</svg>\n", out);
}

static void card(const struct figures *f, const struct figures_row *r, FILE *out)
{
    char p[128], c[64];
    fprintf(out, "<article class=\"card\" id=\"fig-%s\">\n<h3>", r->key);
    h(out, r->title);
    fputs("</h3>\n<p class=\"value\">", out);
    num_span(out, f->site, r);
    unit_span(r, 10000, out);
    value_text(r, 1, p, sizeof(p));
    figures_change_text(f, r, c, sizeof(c));
    fputs("</p>\n", out);
    if (figures_has_prev(f)) {
        fputs("<p class=\"cmp\">", out);
        h(out, f->prev.label);
        fputs(": ", out);
        h(out, p);
        fprintf(out, " &middot; <span class=\"chg%s\">", change_class(r));
        h(out, c);
        fputs("</span></p>\n", out);
    }
    if (r->nby)
        reasons_svg(r, out);
    fputs("<p class=\"def\"><b>Definition:</b> ", out);
    h(out, r->definition);
    fputs(" <b>Unit:</b> ", out);
    h(out, r->unit);
    if (r->approximate)
        fputs(" (estimated, within about 2%)", out);
    fputs(". <b>Window:</b> ", out);
    h(out, f->window.label);
    fputs(", time zone ", out);
    h(out, f->zone_name);
    fputs(".</p>\n</article>\n", out);
}

/* Bar chart of one column of a series (days or hours) as inline SVG, with
 * a y scale, a label every few slots, and a <title> per bar for hovering.
 * Days without any data are marked as possible gaps. */
static void chart(const struct figures *f, const struct figures_day *d, size_t n, int col, int hourly,
                  const char *title, const char *cls, FILE *out)
{
    (void)f;
    const int W = 720, H = 210, left = 62, right = 8, top = 8, bottom = 26;
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++)
        max = TT_MAX(max, d[i].v[col]);
    /* A round scale: 1, 2 or 5 times a power of ten per step, 4 steps. */
    uint64_t step = 1;
    while (step * 4 < max) {
        if (step * 2 * 4 >= max) {
            step *= 2;
            break;
        }
        if (step * 5 * 4 >= max) {
            step *= 5;
            break;
        }
        step *= 10;
    }
    uint64_t top_v = step * 4;
    double pw = (double)(W - left - right), ph = (double)(H - top - bottom);
    double slot = n ? pw / (double)n : pw;
    fprintf(out, "<figure class=\"chart %s\">\n<figcaption>", cls);
    h(out, title);
    fputs("</figcaption>\n", out);
    fprintf(out, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, H);
    h(out, title);
    fputs("\">\n", out);
    for (int k = 0; k <= 4; k++) {
        char nb[FIG_NUM_LEN];
        double y = top + ph - ph * k / 4.0;
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, W - right, y, y);
        fprintf(out, "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>\n", left - 4, y + 4,
                figures_fmt_int(step * (uint64_t)k, nb, sizeof(nb)));
    }
    size_t every = n <= 16 ? 1 : n <= 40 ? 3 : n <= 80 ? 6 : 12;
    for (size_t i = 0; i < n; i++) {
        char lab[24], nb[FIG_NUM_LEN], date[16], pdate[24];
        double x = left + slot * (double)i;
        double bh = top_v ? ph * (double)d[i].v[col] / (double)top_v : 0.0;
        figures_fmt_date(&d[i], date, sizeof(date));
        figures_fmt_day(&d[i], pdate, sizeof(pdate));
        if (hourly)
            figures_fmt_hour(&d[i], lab, sizeof(lab));
        else
            snprintf(lab, sizeof(lab), "%u", d[i].mday);
        if (d[i].no_data)
            fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" class=\"gap\"><title>%s%s%s: no data "
                         "(possible gap)</title></rect>",
                    x, top, slot, ph, pdate, hourly ? " " : "", hourly ? lab : "");
        fprintf(out,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar%s\" data-date=\"%s\"%s%s%s "
                "data-value=\"%" PRIu64 "\"><title>%s%s%s: %s%s</title></rect>\n",
                x + slot * 0.12, top + ph - bh, slot * 0.76, bh, d[i].partial ? " partial" : "", date,
                hourly ? " data-hour=\"" : "", hourly ? lab : "", hourly ? "\"" : "", d[i].v[col], pdate,
                hourly ? " " : "", hourly ? lab : "", figures_fmt_int(d[i].v[col], nb, sizeof(nb)),
                d[i].partial ? (hourly ? " (part of the hour)" : " (part of the day)") : "");
        if (i % every == 0)
            fprintf(out, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>\n", x + slot / 2,
                    H - 8, lab);
    }
    fputs("</svg>\n</figure>\n", out);
}

static void daily_table(const struct figures *f, FILE *out)
{
    static const char *const heads[FIG_COL_TABLE_COUNT] = {"Emails blocked", "Attacks prevented", "Attack sources",
                                                     "Emails sent", "Lines read"};
    fputs("<table class=\"daily\">\n<thead><tr><th>Date</th>", out);
    for (int c = 0; c < FIG_COL_TABLE_COUNT; c++)
        fprintf(out, "<th>%s</th>", heads[c]);
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < f->ndays; i++) {
        const struct figures_day *d = &f->days[i];
        char date[24], n[FIG_NUM_LEN];
        fprintf(out, "<tr%s><td>%s%s</td>", d->no_data ? " class=\"gap\"" : "",
                figures_fmt_day(d, date, sizeof(date)), d->partial ? "*" : "");
        for (int c = 0; c < FIG_COL_TABLE_COUNT; c++)
            fprintf(out, "<td>%s</td>", figures_fmt_int(d->v[c], n, sizeof(n)));
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n<p class=\"note\">Local days in ", out);
    h(out, f->zone_name);
    fputs("; * marks a day the window covers only in part; a shaded day had no data at all (a possible gap). "
          "Attack sources per day are estimated separately for each day, so they do not add up to the window's "
          "figure.</p>\n",
          out);
}

static void by_site(const struct figures *f, FILE *out)
{
    if (f->nby_site == 0)
        return;
    fputs("<section class=\"by-site\">\n<h2>Sites side by side</h2>\n<table>\n<thead><tr><th>Figure</th>", out);
    for (size_t s = 0; s < f->nby_site; s++) {
        fputs("<th>", out);
        h(out, f->by_site[s].site);
        fputs("</th>", out);
    }
    fputs("<th>Combined</th></tr></thead>\n<tbody>\n", out);
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        const struct figures_row *r = &f->rows[i];
        fputs("<tr><th>", out);
        h(out, r->title);
        fputs("</th>", out);
        for (size_t s = 0; s < f->nby_site; s++) {
            char c[64];
            const struct figures_row *sr = &f->by_site[s].rows[i];
            figures_change_text(f, sr, c, sizeof(c));
            fputs("<td>", out);
            num_span(out, f->by_site[s].site, sr);
            if (c[0]) {
                fputs("<br><small>", out);
                h(out, c);
                fputs("</small>", out);
            }
            fputs("</td>", out);
        }
        char c[64];
        figures_change_text(f, r, c, sizeof(c));
        fputs("<td class=\"combined\">", out);
        num_span(out, f->site, r);
        if (c[0]) {
            fputs("<br><small>", out);
            h(out, c);
            fputs("</small>", out);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n<p class=\"note\">", out);
    if (figures_has_prev(f)) {
        fputs("Change is against ", out);
        h(out, f->prev.label);
        fputs(". ", out);
    }
    fputs("Distinct attack sources are counted per site; an address that attacked several sites counts once in "
          "the combined column, so the sites' figures can add up to more than it.</p>\n</section>\n",
          out);
}

static void other_counters(const struct figures *f, FILE *out)
{
    int hp = figures_has_prev(f);
    fputs("<section class=\"other\">\n<h2>Other counters</h2>\n<table>\n<thead><tr><th>Counter</th><th>This "
          "window</th>",
          out);
    fputs(hp ? "<th>Previous</th><th>Change</th>" : "", out);
    fputs("<th>Definition</th></tr></thead>\n<tbody>\n", out);
    for (int i = FIG_PANEL_COUNT; i < FIG_ROW_COUNT; i++) {
        const struct figures_row *r = &f->rows[i];
        char p[128], c[64];
        value_text(r, 1, p, sizeof(p));
        figures_change_text(f, r, c, sizeof(c));
        fputs("<tr><th>", out);
        h(out, r->title);
        fputs("</th><td>", out);
        num_span(out, f->site, r);
        if (hp) {
            fputs("</td><td>", out);
            h(out, p);
            fputs("</td><td>", out);
            h(out, c);
        }
        fputs("</td><td class=\"def\">", out);
        h(out, r->definition);
        fputs(" (", out);
        h(out, r->unit);
        fputs(")</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

static void top_sources(const struct figures *f, FILE *out)
{
    const struct figures_top *t = &f->top;
    if (!t->asked)
        return;
    fputs("<section class=\"top\">\n<h2>", out);
    h(out, figures_top_title);
    fputs("</h2>\n<p class=\"def\">", out);
    h(out, figures_top_definition);
    fprintf(out, " Days: %s to %s (UTC).</p>\n", t->from_text, t->to_text);
    if (t->n == 0) {
        fputs("<p>", out);
        h(out, figures_top_none);
        fputs("</p>\n</section>\n", out);
        return;
    }
    fputs("<table class=\"top\">\n<thead><tr><th>#</th><th>Network</th><th>Attacks</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < t->n; i++) {
        char v[FIG_NUM_LEN];
        fprintf(out, "<tr><td>%zu</td><td data-network>", i + 1);
        h(out, t->e[i].net);
        fprintf(out, "</td><td data-value=\"%" PRIu64 "\">%s</td></tr>\n", t->e[i].attacks,
                figures_fmt_int(t->e[i].attacks, v, sizeof(v)));
    }
    fputs("</tbody>\n</table>\n</section>\n", out);
}

static void quality(const struct figures *f, FILE *out)
{
    const struct figures_quality *q = &f->quality;
    char n[FIG_NUM_LEN], pct[FIG_NUM_LEN];
    fputs("<section class=\"quality\">\n<h2>Data quality</h2>\n<table class=\"dq\">\n<tbody>\n", out);
    fprintf(out, "<tr><th>Lines read</th><td data-metric=\"lines_total\" data-value=\"%" PRIu64 "\">%s</td></tr>\n",
            q->lines_total, figures_fmt_int(q->lines_total, n, sizeof(n)));
    fprintf(out, "<tr><th>Not recognised</th><td data-metric=\"lines_unparsed\" data-value=\"%" PRIu64 "\">%s",
            q->lines_unparsed, figures_fmt_int(q->lines_unparsed, n, sizeof(n)));
    if (q->lines_total)
        fprintf(out, " (%s of lines read)",
                figures_fmt_pct(100.0 * (double)q->lines_unparsed / (double)q->lines_total, pct, sizeof(pct)));
    for (int r = 0; r < TT_REASON_COUNT; r++)
        if (q->unparsed[r])
            fprintf(out, "<br><small>%s: %s</small>", figures_reason_label((enum tt_reason)r),
                    figures_fmt_int(q->unparsed[r], n, sizeof(n)));
    fputs("</td></tr>\n", out);
    fprintf(out, "<tr><th>Lost in transit</th><td data-metric=\"lines_dropped\" data-value=\"%" PRIu64 "\">%s%s",
            q->lines_dropped, figures_fmt_int(q->lines_dropped, n, sizeof(n)),
            q->lines_dropped ? " (possible data gap)" : "");
    for (int r = 0; r < TT_REASON_COUNT; r++)
        if (q->dropped[r])
            fprintf(out, "<br><small>%s: %s</small>", figures_reason_label((enum tt_reason)r),
                    figures_fmt_int(q->dropped[r], n, sizeof(n)));
    fputs("</td></tr>\n</tbody>\n</table>\n", out);
    fputs("<p class=\"note\">Lines read: every log line the collector read in the window. Not recognised: lines that "
          "are no log entry we count (other programs' messages, damaged lines). Lost in transit: log messages lost "
          "on the network or in packet capture before they could be read.</p>\n",
          out);
    fputs("<h3>Sources and when each was last seen</h3>\n", out);
    if (q->nsources == 0) {
        fputs("<p>None recorded.</p>\n", out);
    } else {
        fputs("<table class=\"sources\">\n<thead><tr><th>Site</th><th>Source</th><th>Last seen (", out);
        h(out, f->zone_name);
        fputs(")</th></tr></thead>\n<tbody>\n", out);
        for (size_t i = 0; i < q->nsources; i++) {
            fputs("<tr><td>", out);
            h(out, q->sources[i].site);
            fputs("</td><td class=\"src\">", out);
            h(out, q->sources[i].name);
            fputs("</td><td>", out);
            h(out, q->sources[i].last_seen);
            fputs("</td></tr>\n", out);
        }
        fputs("</tbody>\n</table>\n", out);
    }
    if (f->nnotes) {
        fputs("<h3>Notes</h3>\n<ul class=\"notes\">\n", out);
        for (size_t i = 0; i < f->nnotes; i++) {
            fputs("<li>", out);
            h(out, f->notes[i]);
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    fputs("</section>\n", out);
}

static int render(const struct figures *f, FILE *out)
{
    const struct agg_asset *css = assets_find("report.css");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:; base-uri 'none'; form-action 'none'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"threattally " TT_VERSION "\">\n<title>Threat report: ",
          out);
    h(out, f->window.label);
    fputs("</title>\n<style>\n", out);
    if (css)
        fwrite(css->data, 1, css->len, out);
    fputs("</style>\n</head>\n<body>\n<div class=\"page1\">\n<header>\n<h1>Threat report: ", out);
    h(out, f->window.label);
    fputs("</h1>\n<p class=\"sites\">", out);
    if (strcmp(f->site, "all") == 0 || f->nsites > 1) {
        fputs(f->nsites == 1 ? "Site: " : "Sites: ", out);
        for (size_t i = 0; i < f->nsites; i++) {
            if (i)
                fputs(", ", out);
            h(out, f->sites[i]);
        }
        if (!f->nsites)
            fputs("none yet", out);
        if (f->nsites > 1)
            fputs(" (combined, and side by side below)", out);
    } else {
        fputs("Site: ", out);
        h(out, f->site);
    }
    fprintf(out, "</p>\n");
    window_line(f, out);
    fputs("</header>\n", out);
    summary_page(f, out);
    fputs("<p class=\"gen\">Generated ", out);
    h(out, f->generated_text);
    fprintf(out, " by threattally %s.</p>\n</div>\n<main>\n", TT_VERSION);

    fputs("<section class=\"figures\">\n<h2>Figures in detail</h2>\n<div class=\"cards\">\n", out);
    for (int i = 0; i < FIG_PANEL_COUNT; i++)
        card(f, &f->rows[i], out);
    fputs("</div>\n</section>\n", out);

    fputs("<section class=\"daily-charts\">\n<h2>Day by day</h2>\n", out);
    if (f->nhours) {
        chart(f, f->hours, f->nhours, FIG_COL_EMAILS_BLOCKED, 1, "Emails blocked per hour", "emails", out);
        chart(f, f->hours, f->nhours, FIG_COL_ATTACKS_BLOCKED, 1, "Attacks prevented per hour", "attacks", out);
    }
    chart(f, f->days, f->ndays, FIG_COL_EMAILS_BLOCKED, 0, "Emails blocked per day", "emails", out);
    chart(f, f->days, f->ndays, FIG_COL_ATTACKS_BLOCKED, 0, "Attacks prevented per day", "attacks", out);
    daily_table(f, out);
    fputs("</section>\n", out);

    by_site(f, out);
    other_counters(f, out);
    top_sources(f, out);
    quality(f, out);
    /* The closing words belong to the last section, so that they can never
     * be a page of their own. */
    fputs("<p class=\"closing\">Figures are exact counts of what the collector recorded, bucketed by each "
          "event's own time; distinct attack sources are estimates. No email addresses are shown in this "
          "report, and attacker addresses only as networks, when asked for.</p>\n</main>\n</body>\n</html>\n",
          out);
    return ferror(out) ? TT_ERR : TT_OK;
}

const struct render_ops render_html_ops = {
    .name = "html",
    .help = "one self-contained printable HTML page (inline SVG charts, no scripts, no fetches)",
    .render = render,
};
