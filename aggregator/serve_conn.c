/* SPDX-License-Identifier: MIT
 *
 * serve_conn.c -- see serve_conn.h. One mutex guards the slot table; it is
 * taken once per connection event and by the watchdog every 200 ms, never
 * while a request does its work.
 *
 * Why eviction and not refusal: refusing new connections at a limit lets
 * anyone who holds the limit's worth of sockets open (sending a byte now and
 * then, which resets libmicrohttpd's idle timeout) lock everyone else out.
 * A connection that has not yet sent its headers costs the server nothing to
 * lose, so at a limit the one waiting longest for its headers (or idle
 * longest between requests) is closed and the newcomer kept -- at the global
 * limit, one of the address holding the most such connections; only when
 * every connection is running a request is the newcomer closed. The descriptor is
 * closed with shutdown(): libmicrohttpd's own thread sees the end of the
 * stream and cleans up, and the slot is freed by the CLOSED notification,
 * which libmicrohttpd sends before it closes the descriptor (so the number
 * is never reused while a slot holds it).
 */
#include "aggregator/serve_conn.h"
#include "common/mem.h"
#include "common/tt.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define WATCH_MS 200       /* watchdog period */
#define SEND_GRACE_S 30    /* beyond the budget, time left to send the answer */

enum slot_state {
    SLOT_FREE = 0, /* unused */
    SLOT_WAITING,  /* accepted, or between requests: headers not yet in */
    SLOT_BUSY,     /* a request is being answered */
    SLOT_STATE_COUNT
};

struct serve_slot {
    enum slot_state state;
    int fd;             /* client socket */
    int redis_fd;       /* Redis descriptor of the running request, -1 none */
    int closing;        /* shut down by us: no longer counted */
    int expired;        /* the request ran out of budget */
    uint8_t family;     /* client address: 4 or 6 (IPv4-mapped IPv6 is 4) */
    uint8_t addr[16];
    int64_t since_ms;   /* when the current state began (monotonic) */
};

struct serve_conns {
    struct serve_conn_limits lim;
    pthread_mutex_t mu;
    pthread_cond_t wake;     /* stop the watchdog */
    pthread_t watchdog;
    int stop;
    unsigned nslots;
    struct serve_slot *slots;
    struct serve_conn_stats stats;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void shut(struct serve_slot *s)
{
    if (!s->closing) {
        s->closing = 1;
        shutdown(s->fd, SHUT_RDWR);
    }
}

static void *watchdog_main(void *arg)
{
    struct serve_conns *sc = arg;
    pthread_mutex_lock(&sc->mu);
    while (!sc->stop) {
        int64_t t = now_ms();
        for (unsigned i = 0; i < sc->nslots; i++) {
            struct serve_slot *s = &sc->slots[i];
            if (s->state == SLOT_FREE || s->closing)
                continue;
            int64_t age = t - s->since_ms;
            if (s->state == SLOT_WAITING && age > (int64_t)sc->lim.header_s * 1000) {
                sc->stats.header_timeout++;
                shut(s);
            } else if (s->state == SLOT_BUSY && age > (int64_t)sc->lim.budget_s * 1000 && !s->expired) {
                /* the request's Redis reads fail at once: it answers 503 */
                s->expired = 1;
                sc->stats.over_budget++;
                if (s->redis_fd >= 0)
                    shutdown(s->redis_fd, SHUT_RDWR);
            } else if (s->state == SLOT_BUSY && age > ((int64_t)sc->lim.budget_s + SEND_GRACE_S) * 1000) {
                shut(s); /* a client that does not read its answer */
            }
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += WATCH_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sc->wake, &sc->mu, &ts);
    }
    pthread_mutex_unlock(&sc->mu);
    return NULL;
}

struct serve_conns *serve_conns_create(const struct serve_conn_limits *lim)
{
    struct serve_conns *sc = tt_calloc(1, sizeof(*sc));
    sc->lim = *lim;
    if (sc->lim.max_total < 1)
        sc->lim.max_total = 1;
    if (sc->lim.max_per_addr < 1 || sc->lim.max_per_addr > sc->lim.max_total)
        sc->lim.max_per_addr = sc->lim.max_total;
    /* room for connections shut down but not yet cleaned up */
    sc->nslots = sc->lim.max_total * 2 + 8;
    sc->slots = tt_calloc(sc->nslots, sizeof(*sc->slots));
    pthread_mutex_init(&sc->mu, NULL);
    pthread_cond_init(&sc->wake, NULL);
    if (pthread_create(&sc->watchdog, NULL, watchdog_main, sc) != 0) {
        pthread_cond_destroy(&sc->wake);
        pthread_mutex_destroy(&sc->mu);
        free(sc->slots);
        free(sc);
        return NULL;
    }
    return sc;
}

void serve_conns_destroy(struct serve_conns *sc)
{
    if (!sc)
        return;
    pthread_mutex_lock(&sc->mu);
    sc->stop = 1;
    pthread_cond_signal(&sc->wake);
    pthread_mutex_unlock(&sc->mu);
    pthread_join(sc->watchdog, NULL);
    pthread_cond_destroy(&sc->wake);
    pthread_mutex_destroy(&sc->mu);
    free(sc->slots);
    free(sc);
}

unsigned serve_conns_capacity(const struct serve_conns *sc)
{
    return sc->nslots;
}

static void client_addr(struct MHD_Connection *c, struct serve_slot *s)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    memset(s->addr, 0, sizeof(s->addr));
    s->family = 0;
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) {
        s->family = 4;
        memcpy(s->addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a6)) {
            s->family = 4;
            memcpy(s->addr, a6->s6_addr + 12, 4);
        } else {
            s->family = 6;
            memcpy(s->addr, a6->s6_addr, 16);
        }
    }
}

