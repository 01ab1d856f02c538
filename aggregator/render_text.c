/* SPDX-License-Identifier: MIT
 *
 * render_text.c -- the panel report for a terminal or a plain-text e-mail:
 * headline sentences, one block per panel figure (value, previous value,
 * change, reasons, definition, unit, window and zone), the supporting
 * counters, a daily table with a bar as the chart stand-in, and the data
 * quality section. Text that came from Redis is stripped of control
 * characters so a hostile source name cannot drive the terminal.
 */
#include "aggregator/render.h"
#include "common/tt.h"

#include <stdlib.h>
#include <string.h>

#define BAR_WIDTH 30

/* Cleaned copy of untrusted s, padded to width columns (UTF-8 aware). */
static void put_cell(FILE *out, const char *s, int width, int right)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return;
    figures_put_clean(m, s, 0);
    fclose(m);
    int cols = 0;
    for (size_t i = 0; i < len; i++)
        cols += ((unsigned char)buf[i] & 0xC0) != 0x80;
    if (right)
        for (int i = cols; i < width; i++)
            fputc(' ', out);
    fputs(buf, out);
    if (!right)
        for (int i = cols; i < width; i++)
            fputc(' ', out);
    free(buf);
}

static void rule(FILE *out, const char *title)
{
    fprintf(out, "\n%s\n", title);
    for (size_t i = 0; i < strlen(title); i++)
        fputc('=', out);
    fputc('\n', out);
}

/* "4,012,345 emails" or "98.2% (1,234 of 1,257)" for the window or the previous one. */
static void value_text(const struct figures_row *r, int prev, char *buf, size_t len)
{
    char a[FIG_NUM_LEN], b[FIG_NUM_LEN], c[FIG_NUM_LEN];
    if (r->is_share) {
        uint64_t num = prev ? r->prev : r->value, den = prev ? r->prev_den : r->den;
        if (!(prev ? r->has_prev : r->has_value))
            snprintf(buf, len, "no outgoing email");
        else
            snprintf(buf, len, "%s (%s of %s)", figures_fmt_pct(prev ? r->prev_pct : r->pct, a, sizeof(a)),
                     figures_fmt_int(num, b, sizeof(b)), figures_fmt_int(den, c, sizeof(c)));
        return;
    }
    uint64_t v = prev ? r->prev : r->value;
    snprintf(buf, len, "%s%s %s", r->approximate ? "about " : "", figures_fmt_int(v, a, sizeof(a)), r->unit);
}

static void panel_block(const struct figures *f, const struct figures_row *r, FILE *out)
{
    char v[128], p[128], c[64], h[FIG_NUM_LEN];
    value_text(r, 0, v, sizeof(v));
    value_text(r, 1, p, sizeof(p));
    figures_change_text(f, r, c, sizeof(c));
    fprintf(out, "\n%s\n", r->title);
    fprintf(out, "  %-14s %s", "This window", v);
    if (!r->is_share && r->value >= 10000)
        fprintf(out, " (%s)", figures_fmt_human(r->value, h, sizeof(h)));
    fputc('\n', out);
    if (figures_has_prev(f)) {
        fprintf(out, "  %-14s %s\n", "Previous", p);
        fprintf(out, "  %-14s %s\n", "Change", c);
    }
    if (r->nby > 0) {
        fprintf(out, "  %-14s", "By reason");
        for (size_t i = 0; i < r->nby; i++) {
            char n[FIG_NUM_LEN];
            fprintf(out, "%s%s %s", i ? ", " : " ", figures_reason_label(r->by[i].reason),
                    figures_fmt_int(r->by[i].value, n, sizeof(n)));
        }
        fputc('\n', out);
    }
    fprintf(out, "  %-14s %s\n", "Definition", r->definition);
    fprintf(out, "  %-14s %s%s\n", "Unit", r->unit, r->approximate ? " (estimated, within about 2%)" : "");
    char w[256], pw[256];
    fprintf(out, "  %-14s %s: %s (time zone %s)\n", "Window", f->window.label,
            figures_span_text(&f->window, w, sizeof(w)), f->zone_name);
    if (figures_has_prev(f))
        fprintf(out, "  %-14s %s\n", "Compared with", figures_span_title(&f->prev, ": ", pw, sizeof(pw)));
}

