/* SPDX-License-Identifier: MIT
 *
 * redis_route.h -- the one module that knows Redis topologies (DESIGN.md
 * "Redis topologies"): a standalone server, a Redis Cluster (detected from a
 * plain redis:// URL; the hosts given are only seeds) or a master found
 * through Sentinels (redis-sentinel://). Callers ask it for "the connection
 * for this key" and run their commands through it; it keeps the slot map
 * (CLUSTER SLOTS), one connection per master, follows MOVED and ASK (with
 * ASKING), learns the map again after MOVED or a lost connection, asks the
 * Sentinels again after a disconnect, READONLY or a failover, and backs off
 * (capped) between attempts so that nothing loops tightly.
 *
 * Built on hiredis, which has no cluster support. The pure parts (CRC16,
 * hash tags, slot-map parsing) are exposed for the unit tests.
 */
#ifndef TT_REDIS_ROUTE_H
#define TT_REDIS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#define TT_ROUTE_SLOTS 16384
#define TT_ROUTE_MAX_NODES 64

enum tt_route_kind {
    TT_ROUTE_STANDALONE = 0, /* one server (TCP or unix socket) */
    TT_ROUTE_CLUSTER,        /* Redis Cluster: a connection per master */
    TT_ROUTE_SENTINEL,       /* the master that the Sentinels name */
    TT_ROUTE_KIND_COUNT
};

/* What an error reply means for routing. */
enum tt_route_redir {
    TT_ROUTE_REPLY_PLAIN = 0, /* not a routing matter (or not an error) */
    TT_ROUTE_REPLY_MOVED,     /* -MOVED slot host:port: the slot lives elsewhere for good */
    TT_ROUTE_REPLY_ASK,       /* -ASK slot host:port: this once, there, after ASKING */
    TT_ROUTE_REPLY_TRYAGAIN,  /* -TRYAGAIN / -CLUSTERDOWN: a slot is moving, retry later */
    TT_ROUTE_REPLY_MASTER,    /* -READONLY / -MASTERDOWN / -LOADING / -FAILOVER: find the master again */
    TT_ROUTE_REPLY_COUNT
};

/* One range of the slot map. */
struct tt_route_range {
    int from, to;   /* slots, inclusive */
    char host[256]; /* its master */
    int port;
};

struct tt_route;

/* CRC16-CCITT (XMODEM) as Redis Cluster uses it: "123456789" -> 0x31C3. */
uint16_t tt_route_crc16(const void *buf, size_t len);
/* The cluster slot of a key: the CRC16 of its {hash tag} (the part between
 * the first '{' and the next '}', when not empty), else of the whole key. */
int tt_route_key_slot(const char *key, size_t len);
/* Classifies an error reply; *out_slot, host and port for MOVED/ASK. */
enum tt_route_redir tt_route_classify(const redisReply *r, int *out_slot, char *host, size_t hostlen, int *out_port);
/* Parses a CLUSTER SLOTS reply into at most cap ranges (an empty master
 * address means default_host, the node asked). TT_OK or TT_ERR. */
int tt_route_parse_slots(const redisReply *r, const char *default_host, struct tt_route_range *out, size_t cap,
                         size_t *out_n);

/* Parses url (common/redis_url.h), connects and learns the topology. prog
 * prefixes warnings printed to stderr (a password in the URL). With
 * connect_now 0 nothing is contacted yet: tt_route_refresh does it. NULL
 * with a one-line message (never the password) in err. */
struct tt_route *tt_route_open(const char *url, const char *prog, int connect_now, char *err, size_t errlen);
void tt_route_close(struct tt_route *r);
enum tt_route_kind tt_route_kind(const struct tt_route *r);
/* The URL without password. */
const char *tt_route_display(const struct tt_route *r);
const char *tt_route_errstr(const struct tt_route *r);
/* Learns the topology again: the slot map, or the Sentinels' master, or a
 * fresh connection to the standalone server. Drops connections that failed. */
int tt_route_refresh(struct tt_route *r);
/* The connection that serves key (connected on demand); borrowed, valid
 * until tt_route_drop or the next refresh. NULL with errstr set. */
redisContext *tt_route_conn(struct tt_route *r, const char *key, size_t len);
/* Forgets a connection whose state is unknown (a pipeline cut short, an
 * error reply that means the master moved); the next use reconnects. */
void tt_route_drop(struct tt_route *r, redisContext *c);
/* Every master, connected (for SCAN on each). TT_ERR when one cannot be
 * reached. */
size_t tt_route_masters(struct tt_route *r);
redisContext *tt_route_master(struct tt_route *r, size_t i);
/* Reacts to an error reply seen on a connection (MOVED: the map is learnt
 * again; READONLY and kin: the master is looked up again). Returns its
 * class. */
enum tt_route_redir tt_route_note(struct tt_route *r, redisContext *c, const redisReply *reply);
/* Sleeps the current back-off (doubling from 50 ms, capped at 2 s) and
 * makes it longer; tt_route_backoff_reset after a success. */
void tt_route_backoff(struct tt_route *r);
void tt_route_backoff_reset(struct tt_route *r);
/* No command starts after monotonic_s (CLOCK_MONOTONIC seconds; 0: no
 * deadline), and none waits past it, on any connection: the bound of a
 * request's work in serve. */
void tt_route_set_deadline(struct tt_route *r, double monotonic_s);

/* One command for key, redirections followed (bounded, with back-off);
 * the reply (caller frees; error replies other than routing ones are
 * returned as such) or NULL with errstr set. */
redisReply *tt_route_command(struct tt_route *r, const char *key, size_t keylen, int argc, const char **argv,
                             const size_t *lens);
/* Pipelining across masters: commands appended with tt_route_append are
 * sent to the master of their key; tt_route_reply returns their replies in
 * the order appended. A redirected command is sent again where it belongs
 * (so pipeline only commands that may run twice: reads). The arguments are
 * copied. */
int tt_route_append(struct tt_route *r, const char *key, size_t keylen, int argc, const char **argv,
                    const size_t *lens);
/* Next reply (caller frees) or NULL with errstr set; error replies are
 * returned as replies. */
redisReply *tt_route_reply(struct tt_route *r);
/* Replies still to be read. */
size_t tt_route_pending(const struct tt_route *r);

#endif
