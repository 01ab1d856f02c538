/* SPDX-License-Identifier: MIT
 *
 * schema.h -- THE Redis key layout. Only this module knows key and field
 * spellings; collector/out_redis.c writes through it and
 * aggregator/store_redis.c reads through it. Mirrored in README.md.
 *
 * Every per-site key is "tt:<version>:{<site>}:..." so that one site's keys
 * share a cluster slot (the {site} hash tag) and MULTI/EXEC covers them.
 *
 *  family     key                               type  field                      TTL
 *  day        tt:1:{site}:d:YYYYMMDD             hash  metric[:reason]            none
 *  hour       tt:1:{site}:h:YYYYMMDD             hash  HH:metric[:reason]         410 days
 *  minute     tt:1:{site}:m:YYYYMMDD             hash  HHMM:metric[:reason]       10 days
 *  src day    tt:1:{site}:src:d:YYYYMMDD         HLL   attack source addresses    none
 *  src hour   tt:1:{site}:src:h:YYYYMMDDHH       HLL                              410 days
 *  src minute tt:1:{site}:src:m:YYYYMMDDHHMM     HLL                              10 days
 *  position   tt:1:{site}:pos:<fingerprint>      hash  offset, lines, name, ...   none
 *  sources    tt:1:{site}:sources                hash  <source name> -> last seen none
 *  site       tt:1:{site}:site                   string the site name (registration) none
 *  sites      tt:1:sites                         set   site names (before 2026-12, read only) none
 *  collector  tt:1:{site}:collector:<instance>  hash  seq, health (lag, drops...) none
 *  lease      tt:1:{site}:lease:<instance>      string holder's token        seconds (renewed)
 *  scratch    tt:1:{site}:tmp:<pid>.<n>          HLL   aggregator's cross-site union 60 s
 *
 * Nothing lives outside a {site} slot: the list of sites is rebuilt by
 * SCAN of every master for the registration keys (tt_schema_site_pattern),
 * so it needs no key of its own that a transaction would have to share.
 * Older collectors kept a global set tt:1:sites; it is still read.
 *
 * All buckets are UTC. Hour and minute data of one UTC day live in one hash
 * with one TTL, so the existence of that hash says "this day is kept at this
 * precision": a missing field then means zero, never "expired".
 */
#ifndef TT_SCHEMA_H
#define TT_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "common/event.h"

#define TT_SCHEMA_VERSION 1
#define TT_SITE_MAX 64

enum tt_gran {
    TT_GRAN_MINUTE = 0,
    TT_GRAN_HOUR,
    TT_GRAN_DAY,
    TT_GRAN_COUNT
};

#define TT_KEY_MAX 160
#define TT_FIELD_MAX 64

/* Retention of a granularity in seconds (0 = kept until deleted). */
int64_t tt_schema_ttl_s(enum tt_gran g);
const char *tt_gran_name(enum tt_gran g); /* "minute", "hour", "day" */
int64_t tt_gran_seconds(enum tt_gran g);  /* 60, 3600, 86400 */

/* 1 when site is a valid site name: 1..64 of [A-Za-z0-9._-]. */
int tt_site_valid(const char *site);

/* Counter hash holding bucket t_s (any second in it) of granularity g. */
size_t tt_schema_bucket_key(char *buf, size_t len, const char *site, enum tt_gran g, int64_t t_s);
/* The SCAN MATCH pattern of every site's counter hashes, and the parse of
 * one such key (site within key, granularity, UTC day number); TT_ERR for
 * any other key. */
const char *tt_schema_bucket_match(void);
int tt_schema_parse_bucket_key(const char *key, size_t len, const char **out_site, size_t *out_site_len,
                               enum tt_gran *out_g, int64_t *out_day);
/* Field of (metric, reason) for bucket t_s inside that hash. */
size_t tt_schema_bucket_field(char *buf, size_t len, enum tt_gran g, int64_t t_s,
                              enum tt_metric m, enum tt_reason r);
/* Parses a field back (the part after the time prefix for hour/minute);
 * TT_OK and the outputs, or TT_ERR for a field this version does not know.
 * out_t_s is the bucket start within the day of day_s. */
int tt_schema_parse_field(const char *field, size_t len, enum tt_gran g, int64_t day_s,
                          int64_t *out_t_s, enum tt_metric *out_m, enum tt_reason *out_r);
/* HyperLogLog of attack sources for bucket t_s of granularity g. */
size_t tt_schema_hll_key(char *buf, size_t len, const char *site, enum tt_gran g, int64_t t_s);
/* The collector's scratch key for merging a HyperLogLog into an existing
 * one: written and deleted inside one script, never seen outside it. */
size_t tt_schema_hll_scratch_key(char *buf, size_t len, const char *site);
/* Sorted set of attack-source networks (member "203.0.113.0/24", score the
 * attacks blocked from it) of the UTC day containing t_s; written only by a
 * collector run with --top-sources, trimmed to the TT_SCHEMA_TOP_KEEP
 * busiest networks, kept TT_SCHEMA_TOP_TTL_S. */
size_t tt_schema_top_key(char *buf, size_t len, const char *site, int64_t t_s);
#define TT_SCHEMA_TOP_KEEP 1000
#define TT_SCHEMA_TOP_TTL_S (410 * 86400)
/* Read-position hash of an input identified by its content fingerprint. */
size_t tt_schema_pos_key(char *buf, size_t len, const char *site, const char *fingerprint_hex);
size_t tt_schema_sources_key(char *buf, size_t len, const char *site);
/* The legacy global set of site names (read only, for data written before
 * the registration keys). */
const char *tt_schema_sites_key(void);
/* A site's registration key, written with every flush. */
size_t tt_schema_site_key(char *buf, size_t len, const char *site);
/* SCAN MATCH pattern of every registration key. */
const char *tt_schema_site_pattern(void);
/* The site named by a registration key into out (TT_SITE_MAX + 1 bytes):
 * TT_OK, or TT_ERR for a key that is not one or names no valid site. */
int tt_schema_site_from_key(const char *key, size_t len, char *out);
/* A scratch key of the aggregator in site's slot (the union of attack
 * sources across cluster slots); deleted at once, expires in 60 s. */
size_t tt_schema_tmp_key(char *buf, size_t len, const char *site, unsigned long pid, unsigned long n);
/* Health and last committed flush sequence of one collector instance. */
size_t tt_schema_collector_key(char *buf, size_t len, const char *site, const char *instance);
/* The lease of one collector name (site, instance): who runs it now. */
size_t tt_schema_lease_key(char *buf, size_t len, const char *site, const char *instance);

#endif
