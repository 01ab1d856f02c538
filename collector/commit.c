/* SPDX-License-Identifier: MIT
 *
 * commit.c -- committing counts with positions, and living through Redis
 * outages: the flush (one MULTI/EXEC of counts, file positions and health),
 * resuming files from the positions Redis holds, reconnecting with
 * back-off, and the one-shot rule that a run ends only when every file is
 * committed (docs/COUNTING.md#files, exactly once). Called by the loop in
 * main.c.
 *
 * The periodic flush is asynchronous (commit_flush_start): the counts,
 * positions and health are handed to a writer thread, which builds the
 * MULTI/EXEC and waits for EXEC's reply while the loop goes on parsing into
 * empty tallies. At most one flush is in flight; what it carries is taken
 * out of the collector at the hand-off (tallies swapped, positions and each
 * tail's offset noted), so its outcome is applied later exactly as a
 * synchronous flush would have applied it then: on success the noted
 * offsets become `committed`, on failure the outage handling runs as if the
 * flush had just failed. Every other use of the connection (positions read
 * at resume, reconnects, the final and one-shot flushes) first waits for the
 * flush in flight. The hand-off is per flush: nothing is locked per event.
 */
#include "collector/collector.h"
#include "collector/in_net.h"
#include "collector/in_tail.h"
#include "collector/out_redis.h"
#include "collector/tally.h"
#include "common/mem.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Where a tail stood when a flush was handed off. */
struct commit_mark {
    struct tt_tail *t;   /* the tail (tails are freed only with no flush in flight) */
    uint64_t committed;  /* its committed offset then: a tail seeked since has another */
    uint64_t offset;     /* bytes counted then: committed once the flush is acknowledged */
    uint64_t lines;      /* ... lines */
    int finished;        /* read to its end then: closed once acknowledged */
};

/* The flush in flight. One collector per process, so one of these. */
static struct commit_flight {
    int ready;                         /* the tallies below are initialised */
    int busy;                          /* handed off, outcome not applied yet */
    int threaded;                      /* ... to the writer thread (else it ran at the hand-off) */
    int done;                          /* the writer has finished (atomic) */
    int rc;                            /* its result, read after the join */
    pthread_t thread;                  /* the writer */
    struct tt_out_redis *out;          /* the connection, the writer's alone meanwhile */
    struct tt_tally files, net;        /* the counts it carries (swapped out) */
    struct tt_tally *ts[3];            /* files, net and the collector's tally_pending */
    struct tt_position *pos;           /* positions it carries */
    size_t npos, cap_pos;              /* ... count and capacity */
    struct commit_mark *marks;         /* every tail at the hand-off */
    size_t nmarks, cap_marks;          /* ... count and capacity */
    struct tt_health health;           /* health at the hand-off */
} commit_flight;

double commit_seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- flushing ---------------------------------------------------------- */

struct tt_position *commit_push_position(struct collector *c)
{
    if (c->n_done == c->cap_done) {
        c->cap_done = c->cap_done ? c->cap_done * 2 : 16;
        c->done = tt_realloc(c->done, c->cap_done * sizeof(*c->done));
    }
    struct tt_position *p = &c->done[c->n_done++];
    memset(p, 0, sizeof(*p));
    return p;
}

void commit_tail_position(struct tt_tail *t, struct tt_position *p)
{
    tt_tail_position_key(t, p->fingerprint);
    snprintf(p->name, sizeof(p->name), "%s", t->path);
    p->offset = t->offset;
    p->lines = t->lines;
    p->last_seen_s = t->last_seen_s;
}

/* Adds every count of src into dst (src is then cleared); returns the number
 * of attack-source pairs dst had no room to keep. */
