/* SPDX-License-Identifier: MIT
 *
 * out_redis.c -- the only collector file that includes hiredis.
 *
 * A flush is one pipelined MULTI ... EXEC: per UTC day, the increments of
 * every non-zero (minute, field) into the day's minute hash, the summed hours
 * into its hour hash and the day's sums into its day hash (one EVAL each,
 * with the EXPIRE of the minute and hour hashes); the attack sources as
 * minute/hour/day HyperLogLogs built here (hll.c), one string per bucket,
 * stored or PFMERGEd by one EVAL per few hundred buckets;
 * HSET of each input's read position; SET of the site's registration key.
 * Either all of it is applied or none, so a crash at any moment neither loses
 * nor repeats a line. Keys and fields are spelled only by common/schema.c;
 * every key carries the {site} hash tag, so the transaction touches one
 * cluster slot, and common/redis_route.c says which server holds it
 * (standalone, Cluster master or the master the Sentinels name).
 */
#include "collector/out_redis.h"
#include "collector/hll.h"
#include "collector/lease.h"
#include "common/mem.h"
#include "common/redis_route.h"
#include "common/schema.h"

#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The largest command built: a flush's EVALs hold up to this many arguments
 * and bytes, so a month of minute buckets or 2^18 sources is a few dozen
 * commands, not thousands. */
#define MAX_ARGS 16384
#define ARENA_BYTES (1u << 19)

struct tt_out_redis {
    struct tt_route *route;       /* topology: which server holds the site */
    redisContext *c;              /* connection to the site's master (borrowed from route) */
    int wait_n;                   /* --redis-wait: replicas that must acknowledge a commit, 0 none */
    int wait_ms;                  /* ... within this many milliseconds */
    char site[TT_SITE_MAX + 1];   /* --site */
    char instance[128];           /* --instance: names this collector's health hash */
    char run_id[24];              /* random per process: makes flush sequence numbers unique */
    uint64_t seq;                 /* flush attempts so far */
    char pending_seq[48];         /* "run_id:seq" of a flush whose outcome is unknown, "" none */
    uint64_t reconnects;          /* successful reconnections */
    char token[TT_LEASE_TOKEN_MAX]; /* this process's lease token (lease.h) */
    long long lease_ms;           /* lease time to live, renewed by every flush */
    int fatal;                    /* the name is held by another live collector: stop */
    int connected_once;           /* a connection succeeded before: the next is a reconnection */
    int fence_warned;             /* CLIENT commands refused, said once */
    char errstr[512];             /* last error */
    size_t queued;                /* commands appended to the pipeline, not yet read */
    uint64_t commands;            /* commands sent in total */
    uint64_t flushes;             /* transactions committed */
    uint64_t rerouted;            /* transactions refused for routing, sent again */
    /* argv under construction (one command at a time) */
    const char *argv[MAX_ARGS];   /* argument pointers into arena */
    size_t argvlen[MAX_ARGS];     /* their lengths */
    size_t argc;                  /* arguments so far */
    char *arena;                  /* storage for built arguments */
    size_t arena_cap;             /* its size */
    size_t arena_used;            /* bytes used */
};

static void set_err(struct tt_out_redis *o, const char *what)
{
    snprintf(o->errstr, sizeof(o->errstr), "Redis at %s: %s", tt_route_display(o->route), what);
}

/* Fencing. A collector killed with SIGKILL may leave a complete pipelined
 * MULTI ... EXEC in its socket that Redis has not read yet; a restarted
 * collector that read the stored positions before Redis applied it would
 * count those lines twice. So each connection is named after site and
 * instance, and a new one -- once it holds the name's lease (below), so the
 * older ones are known dead -- kills every older connection of that name: Redis
 * either has already applied their transactions (it runs every complete
 * command as soon as it reads it) or drops them unread. Only then are
 * positions read. Needs CLIENT SETNAME/LIST/KILL (an ACL user:
 * +client|setname +client|list +client|kill +client|id). */
static void fence(struct tt_out_redis *o)
{
    char name[TT_SITE_MAX + 160];
    snprintf(name, sizeof(name), "threattally:%s:%s", o->site, o->instance);
    redisReply *r = redisCommand(o->c, "CLIENT SETNAME %s", name);
    int ok = r && r->type != REDIS_REPLY_ERROR;
    freeReplyObject(r);
    long long my_id = -1;
    r = ok ? redisCommand(o->c, "CLIENT ID") : NULL;
    if (r && r->type == REDIS_REPLY_INTEGER)
        my_id = r->integer;
    freeReplyObject(r);
    r = ok ? redisCommand(o->c, "CLIENT LIST") : NULL;
    if (!r || r->type != REDIS_REPLY_STRING) {
        if (!o->fence_warned++)
            fprintf(stderr, "threattally-collector: warning: Redis at %s refuses CLIENT SETNAME/ID/LIST/KILL; a "
                            "restart right after a crash may count a last flush twice\n", tt_route_display(o->route));
        freeReplyObject(r);
        return;
    }
    char want[sizeof(name) + 8];
    snprintf(want, sizeof(want), " name=%s ", name);
    for (const char *line = r->str; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char buf[1024];
        snprintf(buf, sizeof(buf), "%.*s ", (int)TT_MIN(len, sizeof(buf) - 2), line);
        long long id = -1;
        if (strstr(buf, want) && sscanf(buf, "id=%lld", &id) == 1 && id != my_id) {
            redisReply *k = redisCommand(o->c, "CLIENT KILL ID %lld", id);
            freeReplyObject(k);
        }
        line = eol ? eol + 1 : NULL;
    }
    freeReplyObject(r);
}

