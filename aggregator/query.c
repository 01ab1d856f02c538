/* SPDX-License-Identifier: MIT
 *
 * query.c -- see query.h. Moved out of main.c so that the HTTP API of
 * serve.c answers with the very same code as the command line.
 */
#include "aggregator/query.h"
#include "aggregator/store.h"
#include "common/mem.h"
#include "common/schema.h"
#include "common/time.h"
#include "common/tt.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int window_parts(const struct query_window_args *a, const struct tt_zone *zone, int64_t now_s,
                        struct tt_window *w, char *err, size_t errlen);

int query_window(const struct query_window_args *a, const struct tt_zone *zone, int64_t now_s, struct tt_window *w,
                 char *err, size_t errlen)
{
    if (window_parts(a, zone, now_s, w, err, errlen) != TT_OK)
        return TT_ERR;
    /* Checked before anything is allocated or read: the cost of a window
     * grows with its length, so its length is bounded. */
    if (w->to_s - w->from_s > QUERY_WINDOW_MAX_S) {
        snprintf(err, errlen, "window too long: at most %d days (100 years) may be asked for", QUERY_WINDOW_MAX_DAYS);
        return TT_ERR;
    }
    return TT_OK;
}

static int window_parts(const struct query_window_args *a, const struct tt_zone *zone, int64_t now_s,
                        struct tt_window *w, char *err, size_t errlen)
{
    int forms = (a->month != NULL) + (a->from || a->to) + (a->last != NULL);
    if (forms > 1) {
        snprintf(err, errlen, "give one window: --month, --from/--to or --last");
        return TT_ERR;
    }
    if (a->at && (a->month || a->from || a->to)) {
        snprintf(err, errlen, "--at ends a --last window; it does not apply to --month or --from/--to");
        return TT_ERR;
    }
    if (a->month) {
        int y, m;
        if (tt_window_parse_month(a->month, &y, &m) != TT_OK) {
            snprintf(err, errlen, "bad month '%.40s': expected YYYY-MM, e.g. 2018-02", a->month);
            return TT_ERR;
        }
        if (tt_window_month(zone, y, m, w) != TT_OK) {
            snprintf(err, errlen, "cannot place month '%.40s' in the report zone", a->month);
            return TT_ERR;
        }
        return TT_OK;
    }
    int64_t at = now_s, from = 0, to = now_s;
    const struct {
        const char *val;  /* the text */
        const char *name; /* its option */
        int64_t *out;     /* where it goes */
    } times[] = {{a->at, "at", &at}, {a->from, "from", &from}, {a->to, "to", &to}};
    for (size_t i = 0; i < TT_ARRAY_LEN(times); i++) {
        if (times[i].val && tt_parse_time_arg(times[i].val, zone, times[i].out) != TT_OK) {
            snprintf(err, errlen, "bad time '%.60s' for --%s: expected ISO 8601 such as 2018-02-01T00:00:00Z or 2018-02-01",
                     times[i].val, times[i].name);
            return TT_ERR;
        }
    }
    if (a->from || a->to) {
        if (!a->from) {
            snprintf(err, errlen, "--to needs --from");
            return TT_ERR;
        }
        if (tt_window_range(from, to, w) != TT_OK) {
            snprintf(err, errlen, "empty window: --from %.60s is not before --to %.60s", a->from, a->to ? a->to : "now");
            return TT_ERR;
        }
        return TT_OK;
    }
    const char *last = a->last ? a->last : a->default_last;
    int64_t dur;
    if (last && tt_parse_duration(last, &dur) == TT_OK && dur > QUERY_WINDOW_MAX_S) {
        snprintf(err, errlen, "window too long: --last %.40s is more than %d days (100 years)", last,
                 QUERY_WINDOW_MAX_DAYS);
        return TT_ERR;
    }
    if (!last || tt_parse_duration(last, &dur) != TT_OK || dur < 60 || tt_window_last(dur, at, w) != TT_OK) {
        snprintf(err, errlen, "bad duration '%.40s' for --last: expected e.g. 90m, 36h, 5d, 2w (at least 1m)",
                 last ? last : "");
        return TT_ERR;
    }
    return TT_OK;
}

