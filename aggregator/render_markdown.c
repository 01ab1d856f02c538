/* SPDX-License-Identifier: MIT
 *
 * render_markdown.c -- the panel report as GitHub-flavoured Markdown, for
 * wikis and tickets: the same figures as the text report, tables instead of
 * aligned columns. Untrusted text is stripped of control characters and its
 * Markdown punctuation (| * _ ` [ ] < > ...) is backslash-escaped so that a
 * source name cannot break a table or inject links or HTML.
 */
#include "aggregator/render.h"
#include "common/tt.h"

#include <string.h>

static void md(FILE *out, const char *s)
{
    figures_put_clean(out, s, 1);
}

static void value_cell(const struct figures_row *r, int prev, FILE *out)
{
    char a[FIG_NUM_LEN], b[FIG_NUM_LEN], c[FIG_NUM_LEN];
    if (r->is_share) {
        if (!(prev ? r->has_prev : r->has_value))
            fputs("no outgoing email", out);
        else
            fprintf(out, "%s (%s of %s)", figures_fmt_pct(prev ? r->prev_pct : r->pct, a, sizeof(a)),
                    figures_fmt_int(prev ? r->prev : r->value, b, sizeof(b)),
                    figures_fmt_int(prev ? r->prev_den : r->den, c, sizeof(c)));
        return;
    }
    fprintf(out, "%s%s", r->approximate ? "about " : "", figures_fmt_int(prev ? r->prev : r->value, a, sizeof(a)));
}

static void change_cell(const struct figures *f, const struct figures_row *r, FILE *out)
{
    char c[FIG_NUM_LEN];
    fputs(figures_change_text(f, r, c, sizeof(c)), out);
}

/* Title, site (with the sites of "all"), window, zone, compared window. */
static void md_header(const struct figures *f, FILE *out)
{
    fputs("# Threat report: ", out);
    md(out, f->window.label);
    fputs("\n\n", out);
    fputs("- **Site:** ", out);
    md(out, f->site);
    if (strcmp(f->site, "all") == 0) {
        fputs(" (", out);
        for (size_t i = 0; i < f->nsites; i++) {
            if (i)
                fputs(", ", out);
            md(out, f->sites[i]);
        }
        fputs(f->nsites ? ")" : "no sites yet)", out);
    }
    char w[256], pw[256];
    fprintf(out, "\n- **Window:** %s\n", figures_span_text(&f->window, w, sizeof(w)));
    fprintf(out, "- **Time zone:** ");
    md(out, f->zone_name);
    fputc('\n', out);
    if (figures_has_prev(f))
        fprintf(out, "- **Compared with:** %s\n", figures_span_title(&f->prev, ", ", pw, sizeof(pw)));
}

/* One line per panel figure; no earlier window said in words. */
static void md_summary(const struct figures *f, FILE *out)
{
    int hp = figures_has_prev(f);
    fputs("\n## Summary\n\n", out);
    for (int i = 0; i < FIG_PANEL_COUNT; i++) {
        fputs("- ", out);
        md(out, f->headline[i]);
        fputc('\n', out);
    }
    if (!hp) {
        fputs("\n", out);
        md(out, f->no_prev_text);
        fputc('\n', out);
    }
}

/* The reason rows under a figure, indented. */
static void md_reason_rows(const struct figures_row *r, int hp, FILE *out)
{
    for (size_t b = 0; b < r->nby; b++) {
        char v[FIG_NUM_LEN], p[FIG_NUM_LEN];
        fprintf(out, "| &nbsp;&nbsp;%s | %s | ", figures_reason_label(r->by[b].reason),
                figures_fmt_int(r->by[b].value, v, sizeof(v)));
        if (hp)
            fprintf(out, "%s | ", figures_fmt_int(r->by[b].prev, p, sizeof(p)));
        if (hp && r->by[b].prev > 0) {
            char c[FIG_NUM_LEN];
            fputs(figures_fmt_change(((double)r->by[b].value - (double)r->by[b].prev) * 100.0 /
                                         (double)r->by[b].prev,
                                     c, sizeof(c)),
                  out);
        }
        fprintf(out, "%s%s | | %s with reason %s |\n", hp ? " | " : "", r->unit, r->title,
                figures_reason_label(r->by[b].reason));
    }
}

