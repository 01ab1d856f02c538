/* SPDX-License-Identifier: MIT
 *
 * store.h -- what the aggregator reads from Redis, without hiredis: the
 * sites, per UTC day the finest precision still kept, counter sums over
 * bucket plans (common/window.h), distinct attack sources over the same
 * plans, and when each input source was last seen. Implemented by
 * store_redis.c, the only aggregator file that includes hiredis.
 */
#ifndef AGG_STORE_H
#define AGG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "common/event.h"
#include "common/window.h"

struct store;

/* Sums of one plan over the selected sites. */
struct store_sum {
    uint64_t fields[TT_FIELD_COUNT]; /* per stored (metric, reason) field, tt_field_index order */
    uint64_t sources;                /* PFCOUNT of the union of the plan's HLLs, when asked */
};

/* One input source of one site and when the collector last saw it. */
struct store_source {
    char site[TT_SITE_MAX + 1]; /* site it belongs to */
    char *name;                 /* source name as the collector wrote it (heap, untrusted text) */
    int64_t last_seen_s;        /* UTC seconds, 0 when unreadable */
};

/* One attack-source network (collector --top-sources) and its attacks. */
struct store_net {
    char net[48];     /* canonical "203.0.113.0/24" (re-formatted from the stored text) */
    uint64_t attacks; /* attacks blocked from it */
};

/* Connects (AUTH and SELECT as the URL says). NULL with a one-line message
 * naming the URL (never the password) in err. */
struct store *store_open(const char *url, char *err, size_t errlen);
void store_close(struct store *s);
/* The last error, one line. */
const char *store_errstr(const struct store *s);
/* What the URL says, without password. */
const char *store_display(const struct store *s);
/* The connection's descriptor (-1 when none): serve's request budget shuts
 * it down to stop a request that runs too long. */
int store_fd(const struct store *s);
/* Every command of s, on any server, ends by monotonic_s (0: no deadline). */
void store_set_deadline(struct store *s, double monotonic_s);

/* Site names (SMEMBERS tt:1:sites), sorted, into a heap array of heap
 * strings; free with store_free_names. */
int store_sites(struct store *s, char ***out_names, size_t *out_n);
void store_free_names(char **names, size_t n);

/* For UTC days first_day .. first_day+ndays-1 the finest granularity kept
 * over the sites given (coarsest of the sites that have data that day;
 * TT_AVAIL_EMPTY when none has). out_gran has ndays entries. Short windows
 * ask EXISTS per day; long ones SCAN the keys once. */
int store_avail(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays,
                uint8_t *out_gran);

/* Sums nplans plans over the sites, pipelined in one round trip; with
 * want_sources also the distinct attack sources of each plan (one PFCOUNT
 * over every HLL key of every bucket of every site: the union). */
int store_sum(struct store *s, char *const *sites, size_t nsites, const struct tt_plan *plans, size_t nplans,
              int want_sources, struct store_sum *out);

/* The up to n networks with the most attacks blocked over the UTC days
 * first_day .. first_day+ndays-1 (day indexes) of the sites, busiest first
 * (ZUNION of their daily sorted sets). Members that are not a network are
 * ignored. *out_n is 0 when the collector never counted networks. */
int store_top(struct store *s, char *const *sites, size_t nsites, int64_t first_day, size_t ndays, size_t n,
              struct store_net *out, size_t *out_n);

/* Sources last seen, per site (HGETALL tt:1:{site}:sources), sorted by site
 * then name; free with store_free_sources. */
int store_sources(struct store *s, char *const *sites, size_t nsites, struct store_source **out, size_t *out_n);
void store_free_sources(struct store_source *src, size_t n);

/* ---- monitoring and retention ---------------------------------------- */

/* One collector's health hash (collector/out_redis.c write_health). */
struct store_collector {
    char site[TT_SITE_MAX + 1]; /* site it counts for */
    char instance[128];         /* its --instance (from the key; untrusted text) */
    int64_t last_flush_s;       /* wall-clock time of its last committed flush, 0 unknown */
    int64_t lag_s;              /* at that flush: now minus the newest event time, -1 unknown */
    int64_t started_s;          /* process start, 0 unknown */
    uint64_t lines_total;       /* lines read since it started */
    uint64_t lines_dropped;     /* messages lost before parsing since it started */
    uint64_t redis_reconnects;  /* reconnections to Redis since it started */
    uint64_t possible_gaps;     /* copytruncate and similar possible gaps since it started */
};

/* Key families that hold one UTC day (or hour, minute) each: what `purge`
 * deletes. Positions, sources, health and the site list are never
 * among them. */
enum store_family {
    STORE_FAM_DAY = 0,    /* day counter hashes */
    STORE_FAM_HOUR,       /* hour counter hashes (one per UTC day) */
    STORE_FAM_MINUTE,     /* minute counter hashes (one per UTC day) */
    STORE_FAM_SRC_DAY,    /* attack-source HyperLogLogs per day */
    STORE_FAM_SRC_HOUR,   /* ... per hour */
    STORE_FAM_SRC_MINUTE, /* ... per minute */
    STORE_FAM_TOP,        /* top-networks sorted sets per day */
    STORE_FAMILY_COUNT
};

/* Every key matching a SCAN pattern, sorted, unique; free with store_free_names. */
int store_scan(struct store *s, const char *pattern, char ***out_keys, size_t *out_n);
/* Key prefix of a family for a site; returns the number of date digits after it. */
size_t store_family_prefix(enum store_family fam, const char *site, char *buf, size_t len);
/* UTC day index of a key of that family, -1 when it is not one. */
int64_t store_family_day(enum store_family fam, const char *site, const char *key);
/* The keys of one family of one site and their UTC days (heap arrays). */
int store_family_keys(struct store *s, enum store_family fam, const char *site, char ***out_keys, int64_t **out_days,
                      size_t *out_n);
/* Sums of every day bucket of a site, per stored field (TT_FIELD_COUNT). */
int store_day_totals(struct store *s, const char *site, uint64_t *out_fields);
/* Health hashes of the sites' collectors, sorted by site, instance; free(). */
int store_collectors(struct store *s, char *const *sites, size_t nsites, struct store_collector **out, size_t *out_n);
/* UNLINKs the keys; *out_deleted = how many existed. */
int store_delete(struct store *s, char *const *keys, size_t n, uint64_t *out_deleted);

#endif