static uint64_t tally_merge(struct tt_tally *dst, struct tt_tally *src)
{
    uint64_t not_kept = 0;
    struct tt_tally_bucket *b;
    size_t n = tt_tally_sorted_buckets(src, &b);
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < TT_FIELD_COUNT; f++)
            if (b[i].n[f])
                tt_tally_add(dst, b[i].minute * 60, tt_field_metric(f), tt_field_reason(f), b[i].n[f]);
    struct tt_tally_source *s;
    n = tt_tally_sorted_sources(src, &s);
    for (size_t i = 0; i < n; i++)
        not_kept += (uint64_t)tt_tally_add_register(dst, (int64_t)s[i].minute * 60, s[i].reg, s[i].value);
    struct tt_tally_net *nets;
    n = tt_tally_sorted_nets(src, &nets);
    for (size_t i = 0; i < n; i++)
        not_kept +=
            (uint64_t)tt_tally_add_net(dst, (int64_t)nets[i].day * 86400, &nets[i].net, nets[i].bits, nets[i].n);
    tt_tally_clear(src);
    return not_kept;
}

/* Redis is unreachable: a flush failed (flush_failed) or a reconnect or a
 * position read did. */
void commit_redis_down(struct collector *c, int flush_failed)
{
    if (!c->redis_down) {
        fprintf(stderr, PROG ": %s; file sources paused, live sources counting in memory until it is back\n",
                tt_out_redis_errstr(c->out));
        clock_gettime(CLOCK_MONOTONIC, &c->down_since);
    }
    c->redis_down = 1;
    if (c->backoff_ms == 0)
        c->backoff_ms = 100;
    clock_gettime(CLOCK_MONOTONIC, &c->next_retry);
    c->next_retry.tv_sec += c->backoff_ms / 1000;
    c->next_retry.tv_nsec += (c->backoff_ms % 1000) * 1000000L;
    if (c->next_retry.tv_nsec >= 1000000000L) {
        c->next_retry.tv_sec++;
        c->next_retry.tv_nsec -= 1000000000L;
    }
    /* File counts since the last commit are dropped: the files are re-read
     * from the committed positions once Redis is back. */
    tt_tally_clear(&c->tally_files);
    c->n_done = 0;
    for (size_t i = 0; i < c->n_tails; i++)
        if (!c->tails[i]->anonymous)
            c->tails[i]->resumed = 0;
    /* Live counts that travelled in the failed flush have an unknown outcome:
     * they move to tally_pending, which commit_try_reconnect() drops only if that
     * very transaction was applied. Counts that arrive during the outage were
     * in no transaction and stay in tally_net (merging them into
     * tally_pending on a failed reconnect would drop them with it); so do
     * those counted while the failed flush was in flight: it carried only
     * the counts swapped out at its hand-off (commit_flight.net). */
    if (flush_failed)
        c->stat.sources_not_kept += tally_merge(&c->tally_pending, &commit_flight.net);
}