/* Every figure with its unit, window and definition. */
static void md_figures(const struct figures *f, FILE *out)
{
    int hp = figures_has_prev(f);
    fputs("\n## Figures\n\n", out);
    fputs(hp ? "| Figure | This window | Previous window | Change | Unit | Window (time zone) | Definition |\n"
             "|---|--:|--:|--:|---|---|---|\n"
             : "| Figure | This window | Unit | Window (time zone) | Definition |\n|---|--:|---|---|---|\n",
          out);
    for (int i = 0; i < FIG_ROW_COUNT; i++) {
        const struct figures_row *r = &f->rows[i];
        fprintf(out, "| %s%s%s | ", i < FIG_PANEL_COUNT ? "**" : "", r->title, i < FIG_PANEL_COUNT ? "**" : "");
        value_cell(r, 0, out);
        if (hp) {
            fputs(" | ", out);
            value_cell(r, 1, out);
            fputs(" | ", out);
            change_cell(f, r, out);
        }
        fprintf(out, " | %s%s | %s (", r->unit, r->approximate ? " (estimated, within about 2%)" : "", f->window.label);
        md(out, f->zone_name);
        fputs(") | ", out);
        md(out, r->definition);
        fputs(" |\n", out);
        md_reason_rows(r, hp, out);
    }
}

/* A joint report: each site beside the combined figures. */
static void md_sites(const struct figures *f, FILE *out)
{
    if (f->nby_site) {
        fputs("\n## Sites side by side\n\n| Figure |", out);
        for (size_t k = 0; k < f->nby_site; k++) {
            fputc(' ', out);
            md(out, f->by_site[k].site);
            fputs(" |", out);
        }
        fputs(" Combined |\n|---|", out);
        for (size_t k = 0; k <= f->nby_site; k++)
            fputs("--:|", out);
        fputc('\n', out);
        for (int i = 0; i < FIG_ROW_COUNT; i++) {
            fprintf(out, "| %s |", f->rows[i].title);
            for (size_t k = 0; k < f->nby_site; k++) {
                fputc(' ', out);
                value_cell(&f->by_site[k].rows[i], 0, out);
                fputs(" |", out);
            }
            fputs(" **", out);
            value_cell(&f->rows[i], 0, out);
            fputs("** |\n", out);
        }
        fputs("\nAn address that attacked several sites counts once in the combined column.\n", out);
    }
}

/* One row per local day. */
static void md_daily(const struct figures *f, FILE *out)
{
    fputs("\n## Daily\n\n", out);
    fputs("Local days in ", out);
    md(out, f->zone_name);
    fputs("; days marked \\* are covered only in part by the window.\n\n", out);
    fputs("| Date | Emails blocked | Attacks prevented | Attack sources (approx.) | Emails sent | Lines read |\n", out);
    fputs("|---|--:|--:|--:|--:|--:|\n", out);
    for (size_t i = 0; i < f->ndays; i++) {
        const struct figures_day *d = &f->days[i];
        char date[24], n[FIG_NUM_LEN];
        fprintf(out, "| %s%s%s |", figures_fmt_day(d, date, sizeof(date)), d->partial ? " \\*" : "",
                d->no_data ? " (no data)" : "");
        for (int c = 0; c < FIG_COL_TABLE_COUNT; c++)
            fprintf(out, " %s |", figures_fmt_int(d->v[c], n, sizeof(n)));
        fputc('\n', out);
    }
}

