/* SPDX-License-Identifier: MIT
 *
 * tally.h -- counts in memory between flushes: one set of counters per UTC
 * minute, and the attack sources per minute as HyperLogLog registers. One tally per
 * worker thread, so counting takes no lock; the flusher drains it.
 */
#ifndef TT_TALLY_H
#define TT_TALLY_H

#include "common/event.h"
#include "common/net.h"

struct tt_tally_bucket {
    int64_t minute;               /* UTC minute index (seconds / 60); INT64_MIN = empty slot */
    uint64_t n[TT_FIELD_COUNT];   /* counts per field (common/event.h) */
};

/* Attack sources are kept as what they do to the HyperLogLog of their
 * minute (hll.h): the register an address sets and the value it sets it to,
 * the largest per (minute, register). That is all a HyperLogLog of a minute,
 * hour or day needs, so every attack_sources figure is what PFADD of the
 * addresses would give; and the slot is 8 bytes instead of 24 for the
 * address itself: this set is the collector's largest random-access table,
 * and the minute is 32-bit (minutes since 1970 fit until the year 6053). */
struct tt_tally_source {
    int32_t minute; /* UTC minute index; TT_TALLY_NO_MINUTE = empty slot */
    uint16_t reg;   /* HyperLogLog register (0..16383) */
    uint8_t value;  /* its value (1..51): the largest of the minute's addresses */
};
#define TT_TALLY_NO_MINUTE INT32_MIN

/* Lines come in time order, give or take: the registers of the minutes
 * being counted now live in a few 16 KiB arrays that stay in cache (a
 * register is set with one load and one store), and a minute is drained,
 * in order, into the srcs list when another takes its place. A minute that
 * comes back later is drained again: the same (minute, register) may then
 * stand twice in the list, which a HyperLogLog ignores. This replaced a
 * hash set of (minute, address) whose every insertion was a cache miss
 * (a fifth of the collector's time on firewall logs). */
#define TT_TALLY_RECENT 4
struct tt_tally_recent {
    int32_t minute;                    /* TT_TALLY_NO_MINUTE = free */
    uint32_t n_set;                    /* registers set */
    uint64_t used;                     /* recent_clock at the last use */
    uint8_t value[16384];              /* register values, 0 = not set */
    uint16_t set[16384];               /* the registers set, in order of setting */
};

/* Attacks blocked per (UTC day, source network), for --top-sources. */
struct tt_tally_net {
    int32_t day;         /* UTC day index; TT_TALLY_NO_MINUTE = empty slot */
    struct tt_addr net;  /* the source truncated to its network */
    uint8_t bits;        /* ... of this prefix length */
    uint64_t n;          /* attacks */
};

struct tt_tally {
    struct tt_tally_bucket *buckets; /* open-addressing table keyed by minute */
    size_t cap;                      /* slots (power of two) */
    size_t used;                     /* occupied slots */
    struct tt_tally_bucket *last;    /* bucket of the previous add (lines come in time order), or NULL */
    struct tt_tally_recent *recent;  /* registers of the few minutes being counted now */
    uint64_t recent_clock;           /* ... use counter, for evicting the least recent */
    struct tt_tally_source *srcs;    /* (minute, register, value) of minutes drained from recent */
    size_t src_cap;                  /* its capacity */
    size_t src_used;                 /* entries in srcs plus registers set in recent */
    struct tt_tally_net *nets;       /* open-addressing map of (day, network) -> attacks */
    size_t net_cap;                  /* slots (power of two) */
    size_t net_used;                 /* occupied slots */
    int8_t field_of[TT_METRIC_COUNT][TT_REASON_COUNT]; /* (metric, reason) -> field, -1 none */
    uint64_t total[TT_FIELD_COUNT];  /* everything counted since creation (for summaries) */
};

/* Limits above which the owner should flush: they bound memory whatever the
 * input (a month of minutes, or a flood of distinct sources). */
#define TT_TALLY_MAX_BUCKETS (1u << 14)
#define TT_TALLY_MAX_SOURCES (1u << 18)
/* Hard limit of the source set: 7/8 of the table sized for
 * TT_TALLY_MAX_SOURCES. It is reached only when flushes cannot happen (a
 * Redis outage, counted in memory): further pairs are not kept. */
#define TT_TALLY_KEEP_SOURCES (TT_TALLY_MAX_SOURCES / 4u * 7u)
#define TT_TALLY_MAX_NETS (1u << 16)
#define TT_TALLY_KEEP_NETS (TT_TALLY_MAX_NETS / 4u * 7u)

int tt_tally_init(struct tt_tally *t);
void tt_tally_fini(struct tt_tally *t);
/* Adds n to (metric, reason) in the minute of utc_s. Invalid pairs are
 * ignored (and asserted in debug builds). TT_ERR only on out-of-memory. */
int tt_tally_add(struct tt_tally *t, int64_t utc_s, enum tt_metric m, enum tt_reason r, uint64_t n);
/* Records addr as an attack source in the minute of utc_s. Returns 1 when
 * the pair is new but the set is at TT_TALLY_KEEP_SOURCES and it was not
 * kept, else 0 (kept, already there, or no address). Never allocates past
 * the limits' table sizes. */
int tt_tally_add_source(struct tt_tally *t, int64_t utc_s, const struct tt_addr *addr);
/* The same for a register already computed (moving sources between
 * tallies): keeps the larger value. */
int tt_tally_add_register(struct tt_tally *t, int64_t utc_s, uint16_t reg, uint8_t value);
/* Adds n attacks from network net (already truncated to bits) in the UTC
 * day of utc_s. Returns 1 when the pair is new but the map is at
 * TT_TALLY_KEEP_NETS and it was not kept, else 0. */
int tt_tally_add_net(struct tt_tally *t, int64_t utc_s, const struct tt_addr *net, unsigned bits, uint64_t n);
/* 1 when the tally is large enough that it should be flushed now. */
int tt_tally_full(const struct tt_tally *t);
/* Empties the tally (after a successful flush); totals are kept. */
void tt_tally_clear(struct tt_tally *t);
/* Exchanges the counts of a and b (tables and all, no copying); each keeps
 * its own totals. The flusher takes a tally's counts this way and leaves
 * it an empty one to go on counting into. */
void tt_tally_swap(struct tt_tally *a, struct tt_tally *b);
/* Sorted copies of the occupied buckets/sources, for the flusher. The
 * arrays are owned by the tally and valid until the next add or clear. */
size_t tt_tally_sorted_buckets(struct tt_tally *t, struct tt_tally_bucket **out);
size_t tt_tally_sorted_sources(struct tt_tally *t, struct tt_tally_source **out);
size_t tt_tally_sorted_nets(struct tt_tally *t, struct tt_tally_net **out);

/* After a failed flush: makes the tables hash tables again, whichever of
 * tt_tally_sorted_*() ran (none, some or all). */
void tt_tally_restore(struct tt_tally *t);

#endif