/* The lease of this collector's name (site, instance): a string holding
 * the holder's token, with a time to live that every flush renews. A
 * connection first takes the lease, then fences (above): so a second live
 * collector with the same name is refused instead of killing the first one's
 * connections, and a crashed one's name is free again once its lease is gone
 * (at once when it crashed on this machine: lease.c can tell that its
 * process is gone). ARGV: token, ttl ms, a dead holder's token to replace. */
static const char script_lease_take[] =
    "local v = redis.call('GET', KEYS[1]) "
    "if v == false or v == ARGV[1] or (ARGV[3] ~= '' and v == ARGV[3]) then "
    "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return {1, ''} end "
    "return {0, v, redis.call('PTTL', KEYS[1])}";
/* Renewal inside the flush's MULTI/EXEC: never overwrites another's lease. */
static const char script_lease_renew[] =
    "local v = redis.call('GET', KEYS[1]) "
    "if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
    "return redis.error_reply('LEASE ' .. v)";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void lease_refused(struct tt_out_redis *o, const char *holder, char *err, size_t errlen)
{
    char host[80], pid[24], since[24];
    tt_lease_field(holder, "host", host, sizeof(host));
    tt_lease_field(holder, "pid", pid, sizeof(pid));
    tt_lease_field(holder, "since", since, sizeof(since));
    char when[40] = "?";
    time_t t = (time_t)strtoll(since, NULL, 10);
    struct tm tm;
    if (t > 0 && gmtime_r(&t, &tm))
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%SZ", &tm);
    snprintf(err, errlen,
             "site '%s', instance '%s' is already collected by a live collector (host %s, pid %s, since %s); "
             "two collectors with one name would fence each other. Give this one its own --instance, or stop "
             "the other one first",
             o->site, o->instance, host, pid, when);
    o->fatal = 1;
}

static int lease_take(struct tt_out_redis *o, char *err, size_t errlen)
{
    char key[TT_KEY_MAX], ttl[24];
    tt_schema_lease_key(key, sizeof(key), o->site, o->instance);
    snprintf(ttl, sizeof(ttl), "%lld", o->lease_ms);
    char replace[TT_LEASE_TOKEN_MAX] = "", seen[TT_LEASE_TOKEN_MAX] = "";
    long long seen_pttl = -1;
    double deadline = 0;
    for (;;) {
        redisReply *r = redisCommand(o->c, "EVAL %s 1 %s %s %s %s", script_lease_take, key, o->token, ttl, replace);
        o->commands++;
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements < 2 || r->element[0]->type != REDIS_REPLY_INTEGER) {
            snprintf(err, errlen, "Redis at %s: cannot take the collector's lease: %s", tt_route_display(o->route),
                     r && r->type == REDIS_REPLY_ERROR ? r->str : o->c->errstr);
            freeReplyObject(r);
            return TT_ERR;
        }
        if (r->element[0]->integer == 1) {
            freeReplyObject(r);
            return TT_OK;
        }
        char holder[TT_LEASE_TOKEN_MAX];
        snprintf(holder, sizeof(holder), "%s", r->element[1]->type == REDIS_REPLY_STRING ? r->element[1]->str : "");
        long long pttl = r->elements > 2 && r->element[2]->type == REDIS_REPLY_INTEGER ? r->element[2]->integer : -1;
        freeReplyObject(r);
        enum tt_lease_holder who = tt_lease_holder(holder);
        if (who == TT_LEASE_HOLDER_DEAD && strcmp(replace, holder) != 0) {
            snprintf(replace, sizeof(replace), "%s", holder); /* crashed here: take it over now */
            continue;
        }
        if (who == TT_LEASE_HOLDER_LIVE || pttl < 0) {
            lease_refused(o, holder, err, errlen);
            return TT_ERR;
        }
        /* Another machine's: live if it is renewed, free once it expires. */
        if (!seen[0]) {
            snprintf(seen, sizeof(seen), "%s", holder);
            deadline = now_ms() + (double)pttl + 1000.0;
            char host[80];
            tt_lease_field(holder, "host", host, sizeof(host));
            fprintf(stderr,
                    "threattally-collector: site '%s', instance '%s' was last collected on host %s; waiting up to "
                    "%lld ms for its lease to expire\n",
                    o->site, o->instance, host, pttl);
        } else if (strcmp(seen, holder) != 0 || pttl > seen_pttl + 250 || now_ms() > deadline) {
            lease_refused(o, holder, err, errlen);
            return TT_ERR;
        }
        seen_pttl = pttl;
        usleep(200000);
    }
}

/* (Re)connects: the topology is learnt again (a standalone server is
 * reconnected, the slot map read, the Sentinels asked), then the site's
 * master is PINGed and fenced. Any previous connection is dropped first:
 * after a failed pipeline its state is unknown. */
static int do_connect(struct tt_out_redis *o, char *err, size_t errlen)
{
    if (o->c)
        tt_route_drop(o->route, o->c);
    o->c = NULL;
    o->queued = 0;
    char key[TT_KEY_MAX];
    size_t klen = tt_schema_site_key(key, sizeof(key), o->site);
    if (tt_route_refresh(o->route) != TT_OK || !(o->c = tt_route_conn(o->route, key, klen))) {
        snprintf(err, errlen, "%s", tt_route_errstr(o->route));
        return TT_ERR;
    }
    redisReply *r = redisCommand(o->c, "PING");
    if (!r || r->type == REDIS_REPLY_ERROR) {
        snprintf(err, errlen, "Redis at %s: %s", tt_route_display(o->route), r ? r->str : o->c->errstr);
        freeReplyObject(r);
        tt_route_drop(o->route, o->c);
        o->c = NULL;
        return TT_ERR;
    }
    freeReplyObject(r);
    if (lease_take(o, err, errlen) != TT_OK) {
        tt_route_drop(o->route, o->c);
        o->c = NULL;
        return TT_ERR;
    }
    fence(o);
    return TT_OK;
}