static int same_addr(const struct serve_slot *a, const struct serve_slot *b)
{
    return a->family == b->family && memcmp(a->addr, b->addr, 16) == 0;
}

/* The connection waiting longest (for its headers, or between requests),
 * other than self; with addr, only among that address's. */
static struct serve_slot *oldest_waiting(struct serve_conns *sc, const struct serve_slot *self,
                                         const struct serve_slot *addr)
{
    struct serve_slot *best = NULL;
    for (unsigned i = 0; i < sc->nslots; i++) {
        struct serve_slot *s = &sc->slots[i];
        if (s == self || s->state != SLOT_WAITING || s->closing || (addr && !same_addr(s, addr)))
            continue;
        if (!best || s->since_ms < best->since_ms)
            best = s;
    }
    return best;
}

/* A connection of the address holding the most connections that could
 * be closed (waiting ones), the newcomer's counted: at the global limit the
 * room comes from whoever holds the most, so a client with one connection
 * keeps it while another address floods. */
static const struct serve_slot *busiest_addr(struct serve_conns *sc, const struct serve_slot *self)
{
    const struct serve_slot *best = NULL;
    unsigned best_n = 0;
    for (unsigned i = 0; i < sc->nslots; i++) {
        const struct serve_slot *a = &sc->slots[i];
        if (a->state != SLOT_WAITING || a->closing || a == self)
            continue;
        unsigned n = same_addr(a, self);
        for (unsigned j = 0; j < sc->nslots; j++) {
            const struct serve_slot *b = &sc->slots[j];
            n += b->state == SLOT_WAITING && !b->closing && same_addr(a, b);
        }
        if (n > best_n) {
            best = a;
            best_n = n;
        }
    }
    return best;
}

static void on_started(struct serve_conns *sc, struct MHD_Connection *c, void **socket_context)
{
    const union MHD_ConnectionInfo *fi = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    int fd = fi ? fi->connect_fd : -1;
    *socket_context = NULL;
    struct serve_slot *s = NULL;
    for (unsigned i = 0; i < sc->nslots && !s; i++)
        if (sc->slots[i].state == SLOT_FREE)
            s = &sc->slots[i];
    if (!s) {
        if (fd >= 0)
            shutdown(fd, SHUT_RDWR);
        return;
    }
    memset(s, 0, sizeof(*s));
    s->state = SLOT_WAITING;
    s->fd = fd;
    s->redis_fd = -1;
    s->since_ms = now_ms();
    client_addr(c, s);
    *socket_context = s;
    unsigned total = 0, mine = 0;
    for (unsigned i = 0; i < sc->nslots; i++) {
        const struct serve_slot *o = &sc->slots[i];
        if (o == s || o->state == SLOT_FREE || o->closing)
            continue;
        total++;
        mine += same_addr(o, s);
    }
    if (mine >= sc->lim.max_per_addr) {
        struct serve_slot *v = oldest_waiting(sc, s, s);
        sc->stats.evicted_addr++;
        shut(v ? v : s);
    } else if (total >= sc->lim.max_total) {
        struct serve_slot *v = oldest_waiting(sc, s, busiest_addr(sc, s));
        sc->stats.evicted_full++;
        shut(v ? v : s);
    }
}

void serve_conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
    struct serve_conns *sc = cls;
    pthread_mutex_lock(&sc->mu);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        on_started(sc, c, socket_context);
    } else if (*socket_context) {
        struct serve_slot *s = *socket_context;
        memset(s, 0, sizeof(*s)); /* SLOT_FREE */
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&sc->mu);
}

static struct serve_slot *slot_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void serve_conns_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)con_cls;
    (void)toe;
    struct serve_conns *sc = cls;
    struct serve_slot *s = slot_of(c);
    if (!s)
        return;
    pthread_mutex_lock(&sc->mu);
    if (s->state == SLOT_BUSY) {
        s->state = SLOT_WAITING; /* keep-alive: the next request's headers are due */
        s->since_ms = now_ms();
        s->redis_fd = -1;
        s->expired = 0;
    }
    pthread_mutex_unlock(&sc->mu);
}

struct serve_slot *serve_conns_begin(struct serve_conns *sc, struct MHD_Connection *c)
{
    struct serve_slot *s = slot_of(c);
    if (!s)
        return NULL;
    pthread_mutex_lock(&sc->mu);
    s->state = SLOT_BUSY;
    s->since_ms = now_ms();
    s->redis_fd = -1;
    s->expired = 0;
    pthread_mutex_unlock(&sc->mu);
    return s;
}

void serve_conns_lease(struct serve_conns *sc, struct serve_slot *s, int redis_fd)
{
    if (!s)
        return;
    pthread_mutex_lock(&sc->mu);
    s->redis_fd = redis_fd;
    /* out of budget already: the new connection is cut as well */
    if (s->expired && redis_fd >= 0)
        shutdown(redis_fd, SHUT_RDWR);
    pthread_mutex_unlock(&sc->mu);
}

int serve_conns_expired(struct serve_conns *sc, const struct serve_slot *s)
{
    if (!s)
        return 0;
    pthread_mutex_lock(&sc->mu);
    int e = s->expired;
    pthread_mutex_unlock(&sc->mu);
    return e;
}

void serve_conns_stats(struct serve_conns *sc, struct serve_conn_stats *out)
{
    pthread_mutex_lock(&sc->mu);
    *out = sc->stats;
    pthread_mutex_unlock(&sc->mu);
}
