/* SPDX-License-Identifier: MIT
 *
 * store_redis.c -- the only aggregator file that includes hiredis: reads
 * what the collector wrote (common/schema.h spells every key and field).
 *
 * Everything is pipelined: a report is a handful of round trips whatever its
 * length (sites, then EXISTS per UTC day for the precision kept, or one SCAN
 * for a long window, then one batch of HMGET per bucket hash that exists
 * and PFCOUNT per window, then sources).
 * Fields that are missing from an existing hash are zero (schema.h).
 *
 * Commands go through common/redis_route.c, which sends each to the server
 * that holds its key (standalone, a Cluster master, the Sentinels' master)
 * and follows redirections. Every key names one site, so a command touches
 * one slot; what spans sites (the union of attack sources, the busiest
 * networks) is combined per site and then here.
 */
#include "aggregator/store.h"
#include "aggregator/store_keys.h"
#include "common/mem.h"
#include "common/redis_route.h"
#include "common/schema.h"

#include <errno.h>
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DISP(s) (tt_route_display((s)->route))

#define SITES_CACHE_S 5

struct store {
    struct tt_route *route;  /* topology and connections */
    char errstr[1024];       /* last error, one line */
    char **sites;            /* the last list of sites (a SCAN of every master), for serve */
    size_t nsites;           /* ... its length */
    time_t sites_at;         /* ... when it was made (monotonic seconds) */
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

/* Appends the command to the pipeline (routed by its argument key_at) and
 * empties a. */
static int args_send_at(struct store *s, struct args *a, size_t key_at)
{
    size_t k = key_at < a->n ? key_at : 0;
    int rc = tt_route_append(s->route, a->v[k], a->len[k], (int)a->n, (const char **)a->v, a->len);
    args_reset(a);
    if (rc != TT_OK) {
        snprintf(s->errstr, sizeof(s->errstr), "%s", tt_route_errstr(s->route));
        return TT_ERR;
    }
    return TT_OK;
}

/* Most commands name their key first. */
static int args_send(struct store *s, struct args *a)
{
    return args_send_at(s, a, 1);
}

/* An error reply into errstr (and freed); NULL. */
static redisReply *reply_error(struct store *s, redisReply *rep)
{
    int noauth = strncmp(rep->str, "NOAUTH", 6) == 0;
    snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s answered: %.*s%s", DISP(s), (int)TT_MIN(rep->len, 300),
             rep->str,
             noauth ? " (give the password in THREATTALLY_REDIS_PASSWORD or --redis-password-file, not in --redis)"
                    : "");
    freeReplyObject(rep);
    return NULL;
}

/* Next reply of the pipeline; NULL with errstr set on I/O failure or an
 * error reply (which is freed). */