struct tt_out_redis *tt_out_redis_open(const char *url, const char *site, char *err, size_t errlen)
{
    return tt_out_redis_open2(url, site, "default", 1, err, errlen);
}

struct tt_out_redis *tt_out_redis_open2(const char *url, const char *site, const char *instance, int connect_now,
                                        char *err, size_t errlen)
{
    struct tt_out_redis *o = tt_calloc(1, sizeof(*o));
    o->route = tt_route_open(url, "threattally-collector", 0, err, errlen);
    if (!o->route) {
        free(o);
        return NULL;
    }
    snprintf(o->site, sizeof(o->site), "%s", site);
    snprintf(o->instance, sizeof(o->instance), "%s", instance);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(o->run_id, sizeof(o->run_id), "%lx%lx", (unsigned long)ts.tv_nsec ^ (unsigned long)getpid() << 20,
             (unsigned long)ts.tv_sec);
    tt_lease_token(o->run_id, o->token, sizeof(o->token));
    o->lease_ms = TT_LEASE_MIN_MS;
    o->arena_cap = ARENA_BYTES;
    o->arena = tt_malloc(o->arena_cap);
    if (connect_now && do_connect(o, err, errlen) != TT_OK) {
        tt_out_redis_close(o);
        return NULL;
    }
    o->connected_once = connect_now;
    if (!connect_now)
        set_err(o, "not connected yet");
    return o;
}

void tt_out_redis_set_lease_ms(struct tt_out_redis *o, long long ms)
{
    o->lease_ms = ms > TT_LEASE_MIN_MS ? ms : TT_LEASE_MIN_MS;
}

int tt_out_redis_fatal(const struct tt_out_redis *o)
{
    return o->fatal;
}

int tt_out_redis_connected(const struct tt_out_redis *o)
{
    return o->c != NULL && !o->c->err;
}

int tt_out_redis_reconnect(struct tt_out_redis *o)
{
    char err[512];
    if (do_connect(o, err, sizeof(err)) != TT_OK) {
        snprintf(o->errstr, sizeof(o->errstr), "%s", err);
        return TT_ERR;
    }
    o->reconnects += o->connected_once;
    o->connected_once = 1;
    return TT_OK;
}

uint64_t tt_out_redis_reconnects(const struct tt_out_redis *o)
{
    return o->reconnects;
}

/* --redis-wait: WAIT for the replicas; TT_ERR (errstr says how many
 * acknowledged) when fewer than asked did in time. */
static int wait_replicas(struct tt_out_redis *o)
{
    if (o->wait_n <= 0)
        return TT_OK;
    redisReply *r = redisCommand(o->c, "WAIT %d %d", o->wait_n, o->wait_ms);
    o->commands++;
    long long acked = r && r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    if (acked < o->wait_n) {
        char what[300];
        if (acked < 0)
            snprintf(what, sizeof(what), "WAIT failed: %.200s", r ? (r->str ? r->str : "?") : o->c->errstr);
        else
            snprintf(what, sizeof(what), "only %lld of %d replicas acknowledged the commit within %d ms (--redis-wait)",
                     acked, o->wait_n, o->wait_ms);
        set_err(o, what);
        freeReplyObject(r);
        return TT_ERR;
    }
    freeReplyObject(r);
    return TT_OK;
}

void tt_out_redis_set_wait(struct tt_out_redis *o, int replicas, int timeout_ms)
{
    o->wait_n = replicas;
    o->wait_ms = timeout_ms;
}

/* The failed transaction is known to be applied when the collector hash
 * holds its sequence number (both were in the same MULTI/EXEC). */
int tt_out_redis_pending_applied(struct tt_out_redis *o, int *out_applied)
{
    *out_applied = 0;
    if (!o->pending_seq[0])
        return TT_OK;
    char key[TT_KEY_MAX];
    tt_schema_collector_key(key, sizeof(key), o->site, o->instance);
    redisReply *r = redisCommand(o->c, "HGET %s seq", key);
    o->commands++;
    if (!r || (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_NIL)) {
        set_err(o, r && r->type == REDIS_REPLY_ERROR ? r->str : o->c->errstr);
        freeReplyObject(r);
        return TT_ERR;
    }
    *out_applied = r->type == REDIS_REPLY_STRING && strcmp(r->str, o->pending_seq) == 0;
    freeReplyObject(r);
    /* Applied here but, with --redis-wait, done only once replicated: until
     * then the caller keeps the counts and asks again. */
    if (*out_applied && wait_replicas(o) != TT_OK) {
        *out_applied = 0;
        return TT_ERR;
    }
    o->pending_seq[0] = '\0';
    return TT_OK;
}

void tt_out_redis_close(struct tt_out_redis *o)
{
    if (!o)
        return;
    tt_route_close(o->route); /* closes o->c */
    free(o->arena);
    free(o);
}

const char *tt_out_redis_errstr(const struct tt_out_redis *o)
{
    return o->errstr;
}

uint64_t tt_out_redis_commands(const struct tt_out_redis *o)
{
    return o->commands;
}

uint64_t tt_out_redis_flushes(const struct tt_out_redis *o)
{
    return o->flushes;
}

