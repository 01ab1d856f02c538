/* SPDX-License-Identifier: MIT
 *
 * schema.c -- spelling of every Redis key and field (see schema.h for the
 * table). Keys are built into caller buffers with snprintf; nothing here
 * allocates.
 */
#include "common/schema.h"
#include "common/calendar.h"

#include <stdio.h>
#include <string.h>

#define DAY_S 86400
#define HOUR_S 3600

int64_t tt_schema_ttl_s(enum tt_gran g)
{
    switch (g) {
    case TT_GRAN_MINUTE: return 10 * (int64_t)DAY_S;  /* COUNTING.md#retention: >= 8 days */
    case TT_GRAN_HOUR: return 410 * (int64_t)DAY_S;   /* COUNTING.md#retention: >= 400 days */
    default: return 0;                                /* day buckets: until deleted */
    }
}

const char *tt_gran_name(enum tt_gran g)
{
    static const char *const names[TT_GRAN_COUNT] = {"minute", "hour", "day"};
    return (unsigned)g < TT_GRAN_COUNT ? names[g] : "?";
}

int64_t tt_gran_seconds(enum tt_gran g)
{
    static const int64_t secs[TT_GRAN_COUNT] = {60, HOUR_S, DAY_S};
    return (unsigned)g < TT_GRAN_COUNT ? secs[g] : 0;
}

