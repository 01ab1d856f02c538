/* SPDX-License-Identifier: MIT
 *
 * purge.c -- `purge --before DATE [--site S] [--what ...] [--dry-run]`:
 * the one way to delete stored counts (the "delete the data" of a data
 * protection policy, or a retention limit from the config file). For each
 * selected site and key family it lists the keys of UTC days before DATE
 * (SCAN over the site's own key prefix, so another site's keys can never
 * match), says how many and which days, and unless it is a dry run deletes
 * exactly those keys. The read positions stay, so a file read again later
 * is still not counted twice; so do the source list, the collectors' health
 * and the site list.
 */
#include "aggregator/purge.h"
#include "aggregator/store.h"
#include "common/mem.h"
#include "common/calendar.h"
#include "common/tt.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const purge_family_text[STORE_FAMILY_COUNT] = {
    [STORE_FAM_DAY] = "day counts",
    [STORE_FAM_HOUR] = "hour counts",
    [STORE_FAM_MINUTE] = "minute counts",
    [STORE_FAM_SRC_DAY] = "attack-source estimates per day",
    [STORE_FAM_SRC_HOUR] = "attack-source estimates per hour",
    [STORE_FAM_SRC_MINUTE] = "attack-source estimates per minute",
    [STORE_FAM_TOP] = "top-networks lists",
};

int purge_parse_what(const char *what, unsigned *out_bits)
{
    static const struct {
        const char *name; /* --what word */
        unsigned bits;    /* families */
    } words[] = {{"days", PURGE_DAYS}, {"hours", PURGE_HOURS}, {"minutes", PURGE_MINUTES},
                 {"top", PURGE_TOP},   {"all", PURGE_ALL}};
    unsigned bits = 0;
    const char *p = what;
    while (*p) {
        size_t l = strcspn(p, ",");
        unsigned b = 0;
        for (size_t i = 0; i < TT_ARRAY_LEN(words); i++)
            if (strlen(words[i].name) == l && strncmp(p, words[i].name, l) == 0)
                b = words[i].bits;
        if (!b)
            return TT_ERR;
        bits |= b;
        p += l + (p[l] == ',');
    }
    *out_bits = bits;
    return bits ? TT_OK : TT_ERR;
}

static void purge_date(int64_t day, char *buf, size_t len)
{
    int y;
    unsigned m, d;
    tt_civil_from_days(day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02u-%02u", y, m, d);
}

/* One family of one site: list, report, delete. */
static int purge_family(struct store *s, const char *site, enum store_family fam, int64_t before_day, int dry_run,
                        FILE *out, uint64_t *out_total)
{
    char **keys;
    int64_t *days;
    size_t n;
    if (store_family_keys(s, fam, site, &keys, &days, &n) != TT_OK)
        return TT_ERR;
    size_t w = 0;
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        if (days[i] >= before_day) {
            free(keys[i]);
            continue;
        }
        first = TT_MIN(first, days[i]);
        last = TT_MAX(last, days[i]);
        keys[w++] = keys[i];
    }
    int rc = TT_OK;
    if (w) {
        char a[16], b[16];
        purge_date(first, a, sizeof(a));
        purge_date(last, b, sizeof(b));
        uint64_t deleted = w;
        if (!dry_run)
            rc = store_delete(s, keys, w, &deleted);
        if (rc == TT_OK)
            fprintf(out, "  %-36s %8" PRIu64 " keys, UTC days %s to %s\n", purge_family_text[fam], deleted, a, b);
        *out_total += deleted;
    }
    store_free_names(keys, w);
    free(days);
    return rc;
}

int purge_run(struct store *s, char *const *sites, size_t nsites, int64_t before_day, unsigned bits, int dry_run,
              FILE *out)
{
    char date[16];
    purge_date(before_day, date, sizeof(date));
    uint64_t all = 0;
    for (size_t i = 0; i < nsites; i++) {
        fprintf(out, "%s site %s, UTC days before %s:\n", dry_run ? "Would delete from" : "Deleted from", sites[i],
                date);
        uint64_t total = 0;
        for (int fam = 0; fam < STORE_FAMILY_COUNT; fam++)
            if ((bits & (1u << fam)) &&
                purge_family(s, sites[i], (enum store_family)fam, before_day, dry_run, out, &total) != TT_OK)
                return TT_ERR;
        if (!total)
            fprintf(out, "  nothing: no such data is stored before that day\n");
        all += total;
    }
    fprintf(out, "%s %" PRIu64 " keys in all. Kept: read positions (so no file is counted twice), the source "
                 "list, collector health, and everything from %s on.%s\n",
            dry_run ? "Would delete" : "Deleted", all, date,
            dry_run ? " Nothing was deleted (--dry-run)." : "");
    return TT_OK;
}
