/* SPDX-License-Identifier: MIT
 *
 * out_redis.h -- flushes tallies to Redis: one pipelined MULTI/EXEC per
 * flush holding every counter increment, HyperLogLog addition and the read
 * position of each input the counts cover (docs/COUNTING.md#files: exactly once).
 */
#ifndef TT_OUT_REDIS_H
#define TT_OUT_REDIS_H

#include "collector/position.h" /* struct tt_position */
#include "collector/tally.h"

struct tt_out_redis;

/* The collector's own health, written with every flush (docs/COUNTING.md#delivery). */
struct tt_health {
    int64_t started_s;       /* process start, epoch seconds */
    int64_t lag_s;           /* now minus the newest event time counted, -1 unknown */
    uint64_t lines_total;    /* lines counted since start */
    uint64_t lines_dropped;  /* messages lost before parsing since start */
    uint64_t gaps;           /* copytruncate and similar possible gaps seen */
    uint64_t files_open;     /* file sources open */
    uint64_t sockets;        /* listening sockets and capture handles */
};

/* Connects (AUTH, SELECT, PING). NULL with a one-line message naming the URL
 * (never the password) in err. */
struct tt_out_redis *tt_out_redis_open(const char *url, const char *site, char *err, size_t errlen);
/* Same, for a long-running collector: instance names its health hash, and
 * with connect_now 0 no connection is attempted yet (tt_out_redis_reconnect). */
struct tt_out_redis *tt_out_redis_open2(const char *url, const char *site, const char *instance, int connect_now,
                                        char *err, size_t errlen);
void tt_out_redis_close(struct tt_out_redis *o);
/* The lease of the collector's name lives this long unrenewed (at least
 * TT_LEASE_MIN_MS); every flush renews it. */
#define TT_LEASE_MIN_MS 10000
void tt_out_redis_set_lease_ms(struct tt_out_redis *o, long long ms);
/* 1 when the collector must stop: its name is held by another live
 * collector, or Redis applied only part of a flush. The reason is in
 * tt_out_redis_errstr(). */
int tt_out_redis_fatal(const struct tt_out_redis *o);
int tt_out_redis_connected(const struct tt_out_redis *o);
int tt_out_redis_reconnect(struct tt_out_redis *o);
uint64_t tt_out_redis_reconnects(const struct tt_out_redis *o);
/* After a failed flush and a reconnect: *out_applied 1 when that transaction
 * took effect after all (its reply was lost), 0 when it did not. */
int tt_out_redis_pending_applied(struct tt_out_redis *o, int *out_applied);
/* Stored positions of n fingerprints (pipelined); zero when none. */
int tt_out_redis_get_positions(struct tt_out_redis *o, const char *const *fps, size_t n, uint64_t *out_offset,
                               uint64_t *out_lines);
/* Stored position of an input, zero when none. */
int tt_out_redis_get_position(struct tt_out_redis *o, const char *fingerprint, uint64_t *out_offset,
                              uint64_t *out_lines);
/* One transaction: the tally's counts + positions; clears the tally on
 * success. TT_ERR (tally kept) with the reason in tt_out_redis_errstr(). */
int tt_out_redis_flush(struct tt_out_redis *o, struct tt_tally *t, const struct tt_position *pos, size_t npos);
/* One transaction with the counts of several tallies, the positions and the
 * health hash. On failure every tally is kept and the connection dropped. */
int tt_out_redis_flush2(struct tt_out_redis *o, struct tt_tally **t, size_t nt, const struct tt_position *pos,
                        size_t npos, const struct tt_health *h);
/* --redis-wait: after each EXEC, WAIT for replicas within timeout_ms; a
 * commit counts as done (flush TT_OK, pending_applied 1) only when that many
 * acknowledged it. */
void tt_out_redis_set_wait(struct tt_out_redis *o, int replicas, int timeout_ms);
const char *tt_out_redis_errstr(const struct tt_out_redis *o);
uint64_t tt_out_redis_commands(const struct tt_out_redis *o);
uint64_t tt_out_redis_flushes(const struct tt_out_redis *o);
/* Flushes refused for routing (a slot moved or moving, the master changed)
 * and sent again where they belong. */
uint64_t tt_out_redis_rerouted(const struct tt_out_redis *o);

#endif