static void by_site(const struct figures *f, FILE *out)
{
    if (!f->nby_site)
        return;
    rule(out, "Sites side by side");
    fprintf(out, "%-32s", "Figure");
    for (size_t k = 0; k < f->nby_site; k++) {
        fputc(' ', out);
        put_cell(out, f->by_site[k].site, 24, 1);
    }
    fprintf(out, " %24s\n", "Combined");
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        char v[128];
        fprintf(out, "%-32s", f->rows[i].title);
        for (size_t k = 0; k < f->nby_site; k++) {
            value_text(&f->by_site[k].rows[i], 0, v, sizeof(v));
            fprintf(out, " %24s", v);
        }
        value_text(&f->rows[i], 0, v, sizeof(v));
        fprintf(out, " %24s\n", v);
    }
    fputs("An address that attacked several sites counts once in the combined column.\n", out);
}

static void daily(const struct figures *f, FILE *out)
{
    static const char *const heads[FIG_COL_TABLE_COUNT] = {"Emails blocked", "Attacks prevented", "Attack sources",
                                                     "Emails sent", "Lines read"};
    rule(out, "Daily");
    fprintf(out, "Local days in %s; '*' marks a day the window covers only in part. Bar: emails blocked.\n\n",
            f->zone_name);
    uint64_t max = 0;
    for (size_t i = 0; i < f->ndays; i++)
        max = TT_MAX(max, f->days[i].v[FIG_COL_EMAILS_BLOCKED]);
    fprintf(out, "%-12s", "Date");
    for (int c = 0; c < FIG_COL_TABLE_COUNT; c++)
        fprintf(out, " %17s", heads[c]);
    fputc('\n', out);
    for (size_t i = 0; i < f->ndays; i++) {
        const struct figures_day *d = &f->days[i];
        char date[24], n[FIG_NUM_LEN];
        figures_fmt_day(d, date, sizeof(date));
        fprintf(out, "%11s%c", date, d->partial ? '*' : ' ');
        for (int c = 0; c < FIG_COL_TABLE_COUNT; c++)
            fprintf(out, " %17s", figures_fmt_int(d->v[c], n, sizeof(n)));
        fputs("  ", out);
        if (d->no_data) {
            fputs("(no data)", out);
        } else {
            uint64_t v = d->v[FIG_COL_EMAILS_BLOCKED];
            int w = max ? (int)((v * BAR_WIDTH + max - 1) / max) : 0;
            for (int k = 0; k < w; k++)
                fputc('#', out);
        }
        fputc('\n', out);
    }
}

static void top_sources(const struct figures *f, FILE *out)
{
    const struct figures_top *t = &f->top;
    if (!t->asked)
        return;
    rule(out, figures_top_title);
    fprintf(out, "%s\nDays: %s to %s (UTC).\n\n", figures_top_definition, t->from_text, t->to_text);
    if (t->n == 0)
        fprintf(out, "%s\n", figures_top_none);
    for (size_t i = 0; i < t->n; i++) {
        char n[FIG_NUM_LEN];
        fprintf(out, "%3zu. ", i + 1);
        put_cell(out, t->e[i].net, 24, 0);
        fprintf(out, " %15s %s\n", figures_fmt_int(t->e[i].attacks, n, sizeof(n)),
                t->e[i].attacks == 1 ? "attack" : "attacks");
    }
}

