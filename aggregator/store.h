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

#endif
