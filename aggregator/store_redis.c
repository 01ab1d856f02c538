/* SPDX-License-Identifier: MIT
 *
 * store_redis.c -- the only aggregator file that includes hiredis: reads
 * what the collector wrote (common/schema.h spells every key and field).
 *
 * Everything is pipelined: a report is a handful of round trips whatever its
 * length (sites, then EXISTS per UTC day for the precision kept, then one
 * batch of HMGET per bucket hash and PFCOUNT per window, then sources).
 * Fields that are missing from an existing hash are zero (schema.h).
 */
#include "aggregator/store.h"
#include "common/mem.h"
#include "common/redis_url.h"
#include "common/schema.h"

#include <errno.h>
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DISP(s) ((s)->url.display)

struct store {
    redisContext *c;         /* connection */
    struct tt_redis_url url; /* where, for messages (display has no password) */
    char errstr[1024];       /* last error, one line */
};

/* An argument vector under construction; every argument is a heap copy. */
struct args {
    char **v;    /* arguments */
    size_t *len; /* their lengths */
    size_t n;    /* used */
    size_t cap;  /* allocated */
};

static void args_add(struct args *a, const char *s)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = tt_realloc(a->v, a->cap * sizeof(*a->v));
        a->len = tt_realloc(a->len, a->cap * sizeof(*a->len));
    }
    a->len[a->n] = strlen(s);
    a->v[a->n++] = tt_strdup(s);
}

static void args_reset(struct args *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    a->n = 0;
}

static void args_fini(struct args *a)
{
    args_reset(a);
    free(a->v);
    free(a->len);
}

/* Appends the command to the pipeline and empties a. */
static int args_send(struct store *s, struct args *a)
{
    int rc = redisAppendCommandArgv(s->c, (int)a->n, (const char **)a->v, a->len);
    args_reset(a);
    if (rc != REDIS_OK) {
        snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s: %s", DISP(s), s->c->errstr);
        return TT_ERR;
    }
    return TT_OK;
}

/* Next reply of the pipeline; NULL with errstr set on I/O failure or an
 * error reply (which is freed). */
static redisReply *next_reply(struct store *s)
{
    void *r = NULL;
    if (redisGetReply(s->c, &r) != REDIS_OK || !r) {
        snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s: %s", DISP(s),
                 s->c->errstr[0] ? s->c->errstr : "connection lost");
        return NULL;
    }
    redisReply *rep = r;
    if (rep->type == REDIS_REPLY_ERROR) {
        int noauth = strncmp(rep->str, "NOAUTH", 6) == 0;
        snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s answered: %.*s%s", DISP(s), (int)TT_MIN(rep->len, 300),
                 rep->str, noauth ? " (set THREATTALLY_REDIS_PASSWORD or put the password in --redis)" : "");
        freeReplyObject(rep);
        return NULL;
    }
    return rep;
}

/* Sends the one command in a (freeing a) and reads its reply; NULL on error. */
static redisReply *call(struct store *s, struct args *a)
{
    int rc = args_send(s, a);
    args_fini(a);
    return rc == TT_OK ? next_reply(s) : NULL;
}

static uint64_t reply_u64(const redisReply *r)
{
    if (r->type == REDIS_REPLY_INTEGER)
        return r->integer > 0 ? (uint64_t)r->integer : 0;
    if (r->type == REDIS_REPLY_STRING) {
        uint64_t v = 0;
        if (tt_parse_u64(r->str, r->len, &v) == r->len)
            return v;
    }
    return 0; /* nil (missing field) or unreadable: zero */
}

/* One command, one reply (not pipelined); used for AUTH and SELECT. */
static int simple(struct store *s, const char *what, int argc, const char **argv)
{
    size_t lens[4];
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    redisReply *r = redisCommandArgv(s->c, argc, argv, lens);
    if (!r) {
        snprintf(s->errstr, sizeof(s->errstr), "cannot %s at Redis %.300s: %s", what, DISP(s), s->c->errstr);
        return TT_ERR;
    }
    int ok = r->type != REDIS_REPLY_ERROR;
    if (!ok)
        snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s refused %s: %.*s", DISP(s), what,
                 (int)TT_MIN(r->len, 200), r->str);
    freeReplyObject(r);
    return ok ? TT_OK : TT_ERR;
}

