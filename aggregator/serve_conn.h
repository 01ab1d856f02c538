/* SPDX-License-Identifier: MIT
 *
 * serve_conn.h -- serve's own accounting of its HTTP connections, on top of
 * libmicrohttpd's idle timeout (which counts only silence): a deadline for
 * the request headers, per-address and global limits that trickling sockets
 * cannot fill (the oldest connection still waiting for its headers, or idle
 * between requests, is closed to make room), and a time budget per request
 * (its Redis connection is shut down when it runs out, so the request ends
 * with 503 instead of holding a thread). A watchdog thread applies the
 * deadlines; the callbacks are called by libmicrohttpd's threads.
 */
#ifndef AGG_SERVE_CONN_H
#define AGG_SERVE_CONN_H

#include <microhttpd.h>
#include <stdint.h>

struct serve_conn_limits {
    unsigned max_total;    /* connections at once, all clients */
    unsigned max_per_addr; /* connections at once from one address */
    unsigned header_s;     /* a request's headers must arrive within this (from accept or the last answer) */
    unsigned budget_s;     /* a request's work must end within this */
};

struct serve_conns;
struct serve_slot;

struct serve_conns *serve_conns_create(const struct serve_conn_limits *lim);
void serve_conns_destroy(struct serve_conns *sc);
/* How many slots libmicrohttpd may hold (closed ones linger briefly). */
unsigned serve_conns_capacity(const struct serve_conns *sc);

/* MHD_OPTION_NOTIFY_CONNECTION and MHD_OPTION_NOTIFY_COMPLETED (cls = sc). */
void serve_conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode code);
void serve_conns_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe);

/* The slot of a connection whose headers are in: its request now runs (the
 * header deadline stops, the budget starts). NULL when not tracked. */
struct serve_slot *serve_conns_begin(struct serve_conns *sc, struct MHD_Connection *c);
/* The Redis descriptor the request is using (-1: none), for the budget. */
void serve_conns_lease(struct serve_conns *sc, struct serve_slot *s, int redis_fd);
/* 1 when the request ran out of its budget. */
int serve_conns_expired(struct serve_conns *sc, const struct serve_slot *s);

/* Counters for messages and tests. */
struct serve_conn_stats {
    uint64_t evicted_full;   /* closed to make room (global limit) */
    uint64_t evicted_addr;   /* closed to make room (per-address limit) */
    uint64_t header_timeout; /* closed for missing the header deadline */
    uint64_t over_budget;    /* requests stopped by the budget */
};
void serve_conns_stats(struct serve_conns *sc, struct serve_conn_stats *out);

#endif