static void *commit_writer(void *arg)
{
    struct commit_flight *f = arg;
    f->rc = tt_out_redis_flush2(f->out, f->ts, 3, f->pos, f->npos, &f->health);
    __atomic_store_n(&f->done, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* Takes what the next transaction carries out of the collector -- the
 * positions of the tails that moved, every tail's offset, the health, the
 * counts (swapped for empty tallies) -- and starts the writer on it. With
 * Redis up and no flush in flight. */
static void commit_hand_off(struct collector *c)
{
    struct commit_flight *f = &commit_flight;
    if (!f->ready) {
        tt_tally_init(&f->files);
        tt_tally_init(&f->net);
        f->ready = 1;
    }
    for (size_t i = 0; i < c->n_tails; i++) {
        struct tt_tail *t = c->tails[i];
        if (t->is_open && !t->anonymous && t->resumed && t->offset != t->committed)
            commit_tail_position(t, commit_push_position(c));
    }
    if (f->cap_marks < c->n_tails) {
        f->cap_marks = c->n_tails * 2;
        f->marks = tt_realloc(f->marks, f->cap_marks * sizeof(*f->marks));
    }
    f->nmarks = c->n_tails;
    for (size_t i = 0; i < c->n_tails; i++) {
        struct tt_tail *t = c->tails[i];
        f->marks[i] = (struct commit_mark){t, t->committed, t->offset, t->lines, t->state == TT_TAIL_FINISHED};
    }
    struct tt_health *h = &f->health;
    memset(h, 0, sizeof(*h));
    h->started_s = c->started_s;
    h->lag_s = c->newest_s == INT64_MIN ? -1 : (int64_t)time(NULL) - c->newest_s;
    h->lines_total = c->stat.lines;
    h->lines_dropped = c->stat.dropped;
    h->gaps = c->stat.gaps;
    for (size_t i = 0; i < c->n_tails; i++)
        h->files_open += c->tails[i]->is_open;
    h->sockets = c->net ? tt_net_sockets(c->net) : 0;
    /* The collector's position list becomes the flight's, and the flight's
     * (empty) one the collector's. */
    struct tt_position *p = f->pos;
    size_t cap = f->cap_pos;
    f->pos = c->done;
    f->npos = c->n_done;
    f->cap_pos = c->cap_done;
    c->done = p;
    c->cap_done = cap;
    c->n_done = 0;
    tt_tally_swap(&f->files, &c->tally_files);
    tt_tally_swap(&f->net, &c->tally_net);
    f->ts[0] = &f->files;
    f->ts[1] = &f->net;
    f->ts[2] = &c->tally_pending;
    f->out = c->out;
    f->done = 0;
    /* Signals stay with the reading thread (its poll and sleeps are what
     * they must interrupt). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    f->threaded = pthread_create(&f->thread, NULL, commit_writer, f) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!f->threaded)
        commit_writer(f); /* no thread: the flush runs here, as it did before */
    f->busy = 1;
}

/* The flush is acknowledged: each tail's offset at the hand-off is
 * committed, and a tail read to its end then is closed -- unless the tail
 * was seeked since (truncated, resumed): tt_tail_seek() set another
 * committed offset, or moved it back before the noted one. */
static void commit_acknowledged(struct collector *c)
{
    struct commit_flight *f = &commit_flight;
    f->npos = 0;
    for (size_t k = 0; k < f->nmarks; k++) {
        const struct commit_mark *m = &f->marks[k];
        for (size_t i = 0; i < c->n_tails; i++) {
            struct tt_tail *t = c->tails[i];
            if (t != m->t || t->committed != m->committed || t->offset < m->offset)
                continue;
            t->committed = m->offset;
            t->committed_lines = m->lines;
            if (m->finished && t->state == TT_TAIL_FINISHED)
                tt_tail_close(t);
        }
    }
    f->nmarks = 0;
}

/* The result of a flush that ran (in the writer or here). */
static int commit_apply(struct collector *c, int rc)
{
    if (rc == TT_OK) {
        commit_acknowledged(c);
        return TT_OK;
    }
    /* As a synchronous flush failing now: the file counts since the
     * committed positions are dropped (those of this flight and those
     * counted since), the live ones it carried become pending. */
    tt_tally_clear(&commit_flight.files);
    commit_flight.npos = 0;
    commit_flight.nmarks = 0;
    commit_redis_down(c, 1);
    return TT_ERR;
}

/* Applies the outcome of the flush in flight, waiting for it with wait 1;
 * with wait 0 only when it is done. TT_ERR when it failed (the outage
 * handling has run). */
static int commit_settle(struct collector *c, int wait)
{
    struct commit_flight *f = &commit_flight;
    if (!f->busy || (!wait && !__atomic_load_n(&f->done, __ATOMIC_ACQUIRE)))
        return TT_OK;
    if (f->threaded)
        pthread_join(f->thread, NULL);
    f->busy = 0;
    return commit_apply(c, f->rc);
}

int commit_flush(struct collector *c)
{
    clock_gettime(CLOCK_MONOTONIC, &c->last_flush);
    if (!c->out) {
        tt_tally_clear(&c->tally_files);
        tt_tally_clear(&c->tally_net);
        c->n_done = 0;
        for (size_t i = 0; i < c->n_tails; i++)
            if (c->tails[i]->state == TT_TAIL_FINISHED)
                tt_tail_close(c->tails[i]);
        return TT_OK;
    }
    if (commit_settle(c, 1) != TT_OK || c->redis_down)
        return TT_ERR;
    commit_hand_off(c);
    return commit_settle(c, 1);
}

int commit_flush_start(struct collector *c)
{
    struct commit_flight *f = &commit_flight;
    if (!c->out || c->redis_down)
        return commit_flush(c);
    if (f->busy && !__atomic_load_n(&f->done, __ATOMIC_ACQUIRE) && !tt_tally_full(&c->tally_files) &&
        !tt_tally_full(&c->tally_net))
        return TT_OK; /* the previous one is still in flight: go on counting, flush when it is answered */
    if (commit_settle(c, 1) != TT_OK || c->redis_down)
        return TT_ERR;
    clock_gettime(CLOCK_MONOTONIC, &c->last_flush);
    commit_hand_off(c);
    return TT_OK;
}

int commit_fatal(struct collector *c, int wait)
{
    if (!c->out)
        return 0;
    commit_settle(c, wait);
    return !commit_flight.busy && tt_out_redis_fatal(c->out);
}

/* Applies the position Redis holds for this content: the longest stored
 * candidate key wins. Called at open and after every Redis outage. */
int commit_resume_tail(struct collector *c, struct tt_tail *t)
{
    uint64_t off = 0, lines = 0;
    char err[600];
    if (c->out && !t->anonymous) {
        /* The connection is the writer's while a flush is in flight; the
         * position read must also see what that flush stores. */
        if (commit_settle(c, 1) != TT_OK || c->redis_down)
            return TT_ERR;
        static char fps[TT_TAIL_CANDIDATES][TT_FINGERPRINT_HEX];
        uint64_t lens[TT_TAIL_CANDIDATES], offs[TT_TAIL_CANDIDATES], lns[TT_TAIL_CANDIDATES];
        const char *ptrs[TT_TAIL_CANDIDATES];
        size_t n = tt_tail_candidates(t, fps, lens, TT_TAIL_CANDIDATES);
        for (size_t i = 0; i < n; i++)
            ptrs[i] = fps[i];
        if (n && tt_out_redis_get_positions(c->out, ptrs, n, offs, lns) != TT_OK) {
            commit_redis_down(c, 0);
            return TT_ERR;
        }
        for (size_t i = 0; i < n; i++)
            if (offs[i] >= lens[i] && offs[i] > off) {
                off = offs[i];
                lines = lns[i];
            }
    }
    if (tt_tail_seek(t, off, lines, err, sizeof(err)) != TT_OK) {
        fprintf(stderr, PROG ": %s\n", err);
        return TT_ERR;
    }
    if (err[0])
        fprintf(stderr, PROG ": %s\n", err);
    t->resumed = 1;
    return TT_OK;
}

/* ---- Redis outages ----------------------------------------------------- */

void commit_try_reconnect(struct collector *c)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec < c->next_retry.tv_sec ||
        (now.tv_sec == c->next_retry.tv_sec && now.tv_nsec < c->next_retry.tv_nsec))
        return;
    if (commit_settle(c, 1) != TT_OK)
        return; /* (no flush is in flight while Redis is down: this is a safeguard) */
    int applied = 0;
    if (tt_out_redis_reconnect(c->out) != TT_OK || tt_out_redis_pending_applied(c->out, &applied) != TT_OK) {
        if (tt_out_redis_fatal(c->out))
            return; /* main() stops: another collector holds this name */
        c->backoff_ms = TT_MIN(c->backoff_ms * 2, 10000L);
        commit_redis_down(c, 0);
        return;
    }
    if (applied)
        tt_tally_clear(&c->tally_pending);
    c->redis_down = 0;
    c->backoff_ms = 0;
    for (size_t i = 0; i < c->n_tails; i++) {
        struct tt_tail *t = c->tails[i];
        if (t->is_open && !t->anonymous && commit_resume_tail(c, t) != TT_OK)
            return;
    }
    fprintf(stderr, PROG ": Redis is back; files resume from their committed positions\n");
}