struct store *store_open(const char *url, char *err, size_t errlen)
{
    struct store *s = tt_calloc(1, sizeof(*s));
    if (tt_redis_url_parse(url, &s->url, err, errlen) != TT_OK) {
        free(s);
        return NULL;
    }
    struct timeval tv = {5, 0};
    s->c = s->url.path[0] ? redisConnectUnixWithTimeout(s->url.path, tv)
                          : redisConnectWithTimeout(s->url.host, s->url.port, tv);
    if (!s->c || s->c->err) {
        snprintf(err, errlen, "cannot connect to Redis at %.300s: %.200s", DISP(s),
                 s->c ? s->c->errstr : "out of memory");
        store_close(s);
        return NULL;
    }
    struct timeval cmd_tv = {60, 0};
    redisSetTimeout(s->c, cmd_tv);
    if (s->url.password[0]) {
        const char *argv[3] = {"AUTH", s->url.user[0] ? s->url.user : s->url.password, s->url.password};
        if (simple(s, "AUTH", s->url.user[0] ? 3 : 2, argv) != TT_OK)
            goto fail;
    }
    if (s->url.db != 0) {
        char db[16];
        snprintf(db, sizeof(db), "%d", s->url.db);
        const char *argv[2] = {"SELECT", db};
        if (simple(s, "SELECT", 2, argv) != TT_OK)
            goto fail;
    }
    return s;
fail:
    snprintf(err, errlen, "%s", s->errstr);
    store_close(s);
    return NULL;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    if (s->c)
        redisFree(s->c);
    memset(&s->url, 0, sizeof(s->url)); /* the password */
    free(s);
}

const char *store_errstr(const struct store *s)
{
    return s->errstr;
}