uint64_t tt_out_redis_rerouted(const struct tt_out_redis *o)
{
    return o->rerouted;
}

int tt_out_redis_get_position(struct tt_out_redis *o, const char *fingerprint, uint64_t *out_offset,
                              uint64_t *out_lines)
{
    return tt_out_redis_get_positions(o, &fingerprint, 1, out_offset, out_lines);
}

int tt_out_redis_get_positions(struct tt_out_redis *o, const char *const *fps, size_t n, uint64_t *out_offset,
                               uint64_t *out_lines)
{
    char key[TT_KEY_MAX];
    if (!o->c) {
        set_err(o, "not connected");
        return TT_ERR;
    }
    for (size_t i = 0; i < n; i++) {
        tt_schema_pos_key(key, sizeof(key), o->site, fps[i]);
        if (redisAppendCommand(o->c, "HMGET %s offset lines", key) != REDIS_OK) {
            set_err(o, o->c->errstr);
            return TT_ERR;
        }
        o->commands++;
    }
    int rc = TT_OK;
    for (size_t i = 0; i < n; i++) {
        redisReply *r = NULL;
        out_offset[i] = out_lines[i] = 0;
        if (redisGetReply(o->c, (void **)&r) != REDIS_OK) {
            set_err(o, o->c->errstr);
            return TT_ERR;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
            set_err(o, r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply to HMGET");
            rc = TT_ERR;
        } else {
            if (r->element[0]->type == REDIS_REPLY_STRING)
                out_offset[i] = strtoull(r->element[0]->str, NULL, 10);
            if (r->element[1]->type == REDIS_REPLY_STRING)
                out_lines[i] = strtoull(r->element[1]->str, NULL, 10);
        }
        freeReplyObject(r);
    }
    return rc;
}

/* ---- building commands ------------------------------------------------ */

static void cmd_begin(struct tt_out_redis *o)
{
    o->argc = 0;
    o->arena_used = 0;
}

/* Arguments point into the arena, which must not move while a command is
 * built; builders check room() before each addition. */
static void arg(struct tt_out_redis *o, const void *p, size_t n)
{
    if (o->arena_used + n > o->arena_cap || o->argc >= MAX_ARGS)
        abort(); /* callers never build commands larger than the arena */
    memcpy(o->arena + o->arena_used, p, n);
    o->argv[o->argc] = o->arena + o->arena_used;
    o->argvlen[o->argc] = n;
    o->argc++;
    o->arena_used += n;
}

/* 1 when nargs more arguments of nbytes in all fit in the command. */
static int room(const struct tt_out_redis *o, size_t nargs, size_t nbytes)
{
    return o->argc + nargs <= MAX_ARGS && o->arena_used + nbytes <= o->arena_cap;
}

static void arg_str(struct tt_out_redis *o, const char *s)
{
    arg(o, s, strlen(s));
}

static void arg_u64(struct tt_out_redis *o, uint64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    arg(o, buf, (size_t)n);
}

static void arg_i64(struct tt_out_redis *o, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);
    arg(o, buf, (size_t)n);
}

static int cmd_end(struct tt_out_redis *o)
{
    if (redisAppendCommandArgv(o->c, (int)o->argc, o->argv, o->argvlen) != REDIS_OK) {
        set_err(o, o->c->errstr);
        return TT_ERR;
    }
    o->queued++;
    o->commands++;
    return TT_OK;
}

/* Counters and HyperLogLogs are written by two small Lua scripts, one call
 * per hash (all fields of a day's minute hash at once) and one per
 * granularity of sources, instead of one HINCRBY per field and one PFADD
 * per key: a flush is then a dozen commands whatever it holds. They are sent
 * with EVAL, not EVALSHA, so that a Redis restart (empty script cache) can
 * never fail one command of a transaction whose others apply. Both run
 * inside the flush's MULTI/EXEC like any command. */

/* KEYS[1] a counter hash; ARGV[1] its TTL (0: none); then field, increment
 * pairs, each field once. A hash that does not exist yet (most of them when
 * a file is read, a new minute's when following) is written by a few HSETs
 * of up to 1,000 fields each -- the same content as the HINCRBYs, at a
 * fraction of Redis's time (the per-call cost of redis.call is most of it);
 * an existing one gets one HINCRBY per field. */
static const char script_hincr[] =
    "local k=KEYS[1] "
    "if redis.call('EXISTS',k)==0 then "
    " for i=2,#ARGV,2000 do redis.call('HSET',k,unpack(ARGV,i,math.min(i+1999,#ARGV))) end "
    "else "
    " for i=2,#ARGV,2 do redis.call('HINCRBY',k,ARGV[i],ARGV[i+1]) end "
    "end "
    "local t=tonumber(ARGV[1]) if t>0 then redis.call('EXPIRE',k,t) end "
    "return 0";

/* KEYS[1] a scratch key in the site's slot, KEYS[2..] HyperLogLogs;
 * ARGV[1] their TTL (0: none), ARGV[i] the HyperLogLog string (hll.h) for
 * KEYS[i]: stored as it is into a bucket that does not exist yet (one SET
 * NX EX: existence test, store and TTL in one call), merged into one that
 * does (PFMERGE keeps the larger of each register, as PFADD of the same
 * members would have). */