/* The most active attacking networks, when asked for. */
static void md_top(const struct figures *f, FILE *out)
{
    const struct figures_top *t = &f->top;
    if (t->asked) {
        fprintf(out, "\n## %s\n\n%s Days: %s to %s (UTC).\n\n", figures_top_title, figures_top_definition, t->from_text,
                t->to_text);
        if (t->n == 0)
            fprintf(out, "%s\n", figures_top_none);
        else
            fputs("| # | Network | Attacks |\n|--:|---|--:|\n", out);
        for (size_t i = 0; i < t->n; i++) {
            char v[FIG_NUM_LEN];
            fprintf(out, "| %zu | ", i + 1);
            md(out, t->e[i].net);
            fprintf(out, " | %s |\n", figures_fmt_int(t->e[i].attacks, v, sizeof(v)));
        }
    }
}

/* Lines read, not recognised and lost, by reason. */
static void md_quality(const struct figures *f, FILE *out)
{
    const struct figures_quality *q = &f->quality;
    char n[FIG_NUM_LEN];
    fputs("\n## Data quality\n\n", out);
    fputs("| Measure | Lines |\n|---|--:|\n", out);
    fprintf(out, "| Lines read | %s |\n", figures_fmt_int(q->lines_total, n, sizeof(n)));
    fprintf(out, "| Not recognised | %s |\n", figures_fmt_int(q->lines_unparsed, n, sizeof(n)));
    for (int r = 0; r < TT_REASON_COUNT; r++)
        if (q->unparsed[r])
            fprintf(out, "| &nbsp;&nbsp;%s | %s |\n", figures_reason_label((enum tt_reason)r),
                    figures_fmt_int(q->unparsed[r], n, sizeof(n)));
    fprintf(out, "| Lost in transit%s | %s |\n", q->lines_dropped ? " (possible data gap)" : "",
            figures_fmt_int(q->lines_dropped, n, sizeof(n)));
    for (int r = 0; r < TT_REASON_COUNT; r++)
        if (q->dropped[r])
            fprintf(out, "| &nbsp;&nbsp;%s | %s |\n", figures_reason_label((enum tt_reason)r),
                    figures_fmt_int(q->dropped[r], n, sizeof(n)));

    fputs("\nLines read: every log line the collector read in the window. Not recognised: lines that are no log "
          "entry we count (other programs' messages, damaged lines). Lost in transit: log messages lost on the "
          "network or in packet capture before they could be read.\n",
          out);
}

/* When each source was last seen, and the notes. */
static void md_sources(const struct figures *f, FILE *out)
{
    const struct figures_quality *q = &f->quality;
    fputs("\n### Sources last seen\n\n", out);
    if (q->nsources == 0) {
        fputs("No sources recorded.\n", out);
    } else {
        fputs("| Site | Source | Last seen (", out);
        md(out, f->zone_name);
        fputs(") |\n|---|---|---|\n", out);
        for (size_t i = 0; i < q->nsources; i++) {
            fputs("| ", out);
            md(out, q->sources[i].site);
            fputs(" | ", out);
            md(out, q->sources[i].name);
            fprintf(out, " | %s |\n", q->sources[i].last_seen);
        }
    }
    if (f->nnotes) {
        fputs("\n### Notes\n\n", out);
        for (size_t i = 0; i < f->nnotes; i++) {
            fputs("- ", out);
            md(out, f->notes[i]);
            fputc('\n', out);
        }
    }
}

static int render(const struct figures *f, FILE *out)
{
    md_header(f, out);
    md_summary(f, out);
    md_figures(f, out);
    md_sites(f, out);
    md_daily(f, out);
    md_top(f, out);
    md_quality(f, out);
    md_sources(f, out);
    return ferror(out) ? TT_ERR : TT_OK;
}

const struct render_ops render_markdown_ops = {
    .name = "markdown",
    .help = "GitHub-flavoured Markdown (wikis, tickets)",
    .render = render,
};