const char *store_display(const struct store *s)
{
    return DISP(s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int store_sites(struct store *s, char ***out_names, size_t *out_n)
{
    *out_names = NULL;
    *out_n = 0;
    struct args a = {0};
    args_add(&a, "SMEMBERS");
    args_add(&a, tt_schema_sites_key());
    redisReply *r = call(s, &a);
    if (!r)
        return TT_ERR;
    char **names = tt_calloc(r->elements + 1, sizeof(*names));
    size_t n = 0;
    for (size_t i = 0; i < r->elements; i++) {
        redisReply *e = r->element[i];
        if (e->type == REDIS_REPLY_STRING)
            names[n++] = tt_strndup(e->str, e->len);
    }
    freeReplyObject(r);
    qsort(names, n, sizeof(*names), cmp_str);
    *out_names = names;
    *out_n = n;
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

int store_avail(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays,
                uint8_t *out_gran)
{
    struct args a = {0};
    char key[TT_KEY_MAX];
    for (size_t d = 0; d < ndays; d++) {
        for (size_t i = 0; i < nsites; i++) {
            for (int g = 0; g < TT_GRAN_COUNT; g++) {
                tt_schema_bucket_key(key, sizeof(key), sites[i], (enum tt_gran)g, (first_day + (int64_t)d) * TT_DAY_S);
                args_add(&a, "EXISTS");
                args_add(&a, key);
                if (args_send(s, &a) != TT_OK) {
                    args_fini(&a);
                    return TT_ERR;
                }
            }
        }
    }
    args_fini(&a);
    int rc = TT_OK;
    for (size_t d = 0; d < ndays; d++) {
        int coarsest = -1; /* no site has data that day */
        for (size_t i = 0; i < nsites; i++) {
            int finest = -1;
            for (int g = 0; g < TT_GRAN_COUNT; g++) {
                redisReply *r = next_reply(s);
                if (!r) {
                    rc = TT_ERR;
                    continue;
                }
                if (finest < 0 && reply_u64(r) > 0)
                    finest = g;
                freeReplyObject(r);
            }
            if (finest > coarsest)
                coarsest = finest;
        }
        out_gran[d] = (uint8_t)(coarsest < 0 ? TT_GRAN_MINUTE : coarsest);
    }
    return rc;
}

/* What each pipelined reply of store_sum is for. */
struct pending {
    size_t plan;  /* index into plans/out */
    int pfcount;  /* 1 = PFCOUNT reply, 0 = HMGET reply */
};

int store_sum(struct store *s, char *const *sites, size_t nsites, const struct tt_plan *plans, size_t nplans,
              int want_sources, struct store_sum *out)
{
    struct args a = {0};
    struct pending *pend = NULL;
    size_t npend = 0, cap = 0;
    char key[TT_KEY_MAX], field[TT_FIELD_MAX];
    int rc = TT_OK;
    memset(out, 0, nplans * sizeof(*out));

    for (size_t p = 0; p < nplans && rc == TT_OK; p++) {
        const struct tt_plan *plan = &plans[p];
        /* HMGET per bucket hash: consecutive buckets of one granularity and
         * one UTC day share a hash, so they share a command. */
        for (size_t si = 0; si < nsites && rc == TT_OK; si++) {
            for (size_t b = 0; b < plan->nbuckets && rc == TT_OK;) {
                const struct tt_bucket *first = &plan->buckets[b];
                tt_schema_bucket_key(key, sizeof(key), sites[si], (enum tt_gran)first->gran, first->start_s);
                args_add(&a, "HMGET");
                args_add(&a, key);
                int64_t day = first->start_s - (first->start_s % TT_DAY_S + TT_DAY_S) % TT_DAY_S;
                for (; b < plan->nbuckets && plan->buckets[b].gran == first->gran &&
                       plan->buckets[b].start_s >= day && plan->buckets[b].start_s < day + TT_DAY_S;
                     b++) {
                    for (int f = 0; f < TT_FIELD_COUNT; f++) {
                        tt_schema_bucket_field(field, sizeof(field), (enum tt_gran)first->gran, plan->buckets[b].start_s,
                                               tt_field_metric(f), tt_field_reason(f));
                        args_add(&a, field);
                    }
                }
                rc = args_send(s, &a);
                if (npend == cap) {
                    cap = cap ? cap * 2 : 64;
                    pend = tt_realloc(pend, cap * sizeof(*pend));
                }
                pend[npend].plan = p;
                pend[npend++].pfcount = 0;
            }
        }
        /* PFCOUNT of many keys counts their union: distinct sources across
         * buckets and sites, not a sum of per-bucket counts. */
        if (want_sources && plan->nbuckets > 0 && rc == TT_OK) {
            args_add(&a, "PFCOUNT");
            for (size_t si = 0; si < nsites; si++) {
                for (size_t b = 0; b < plan->nbuckets; b++) {
                    tt_schema_hll_key(key, sizeof(key), sites[si], (enum tt_gran)plan->buckets[b].gran,
                                      plan->buckets[b].start_s);
                    args_add(&a, key);
                }
            }
            if (a.n > 1) {
                rc = args_send(s, &a);
                if (npend == cap) {
                    cap = cap ? cap * 2 : 64;
                    pend = tt_realloc(pend, cap * sizeof(*pend));
                }
                pend[npend].plan = p;
                pend[npend++].pfcount = 1;
            } else {
                args_reset(&a);
            }
        }
    }
    args_fini(&a);

    /* Read every reply we asked for, even after an error, so that the
     * connection stays in step. */
    for (size_t i = 0; i < npend; i++) {
        redisReply *r = next_reply(s);
        if (!r) {
            rc = TT_ERR;
            if (s->c->err)
                break;
            continue;
        }
        struct store_sum *sum = &out[pend[i].plan];
        if (pend[i].pfcount) {
            sum->sources = reply_u64(r);
        } else if (r->type == REDIS_REPLY_ARRAY) {
            for (size_t e = 0; e < r->elements; e++)
                sum->fields[e % TT_FIELD_COUNT] += reply_u64(r->element[e]);
        }
        freeReplyObject(r);
    }
    free(pend);
    return rc;
}

static int cmp_source(const void *a, const void *b)
{
    const struct store_source *x = a, *y = b;
    int c = strcmp(x->site, y->site);
    return c ? c : strcmp(x->name, y->name);
}

/* One (member, score) of a WITHSCORES reply into out, when the member is a
 * network: its text is untrusted, so it is parsed and written anew. */
static int top_entry(const redisReply *m, const redisReply *sc, struct store_net *out)
{
    struct tt_cidr c;
    if (m->type != REDIS_REPLY_STRING || tt_cidr_parse(m->str, m->len, &c) != TT_OK)
        return 0;
    size_t len = tt_addr_format(&c.addr, out->net, sizeof(out->net));
    snprintf(out->net + len, sizeof(out->net) - len, "/%u", (unsigned)c.prefix);
    double v = sc->type == REDIS_REPLY_STRING ? strtod(sc->str, NULL) : (double)sc->integer;
    out->attacks = v > 0 ? (uint64_t)(v + 0.5) : 0;
    return 1;
}

int store_top(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays, size_t n,
              struct store_net *out, size_t *out_n)
{
    *out_n = 0;
    if (nsites == 0 || ndays == 0 || n == 0)
        return TT_OK;
    struct args a = {0};
    char key[TT_KEY_MAX], num[24];
    args_add(&a, "ZUNION");
    snprintf(num, sizeof(num), "%zu", nsites * ndays);
    args_add(&a, num);
    for (size_t i = 0; i < nsites; i++)
        for (size_t d = 0; d < ndays; d++) {
            tt_schema_top_key(key, sizeof(key), sites[i], (first_day + (int64_t)d) * 86400);
            args_add(&a, key);
        }
    args_add(&a, "WITHSCORES");
    redisReply *r = call(s, &a);
    if (!r)
        return TT_ERR;
    /* member, score, member, score... ascending by score */
    for (size_t k = r->elements / 2; k-- > 0 && *out_n < n;)
        *out_n += (size_t)top_entry(r->element[2 * k], r->element[2 * k + 1], &out[*out_n]);
    freeReplyObject(r);
    return TT_OK;
}

int store_sources(struct store *s, char *const *sites, size_t nsites, struct store_source **out, size_t *out_n)
{
    *out = NULL;
    *out_n = 0;
    struct args a = {0};
    char key[TT_KEY_MAX];
    for (size_t i = 0; i < nsites; i++) {
        tt_schema_sources_key(key, sizeof(key), sites[i]);
        args_add(&a, "HGETALL");
        args_add(&a, key);
        if (args_send(s, &a) != TT_OK) {
            args_fini(&a);
            return TT_ERR;
        }
    }
    args_fini(&a);
    struct store_source *src = NULL;
    size_t n = 0, cap = 0;
    int rc = TT_OK;
    for (size_t i = 0; i < nsites; i++) {
        redisReply *r = next_reply(s);
        if (!r) {
            rc = TT_ERR;
            if (s->c->err)
                break;
            continue;
        }
        for (size_t e = 0; e + 1 < r->elements; e += 2) {
            redisReply *k = r->element[e], *v = r->element[e + 1];
            if (k->type != REDIS_REPLY_STRING)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                src = tt_realloc(src, cap * sizeof(*src));
            }
            memset(&src[n], 0, sizeof(src[n]));
            snprintf(src[n].site, sizeof(src[n].site), "%s", sites[i]);
            src[n].name = tt_strndup(k->str, k->len);
            if (v->type == REDIS_REPLY_STRING) {
                char buf[32];
                snprintf(buf, sizeof(buf), "%.*s", (int)TT_MIN(v->len, 31), v->str);
                src[n].last_seen_s = strtoll(buf, NULL, 10);
            } else if (v->type == REDIS_REPLY_INTEGER) {
                src[n].last_seen_s = v->integer;
            }
            n++;
        }
        freeReplyObject(r);
    }
    if (n > 1)
        qsort(src, n, sizeof(*src), cmp_source);
    *out = src;
    *out_n = n;
    return rc;
}

void store_free_sources(struct store_source *src, size_t n)
{
    if (!src)
        return;
    for (size_t i = 0; i < n; i++)
        free(src[i].name);
    free(src);
}

/* ---- monitoring and retention (metrics.c, purge) ---------------------- */

/* Every key matching pattern (SCAN with MATCH, COUNT 1000; a key may be
 * reported twice by SCAN, so the list is sorted and made unique). */
int store_scan(struct store *s, const char *pattern, char ***out_keys, size_t *out_n)
{
    char **keys = NULL;
    size_t n = 0, cap = 0;
    char cursor[32] = "0";
    *out_keys = NULL;
    *out_n = 0;
    do {
        struct args a = {0};
        args_add(&a, "SCAN");
        args_add(&a, cursor);
        args_add(&a, "MATCH");
        args_add(&a, pattern);
        args_add(&a, "COUNT");
        args_add(&a, "1000");
        redisReply *r = call(s, &a);
        if (!r) {
            store_free_names(keys, n);
            return TT_ERR;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[0]->type != REDIS_REPLY_STRING ||
            r->element[1]->type != REDIS_REPLY_ARRAY) {
            snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s: unexpected SCAN reply", DISP(s));
            freeReplyObject(r);
            store_free_names(keys, n);
            return TT_ERR;
        }
        snprintf(cursor, sizeof(cursor), "%.*s", (int)TT_MIN(r->element[0]->len, 31), r->element[0]->str);
        const redisReply *list = r->element[1];
        for (size_t i = 0; i < list->elements; i++) {
            if (list->element[i]->type != REDIS_REPLY_STRING)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                keys = tt_realloc(keys, cap * sizeof(*keys));
            }
            keys[n++] = tt_strndup(list->element[i]->str, list->element[i]->len);
        }
        freeReplyObject(r);
    } while (strcmp(cursor, "0") != 0);
    if (n > 1)
        qsort(keys, n, sizeof(*keys), cmp_str);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w && strcmp(keys[w - 1], keys[i]) == 0)
            free(keys[i]);
        else
            keys[w++] = keys[i];
    }
    *out_keys = keys;
    *out_n = w;
    return TT_OK;
}

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