static const char script_hll[] =
    "local t=tonumber(ARGV[1]) local tmp=KEYS[1] "
    "for i=2,#KEYS do local k=KEYS[i] local new "
    " if t>0 then new=redis.call('SET',k,ARGV[i],'NX','EX',t) else new=redis.call('SET',k,ARGV[i],'NX') end "
    " if not new then redis.call('SET',tmp,ARGV[i]) redis.call('PFMERGE',k,tmp) "
    "  if t>0 then redis.call('EXPIRE',k,t) end end "
    "end redis.call('DEL',tmp) return 0";

static void eval_begin(struct tt_out_redis *o, const char *script, int nkeys)
{
    cmd_begin(o);
    arg_str(o, "EVAL");
    arg_str(o, script);
    arg_u64(o, (uint64_t)nkeys);
}

/* Counters: one EVAL of script_hincr per hash, fields added by
 * hincr_field(); a hash with more fields than fit goes out in several. */
struct hincr {
    struct tt_out_redis *o; /* connection */
    char key[TT_KEY_MAX];   /* the hash */
    int64_t ttl_s;          /* its TTL, 0 none */
    int open;               /* an EVAL is being built */
};

static void hincr_start(struct hincr *h, struct tt_out_redis *o, enum tt_gran g, int64_t t_s)
{
    h->o = o;
    tt_schema_bucket_key(h->key, sizeof(h->key), o->site, g, t_s);
    h->ttl_s = tt_schema_ttl_s(g);
    h->open = 0;
}

static int hincr_end(struct hincr *h)
{
    if (!h->open)
        return TT_OK;
    h->open = 0;
    return cmd_end(h->o);
}

static int hincr_field(struct hincr *h, enum tt_gran g, int64_t t_s, int f, uint64_t n)
{
    if (h->open && !room(h->o, 2, TT_FIELD_MAX + 24) && hincr_end(h) != TT_OK)
        return TT_ERR;
    if (!h->open) {
        eval_begin(h->o, script_hincr, 1);
        arg_str(h->o, h->key);
        arg_i64(h->o, h->ttl_s);
        h->open = 1;
    }
    char field[TT_FIELD_MAX];
    tt_schema_bucket_field(field, sizeof(field), g, t_s, tt_field_metric(f), tt_field_reason(f));
    arg_str(h->o, field);
    arg_u64(h->o, n);
    return TT_OK;
}

/* The buckets b[from, to) of one UTC day: its minute hash (every minute's
 * fields), its hour hash (the minutes summed per hour) and the day's fields
 * in the day hash. */
static int write_day(struct tt_out_redis *o, const struct tt_tally_bucket *b, size_t from, size_t to)
{
    int64_t day_s = tt_floor_div(b[from].minute, 1440) * 86400;
    struct hincr h;
    hincr_start(&h, o, TT_GRAN_MINUTE, day_s);
    for (size_t i = from; i < to; i++)
        for (int f = 0; f < TT_FIELD_COUNT; f++)
            if (b[i].n[f] && hincr_field(&h, TT_GRAN_MINUTE, b[i].minute * 60, f, b[i].n[f]) != TT_OK)
                return TT_ERR;
    if (hincr_end(&h) != TT_OK)
        return TT_ERR;

    uint64_t day_sum[TT_FIELD_COUNT] = {0};
    hincr_start(&h, o, TT_GRAN_HOUR, day_s);
    for (size_t i = from; i < to;) {
        int64_t hour = tt_floor_div(b[i].minute, 60);
        uint64_t hour_sum[TT_FIELD_COUNT] = {0};
        for (; i < to && tt_floor_div(b[i].minute, 60) == hour; i++)
            for (int f = 0; f < TT_FIELD_COUNT; f++)
                hour_sum[f] += b[i].n[f];
        for (int f = 0; f < TT_FIELD_COUNT; f++) {
            day_sum[f] += hour_sum[f];
            if (hour_sum[f] && hincr_field(&h, TT_GRAN_HOUR, hour * 3600, f, hour_sum[f]) != TT_OK)
                return TT_ERR;
        }
    }
    if (hincr_end(&h) != TT_OK)
        return TT_ERR;

    hincr_start(&h, o, TT_GRAN_DAY, day_s);
    for (int f = 0; f < TT_FIELD_COUNT; f++)
        if (day_sum[f] && hincr_field(&h, TT_GRAN_DAY, day_s, f, day_sum[f]) != TT_OK)
            return TT_ERR;
    return hincr_end(&h);
}

static int write_counts(struct tt_out_redis *o, struct tt_tally *t)
{
    struct tt_tally_bucket *b;
    size_t n = tt_tally_sorted_buckets(t, &b);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && tt_floor_div(b[j].minute, 1440) == tt_floor_div(b[i].minute, 1440))
            j++;
        if (write_day(o, b, i, j) != TT_OK)
            return TT_ERR;
        i = j;
    }
    return TT_OK;
}

/* The entries of s[] (sorted by minute) sent to the HyperLogLogs of buckets
 * of `per` minutes, as indexes into ix: for minutes every pair (they are
 * distinct), for hours and days only the first of each address within its
 * bucket -- a repeat adds nothing to a HyperLogLog, and Redis's time is most
 * of a flush's. set is scratch of set_cap (a power of two, at least twice
 * the longest bucket) zeroed slots, left zeroed. Returns the count. */
/* Sources: per granularity, one HyperLogLog string per bucket, built here
 * (hll.c) from the register each address sets, and as many buckets per
 * EVAL of script_hll as fit. Redis then does a SET or one PFMERGE per
 * bucket instead of hashing every address of a PFADD. */
#define HLL_KEYS_PER_CALL 512
#define HLL_VALUE_BYTES (ARENA_BYTES - HLL_KEYS_PER_CALL * TT_KEY_MAX - 4096)