static void quality(const struct figures *f, FILE *out)
{
    const struct figures_quality *q = &f->quality;
    char n[FIG_NUM_LEN], pct[FIG_NUM_LEN];
    rule(out, "Data quality");
    fprintf(out, "%-16s %s\n", "Lines read", figures_fmt_int(q->lines_total, n, sizeof(n)));
    fprintf(out, "%-16s %s", "Not recognised", figures_fmt_int(q->lines_unparsed, n, sizeof(n)));
    if (q->lines_total > 0)
        fprintf(out, " (%s of lines read)",
                figures_fmt_pct(100.0 * (double)q->lines_unparsed / (double)q->lines_total, pct, sizeof(pct)));
    fputc('\n', out);
    for (int r = 0; r < TT_REASON_COUNT; r++)
        if (q->unparsed[r])
            fprintf(out, "  %-28s %s\n", figures_reason_label((enum tt_reason)r), figures_fmt_int(q->unparsed[r], n, sizeof(n)));
    fprintf(out, "%-16s %s%s\n", "Lost in transit", figures_fmt_int(q->lines_dropped, n, sizeof(n)),
            q->lines_dropped ? " (possible data gap)" : "");
    for (int r = 0; r < TT_REASON_COUNT; r++)
        if (q->dropped[r])
            fprintf(out, "  %-28s %s\n", figures_reason_label((enum tt_reason)r), figures_fmt_int(q->dropped[r], n, sizeof(n)));
    fputs("Lines read: every log line the collector read in the window. Not recognised: lines that are no "
          "log entry we count (other programs' messages, damaged lines). Lost in transit: log messages lost on "
          "the network or in packet capture before they could be read.\n",
          out);
    fprintf(out, "\nSources and when each was last seen (%s):\n", f->zone_name);
    if (q->nsources == 0)
        fprintf(out, "  (none recorded)\n");
    size_t wsite = 4, wname = 6;
    for (size_t i = 0; i < q->nsources; i++) {
        wsite = TT_MAX(wsite, strlen(q->sources[i].site));
        wname = TT_MAX(wname, TT_MIN(strlen(q->sources[i].name), 60));
    }
    if (q->nsources) {
        fputs("  ", out);
        put_cell(out, "Site", (int)wsite, 0);
        fputs("  ", out);
        put_cell(out, "Source", (int)wname, 0);
        fputs("  Last seen\n", out);
    }
    for (size_t i = 0; i < q->nsources; i++) {
        fputs("  ", out);
        put_cell(out, q->sources[i].site, (int)wsite, 0);
        fputs("  ", out);
        put_cell(out, q->sources[i].name, (int)wname, 0);
        fprintf(out, "  %s\n", q->sources[i].last_seen);
    }
    if (f->nnotes) {
        fprintf(out, "\nNotes:\n");
        for (size_t i = 0; i < f->nnotes; i++)
            fprintf(out, "  - %s\n", f->notes[i]);
    }
}

static int render(const struct figures *f, FILE *out)
{
    fprintf(out, "THREATTALLY PANEL REPORT -- %s\n", f->window.label);
    fprintf(out, "Site: ");
    put_cell(out, f->site, 0, 0);
    if (strcmp(f->site, "all") == 0) {
        fprintf(out, " (");
        for (size_t i = 0; i < f->nsites; i++) {
            if (i)
                fputs(", ", out);
            put_cell(out, f->sites[i], 0, 0);
        }
        fprintf(out, "%s)", f->nsites ? "" : "no sites yet");
    }
    char w[256], pw[256];
    fprintf(out, "\nWindow: %s (time zone %s)\n", figures_span_text(&f->window, w, sizeof(w)), f->zone_name);
    figures_span_title(&f->prev, ", ", pw, sizeof(pw));
    if (figures_has_prev(f))
        fprintf(out, "Compared with: %s\n", pw);

    rule(out, "Summary");
    for (int i = 0; i < FIG_PANEL_COUNT; i++)
        fprintf(out, "* %s\n", f->headline[i]);
    if (f->no_prev_text[0])
        fprintf(out, "\n%s\n", f->no_prev_text);

    rule(out, "Figures");
    for (int i = 0; i < FIG_PANEL_COUNT; i++)
        panel_block(f, &f->rows[i], out);

    rule(out, "Other counters");
    int hp = figures_has_prev(f);
    fprintf(out, "%-32s %15s", "Counter", "This window");
    fprintf(out, hp ? " %15s %10s\n" : "\n", "Previous", "Change");
    for (int i = FIG_PANEL_COUNT; i < FIG_ROW_COUNT; i++) {
        const struct figures_row *r = &f->rows[i];
        char a[FIG_NUM_LEN], b[FIG_NUM_LEN], c[64];
        figures_change_text(f, r, c, sizeof(c));
        fprintf(out, "%-32s %15s", r->title, figures_fmt_int(r->value, a, sizeof(a)));
        if (hp)
            fprintf(out, " %15s %10s", figures_fmt_int(r->prev, b, sizeof(b)), c);
        fputc('\n', out);
    }
    fputc('\n', out);
    for (int i = FIG_PANEL_COUNT; i < FIG_ROW_COUNT; i++)
        fprintf(out, "  %s (%s): %s\n", f->rows[i].title, f->rows[i].unit, f->rows[i].definition);
    if (hp)
        fprintf(out, "  Window: %s, compared with %s (time zone %s).\n", w, pw, f->zone_name);
    else
        fprintf(out, "  Window: %s (time zone %s).\n", w, f->zone_name);

    by_site(f, out);
    daily(f, out);
    top_sources(f, out);
    quality(f, out);
    return ferror(out) ? TT_ERR : TT_OK;
}

const struct render_ops render_text_ops = {
    .name = "text",
    .help = "plain text for a terminal or e-mail (default)",
    .render = render,
};