int commit_flush_due(struct collector *c)
{
    return tt_tally_full(&c->tally_files) || tt_tally_full(&c->tally_net) ||
           commit_seconds_since(&c->last_flush) * 1000.0 >= (double)c->conf.flush_ms;
}

/* ---- main -------------------------------------------------------------- */

/* Final flush; when Redis is down, or the connection breaks under the
 * flush itself (a killed client, a failover), a reconnect and one more
 * attempt right away: the pending flush's outcome is asked on reconnect,
 * so nothing is counted twice. */
int commit_final_flush(struct collector *c)
{
    if (c->net)
        tt_net_final(c->net);
    if (c->out)
        commit_settle(c, 1); /* a failure is handled below, as Redis down */
    for (int attempt = 0; attempt < 2; attempt++) {
        if (c->out && c->redis_down) {
            c->next_retry.tv_sec = 0;
            c->next_retry.tv_nsec = 0;
            commit_try_reconnect(c);
        }
        if (commit_flush(c) == TT_OK)
            return TT_OK;
        if (!c->out || !c->redis_down)
            break;
    }
    fprintf(stderr, PROG ": final flush failed: %s; files resume from their committed positions next time%s\n",
            tt_out_redis_errstr(c->out),
            c->net ? ", counts of live sources since the last commit are lost" : "");
    return TT_ERR;
}