struct hll_call {
    int64_t bucket_s[HLL_KEYS_PER_CALL]; /* each HyperLogLog's bucket start */
    size_t off[HLL_KEYS_PER_CALL];       /* its string in values */
    size_t len[HLL_KEYS_PER_CALL];       /* ... and length */
    size_t n;                            /* buckets so far */
    size_t used;                         /* bytes of values used */
    uint8_t values[HLL_VALUE_BYTES];     /* the encoded strings */
};

static int hll_send(struct tt_out_redis *o, struct hll_call *h, enum tt_gran g)
{
    if (h->n == 0)
        return TT_OK;
    char key[TT_KEY_MAX];
    eval_begin(o, script_hll, (int)h->n + 1);
    tt_schema_hll_scratch_key(key, sizeof(key), o->site);
    arg_str(o, key);
    for (size_t i = 0; i < h->n; i++) {
        tt_schema_hll_key(key, sizeof(key), o->site, g, h->bucket_s[i]);
        arg_str(o, key);
    }
    arg_i64(o, tt_schema_ttl_s(g));
    for (size_t i = 0; i < h->n; i++)
        arg(o, h->values + h->off[i], h->len[i]);
    h->n = h->used = 0;
    return cmd_end(o);
}

static int write_sources(struct tt_out_redis *o, struct tt_tally *t)
{
    struct tt_tally_source *s;
    size_t n = tt_tally_sorted_sources(t, &s);
    if (n == 0)
        return TT_OK;
    static const int64_t per[TT_GRAN_COUNT] = {1, 60, 1440}; /* minutes per bucket */
    /* The tally holds each minute's (register, value) pairs already. */
    struct tt_hll_pair *pat = tt_malloc(n * sizeof(*pat)), *work = tt_malloc(n * sizeof(*work));
    for (size_t k = 0; k < n; k++) {
        pat[k].index = s[k].reg;
        pat[k].value = s[k].value;
    }
    uint8_t *regs = tt_malloc(TT_HLL_REGISTERS);
    struct hll_call *h = tt_malloc(sizeof(*h));
    h->n = h->used = 0;
    int rc = TT_OK;
    for (int g = 0; g < TT_GRAN_COUNT && rc == TT_OK; g++) {
        for (size_t k = 0; k < n && rc == TT_OK;) {
            int64_t bucket = tt_floor_div(s[k].minute, per[g]);
            size_t r = k + 1;
            while (r < n && tt_floor_div(s[r].minute, per[g]) == bucket)
                r++;
            if ((h->n == HLL_KEYS_PER_CALL || h->used + TT_HLL_MAX_BYTES > HLL_VALUE_BYTES) &&
                hll_send(o, h, (enum tt_gran)g) != TT_OK)
                rc = TT_ERR;
            memcpy(work, pat + k, (r - k) * sizeof(*work));
            h->bucket_s[h->n] = bucket * per[g] * 60;
            h->off[h->n] = h->used;
            h->len[h->n] = tt_hll_encode(work, r - k, regs, h->values + h->used);
            h->used += h->len[h->n++];
            k = r;
        }
        if (rc == TT_OK && hll_send(o, h, (enum tt_gran)g) != TT_OK)
            rc = TT_ERR;
    }
    free(pat);
    free(work);
    free(regs);
    free(h);
    return rc;
}

/* KEYS: a day's sorted sets of attack-source networks; ARGV[1] their TTL,
 * ARGV[2] how many networks each keeps (the busiest); then for each key in
 * turn the number of its pairs and the (increment, network) pairs. */
static const char script_top[] =
    "local t=tonumber(ARGV[1]) local keep=tonumber(ARGV[2]) local a=3 "
    "for i=1,#KEYS do "
    " local n=tonumber(ARGV[a]) local j=a+1 local last=a+2*n "
    " while j<last do redis.call('ZINCRBY',KEYS[i],ARGV[j],ARGV[j+1]) j=j+2 end "
    " local c=redis.call('ZCARD',KEYS[i]) "
    " if c>keep then redis.call('ZREMRANGEBYRANK',KEYS[i],0,c-keep-1) end "
    " redis.call('EXPIRE',KEYS[i],t) "
    " a=last+1 "
    "end return 0";

/* --top-sources: attacks per (day, network), one EVAL of script_top for as
 * many days as fit (several when a day does not). The text of a network is
 * "203.0.113.0/24". */
static int write_nets(struct tt_out_redis *o, struct tt_tally *t)
{
    struct tt_tally_net *e;
    size_t n = tt_tally_sorted_nets(t, &e);
    const size_t per_pair = 48 + 4 + 24, per_key = TT_KEY_MAX + 24;
    size_t i = 0;
    while (i < n) {
        /* pass 1: which days (runs) fit */
        size_t end = i, args = 5, bytes = sizeof(script_top) + 4 * 24;
        while (end < n) {
            size_t run_end = end + 1;
            while (run_end < n && e[run_end].day == e[end].day)
                run_end++;
            size_t take = run_end - end;
            if (args + 2 + 2 * take > MAX_ARGS || bytes + per_key + per_pair * take > ARENA_BYTES) {
                if (end > i)
                    break;
                take = TT_MIN((MAX_ARGS - args - 2) / 2, (ARENA_BYTES - bytes - per_key) / per_pair);
                run_end = end + take;
            }
            args += 2 + 2 * take;
            bytes += per_key + per_pair * take;
            end = run_end;
        }
        size_t nkeys = 0;
        for (size_t k = i; k < end; k++)
            nkeys += k == i || e[k].day != e[k - 1].day;
        /* pass 2: keys, TTL, keep, then each key's pairs */
        eval_begin(o, script_top, (int)nkeys);
        char key[TT_KEY_MAX];
        for (size_t k = i; k < end; k++) {
            if (k > i && e[k].day == e[k - 1].day)
                continue;
            tt_schema_top_key(key, sizeof(key), o->site, (int64_t)e[k].day * 86400);
            arg_str(o, key);
        }
        arg_i64(o, TT_SCHEMA_TOP_TTL_S);
        arg_u64(o, TT_SCHEMA_TOP_KEEP);
        for (size_t k = i; k < end;) {
            size_t r = k;
            while (r < end && e[r].day == e[k].day)
                r++;
            arg_u64(o, (uint64_t)(r - k));
            for (; k < r; k++) {
                char text[64];
                size_t len = tt_addr_format(&e[k].net, text, sizeof(text));
                snprintf(text + len, sizeof(text) - len, "/%u", (unsigned)e[k].bits);
                arg_u64(o, e[k].n);
                arg_str(o, text);
            }
        }
        if (cmd_end(o) != TT_OK)
            return TT_ERR;
        i = end;
    }
    return TT_OK;
}

