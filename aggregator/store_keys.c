/* SPDX-License-Identifier: MIT
 *
 * store_keys.c -- the parts of the store that need no Redis connection: the
 * key names of the daily families (for retention and /metrics), spelt by
 * common/schema.c, and the lists of names the store builds and hands out.
 * store_redis.c, the one file that talks to Redis, calls it; it calls
 * nothing there.
 */
#include "aggregator/store.h"
#include "aggregator/store_keys.h"
#include "common/calendar.h"
#include "common/mem.h"
#include "common/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The prefix every key of one daily family of a site starts with, and the
 * number of digits after it (YYYYMMDD, ...HH, ...HHMM): spelt by schema.c
 * for the first instant of 1970, whose digits are then cut off. */
size_t store_family_prefix(enum store_family fam, const char *site, char *buf, size_t len)
{
    static const size_t digits[STORE_FAMILY_COUNT] = {8, 8, 8, 8, 10, 12, 8};
    char key[TT_KEY_MAX];
    switch (fam) {
    case STORE_FAM_DAY: tt_schema_bucket_key(key, sizeof(key), site, TT_GRAN_DAY, 0); break;
    case STORE_FAM_HOUR: tt_schema_bucket_key(key, sizeof(key), site, TT_GRAN_HOUR, 0); break;
    case STORE_FAM_MINUTE: tt_schema_bucket_key(key, sizeof(key), site, TT_GRAN_MINUTE, 0); break;
    case STORE_FAM_SRC_DAY: tt_schema_hll_key(key, sizeof(key), site, TT_GRAN_DAY, 0); break;
    case STORE_FAM_SRC_HOUR: tt_schema_hll_key(key, sizeof(key), site, TT_GRAN_HOUR, 0); break;
    case STORE_FAM_SRC_MINUTE: tt_schema_hll_key(key, sizeof(key), site, TT_GRAN_MINUTE, 0); break;
    default: tt_schema_top_key(key, sizeof(key), site, 0); break;
    }
    size_t kl = strlen(key), d = digits[fam < STORE_FAMILY_COUNT ? fam : STORE_FAM_TOP];
    kl = kl > d ? kl - d : 0;
    snprintf(buf, len, "%.*s", (int)kl, key);
    return d;
}

/* UTC day (days since 1970) of a key of family fam, or -1 when the key is
 * not of that family (another family sharing the prefix, a stray key). */
int64_t store_family_day(enum store_family fam, const char *site, const char *key)
{
    char prefix[TT_KEY_MAX];
    size_t d = store_family_prefix(fam, site, prefix, sizeof(prefix));
    size_t pl = strlen(prefix);
    if (strncmp(key, prefix, pl) != 0 || strlen(key + pl) != d)
        return -1;
    for (size_t i = 0; i < d; i++)
        if (key[pl + i] < '0' || key[pl + i] > '9')
            return -1;
    int y = (key[pl] - '0') * 1000 + (key[pl + 1] - '0') * 100 + (key[pl + 2] - '0') * 10 + (key[pl + 3] - '0');
    unsigned m = (unsigned)((key[pl + 4] - '0') * 10 + (key[pl + 5] - '0'));
    unsigned dd = (unsigned)((key[pl + 6] - '0') * 10 + (key[pl + 7] - '0'));
    if (m < 1 || m > 12 || dd < 1 || dd > 31)
        return -1;
    return tt_days_from_civil(y, m, dd);
}

void store_free_names(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

void store_free_sources(struct store_source *src, size_t n)
{
    if (!src)
        return;
    for (size_t i = 0; i < n; i++)
        free(src[i].name);
    free(src);
}

int store_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds name to the sorted-later list unless it is there already. */
void store_names_add(char ***names, size_t *n, size_t *cap, const char *name, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*names)[i]) == len && memcmp((*names)[i], name, len) == 0)
            return;
    if (*n + 1 >= *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *names = tt_realloc(*names, *cap * sizeof(**names));
    }
    (*names)[(*n)++] = tt_strndup(name, len);
    (*names)[*n] = NULL;
}

char **store_names_copy(char *const *names, size_t n)
{
    char **c = tt_calloc(n + 1, sizeof(*c));
    for (size_t i = 0; i < n; i++)
        c[i] = tt_strdup(names[i]);
    return c;
}