static redisReply *next_reply(struct store *s)
{
    redisReply *rep = tt_route_reply(s->route);
    if (!rep) {
        snprintf(s->errstr, sizeof(s->errstr), "%s", tt_route_errstr(s->route));
        return NULL;
    }
    return rep->type == REDIS_REPLY_ERROR ? reply_error(s, rep) : rep;
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

struct store *store_open(const char *url, char *err, size_t errlen)
{
    struct store *s = tt_calloc(1, sizeof(*s));
    s->route = tt_route_open(url, "threattally-aggregator", 1, err, errlen);
    if (!s->route) {
        free(s);
        return NULL;
    }
    return s;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    tt_route_close(s->route);
    store_free_names(s->sites, s->nsites);
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

int store_fd(const struct store *s)
{
    redisContext *c = s ? tt_route_master(s->route, 0) : NULL;
    return c ? c->fd : -1;
}

void store_set_deadline(struct store *s, double monotonic_s)
{
    tt_route_set_deadline(s->route, monotonic_s);
}

/* Calls fn for every key matching pattern on every master (SCAN with
 * MATCH, COUNT 1000): a Cluster spreads the sites over its masters, and
 * SCAN sees only the server it is sent to. A key may be reported more than
 * once (SCAN's own promise, and a retry after a master was lost), so every
 * caller tolerates repeats. */
static int scan_master(struct store *s, redisContext *c, const char *pattern,
                       void (*fn)(void *ud, const char *key, size_t len), void *ud)
{
    char cursor[32] = "0";
    do {
        redisReply *r = redisCommand(c, "SCAN %s MATCH %s COUNT 1000", cursor, pattern);
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[0]->type != REDIS_REPLY_STRING ||
            r->element[1]->type != REDIS_REPLY_ARRAY) {
            if (r && r->type == REDIS_REPLY_ERROR) {
                reply_error(s, r); /* frees r */
            } else {
                snprintf(s->errstr, sizeof(s->errstr), "Redis at %.300s: SCAN failed: %s", DISP(s),
                         r ? "unexpected reply" : c->errstr);
                freeReplyObject(r);
            }
            tt_route_drop(s->route, c);
            return TT_ERR;
        }
        snprintf(cursor, sizeof(cursor), "%.*s", (int)TT_MIN(r->element[0]->len, 31), r->element[0]->str);
        for (size_t i = 0; i < r->element[1]->elements; i++) {
            const redisReply *k = r->element[1]->element[i];
            if (k->type == REDIS_REPLY_STRING)
                fn(ud, k->str, k->len);
        }
        freeReplyObject(r);
    } while (strcmp(cursor, "0") != 0);
    return TT_OK;
}

static int scan_each(struct store *s, const char *pattern, void (*fn)(void *ud, const char *key, size_t len), void *ud)
{
    int rc = TT_ERR;
    for (int attempt = 0; attempt < 3 && rc != TT_OK; attempt++) {
        if (attempt)
            tt_route_backoff(s->route); /* a master lost: the map is learnt again */
        size_t nm = tt_route_masters(s->route);
        rc = nm ? TT_OK : TT_ERR;
        if (!nm)
            snprintf(s->errstr, sizeof(s->errstr), "%s", tt_route_errstr(s->route));
        for (size_t m = 0; m < nm && rc == TT_OK; m++) {
            redisContext *c = tt_route_master(s->route, m);
            if (!c) {
                snprintf(s->errstr, sizeof(s->errstr), "%s", tt_route_errstr(s->route));
                rc = TT_ERR;
            } else {
                rc = scan_master(s, c, pattern, fn, ud);
            }
        }
    }
    return rc;
}

struct names {
    char **v;   /* the names, NULL-terminated */
    size_t n;   /* ... count */
    size_t cap; /* ... allocated */
};

static void site_of_key(void *ud, const char *key, size_t len)
{
    struct names *nm = ud;
    char site[TT_SITE_MAX + 1];
    if (tt_schema_site_from_key(key, len, site) == TT_OK)
        store_names_add(&nm->v, &nm->n, &nm->cap, site, strlen(site));
}

static time_t mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

/* Every master is asked (SCAN for the registration keys): a cluster spreads
 * the sites over its masters. Sites that older collectors listed in the
 * global set are added. A SCAN walks every key, so the list is kept for
 * SITES_CACHE_S seconds (serve asks for it with every request). */
int store_sites(struct store *s, char ***out_names, size_t *out_n)
{
    *out_names = NULL;
    *out_n = 0;
    if (s->sites && mono_s() - s->sites_at < SITES_CACHE_S) {
        *out_names = store_names_copy(s->sites, s->nsites);
        *out_n = s->nsites;
        return TT_OK;
    }
    struct names nm = {0};
    int rc = scan_each(s, tt_schema_site_pattern(), site_of_key, &nm);
    if (rc == TT_OK) {
        struct args a = {0};
        args_add(&a, "SMEMBERS");
        args_add(&a, tt_schema_sites_key());
        redisReply *r = call(s, &a);
        if (!r)
            rc = TT_ERR;
        for (size_t i = 0; r && i < r->elements; i++) {
            redisReply *e = r->element[i];
            if (e->type == REDIS_REPLY_STRING)
                store_names_add(&nm.v, &nm.n, &nm.cap, e->str, e->len);
        }
        freeReplyObject(r);
    }
    if (rc != TT_OK) {
        store_free_names(nm.v, nm.n);
        return TT_ERR;
    }
    if (!nm.v)
        nm.v = tt_calloc(1, sizeof(*nm.v));
    qsort(nm.v, nm.n, sizeof(*nm.v), store_cmp_str);
    store_free_names(s->sites, s->nsites);
    s->sites = store_names_copy(nm.v, nm.n);
    s->nsites = nm.n;
    s->sites_at = mono_s();
    *out_names = nm.v;
    *out_n = nm.n;
    return TT_OK;
}

/* A bucket hash found by SCAN: which selected site, day and granularity. */
struct found {
    size_t site;   /* index into the sorted selection */
    int64_t day;   /* UTC day number */
    uint8_t gran;  /* enum tt_gran */
};

static int cmp_found(const void *a, const void *b)
{
    const struct found *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->site != y->site)
        return x->site < y->site ? -1 : 1;
    return (int)x->gran - (int)y->gran;
}

