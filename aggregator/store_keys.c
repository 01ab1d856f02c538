/* SPDX-License-Identifier: MIT
 *
 * store_keys.c -- the parts of the store that need no Redis connection: the
 * key names of the daily families (for retention and /metrics), spelt by
 * common/schema.c, the keys of a family found through store_scan, and
 * freeing the lists the store hands out. store_redis.c stays the one file
 * that talks to Redis.
 */
#include "aggregator/store.h"
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

/* Keys of one family of one site, with their UTC days. */
int store_family_keys(struct store *s, enum store_family fam, const char *site, char ***out_keys, int64_t **out_days,
                      size_t *out_n)
{
    char prefix[TT_KEY_MAX], pattern[TT_KEY_MAX + 2];
    store_family_prefix(fam, site, prefix, sizeof(prefix));
    snprintf(pattern, sizeof(pattern), "%s*", prefix);
    char **keys;
    size_t n;
    *out_keys = NULL;
    *out_days = NULL;
    *out_n = 0;
    if (store_scan(s, pattern, &keys, &n) != TT_OK)
        return TT_ERR;
    int64_t *days = tt_calloc(n + 1, sizeof(*days));
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day = store_family_day(fam, site, keys[i]);
        if (day < 0) {
            free(keys[i]);
            continue;
        }
        days[w] = day;
        keys[w++] = keys[i];
    }
    *out_keys = keys;
    *out_days = days;
    *out_n = w;
    return TT_OK;
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