/* Reading once, after the final flush: every file source that is not
 * committed to its end, said by name. Returns how many. A one-shot run
 * exits 0 only when this finds none (docs/COUNTING.md, delivery). */
size_t commit_report_uncommitted(const struct collector *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n_tails; i++) {
        const struct tt_tail *t = c->tails[i];
        if (!t->is_open)
            continue;
        if (!n++)
            fprintf(stderr, PROG ": not every line is committed; run again to resume from the committed positions:\n");
        if (t->anonymous)
            fprintf(stderr, PROG ":   %s: counts since the last commit were not stored\n", t->path);
        else
            fprintf(stderr, PROG ":   %s: committed up to line %llu (byte %llu)\n", t->path,
                    (unsigned long long)t->committed_lines, (unsigned long long)t->committed);
    }
    for (size_t k = c->next_file; k < c->n_file_sources; k++) {
        if (!n++)
            fprintf(stderr, PROG ": not every line is committed; run again to resume from the committed positions:\n");
        fprintf(stderr, PROG ":   %s: not read\n", c->file_sources[k]);
    }
    return n;
}

/* Reading once: the loop ends only when every file is read to its end and
 * committed (commit_flush() closes a finished file once its last position is
 * stored). A file still open is not committed yet: flush it now rather than
 * at the next interval, and, if that fails, keep looping so that the
 * reconnect re-reads it from the committed position. This is the rule that
 * a lost connection during the last file breaks if the loop stops at "read
 * to the end". */
int commit_oneshot_done(struct collector *c)
{
    if (c->next_file < c->n_file_sources || (c->net && tt_net_busy(c->net)) || (c->out && c->redis_down))
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        int open = 0;
        for (size_t i = 0; i < c->n_tails; i++) {
            const struct tt_tail *t = c->tails[i];
            if (t->is_open && (t->state != TT_TAIL_FINISHED || !t->resumed))
                return 0; /* still lines to read */
            open |= t->is_open;
        }
        if (!open)
            return 1;
        if (pass == 0 && commit_flush(c) != TT_OK)
            return 0;
    }
    return 0;
}

/* Reading once with Redis down: true when --redis-give-up has passed. */
int commit_oneshot_give_up(const struct collector *c)
{
    if (!c->out || !c->redis_down || commit_seconds_since(&c->down_since) < (double)c->conf.give_up_s)
        return 0;
    fprintf(stderr, PROG ": %s for %ld s (--redis-give-up); stopping\n", tt_out_redis_errstr(c->out), c->conf.give_up_s);
    return 1;
}