/* Everything the day buckets of a site hold, per stored field: what
 * /metrics exports as monotonic counters (the day buckets are never
 * expired, so the sums only grow, until someone runs `purge`). */
int store_day_totals(struct store *s, const char *site, uint64_t *out_fields)
{
    char **keys;
    int64_t *days;
    size_t n;
    memset(out_fields, 0, TT_FIELD_COUNT * sizeof(*out_fields));
    if (store_family_keys(s, STORE_FAM_DAY, site, &keys, &days, &n) != TT_OK)
        return TT_ERR;
    struct args a = {0};
    char field[TT_FIELD_MAX];
    int rc = TT_OK;
    size_t sent = 0;
    for (size_t i = 0; i < n && rc == TT_OK; i++, sent++) {
        args_add(&a, "HMGET");
        args_add(&a, keys[i]);
        for (int f = 0; f < TT_FIELD_COUNT; f++) {
            tt_schema_bucket_field(field, sizeof(field), TT_GRAN_DAY, days[i] * TT_DAY_S, tt_field_metric(f),
                                   tt_field_reason(f));
            args_add(&a, field);
        }
        rc = args_send(s, &a);
    }
    args_fini(&a);
    for (size_t i = 0; i < sent; i++) {
        redisReply *r = next_reply(s);
        if (!r) {
            rc = TT_ERR;
            if (s->c->err)
                break;
            continue;
        }
        if (r->type == REDIS_REPLY_ARRAY)
            for (size_t e = 0; e < r->elements && e < TT_FIELD_COUNT; e++)
                out_fields[e] += reply_u64(r->element[e]);
        freeReplyObject(r);
    }
    store_free_names(keys, n);
    free(days);
    return rc;
}