int tt_site_valid(const char *site)
{
    size_t n = site ? strlen(site) : 0;
    if (n == 0 || n > TT_SITE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = site[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return 0;
    }
    return strcmp(site, "all") != 0; /* "all" means every site on the command line */
}

/* YYYYMMDD of the UTC day containing t_s. */
static void day_stamp(int64_t t_s, char out[16])
{
    int y;
    unsigned m, d;
    tt_civil_from_days(tt_floor_div(t_s, DAY_S), &y, &m, &d);
    snprintf(out, 16, "%04d%02u%02u", y, m, d);
}

static const char *gran_letter(enum tt_gran g)
{
    return g == TT_GRAN_MINUTE ? "m" : g == TT_GRAN_HOUR ? "h" : "d";
}

size_t tt_schema_bucket_key(char *buf, size_t len, const char *site, enum tt_gran g, int64_t t_s)
{
    char day[16];
    day_stamp(t_s, day);
    int n = snprintf(buf, len, "tt:%d:{%s}:%s:%s", TT_SCHEMA_VERSION, site, gran_letter(g), day);
    return n < 0 ? 0 : (size_t)n;
}

/* SCAN MATCH pattern of the counter hashes of every site: the site is the
 * only part with a '}' before it, so "{*}" cannot reach into longer keys
 * (src:d:..., top:d:...); tt_schema_parse_bucket_key checks each match. */
const char *tt_schema_bucket_match(void)
{
    static char pat[32];
    if (!pat[0])
        snprintf(pat, sizeof(pat), "tt:%d:{*}:?:????????", TT_SCHEMA_VERSION);
    return pat;
}

int tt_schema_parse_bucket_key(const char *key, size_t len, const char **out_site, size_t *out_site_len,
                               enum tt_gran *out_g, int64_t *out_day)
{
    char prefix[16];
    int pl = snprintf(prefix, sizeof(prefix), "tt:%d:{", TT_SCHEMA_VERSION);
    if (len < (size_t)pl + 13 || memcmp(key, prefix, (size_t)pl) != 0)
        return TT_ERR;
    const char *site = key + pl, *end = key + len;
    const char *close = memchr(site, '}', (size_t)(end - site));
    size_t sl = close ? (size_t)(close - site) : 0;
    if (!close || sl < 1 || sl > TT_SITE_MAX || end - close != 12 || close[1] != ':' || close[3] != ':')
        return TT_ERR;
    for (size_t i = 0; i < sl; i++) {
        char c = site[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return TT_ERR;
    }
    enum tt_gran g;
    switch (close[2]) {
    case 'm': g = TT_GRAN_MINUTE; break;
    case 'h': g = TT_GRAN_HOUR; break;
    case 'd': g = TT_GRAN_DAY; break;
    default: return TT_ERR;
    }
    const char *d = close + 4;
    int v[8];
    for (int i = 0; i < 8; i++) {
        if (d[i] < '0' || d[i] > '9')
            return TT_ERR;
        v[i] = d[i] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    unsigned mo = (unsigned)(v[4] * 10 + v[5]), dd = (unsigned)(v[6] * 10 + v[7]);
    if (!tt_civil_valid(y, mo, dd, 0, 0, 0))
        return TT_ERR;
    *out_site = site;
    *out_site_len = sl;
    *out_g = g;
    *out_day = tt_days_from_civil(y, mo, dd);
    return TT_OK;
}

size_t tt_schema_bucket_field(char *buf, size_t len, enum tt_gran g, int64_t t_s, enum tt_metric m, enum tt_reason r)
{
    int64_t in_day = t_s - tt_floor_div(t_s, DAY_S) * DAY_S;
    char prefix[8] = "";
    if (g == TT_GRAN_MINUTE)
        snprintf(prefix, sizeof(prefix), "%02d%02d:", (int)(in_day / HOUR_S), (int)(in_day % HOUR_S / 60));
    else if (g == TT_GRAN_HOUR)
        snprintf(prefix, sizeof(prefix), "%02d:", (int)(in_day / HOUR_S));
    int n;
    if (r != TT_REASON_NONE)
        n = snprintf(buf, len, "%s%s:%s", prefix, tt_metric_name(m), tt_reason_name(r));
    else
        n = snprintf(buf, len, "%s%s", prefix, tt_metric_name(m));
    return n < 0 ? 0 : (size_t)n;
}

static int two_digits(const char *p, int *out)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return TT_ERR;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return TT_OK;
}

int tt_schema_parse_field(const char *field, size_t len, enum tt_gran g, int64_t day_s, int64_t *out_t_s,
                          enum tt_metric *out_m, enum tt_reason *out_r)
{
    int64_t t = tt_floor_div(day_s, DAY_S) * DAY_S;
    int hh = 0, mm = 0;
    if (g == TT_GRAN_MINUTE) {
        if (len < 5 || field[4] != ':' || two_digits(field, &hh) || two_digits(field + 2, &mm) || hh > 23 || mm > 59)
            return TT_ERR;
        field += 5, len -= 5;
    } else if (g == TT_GRAN_HOUR) {
        if (len < 3 || field[2] != ':' || two_digits(field, &hh) || hh > 23)
            return TT_ERR;
        field += 3, len -= 3;
    }
    char name[TT_FIELD_MAX];
    if (len == 0 || len >= sizeof(name))
        return TT_ERR;
    memcpy(name, field, len);
    name[len] = '\0';
    enum tt_reason r = TT_REASON_NONE;
    char *colon = strchr(name, ':');
    if (colon) {
        *colon = '\0';
        if (tt_reason_from_name(colon + 1, &r) != TT_OK)
            return TT_ERR;
    }
    enum tt_metric m;
    if (tt_metric_from_name(name, &m) != TT_OK || !tt_metric_has_reason(m, r))
        return TT_ERR;
    *out_t_s = t + hh * HOUR_S + mm * 60;
    *out_m = m;
    *out_r = r;
    return TT_OK;
}

size_t tt_schema_top_key(char *buf, size_t len, const char *site, int64_t t_s)
{
    char day[16];
    day_stamp(t_s, day);
    int n = snprintf(buf, len, "tt:%d:{%s}:top:d:%s", TT_SCHEMA_VERSION, site, day);
    return n < 0 ? 0 : (size_t)n;
}

size_t tt_schema_hll_key(char *buf, size_t len, const char *site, enum tt_gran g, int64_t t_s)
{
    char day[16];
    day_stamp(t_s, day);
    int64_t in_day = t_s - tt_floor_div(t_s, DAY_S) * DAY_S;
    int n;
    if (g == TT_GRAN_MINUTE)
        n = snprintf(buf, len, "tt:%d:{%s}:src:m:%s%02d%02d", TT_SCHEMA_VERSION, site, day, (int)(in_day / HOUR_S),
                     (int)(in_day % HOUR_S / 60));
    else if (g == TT_GRAN_HOUR)
        n = snprintf(buf, len, "tt:%d:{%s}:src:h:%s%02d", TT_SCHEMA_VERSION, site, day, (int)(in_day / HOUR_S));
    else
        n = snprintf(buf, len, "tt:%d:{%s}:src:d:%s", TT_SCHEMA_VERSION, site, day);
    return n < 0 ? 0 : (size_t)n;
}

size_t tt_schema_pos_key(char *buf, size_t len, const char *site, const char *fingerprint_hex)
{
    int n = snprintf(buf, len, "tt:%d:{%s}:pos:%s", TT_SCHEMA_VERSION, site, fingerprint_hex);
    return n < 0 ? 0 : (size_t)n;
}

size_t tt_schema_sources_key(char *buf, size_t len, const char *site)
{
    int n = snprintf(buf, len, "tt:%d:{%s}:sources", TT_SCHEMA_VERSION, site);
    return n < 0 ? 0 : (size_t)n;
}

const char *tt_schema_sites_key(void)
{
    return "tt:1:sites";
}

size_t tt_schema_hll_scratch_key(char *buf, size_t len, const char *site)
{
    int n = snprintf(buf, len, "tt:%d:{%s}:tmp:hll", TT_SCHEMA_VERSION, site);
    return n < 0 ? 0 : (size_t)n;
}

size_t tt_schema_site_key(char *buf, size_t len, const char *site)
{
    int n = snprintf(buf, len, "tt:%d:{%s}:site", TT_SCHEMA_VERSION, site);
    return n < 0 ? 0 : (size_t)n;
}

const char *tt_schema_site_pattern(void)
{
    return "tt:1:{*}:site";
}

int tt_schema_site_from_key(const char *key, size_t len, char *out)
{
    static const char head[] = "tt:1:{", tail[] = "}:site";
    size_t hl = sizeof(head) - 1, tl = sizeof(tail) - 1;
    if (len <= hl + tl || len - hl - tl > TT_SITE_MAX || memcmp(key, head, hl) || memcmp(key + len - tl, tail, tl))
        return TT_ERR;
    memcpy(out, key + hl, len - hl - tl);
    out[len - hl - tl] = '\0';
    return tt_site_valid(out) ? TT_OK : TT_ERR;
}

size_t tt_schema_tmp_key(char *buf, size_t len, const char *site, unsigned long pid, unsigned long n)
{
    int k = snprintf(buf, len, "tt:%d:{%s}:tmp:%lu.%lu", TT_SCHEMA_VERSION, site, pid, n);
    return k < 0 ? 0 : (size_t)k;
}

size_t tt_schema_collector_key(char *buf, size_t len, const char *site, const char *instance)
{
    int n = snprintf(buf, len, "tt:%d:{%s}:collector:%s", TT_SCHEMA_VERSION, site, instance);
    return n < 0 ? 0 : (size_t)n;
}

size_t tt_schema_lease_key(char *buf, size_t len, const char *site, const char *instance)
{
    int n = snprintf(buf, len, "tt:%d:{%s}:lease:%s", TT_SCHEMA_VERSION, site, instance);
    return n < 0 ? 0 : (size_t)n;
}