static int write_positions(struct tt_out_redis *o, const struct tt_position *pos, size_t npos)
{
    char key[TT_KEY_MAX], skey[TT_KEY_MAX];
    tt_schema_sources_key(skey, sizeof(skey), o->site);
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < npos; i++) {
        tt_schema_pos_key(key, sizeof(key), o->site, pos[i].fingerprint);
        cmd_begin(o);
        arg_str(o, "HSET");
        arg_str(o, key);
        arg_str(o, "offset");
        arg_u64(o, pos[i].offset);
        arg_str(o, "lines");
        arg_u64(o, pos[i].lines);
        arg_str(o, "name");
        arg_str(o, pos[i].name);
        arg_str(o, "updated");
        arg_i64(o, now);
        if (cmd_end(o) != TT_OK)
            return TT_ERR;
        if (pos[i].last_seen_s != INT64_MIN) {
            cmd_begin(o);
            arg_str(o, "HSET");
            arg_str(o, skey);
            arg_str(o, pos[i].name);
            arg_i64(o, pos[i].last_seen_s);
            if (cmd_end(o) != TT_OK)
                return TT_ERR;
        }
    }
    return TT_OK;
}

/* EXEC applied the transaction; a command inside it can still have failed
 * (Redis does not roll back). Its first command is the lease renewal: an
 * error there means another collector took this name over after this one
 * stalled past its lease. Either way the collector must stop: the counts of
 * this flush are stored, and nothing may be sent twice. */
static void exec_errors(struct tt_out_redis *o, const redisReply *r)
{
    for (size_t i = 0; i < r->elements; i++) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ERROR)
            continue;
        if (i == 0 && strncmp(e->str, "LEASE ", 6) == 0) {
            char err[512];
            lease_refused(o, e->str + 6, err, sizeof(err));
            snprintf(o->errstr, sizeof(o->errstr), "this collector's lease expired and %s", err);
        } else {
            char what[400];
            snprintf(what, sizeof(what), "a command of a flush failed inside its transaction (%s); the rest was stored",
                     e->str);
            set_err(o, what);
            o->fatal = 1;
        }
        return;
    }
}

/* Reads every queued reply; the last one is EXEC's. *out_redir is the
 * routing class of the first error (MOVED, ASK, TRYAGAIN, READONLY...):
 * such a command was refused while queueing, so EXEC answered EXECABORT
 * and nothing was applied. */
static int read_replies(struct tt_out_redis *o, enum tt_route_redir *out_redir)
{
    int rc = TT_OK;
    *out_redir = TT_ROUTE_REPLY_PLAIN;
    while (o->queued > 0) {
        redisReply *r = NULL;
        if (redisGetReply(o->c, (void **)&r) != REDIS_OK) {
            set_err(o, o->c->errstr);
            o->queued = 0;
            *out_redir = TT_ROUTE_REPLY_PLAIN;
            return TT_ERR;
        }
        o->queued--;
        if (r->type == REDIS_REPLY_ERROR && rc == TT_OK) {
            set_err(o, r->str);
            char host[256];
            int slot, port;
            *out_redir = tt_route_classify(r, &slot, host, sizeof(host), &port);
            if (tt_route_kind(o->route) == TT_ROUTE_STANDALONE && *out_redir != TT_ROUTE_REPLY_TRYAGAIN)
                *out_redir = TT_ROUTE_REPLY_PLAIN;
            rc = TT_ERR;
        }
        if (o->queued == 0 && r->type != REDIS_REPLY_ARRAY && rc == TT_OK) {
            set_err(o, "transaction was not applied");
            rc = TT_ERR;
        }
        if (o->queued == 0 && r->type == REDIS_REPLY_ARRAY && rc == TT_OK)
            exec_errors(o, r);
        freeReplyObject(r);
    }
    return rc;
}

/* The collector's own health, in the same transaction as the counts: the
 * sequence number that lets a reconnecting collector learn whether an
 * unanswered EXEC was applied, and figures for people and monitoring. */