struct site_ref {
    const char *name; /* borrowed from the caller's array */
    size_t len;
};

static int cmp_site_ref(const void *a, const void *b)
{
    const struct site_ref *x = a, *y = b;
    size_t n = TT_MIN(x->len, y->len);
    int c = memcmp(x->name, y->name, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* What avail_scan collects: the selected sites (sorted) and the bucket
 * hashes of theirs found in the window. */
struct avail_scan_ud {
    const struct site_ref *sel; /* selected sites, sorted */
    size_t nsites;              /* ... count */
    int64_t first_day;          /* the window's first UTC day */
    size_t ndays;               /* ... and length */
    struct found *f;            /* found so far */
    size_t nf, cap;             /* ... count and allocated */
};

static void avail_key(void *ud, const char *key, size_t len)
{
    struct avail_scan_ud *u = ud;
    struct site_ref site;
    enum tt_gran g;
    int64_t day;
    if (tt_schema_parse_bucket_key(key, len, &site.name, &site.len, &g, &day) != TT_OK || day < u->first_day ||
        day >= u->first_day + (int64_t)u->ndays)
        return;
    const struct site_ref *hit = bsearch(&site, u->sel, u->nsites, sizeof(*u->sel), cmp_site_ref);
    if (!hit)
        return;
    if (u->nf == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 256;
        u->f = tt_realloc(u->f, u->cap * sizeof(*u->f));
    }
    u->f[u->nf++] = (struct found){(size_t)(hit - u->sel), day, (uint8_t)g};
}

/* store_avail for a long window: one SCAN of the key space of every master
 * for the counter hashes (work in proportion to the keys that exist, however
 * many days the window names), instead of an EXISTS per day, site and
 * granularity. A Cluster's sites live on several masters: each is scanned. */
static int avail_scan(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays,
                      uint8_t *out_gran)
{
    struct site_ref *sel = tt_calloc(nsites + 1, sizeof(*sel));
    for (size_t i = 0; i < nsites; i++)
        sel[i] = (struct site_ref){sites[i], strlen(sites[i])};
    qsort(sel, nsites, sizeof(*sel), cmp_site_ref);
    struct avail_scan_ud u = {sel, nsites, first_day, ndays, NULL, 0, 0};
    int rc = scan_each(s, tt_schema_bucket_match(), avail_key, &u);
    struct found *f = u.f;
    size_t nf = u.nf;
    memset(out_gran, TT_AVAIL_EMPTY, ndays);
    if (rc == TT_OK && nf) {
        /* per day: the coarsest of the finest each site with data keeps */
        qsort(f, nf, sizeof(*f), cmp_found);
        for (size_t i = 0; i < nf;) {
            int64_t day = f[i].day;
            int coarsest = -1;
            while (i < nf && f[i].day == day) {
                size_t site = f[i].site;
                int finest = f[i].gran; /* sorted: the first of a site is its finest */
                while (i < nf && f[i].day == day && f[i].site == site)
                    i++;
                coarsest = TT_MAX(coarsest, finest);
            }
            out_gran[day - first_day] = (uint8_t)coarsest;
        }
    }
    free(f);
    free(sel);
    return rc;
}

/* Up to this many EXISTS a window's days are checked one by one; beyond,
 * one SCAN finds the days that have data (avail_scan). */
#define AVAIL_EXISTS_MAX 20000

int store_avail(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays,
                uint8_t *out_gran)
{
    if (nsites == 0 || (uint64_t)ndays * nsites * TT_GRAN_COUNT > AVAIL_EXISTS_MAX)
        return avail_scan(s, sites, nsites, first_day, ndays, out_gran);
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
        out_gran[d] = (uint8_t)(coarsest < 0 ? TT_AVAIL_EMPTY : coarsest);
    }
    return rc;
}

/* 1 when one multi-key command may name keys of all these sites: always
 * outside a cluster, and in one when they share a slot. */
static int one_slot(const struct store *s, char *const *sites, size_t nsites)
{
    if (tt_route_kind(s->route) != TT_ROUTE_CLUSTER)
        return 1;
    for (size_t i = 1; i < nsites; i++)
        if (tt_route_key_slot(sites[i], strlen(sites[i])) != tt_route_key_slot(sites[0], strlen(sites[0])))
            return 0;
    return 1;
}

/* Distinct sources of a plan over sites in different cluster slots: each
 * site's HyperLogLogs are merged into a scratch key of its own slot and
 * read (GET gives the HLL's bytes); those copies are written as scratch
 * keys of the first site's slot, where one PFCOUNT counts their union. The
 * scratch keys are deleted at once and expire in a minute regardless. */
static int union_count(struct store *s, char *const *sites, size_t nsites, const struct tt_plan *plan,
                       uint64_t *out)
{
    static unsigned long serial;
    char key[TT_KEY_MAX], tmp[TT_KEY_MAX];
    struct args a = {0};
    int rc = TT_OK;
    *out = 0;
    for (size_t si = 0; si < nsites && rc == TT_OK; si++) {
        tt_schema_tmp_key(tmp, sizeof(tmp), sites[si], (unsigned long)getpid(), ++serial);
        args_add(&a, "PFMERGE");
        args_add(&a, tmp);
        for (size_t b = 0; b < plan->nbuckets; b++) {
            tt_schema_hll_key(key, sizeof(key), sites[si], (enum tt_gran)plan->buckets[b].gran,
                              plan->buckets[b].start_s);
            args_add(&a, key);
        }
        rc = args_send(s, &a);
        const char *cmds[3] = {"PEXPIRE", "GET", "DEL"};
        for (int k = 0; k < 3 && rc == TT_OK; k++) {
            args_add(&a, cmds[k]);
            args_add(&a, tmp);
            if (k == 0)
                args_add(&a, "60000");
            rc = args_send(s, &a);
        }
    }
    args_fini(&a);
    a = (struct args){0};
    char **blob = tt_calloc(nsites, sizeof(*blob));
    size_t *blen = tt_calloc(nsites, sizeof(*blen));
    for (size_t si = 0; si < nsites; si++) {
        for (int k = 0; k < 4; k++) {
            redisReply *r = next_reply(s);
            if (!r) {
                rc = TT_ERR;
                continue;
            }
            if (k == 2 && r->type == REDIS_REPLY_STRING) {
                blob[si] = tt_malloc(r->len ? r->len : 1);
                memcpy(blob[si], r->str, r->len);
                blen[si] = r->len;
            }
            freeReplyObject(r);
        }
    }
    /* the copies, under the first site's tag; PFCOUNT of all; DEL */
    char (*keys)[TT_KEY_MAX] = tt_calloc(nsites, sizeof(*keys));
    size_t nk = 0;
    for (size_t si = 0; si < nsites && rc == TT_OK; si++) {
        if (!blob[si])
            continue;
        tt_schema_tmp_key(keys[nk], sizeof(keys[nk]), sites[0], (unsigned long)getpid(), ++serial);
        const char *argv[5] = {"SET", keys[nk], blob[si], "PX", "60000"};
        size_t lens[5] = {3, strlen(keys[nk]), blen[si], 2, 5};
        rc = tt_route_append(s->route, keys[nk], lens[1], 5, argv, lens);
        nk++;
    }
    if (rc == TT_OK && nk > 0) {
        const char *verbs[2] = {"PFCOUNT", "DEL"};
        for (int v = 0; v < 2 && rc == TT_OK; v++) {
            args_add(&a, verbs[v]);
            for (size_t k = 0; k < nk; k++)
                args_add(&a, keys[k]);
            rc = args_send(s, &a);
        }
        args_fini(&a);
        for (size_t k = 0; k < nk + 2; k++) {
            redisReply *r = next_reply(s);
            if (!r) {
                rc = TT_ERR;
                continue;
            }
            if (k == nk)
                *out = reply_u64(r);
            freeReplyObject(r);
        }
    }
    for (size_t si = 0; si < nsites; si++)
        free(blob[si]);
    free(blob);
    free(blen);
    free(keys);
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
        if (want_sources && plan->nbuckets > 0 && rc == TT_OK && one_slot(s, sites, nsites)) {
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
            continue; /* the others may still answer: read them all */
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
    for (size_t p = 0; want_sources && !one_slot(s, sites, nsites) && p < nplans; p++)
        if (plans[p].nbuckets > 0 && union_count(s, sites, nsites, &plans[p], &out[p].sources) != TT_OK)
            rc = TT_ERR;
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

/* Orders networks by their text, to add up the entries of several sites. */
static int cmp_net_text(const void *a, const void *b)
{
    return strcmp(((const struct store_net *)a)->net, ((const struct store_net *)b)->net);
}

/* Busiest first; among equals the greater text first, as reading a ZUNION
 * (ascending by score, then by member) backwards gives. */
static int cmp_net_busy(const void *a, const void *b)
{
    const struct store_net *x = a, *y = b;
    if (x->attacks != y->attacks)
        return x->attacks < y->attacks ? 1 : -1;
    return -strcmp(x->net, y->net);
}

/* One ZUNION per site (a site's days share its slot), pipelined; the
 * sites' entries are then added up here, so that sites on different
 * cluster masters combine as one ZUNION would. */
int store_top(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays, size_t n,
              struct store_net *out, size_t *out_n)
{
    *out_n = 0;
    if (nsites == 0 || ndays == 0 || n == 0)
        return TT_OK;
    struct args a = {0};
    char key[TT_KEY_MAX], num[24];
    int rc = TT_OK;
    for (size_t i = 0; i < nsites && rc == TT_OK; i++) {
        args_add(&a, "ZUNION");
        snprintf(num, sizeof(num), "%zu", ndays);
        args_add(&a, num);
        for (size_t d = 0; d < ndays; d++) {
            tt_schema_top_key(key, sizeof(key), sites[i], (first_day + (int64_t)d) * 86400);
            args_add(&a, key);
        }
        args_add(&a, "WITHSCORES");
        rc = args_send_at(s, &a, 2);
    }
    args_fini(&a);
    struct store_net *all = NULL;
    size_t nall = 0, cap = 0;
    for (size_t i = 0; i < nsites && rc == TT_OK; i++) {
        redisReply *r = next_reply(s);
        if (!r) {
            rc = TT_ERR;
            continue;
        }
        for (size_t k = 0; k + 1 < r->elements; k += 2) {
            if (nall == cap) {
                cap = cap ? cap * 2 : 256;
                all = tt_realloc(all, cap * sizeof(*all));
            }
            nall += (size_t)top_entry(r->element[k], r->element[k + 1], &all[nall]);
        }
        freeReplyObject(r);
    }
    if (rc == TT_OK && nall > 0) {
        qsort(all, nall, sizeof(*all), cmp_net_text);
        size_t w = 0;
        for (size_t k = 0; k < nall; k++) {
            if (w > 0 && strcmp(all[w - 1].net, all[k].net) == 0)
                all[w - 1].attacks += all[k].attacks;
            else
                all[w++] = all[k];
        }
        qsort(all, w, sizeof(*all), cmp_net_busy);
        for (size_t k = 0; k < w && *out_n < n; k++)
            out[(*out_n)++] = all[k];
    }
    free(all);
    return rc;
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
            continue; /* the others may still answer: read them all */
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

/* ---- monitoring and retention (metrics.c, purge) ---------------------- */

/* Every key matching pattern (SCAN with MATCH, COUNT 1000; a key may be
 * reported twice by SCAN, so the list is sorted and made unique). */
static void key_of_scan(void *ud, const char *key, size_t len)
{
    struct names *nm = ud;
    if (nm->n == nm->cap) {
        nm->cap = nm->cap ? nm->cap * 2 : 64;
        nm->v = tt_realloc(nm->v, nm->cap * sizeof(*nm->v));
    }
    nm->v[nm->n++] = tt_strndup(key, len);
}

int store_scan(struct store *s, const char *pattern, char ***out_keys, size_t *out_n)
{
    struct names nm = {0};
    *out_keys = NULL;
    *out_n = 0;
    if (scan_each(s, pattern, key_of_scan, &nm) != TT_OK) {
        store_free_names(nm.v, nm.n);
        return TT_ERR;
    }
    char **keys = nm.v;
    size_t n = nm.n;
    if (n > 1)
        qsort(keys, n, sizeof(*keys), store_cmp_str);
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
            rc = TT_ERR; /* the route fails the rest at once when Redis is gone */
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
