/* SPDX-License-Identifier: MIT
 *
 * redis_route.c -- see redis_route.h. Standalone, Cluster and Sentinel in
 * one place, so that out_redis.c and store_redis.c only ask for "the
 * connection for this key".
 *
 * A node is a master we may talk to (for a standalone server or a Sentinel
 * master there is one). The slot map says which node serves each of the
 * 16384 slots; outside a cluster every slot maps to node 0. Connections are
 * made on demand and numbered (conn_id), so that a reply expected from a
 * connection that was since dropped is recognised and its command sent
 * again instead of being read from the wrong socket.
 *
 * Redis Cluster specification: the slot is CRC16(key) mod 16384, of the
 * {hash tag} when the key has a non-empty one; -MOVED means "this slot is
 * now served there" (learn the map again), -ASK means "this command only,
 * there, preceded by ASKING" (a slot being migrated). Sentinel client
 * specification: ask each Sentinel in turn for the master's address, check
 * with ROLE that it is a master, and ask again when the connection drops or
 * the server answers READONLY.
 */
#include "common/redis_route.h"
#include "common/mem.h"
#include "common/redis_url.h"
#include "common/tt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NO_NODE 0xFF
#define MAX_ATTEMPTS 12
#define MAX_CONNECT_FAILURES 3
#define BACKOFF_START_MS 50
#define BACKOFF_CAP_MS 2000

struct route_node {
    char host[256];    /* master address (empty with a unix socket) */
    int port;          /* ... and port */
    redisContext *c;   /* connection, NULL until needed */
    uint64_t conn_id;  /* number of that connection, 0 none */
};

/* A pipelined command: its copied arguments and where it was sent. */
struct route_cmd {
    uint64_t conn_id; /* connection it was appended to, 0 = not sent */
    int argc;         /* arguments */
    char **argv;      /* copies */
    size_t *lens;     /* their lengths */
    char *key;        /* copy of the key it is routed by */
    size_t keylen;    /* its length */
};

struct tt_route {
    struct tt_redis_url url;                      /* parsed --redis (holds the password) */
    enum tt_route_kind kind;                      /* what the URL turned out to be */
    int detected;                                 /* kind known (TCP URLs: after the first contact) */
    char prog[48];                                /* prefix of warnings */
    struct route_node nodes[TT_ROUTE_MAX_NODES];  /* masters */
    size_t nnodes;                                /* ... in use */
    uint8_t slot_node[TT_ROUTE_SLOTS];            /* node of each slot, NO_NODE unknown */
    int need_refresh;                             /* learn the map / master again before the next use */
    size_t sentinel_first;                        /* the Sentinel that answered last: asked first */
    uint64_t next_conn_id;                        /* numbering of connections */
    int backoff_ms;                               /* next back-off sleep */
    struct route_cmd *q;                          /* pipeline: commands whose replies are unread */
    size_t qhead, qlen, qcap;                     /* ring-less queue: [qhead, qlen) unread */
    char errstr[512];                             /* last error, one line */
    double deadline_s;                            /* monotonic: no command after this, 0 none */
    int timeout_changed;                          /* a deadline shortened connection timeouts */
    int unreachable;                              /* the last command gave up: try the next ones once */
};

/* ---- pure parts -------------------------------------------------------- */