static int write_health(struct tt_out_redis *o, const char *seq, const struct tt_health *h)
{
    char key[TT_KEY_MAX];
    tt_schema_collector_key(key, sizeof(key), o->site, o->instance);
    cmd_begin(o);
    arg_str(o, "HSET");
    arg_str(o, key);
    arg_str(o, "seq");
    arg_str(o, seq);
    arg_str(o, "last_flush");
    arg_i64(o, (int64_t)time(NULL));
    if (h) {
        arg_str(o, "started");
        arg_i64(o, h->started_s);
        arg_str(o, "lag_s");
        arg_i64(o, h->lag_s);
        arg_str(o, "lines_total");
        arg_u64(o, h->lines_total);
        arg_str(o, "lines_dropped");
        arg_u64(o, h->lines_dropped);
        arg_str(o, "redis_reconnects");
        arg_u64(o, o->reconnects);
        arg_str(o, "possible_gaps");
        arg_u64(o, h->gaps);
        arg_str(o, "files_open");
        arg_u64(o, h->files_open);
        arg_str(o, "sockets");
        arg_u64(o, h->sockets);
    }
    return cmd_end(o);
}

int tt_out_redis_flush(struct tt_out_redis *o, struct tt_tally *t, const struct tt_position *pos, size_t npos)
{
    return tt_out_redis_flush2(o, &t, 1, pos, npos, NULL);
}

/* One attempt: MULTI, the counts, positions, health and registration,
 * EXEC. TT_ERR with *out_redir set when a routing error refused the
 * transaction (certainly not applied), PLAIN when its outcome may be
 * unknown. The tallies are kept (restored) on failure. */
static int flush_once(struct tt_out_redis *o, struct tt_tally **t, size_t nt, const struct tt_position *pos,
                      size_t npos, const struct tt_health *h, enum tt_route_redir *out_redir)
{
    char seq[48];
    *out_redir = TT_ROUTE_REPLY_PLAIN;
    snprintf(seq, sizeof(seq), "%s:%llu", o->run_id, (unsigned long long)++o->seq);
    cmd_begin(o);
    arg_str(o, "MULTI");
    int ok = cmd_end(o) == TT_OK;
    if (ok) {
        char lkey[TT_KEY_MAX];
        tt_schema_lease_key(lkey, sizeof(lkey), o->site, o->instance);
        eval_begin(o, script_lease_renew, 1);
        arg_str(o, lkey);
        arg_str(o, o->token);
        arg_u64(o, (uint64_t)o->lease_ms);
        ok = cmd_end(o) == TT_OK;
    }
    for (size_t i = 0; ok && i < nt; i++)
        ok = write_counts(o, t[i]) == TT_OK && write_sources(o, t[i]) == TT_OK && write_nets(o, t[i]) == TT_OK;
    ok = ok && write_positions(o, pos, npos) == TT_OK && write_health(o, seq, h) == TT_OK;
    if (ok) {
        char key[TT_KEY_MAX];
        tt_schema_site_key(key, sizeof(key), o->site);
        cmd_begin(o);
        arg_str(o, "SET");
        arg_str(o, key);
        arg_str(o, o->site);
        ok = cmd_end(o) == TT_OK;
    }
    if (ok) {
        cmd_begin(o);
        arg_str(o, "EXEC");
        ok = cmd_end(o) == TT_OK;
    }
    if (ok) {
        snprintf(o->pending_seq, sizeof(o->pending_seq), "%s", seq);
        ok = read_replies(o, out_redir) == TT_OK;
    } else {
        read_replies(o, out_redir);
        *out_redir = TT_ROUTE_REPLY_PLAIN;
    }
    if (!ok && *out_redir != TT_ROUTE_REPLY_PLAIN)
        o->pending_seq[0] = '\0'; /* EXECABORT: known not applied */
    if (ok && wait_replicas(o) != TT_OK)
        ok = 0; /* applied, not confirmed: pending_seq stays, the counts are kept */
    if (!ok) {
        for (size_t i = 0; i < nt; i++)
            tt_tally_restore(t[i]);
        return TT_ERR;
    }
    o->pending_seq[0] = '\0';
    return TT_OK;
}

/* A transaction refused for routing (the site's slot moved or is moving, the
 * master changed) is sent again where it now belongs, a few times with a
 * capped back-off. On any other failure the connection is dropped: a
 * pipeline cut in the middle leaves its state unknown, and only a fresh
 * connection plus tt_out_redis_pending_applied() can tell whether EXEC
 * took effect. */
int tt_out_redis_flush2(struct tt_out_redis *o, struct tt_tally **t, size_t nt, const struct tt_position *pos,
                        size_t npos, const struct tt_health *h)
{
    if (!o->c || o->c->err) {
        set_err(o, o->c ? o->c->errstr : "not connected");
        return TT_ERR;
    }
    enum tt_route_redir redir = TT_ROUTE_REPLY_PLAIN;
    for (int attempt = 0; attempt < 8; attempt++) {
        if (flush_once(o, t, nt, pos, npos, h, &redir) == TT_OK) {
            tt_route_backoff_reset(o->route);
            for (size_t i = 0; i < nt; i++)
                tt_tally_clear(t[i]);
            o->flushes++;
            return TT_OK;
        }
        if (redir == TT_ROUTE_REPLY_PLAIN)
            break;
        o->rerouted++;
        char err[512];
        if (redir != TT_ROUTE_REPLY_MOVED)
            tt_route_backoff(o->route);
        if (redir == TT_ROUTE_REPLY_MOVED || redir == TT_ROUTE_REPLY_MASTER) {
            /* the site's master is another one now: connect and fence there */
            if (do_connect(o, err, sizeof(err)) != TT_OK) {
                snprintf(o->errstr, sizeof(o->errstr), "%s", err);
                return TT_ERR;
            }
        }
    }
    if (o->c)
        tt_route_drop(o->route, o->c);
    o->c = NULL;
    o->queued = 0;
    return TT_ERR;
}