int query_site_check(const char *site, char *err, size_t errlen)
{
    if (strcmp(site, "all") == 0)
        return TT_OK;
    const char *p = site;
    for (;;) {
        size_t n = strcspn(p, ",");
        char one[TT_SITE_MAX + 2];
        snprintf(one, sizeof(one), "%.*s", (int)TT_MIN(n, TT_SITE_MAX + 1), p);
        if (n > TT_SITE_MAX || !tt_site_valid(one) || strcmp(one, "all") == 0) {
            snprintf(err, errlen, "bad site name '%.*s': 1 to %d of A-Z a-z 0-9 . _ - (several: a,b,c)",
                     (int)TT_MIN(n, 80), p, TT_SITE_MAX);
            return TT_ERR;
        }
        if (!p[n])
            return TT_OK;
        p += n + 1;
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int query_sites(struct store *s, const char *site, char ***out, size_t *out_n, int *out_missing, char *err,
                size_t errlen)
{
    char **names;
    size_t n;
    *out_missing = 0;
    if (store_sites(s, &names, &n) != TT_OK) {
        snprintf(err, errlen, "%s", store_errstr(s));
        return TT_ERR;
    }
    if (strcmp(site, "all") == 0) {
        *out = names;
        *out_n = n;
        return TT_OK;
    }
    size_t want = 1;
    for (const char *p = site; *p; p++)
        want += *p == ',';
    char **sel = tt_calloc(want + 1, sizeof(*sel));
    size_t nsel = 0;
    const char *p = site;
    for (;;) {
        size_t l = strcspn(p, ",");
        int known = 0, dup = 0;
        for (size_t i = 0; i < n; i++)
            known |= strlen(names[i]) == l && strncmp(names[i], p, l) == 0;
        for (size_t i = 0; i < nsel; i++)
            dup |= strlen(sel[i]) == l && strncmp(sel[i], p, l) == 0;
        if (!known) {
            char listed[512] = "";
            size_t used = 0;
            for (size_t i = 0; i < n && used + 80 < sizeof(listed); i++)
                used += (size_t)snprintf(listed + used, sizeof(listed) - used, "%s%.64s", i ? ", " : "", names[i]);
            snprintf(err, errlen, "no site '%.*s' in Redis at %s (known: %s)", (int)TT_MIN(l, 64), p,
                     store_display(s), n ? listed : "none yet");
            store_free_names(sel, nsel);
            store_free_names(names, n);
            *out_missing = 1;
            return TT_ERR;
        }
        if (!dup) {
            sel[nsel] = tt_calloc(l + 1, 1);
            memcpy(sel[nsel++], p, l);
        }
        if (!p[l])
            break;
        p += l + 1;
    }
    store_free_names(names, n);
    qsort(sel, nsel, sizeof(*sel), cmp_names);
    *out = sel;
    *out_n = nsel;
    return TT_OK;
}

int query_figure(struct store *s, char *const *sites, size_t nsites, const char *site_label, enum tt_metric m,
                 const struct tt_window *w, int by_reason, int json, FILE *out, char *out_note, size_t notelen)
{
    if (out_note && notelen)
        out_note[0] = '\0';
    struct tt_avail avail;
    if (figures_avail(s, sites, nsites, w->from_s, w->to_s, &avail) != TT_OK) {
        free((void *)avail.gran);
        return TT_ERR;
    }
    struct tt_plan plan;
    tt_plan_make(w->from_s, w->to_s, &avail, 0, &plan);
    free((void *)avail.gran);
    struct store_sum sum;
    int want_sources = m == TT_METRIC_ATTACK_SOURCES;
    if (store_sum(s, sites, nsites, &plan, 1, want_sources, &sum) != TT_OK) {
        tt_plan_fini(&plan);
        return TT_ERR;
    }
    uint64_t value = 0;
    if (want_sources) {
        value = sum.sources;
    } else {
        for (int f = 0; f < TT_FIELD_COUNT; f++)
            if (tt_field_metric(f) == m)
                value += sum.fields[f];
    }
    char from[40], to[40], afrom[40], ato[40];
    tt_format_iso_utc(plan.from_s, from, sizeof(from));
    tt_format_iso_utc(plan.to_s, to, sizeof(to));
    tt_format_iso_utc(plan.asked_from_s, afrom, sizeof(afrom));
    tt_format_iso_utc(plan.asked_to_s, ato, sizeof(ato));
    int coarser = tt_plan_coarser(&plan);
    if (json) {
        fputs("{\"metric\":", out);
        figures_json_string(out, tt_metric_name(m));
        fputs(",\"site\":", out);
        figures_json_string(out, site_label);
        fprintf(out, ",\"from\":\"%s\",\"to\":\"%s\",\"value\":%" PRIu64, from, to, value);
        if (want_sources)
            fputs(",\"approximate\":true", out);
        if (by_reason) {
            fputs(",\"by\":{", out);
            int first = 1;
            for (int f = 0; f < TT_FIELD_COUNT; f++) {
                if (tt_field_metric(f) != m)
                    continue;
                fprintf(out, "%s\"%s\":%" PRIu64, first ? "" : ",", tt_reason_name(tt_field_reason(f)), sum.fields[f]);
                first = 0;
            }
            fputc('}', out);
        }
        if (coarser)
            fprintf(out, ",\"precision\":\"%s\",\"requested_from\":\"%s\",\"requested_to\":\"%s\"",
                    tt_gran_name((enum tt_gran)plan.precision), afrom, ato);
        fputs("}\n", out);
    } else {
        fprintf(out, "%" PRIu64 "\n", value);
        if (by_reason)
            for (int f = 0; f < TT_FIELD_COUNT; f++)
                if (tt_field_metric(f) == m)
                    fprintf(out, "%s\t%" PRIu64 "\n", tt_reason_name(tt_field_reason(f)), sum.fields[f]);
        if (coarser && out_note)
            snprintf(out_note, notelen, "answered at %s precision for %s to %s (asked %s to %s)",
                     tt_gran_name((enum tt_gran)plan.precision), from, to, afrom, ato);
    }
    tt_plan_fini(&plan);
    return TT_OK;
}