/* The collector health hashes of the sites (collector/out_redis.c
 * write_health), sorted by site then instance. */
int store_collectors(struct store *s, char *const *sites, size_t nsites, struct store_collector **out, size_t *out_n)
{
    struct store_collector *col = NULL;
    size_t n = 0;
    *out = NULL;
    *out_n = 0;
    for (size_t i = 0; i < nsites; i++) {
        char prefix[TT_KEY_MAX], pattern[TT_KEY_MAX + 2];
        tt_schema_collector_key(prefix, sizeof(prefix), sites[i], "");
        snprintf(pattern, sizeof(pattern), "%s*", prefix);
        char **keys;
        size_t nk;
        if (store_scan(s, pattern, &keys, &nk) != TT_OK) {
            free(col);
            return TT_ERR;
        }
        struct args a = {0};
        int rc = TT_OK;
        for (size_t k = 0; k < nk && rc == TT_OK; k++) {
            args_add(&a, "HMGET");
            args_add(&a, keys[k]);
            static const char *const fields[] = {"last_flush", "lag_s", "lines_total", "lines_dropped",
                                                 "redis_reconnects", "possible_gaps", "started"};
            for (size_t f = 0; f < TT_ARRAY_LEN(fields); f++)
                args_add(&a, fields[f]);
            rc = args_send(s, &a);
        }
        args_fini(&a);
        col = tt_realloc(col, (n + nk + 1) * sizeof(*col));
        for (size_t k = 0; k < nk && rc == TT_OK; k++) {
            redisReply *r = next_reply(s);
            if (!r) {
                rc = TT_ERR;
                break;
            }
            struct store_collector *c = &col[n];
            memset(c, 0, sizeof(*c));
            snprintf(c->site, sizeof(c->site), "%s", sites[i]);
            snprintf(c->instance, sizeof(c->instance), "%s", keys[k] + strlen(prefix));
            int64_t v[7] = {0, -1, 0, 0, 0, 0, 0};
            for (size_t e = 0; r->type == REDIS_REPLY_ARRAY && e < r->elements && e < 7; e++) {
                const redisReply *x = r->element[e];
                if (x->type == REDIS_REPLY_STRING) {
                    char buf[32];
                    snprintf(buf, sizeof(buf), "%.*s", (int)TT_MIN(x->len, 31), x->str);
                    v[e] = strtoll(buf, NULL, 10);
                }
            }
            freeReplyObject(r);
            c->last_flush_s = v[0];
            c->lag_s = v[1];
            c->lines_total = (uint64_t)TT_MAX(v[2], 0);
            c->lines_dropped = (uint64_t)TT_MAX(v[3], 0);
            c->redis_reconnects = (uint64_t)TT_MAX(v[4], 0);
            c->possible_gaps = (uint64_t)TT_MAX(v[5], 0);
            c->started_s = v[6];
            n++;
        }
        store_free_names(keys, nk);
        if (rc != TT_OK) {
            free(col);
            return TT_ERR;
        }
    }
    *out = col;
    *out_n = n;
    return TT_OK;
}

/* Deletes the keys (UNLINK, pipelined 500 at a time); *out_deleted counts
 * the keys that existed. */
int store_delete(struct store *s, char *const *keys, size_t n, uint64_t *out_deleted)
{
    *out_deleted = 0;
    for (size_t i = 0; i < n;) {
        struct args a = {0};
        args_add(&a, "UNLINK");
        for (size_t k = 0; k < 500 && i < n; k++)
            args_add(&a, keys[i++]);
        redisReply *r = call(s, &a);
        if (!r)
            return TT_ERR;
        *out_deleted += reply_u64(r);
        freeReplyObject(r);
    }
    return TT_OK;
}