uint16_t tt_route_crc16(const void *buf, size_t len)
{
    const unsigned char *p = buf;
    uint16_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(p[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

int tt_route_key_slot(const char *key, size_t len)
{
    size_t s, e;
    for (s = 0; s < len && key[s] != '{'; s++)
        ;
    if (s < len) {
        for (e = s + 1; e < len && key[e] != '}'; e++)
            ;
        if (e < len && e > s + 1)
            return tt_route_crc16(key + s + 1, e - s - 1) & (TT_ROUTE_SLOTS - 1);
    }
    return tt_route_crc16(key, len) & (TT_ROUTE_SLOTS - 1);
}

/* "-MOVED 3999 127.0.0.1:6381": slot and address. */
static int parse_redirect(const char *s, int *out_slot, char *host, size_t hostlen, int *out_port)
{
    const char *sp = strchr(s, ' ');
    if (!sp)
        return TT_ERR;
    char *end;
    long slot = strtol(sp + 1, &end, 10);
    if (end == sp + 1 || *end != ' ' || slot < 0 || slot >= TT_ROUTE_SLOTS)
        return TT_ERR;
    const char *addr = end + 1, *colon = strrchr(addr, ':');
    if (!colon || (size_t)(colon - addr) >= hostlen)
        return TT_ERR;
    long port = strtol(colon + 1, &end, 10);
    if (port <= 0 || port > 65535)
        return TT_ERR;
    memcpy(host, addr, (size_t)(colon - addr));
    host[colon - addr] = '\0';
    if (host[0] == '[') { /* [::1] */
        size_t n = strlen(host);
        memmove(host, host + 1, n);
        if (n >= 2 && host[n - 2] == ']')
            host[n - 2] = '\0';
    }
    *out_slot = (int)slot;
    *out_port = (int)port;
    return TT_OK;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum tt_route_redir tt_route_classify(const redisReply *r, int *out_slot, char *host, size_t hostlen, int *out_port)
{
    if (!r || r->type != REDIS_REPLY_ERROR || !r->str)
        return TT_ROUTE_REPLY_PLAIN;
    if (starts(r->str, "MOVED ") && parse_redirect(r->str, out_slot, host, hostlen, out_port) == TT_OK)
        return TT_ROUTE_REPLY_MOVED;
    if (starts(r->str, "ASK ") && parse_redirect(r->str, out_slot, host, hostlen, out_port) == TT_OK)
        return TT_ROUTE_REPLY_ASK;
    if (starts(r->str, "TRYAGAIN") || starts(r->str, "CLUSTERDOWN"))
        return TT_ROUTE_REPLY_TRYAGAIN;
    if (starts(r->str, "READONLY") || starts(r->str, "MASTERDOWN") || starts(r->str, "LOADING") ||
        starts(r->str, "FAILOVER"))
        return TT_ROUTE_REPLY_MASTER;
    return TT_ROUTE_REPLY_PLAIN;
}

/* CLUSTER SLOTS: [[from, to, [ip, port, id, ...], replicas...], ...]. */
int tt_route_parse_slots(const redisReply *r, const char *default_host, struct tt_route_range *out, size_t cap,
                         size_t *out_n)
{
    *out_n = 0;
    if (!r || r->type != REDIS_REPLY_ARRAY)
        return TT_ERR;
    for (size_t i = 0; i < r->elements; i++) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 3 || e->element[0]->type != REDIS_REPLY_INTEGER ||
            e->element[1]->type != REDIS_REPLY_INTEGER || e->element[2]->type != REDIS_REPLY_ARRAY)
            return TT_ERR;
        const redisReply *m = e->element[2];
        long long from = e->element[0]->integer, to = e->element[1]->integer;
        if (from < 0 || to >= TT_ROUTE_SLOTS || from > to || m->elements < 2 ||
            m->element[0]->type != REDIS_REPLY_STRING || m->element[1]->type != REDIS_REPLY_INTEGER ||
            m->element[1]->integer <= 0 || m->element[1]->integer > 65535)
            return TT_ERR;
        if (*out_n == cap)
            return TT_ERR;
        struct tt_route_range *g = &out[(*out_n)++];
        g->from = (int)from;
        g->to = (int)to;
        g->port = (int)m->element[1]->integer;
        const char *ip = m->element[0]->len > 0 && strcmp(m->element[0]->str, "?") ? m->element[0]->str : default_host;
        snprintf(g->host, sizeof(g->host), "%s", ip);
    }
    return TT_OK;
}

/* ---- connections ------------------------------------------------------- */

static void set_err(struct tt_route *r, const char *fmt, const char *what)
{
    snprintf(r->errstr, sizeof(r->errstr), fmt, r->url.display, what);
}

/* AUTH when a password is known; a server that has none says so and is
 * used without. */
static int auth(struct tt_route *r, redisContext *c, const char *where)
{
    if (!r->url.password[0])
        return TT_OK;
    redisReply *rep = r->url.user[0] ? redisCommand(c, "AUTH %s %s", r->url.user, r->url.password)
                                     : redisCommand(c, "AUTH %s", r->url.password);
    int ok = rep && (rep->type != REDIS_REPLY_ERROR || strstr(rep->str, "without any password configured") ||
                     strstr(rep->str, "no password is set"));
    if (!ok)
        snprintf(r->errstr, sizeof(r->errstr), "Redis at %s (%s) refused authentication: %.200s", r->url.display,
                 where, rep ? rep->str : c->errstr);
    freeReplyObject(rep);
    return ok ? TT_OK : TT_ERR;
}

/* A new connection with AUTH (and SELECT for a data node); NULL with errstr. */
static redisContext *connect_to(struct tt_route *r, const char *host, int port, int data_node, int timeout_s)
{
    struct timeval tv = {timeout_s, 0};
    char where[300];
    redisContext *c;
    if (r->url.path[0] && data_node) {
        c = redisConnectUnixWithTimeout(r->url.path, tv);
        snprintf(where, sizeof(where), "%s", r->url.path);
    } else {
        c = redisConnectWithTimeout(host, port, tv);
        snprintf(where, sizeof(where), "%s:%d", host, port);
    }
    if (!c || c->err) {
        snprintf(r->errstr, sizeof(r->errstr), "cannot connect to Redis at %s%s%s%s: %s", r->url.display,
                 strcmp(where, r->url.display) && r->url.kind != TT_REDIS_UNIX ? " (" : "",
                 r->url.kind != TT_REDIS_UNIX ? where : "", r->url.kind != TT_REDIS_UNIX ? ")" : "",
                 c ? c->errstr : "cannot allocate context");
        redisFree(c);
        return NULL;
    }
    redisSetTimeout(c, (struct timeval){30, 0});
    if (auth(r, c, where) != TT_OK) {
        redisFree(c);
        return NULL;
    }
    if (data_node && r->url.db && r->kind != TT_ROUTE_CLUSTER) {
        redisReply *rep = redisCommand(c, "SELECT %d", r->url.db);
        int ok = rep && rep->type != REDIS_REPLY_ERROR;
        if (!ok)
            snprintf(r->errstr, sizeof(r->errstr), "Redis at %s: %.200s", r->url.display, rep ? rep->str : c->errstr);
        freeReplyObject(rep);
        if (!ok) {
            redisFree(c);
            return NULL;
        }
    }
    return c;
}

static void node_close(struct route_node *n)
{
    if (n->c)
        redisFree(n->c);
    n->c = NULL;
    n->conn_id = 0;
}

static int node_find(struct tt_route *r, const char *host, int port)
{
    for (size_t i = 0; i < r->nnodes; i++)
        if (r->nodes[i].port == port && strcmp(r->nodes[i].host, host) == 0)
            return (int)i;
    return -1;
}

static int node_add(struct tt_route *r, const char *host, int port)
{
    int i = node_find(r, host, port);
    if (i >= 0)
        return i;
    if (r->nnodes == TT_ROUTE_MAX_NODES) {
        snprintf(r->errstr, sizeof(r->errstr), "Redis at %s: more than %d masters", r->url.display,
                 TT_ROUTE_MAX_NODES);
        return -1;
    }
    struct route_node *n = &r->nodes[r->nnodes];
    memset(n, 0, sizeof(*n));
    snprintf(n->host, sizeof(n->host), "%s", host);
    n->port = port;
    return (int)r->nnodes++;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static redisContext *node_conn(struct tt_route *r, int i)
{
    struct route_node *n = &r->nodes[i];
    if (n->c && n->c->err)
        node_close(n);
    double left = r->deadline_s > 0 ? r->deadline_s - mono_s() : 30.0;
    if (left <= 0) {
        snprintf(r->errstr, sizeof(r->errstr), "the request's time budget is used up");
        return NULL;
    }
    if (!n->c) {
        n->c = connect_to(r, n->host, n->port, 1, left < 5 ? 1 : 5);
        if (n->c)
            n->conn_id = ++r->next_conn_id;
    }
    /* Under a deadline every command may wait only for what is left of it,
     * on whichever master it goes to. */
    if (n->c && (r->deadline_s > 0 || r->timeout_changed)) {
        double t = left < 30.0 ? left : 30.0;
        redisSetTimeout(n->c, (struct timeval){(time_t)t, (suseconds_t)((t - (double)(time_t)t) * 1e6)});
        r->timeout_changed = r->deadline_s > 0;
    }
    return n->c;
}

void tt_route_set_deadline(struct tt_route *r, double monotonic_s)
{
    r->deadline_s = monotonic_s;
}

static void forget_nodes(struct tt_route *r)
{
    for (size_t i = 0; i < r->nnodes; i++)
        node_close(&r->nodes[i]);
    r->nnodes = 0;
    memset(r->slot_node, NO_NODE, sizeof(r->slot_node));
}

/* ---- topology ---------------------------------------------------------- */

/* The slot map as c (a node of the cluster at host) tells it. Connections
 * of masters that stay are kept. */
static int learn_slots(struct tt_route *r, redisContext *c, const char *host)
{
    redisReply *rep = redisCommand(c, "CLUSTER SLOTS");
    size_t cap = rep && rep->type == REDIS_REPLY_ARRAY ? rep->elements : 0;
    struct tt_route_range *ranges = tt_malloc((cap ? cap : 1) * sizeof(*ranges));
    size_t n = 0;
    int rc = tt_route_parse_slots(rep, host, ranges, cap, &n);
    if (rc != TT_OK || n == 0) {
        free(ranges);
        set_err(r, "Redis Cluster at %s: no usable slot map (%s)",
                rep && rep->type == REDIS_REPLY_ERROR ? rep->str : n == 0 && rc == TT_OK ? "no slot assigned" : c->errstr);
        freeReplyObject(rep);
        return TT_ERR;
    }
    freeReplyObject(rep);
    struct route_node old[TT_ROUTE_MAX_NODES];
    size_t nold = r->nnodes;
    memcpy(old, r->nodes, nold * sizeof(old[0]));
    r->nnodes = 0;
    memset(r->slot_node, NO_NODE, sizeof(r->slot_node));
    for (size_t i = 0; i < n; i++) {
        int k = node_add(r, ranges[i].host, ranges[i].port);
        if (k < 0)
            break;
        memset(r->slot_node + ranges[i].from, k, (size_t)(ranges[i].to - ranges[i].from + 1));
    }
    for (size_t i = 0; i < nold; i++) {
        int k = node_find(r, old[i].host, old[i].port);
        if (k >= 0 && !r->nodes[k].c) {
            r->nodes[k].c = old[i].c;
            r->nodes[k].conn_id = old[i].conn_id;
        } else {
            node_close(&old[i]);
        }
    }
    free(ranges);
    return TT_OK;
}

static int cluster_refresh(struct tt_route *r)
{
    /* known masters first (their connections are live), then the seeds */
    for (size_t i = 0; i < r->nnodes; i++) {
        if (!r->nodes[i].c || r->nodes[i].c->err)
            continue;
        char host[256];
        snprintf(host, sizeof(host), "%s", r->nodes[i].host);
        if (learn_slots(r, r->nodes[i].c, host) == TT_OK)
            return TT_OK;
    }
    for (size_t i = 0; i < r->url.nhosts; i++) {
        redisContext *c = connect_to(r, r->url.hosts[i].host, r->url.hosts[i].port, 1, 5);
        if (!c)
            continue;
        int rc = learn_slots(r, c, r->url.hosts[i].host);
        redisFree(c);
        if (rc == TT_OK)
            return TT_OK;
    }
    return TT_ERR;
}

/* First contact with a redis:// URL: the first seed that answers says
 * whether it is a cluster node. */
static int detect(struct tt_route *r)
{
    for (size_t i = 0; i < r->url.nhosts; i++) {
        redisContext *c = connect_to(r, r->url.hosts[i].host, r->url.hosts[i].port, 1, 5);
        if (!c)
            continue;
        redisReply *rep = redisCommand(c, "CLUSTER SLOTS");
        if (!rep) {
            set_err(r, "Redis at %s: %s", c->errstr);
            redisFree(c);
            continue;
        }
        int cluster = rep->type == REDIS_REPLY_ARRAY;
        freeReplyObject(rep);
        forget_nodes(r);
        if (cluster) {
            if (r->url.db) {
                set_err(r, "Redis Cluster at %s has only database 0%s", "");
                redisFree(c);
                return TT_ERR;
            }
            r->kind = TT_ROUTE_CLUSTER;
            r->detected = 1;
            int rc = learn_slots(r, c, r->url.hosts[i].host);
            redisFree(c);
            return rc;
        }
        /* not a cluster (or CLUSTER refused to this user): standalone */
        r->kind = TT_ROUTE_STANDALONE;
        r->detected = 1;
        node_add(r, r->url.hosts[i].host, r->url.hosts[i].port);
        memset(r->slot_node, 0, sizeof(r->slot_node));
        r->nodes[0].c = c;
        r->nodes[0].conn_id = ++r->next_conn_id;
        return TT_OK;
    }
    return TT_ERR;
}

/* Asks each Sentinel in turn (the last one that answered first) for the
 * master's address and checks with ROLE that it is one. */
static int sentinel_discover(struct tt_route *r)
{
    char why[300] = "no Sentinel answered";
    for (size_t k = 0; k < r->url.nhosts; k++) {
        size_t i = (r->sentinel_first + k) % r->url.nhosts;
        const struct tt_redis_host *s = &r->url.hosts[i];
        redisContext *c = connect_to(r, s->host, s->port, 0, 2);
        if (!c) {
            snprintf(why, sizeof(why), "%s", r->errstr);
            continue;
        }
        redisReply *rep = redisCommand(c, "SENTINEL get-master-addr-by-name %s", r->url.master);
        char host[256] = "";
        int port = 0;
        if (rep && rep->type == REDIS_REPLY_ARRAY && rep->elements == 2 && rep->element[0]->type == REDIS_REPLY_STRING &&
            rep->element[1]->type == REDIS_REPLY_STRING) {
            snprintf(host, sizeof(host), "%s", rep->element[0]->str);
            port = atoi(rep->element[1]->str);
        } else {
            snprintf(why, sizeof(why), "Sentinel %s:%d does not know master '%s'%s%.200s", s->host, s->port,
                     r->url.master, rep && rep->type == REDIS_REPLY_ERROR ? ": " : "",
                     rep && rep->type == REDIS_REPLY_ERROR ? rep->str : "");
        }
        freeReplyObject(rep);
        redisFree(c);
        if (!host[0] || port <= 0 || port > 65535)
            continue;
        forget_nodes(r);
        node_add(r, host, port);
        memset(r->slot_node, 0, sizeof(r->slot_node));
        redisContext *m = node_conn(r, 0);
        if (!m) {
            snprintf(why, sizeof(why), "%s", r->errstr);
            continue;
        }
        rep = redisCommand(m, "ROLE");
        /* an ACL user without +role cannot ask: the Sentinel's word is taken */
        int master = rep && ((rep->type == REDIS_REPLY_ARRAY && rep->elements > 0 &&
                              rep->element[0]->type == REDIS_REPLY_STRING &&
                              strcmp(rep->element[0]->str, "master") == 0) ||
                             (rep->type == REDIS_REPLY_ERROR && starts(rep->str, "NOPERM")));
        freeReplyObject(rep);
        if (!master) {
            snprintf(why, sizeof(why), "%s:%d, named by Sentinel %s:%d, is not a master (yet)", host, port, s->host,
                     s->port);
            node_close(&r->nodes[0]);
            continue;
        }
        r->sentinel_first = i;
        return TT_OK;
    }
    snprintf(r->errstr, sizeof(r->errstr), "Redis at %s: %s", r->url.display, why);
    return TT_ERR;
}

int tt_route_refresh(struct tt_route *r)
{
    int rc;
    r->need_refresh = 0;
    if (r->url.kind == TT_REDIS_SENTINEL) {
        rc = sentinel_discover(r);
    } else if (r->url.kind == TT_REDIS_UNIX) {
        forget_nodes(r);
        node_add(r, "", 0);
        memset(r->slot_node, 0, sizeof(r->slot_node));
        rc = node_conn(r, 0) ? TT_OK : TT_ERR;
    } else if (!r->detected || r->kind == TT_ROUTE_STANDALONE) {
        r->detected = 0;
        rc = detect(r);
    } else {
        rc = cluster_refresh(r);
    }
    if (rc != TT_OK)
        r->need_refresh = 1;
    return rc;
}

/* ---- public: lifecycle ------------------------------------------------- */

struct tt_route *tt_route_open(const char *url, const char *prog, int connect_now, char *err, size_t errlen)
{
    struct tt_route *r = tt_calloc(1, sizeof(*r));
    if (tt_redis_url_parse(url, &r->url, err, errlen) != TT_OK) {
        free(r);
        return NULL;
    }
    snprintf(r->prog, sizeof(r->prog), "%s", prog);
    static int warned; /* once per process: serve reopens its store after errors */
    if (r->url.password_in_url && !warned++)
        fprintf(stderr,
                "%s: warning: the Redis password in --redis is visible to every user (ps); use "
                "THREATTALLY_REDIS_PASSWORD or --redis-password-file instead\n",
                r->prog);
    r->kind = r->url.kind == TT_REDIS_SENTINEL ? TT_ROUTE_SENTINEL : TT_ROUTE_STANDALONE;
    r->detected = r->url.kind != TT_REDIS_TCP;
    r->backoff_ms = BACKOFF_START_MS;
    memset(r->slot_node, NO_NODE, sizeof(r->slot_node));
    r->need_refresh = 1;
    if (connect_now && tt_route_refresh(r) != TT_OK) {
        snprintf(err, errlen, "%s", r->errstr);
        tt_route_close(r);
        return NULL;
    }
    if (!connect_now)
        set_err(r, "Redis at %s: not connected yet%s", "");
    return r;
}

static void cmd_free(struct route_cmd *e)
{
    for (int i = 0; i < e->argc; i++)
        free(e->argv[i]);
    free(e->argv);
    free(e->lens);
    free(e->key);
    e->key = NULL;
    e->argc = 0;
    e->argv = NULL;
    e->lens = NULL;
}

void tt_route_close(struct tt_route *r)
{
    if (!r)
        return;
    forget_nodes(r);
    for (size_t i = r->qhead; i < r->qlen; i++)
        cmd_free(&r->q[i]);
    free(r->q);
    memset(&r->url, 0, sizeof(r->url)); /* the password */
    free(r);
}

enum tt_route_kind tt_route_kind(const struct tt_route *r)
{
    return r->kind;
}

const char *tt_route_display(const struct tt_route *r)
{
    return r->url.display;
}

const char *tt_route_errstr(const struct tt_route *r)
{
    return r->errstr;
}

void tt_route_backoff(struct tt_route *r)
{
    int ms = r->backoff_ms;
    if (r->deadline_s > 0) { /* never sleep past a request's deadline */
        double left_ms = (r->deadline_s - mono_s()) * 1e3;
        ms = left_ms <= 0 ? 0 : left_ms < ms ? (int)left_ms : ms;
    }
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    r->backoff_ms = TT_MIN(r->backoff_ms * 2, BACKOFF_CAP_MS);
}

void tt_route_backoff_reset(struct tt_route *r)
{
    r->backoff_ms = BACKOFF_START_MS;
}

/* ---- public: connections ----------------------------------------------- */

static int node_of_key(struct tt_route *r, const char *key, size_t len)
{
    if (r->need_refresh && tt_route_refresh(r) != TT_OK)
        return -1;
    int slot = r->kind == TT_ROUTE_CLUSTER ? tt_route_key_slot(key, len) : 0;
    if (r->slot_node[slot] == NO_NODE && r->kind == TT_ROUTE_CLUSTER && tt_route_refresh(r) != TT_OK)
        return -1;
    if (r->slot_node[slot] == NO_NODE || r->slot_node[slot] >= r->nnodes) {
        snprintf(r->errstr, sizeof(r->errstr), "Redis Cluster at %s: no master serves slot %d", r->url.display, slot);
        return -1;
    }
    return r->slot_node[slot];
}

redisContext *tt_route_conn(struct tt_route *r, const char *key, size_t len)
{
    int i = node_of_key(r, key, len);
    return i < 0 ? NULL : node_conn(r, i);
}

void tt_route_drop(struct tt_route *r, redisContext *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < r->nnodes; i++)
        if (r->nodes[i].c == c)
            node_close(&r->nodes[i]);
    /* a lost master may have failed over: ask again before the next use */
    if (r->kind != TT_ROUTE_STANDALONE)
        r->need_refresh = 1;
}

size_t tt_route_masters(struct tt_route *r)
{
    if (r->need_refresh && tt_route_refresh(r) != TT_OK)
        return 0;
    return r->nnodes;
}

redisContext *tt_route_master(struct tt_route *r, size_t i)
{
    return i < r->nnodes ? node_conn(r, (int)i) : NULL;
}

enum tt_route_redir tt_route_note(struct tt_route *r, redisContext *c, const redisReply *reply)
{
    char host[256];
    int slot = 0, port = 0;
    enum tt_route_redir k = tt_route_classify(reply, &slot, host, sizeof(host), &port);
    if (k == TT_ROUTE_REPLY_MOVED && r->kind == TT_ROUTE_CLUSTER) {
        int i = node_add(r, host, port);
        if (i >= 0)
            r->slot_node[slot] = (uint8_t)i;
        r->need_refresh = 1;
    } else if (k == TT_ROUTE_REPLY_MASTER && r->kind != TT_ROUTE_STANDALONE) {
        tt_route_drop(r, c);
        r->need_refresh = 1;
    } else if (r->kind == TT_ROUTE_STANDALONE &&
               (k == TT_ROUTE_REPLY_MOVED || k == TT_ROUTE_REPLY_ASK ||
                (k == TT_ROUTE_REPLY_MASTER && !starts(reply->str, "LOADING")))) {
        k = TT_ROUTE_REPLY_PLAIN; /* a standalone server: nothing to follow */
    }
    return k;
}

/* ---- public: commands -------------------------------------------------- */

/* 1 when replies of pipelined commands are still to be read from the
 * connection numbered id: a command sent on it now would read theirs. */
static int conn_busy(const struct tt_route *r, uint64_t id)
{
    for (size_t i = r->qhead; id && i < r->qlen; i++)
        if (r->q[i].conn_id == id)
            return 1;
    return 0;
}

/* The command, redirections followed; ask_host set: first try goes there
 * with ASKING. A master whose connection still owes pipelined replies is
 * asked over a connection of its own, closed after the command. */
static redisReply *command_routed(struct tt_route *r, const char *key, size_t keylen, int argc, const char **argv,
                                  const size_t *lens, const char *ask_host, int ask_port)
{
    char host[256] = "";
    int port = 0;
    if (ask_host) {
        snprintf(host, sizeof(host), "%s", ask_host);
        port = ask_port;
    }
    /* Redirections are followed as often as MAX_ATTEMPTS allows. After a
     * command gave up, the ones behind it in a pipeline (a request may queue
     * hundreds) get one attempt each, not a back-off each; a server that
     * refuses connections is tried only a few times (MAX_CONNECT_FAILURES),
     * a standalone one once: a request must fail while its client waits. */
    int attempts = r->unreachable ? 1 : MAX_ATTEMPTS, unconnected = 0;
    for (int attempt = 0; attempt < attempts; attempt++) {
        if (r->deadline_s > 0 && mono_s() >= r->deadline_s) {
            snprintf(r->errstr, sizeof(r->errstr), "the request's time budget is used up");
            return NULL;
        }
        int asking = host[0] != '\0';
        int i = asking ? node_add(r, host, port) : node_of_key(r, key, keylen);
        host[0] = '\0';
        redisContext *c = i < 0 ? NULL : node_conn(r, i), *own = NULL;
        if (c && conn_busy(r, r->nodes[i].conn_id)) {
            c = own = connect_to(r, r->nodes[i].host, r->nodes[i].port, 1, 5);
            if (own && r->deadline_s > 0) { /* waits no longer than node_conn's would */
                double t = TT_MIN(r->deadline_s - mono_s(), 30.0);
                t = t > 0.001 ? t : 0.001;
                redisSetTimeout(own, (struct timeval){(time_t)t, (suseconds_t)((t - (double)(time_t)t) * 1e6)});
            }
        }
        if (!c) {
            if (r->kind == TT_ROUTE_STANDALONE || ++unconnected >= MAX_CONNECT_FAILURES)
                break;
            if (attempt + 1 < attempts)
                tt_route_backoff(r);
            continue;
        }
        if (asking) {
            redisReply *a = redisCommand(c, "ASKING");
            freeReplyObject(a);
        }
        redisReply *rep = redisCommandArgv(c, argc, argv, lens);
        if (!rep) {
            set_err(r, "Redis at %s: %s", c->errstr);
            if (own)
                redisFree(own);
            else
                tt_route_drop(r, c);
            if (++unconnected >= MAX_CONNECT_FAILURES)
                break;
            if (r->kind != TT_ROUTE_STANDALONE && attempt + 1 < attempts)
                tt_route_backoff(r); /* a standalone server is reconnected at once, once */
            continue;
        }
        int slot;
        enum tt_route_redir k = tt_route_note(r, own ? NULL : c, rep);
        if (own)
            redisFree(own);
        if (k == TT_ROUTE_REPLY_PLAIN) {
            tt_route_backoff_reset(r);
            r->unreachable = 0;
            return rep;
        }
        snprintf(r->errstr, sizeof(r->errstr), "Redis at %s answered: %.200s", r->url.display, rep->str);
        if (k == TT_ROUTE_REPLY_ASK)
            tt_route_classify(rep, &slot, host, sizeof(host), &port);
        freeReplyObject(rep);
        if (k == TT_ROUTE_REPLY_TRYAGAIN || k == TT_ROUTE_REPLY_MASTER)
            tt_route_backoff(r);
    }
    r->unreachable = 1;
    size_t n = strlen(r->errstr);
    snprintf(r->errstr + n, sizeof(r->errstr) - n, " (gave up after %d attempt%s)", attempts, attempts > 1 ? "s" : "");
    return NULL;
}

redisReply *tt_route_command(struct tt_route *r, const char *key, size_t keylen, int argc, const char **argv,
                             const size_t *lens)
{
    return command_routed(r, key, keylen, argc, argv, lens, NULL, 0);
}

int tt_route_append(struct tt_route *r, const char *key, size_t keylen, int argc, const char **argv,
                    const size_t *lens)
{
    if (r->qlen == r->qcap) {
        if (r->qhead > 0) { /* reuse the space of replies already read */
            memmove(r->q, r->q + r->qhead, (r->qlen - r->qhead) * sizeof(*r->q));
            r->qlen -= r->qhead;
            r->qhead = 0;
        }
        if (r->qlen == r->qcap) {
            r->qcap = r->qcap ? r->qcap * 2 : 64;
            r->q = tt_realloc(r->q, r->qcap * sizeof(*r->q));
        }
    }
    struct route_cmd *e = &r->q[r->qlen++];
    e->argc = argc;
    e->argv = tt_malloc((size_t)argc * sizeof(*e->argv));
    e->lens = tt_malloc((size_t)argc * sizeof(*e->lens));
    e->key = tt_malloc(keylen + 1);
    memcpy(e->key, key, keylen);
    e->key[keylen] = '\0';
    e->keylen = keylen;
    for (int i = 0; i < argc; i++) {
        e->argv[i] = tt_malloc(lens[i] + 1);
        memcpy(e->argv[i], argv[i], lens[i]);
        e->argv[i][lens[i]] = '\0';
        e->lens[i] = lens[i];
    }
    e->conn_id = 0;
    redisContext *c = tt_route_conn(r, key, keylen);
    if (c && redisAppendCommandArgv(c, argc, (const char **)e->argv, e->lens) == REDIS_OK) {
        for (size_t i = 0; i < r->nnodes; i++)
            if (r->nodes[i].c == c)
                e->conn_id = r->nodes[i].conn_id;
    }
    return TT_OK; /* a command not sent now is sent when its reply is asked for */
}

size_t tt_route_pending(const struct tt_route *r)
{
    return r->qlen - r->qhead;
}

redisReply *tt_route_reply(struct tt_route *r)
{
    if (r->qhead == r->qlen) {
        set_err(r, "Redis at %s: %s", "no reply pending");
        return NULL;
    }
    struct route_cmd *e = &r->q[r->qhead++];
    redisContext *c = NULL;
    for (size_t i = 0; e->conn_id && i < r->nnodes; i++)
        if (r->nodes[i].conn_id == e->conn_id)
            c = r->nodes[i].c;
    redisReply *rep = NULL;
    char host[256] = "";
    int port = 0, slot = 0;
    if (c) {
        void *v = NULL;
        if (redisGetReply(c, &v) != REDIS_OK || !v) {
            set_err(r, "Redis at %s: %s", c->errstr[0] ? c->errstr : "connection lost");
            tt_route_drop(r, c); /* the rest of its replies are asked for again */
        } else {
            rep = v;
            enum tt_route_redir k = tt_route_note(r, c, rep);
            if (k == TT_ROUTE_REPLY_ASK)
                tt_route_classify(rep, &slot, host, sizeof(host), &port);
            if (k != TT_ROUTE_REPLY_PLAIN) {
                freeReplyObject(rep);
                rep = NULL;
            } else {
                r->unreachable = 0;
            }
        }
    }
    if (!rep)
        rep = command_routed(r, e->key, e->keylen, e->argc, (const char **)e->argv, e->lens,
                             host[0] ? host : NULL, port);
    cmd_free(e);
    if (r->qhead == r->qlen)
        r->qhead = r->qlen = 0;
    return rep;
}
