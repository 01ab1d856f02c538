/* SPDX-License-Identifier: MIT
 *
 * parallel.c -- see parallel.h. A ring of batch slots in the order they were
 * cut; a slot is FREE (the reading thread may fill it), QUEUED (waiting for
 * a classifier), WORKING, or DONE (classified, waiting to be counted in
 * order). One mutex and two condition variables guard the states; the
 * batches' contents belong to whoever moved the state last.
 */
#include "collector/parallel.h"
#include "common/mem.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

enum { SLOT_FREE = 0, SLOT_QUEUED, SLOT_WORKING, SLOT_DONE };

#define MAX_SLOTS 40
#define MAX_HELPERS 16 /* room for more than --threads allows (16 threads in all) */

struct tt_par {
    pthread_mutex_t mu;
    pthread_cond_t work_cv; /* a batch was queued, or quit */
    pthread_cond_t done_cv; /* a batch was classified */
    pthread_t th[MAX_HELPERS];
    int n_th;
    int quit;
    const struct tt_pipeline_config *cfg;
    struct tt_stream st[MAX_HELPERS + 1]; /* one per helper, and the reading thread's (last) */
    int st_ok;
    struct tt_par_batch slot[MAX_SLOTS];
    size_t n_slots;
    size_t head;      /* oldest slot in flight */
    size_t in_flight; /* slots from head on that are not FREE */
};

static void classify_batch(const struct tt_pipeline_config *cfg, struct tt_stream *st, struct tt_par_batch *b)
{
    size_t i = 0;
    b->stopped = 0;
    for (; i < b->n; i++) {
        const struct tt_par_line *l = &b->lines[i];
        if (l->kind != TT_FRAME_LINE)
            continue; /* timed and counted by the reading thread */
        if (!tt_pipeline_pre(cfg, st, b->bytes + l->off, l->len, &b->pre[i])) {
            b->stopped = 1;
            break;
        }
    }
    b->n_pre = i;
}

/* The oldest QUEUED slot, or NULL. Called locked. */
static struct tt_par_batch *oldest_queued(struct tt_par *p)
{
    for (size_t k = 0; k < p->in_flight; k++) {
        struct tt_par_batch *b = &p->slot[(p->head + k) % p->n_slots];
        if (b->state == SLOT_QUEUED)
            return b;
    }
    return NULL;
}

struct helper_arg {
    struct tt_par *p;
    int k;
};

static void *helper(void *arg)
{
    struct tt_par *p = ((struct helper_arg *)arg)->p;
    int k = ((struct helper_arg *)arg)->k;
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        struct tt_par_batch *b = NULL;
        while (!p->quit && !(b = oldest_queued(p)))
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (p->quit)
            break;
        b->state = SLOT_WORKING;
        const struct tt_pipeline_config *cfg = p->cfg;
        pthread_mutex_unlock(&p->mu);
        classify_batch(cfg, &p->st[k], b);
        pthread_mutex_lock(&p->mu);
        b->state = SLOT_DONE;
        pthread_cond_broadcast(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void streams_fini(struct tt_par *p)
{
    if (!p->st_ok)
        return;
    for (int k = 0; k <= p->n_th; k++)
        tt_stream_fini(&p->st[k]);
    p->st_ok = 0;
}

struct tt_par *tt_par_new(int threads, size_t batch_lines)
{
    if (threads < 2 || batch_lines == 0)
        return NULL;
    if (threads > MAX_HELPERS + 1)
        threads = MAX_HELPERS + 1;
    struct tt_par *p = tt_calloc(1, sizeof(*p));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    /* Enough batches in flight that every thread has one while the reading
     * thread cuts the next and counts the last. */
    p->n_slots = (size_t)threads * 2 + 2;
    if (p->n_slots > MAX_SLOTS)
        p->n_slots = MAX_SLOTS;
    for (size_t i = 0; i < p->n_slots; i++) {
        p->slot[i].lines = tt_malloc(batch_lines * sizeof(*p->slot[i].lines));
        p->slot[i].pre = tt_malloc(batch_lines * sizeof(*p->slot[i].pre));
        p->slot[i].max = batch_lines;
    }
    /* Helpers never take a signal: the reading thread's handlers must. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (int k = 0; k < threads - 1; k++) {
        struct helper_arg *a = tt_malloc(sizeof(*a));
        a->p = p;
        a->k = k;
        if (pthread_create(&p->th[k], NULL, helper, a) != 0) {
            free(a);
            break;
        }
        p->n_th++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (p->n_th == 0) {
        tt_par_free(p);
        return NULL;
    }
    return p;
}

void tt_par_free(struct tt_par *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    for (int k = 0; k < p->n_th; k++)
        pthread_join(p->th[k], NULL);
    streams_fini(p);
    for (size_t i = 0; i < p->n_slots; i++) {
        free(p->slot[i].bytes);
        free(p->slot[i].lines);
        free(p->slot[i].pre);
    }
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

void tt_par_begin(struct tt_par *p, const struct tt_pipeline_config *cfg)
{
    if (p->st_ok && p->cfg == cfg)
        return;
    pthread_mutex_lock(&p->mu); /* nothing in flight: the helpers only wait */
    streams_fini(p);
    for (int k = 0; k <= p->n_th; k++) {
        tt_stream_init(&p->st[k], cfg);
        p->st[k].stateless = 1;
    }
    p->st_ok = 1;
    p->cfg = cfg;
    pthread_mutex_unlock(&p->mu);
}

struct tt_par_batch *tt_par_slot(struct tt_par *p)
{
    pthread_mutex_lock(&p->mu);
    struct tt_par_batch *b = NULL;
    if (p->in_flight < p->n_slots) {
        b = &p->slot[(p->head + p->in_flight) % p->n_slots];
        b->n = b->n_pre = b->used = 0;
        b->stopped = 0;
    }
    pthread_mutex_unlock(&p->mu);
    return b;
}

/* A batch is full at this many bytes of lines (its last line may be of any
 * length the framer allows): memory stays bounded by the slots. */
#define BATCH_BYTES (2u << 20)

int tt_par_full(const struct tt_par_batch *b)
{
    return b->n == b->max || b->used >= BATCH_BYTES;
}

void tt_par_add(struct tt_par_batch *b, const char *line, size_t len, enum tt_frame_rc kind)
{
    if (b->used + len > b->cap) {
        size_t cap = b->cap ? b->cap : 1u << 16;
        while (cap < b->used + len)
            cap *= 2;
        b->bytes = tt_realloc(b->bytes, cap);
        b->cap = cap;
    }
    struct tt_par_line *l = &b->lines[b->n++];
    l->off = (uint32_t)b->used;
    l->len = (uint32_t)len;
    l->kind = (uint8_t)kind;
    if (len)
        memcpy(b->bytes + b->used, line, len);
    b->used += len;
}

void tt_par_queue(struct tt_par *p, struct tt_par_batch *b)
{
    if (b->n == 0)
        return; /* never taken from the ring: the slot stays free */
    pthread_mutex_lock(&p->mu);
    b->state = SLOT_QUEUED;
    p->in_flight++;
    pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
}

int tt_par_help(struct tt_par *p)
{
    pthread_mutex_lock(&p->mu);
    struct tt_par_batch *b = oldest_queued(p);
    if (b)
        b->state = SLOT_WORKING;
    pthread_mutex_unlock(&p->mu);
    if (!b)
        return 0;
    classify_batch(p->cfg, &p->st[p->n_th], b);
    pthread_mutex_lock(&p->mu);
    b->state = SLOT_DONE;
    pthread_mutex_unlock(&p->mu);
    return 1;
}

struct tt_par_batch *tt_par_oldest(struct tt_par *p, int wait)
{
    pthread_mutex_lock(&p->mu);
    struct tt_par_batch *b = NULL;
    if (p->in_flight) {
        b = &p->slot[p->head];
        while (wait && b->state != SLOT_DONE)
            pthread_cond_wait(&p->done_cv, &p->mu);
        if (b->state != SLOT_DONE)
            b = NULL;
    }
    pthread_mutex_unlock(&p->mu);
    return b;
}

void tt_par_done(struct tt_par *p, struct tt_par_batch *b)
{
    pthread_mutex_lock(&p->mu);
    b->state = SLOT_FREE;
    p->head = (p->head + 1) % p->n_slots;
    p->in_flight--;
    pthread_mutex_unlock(&p->mu);
}

size_t tt_par_in_flight(const struct tt_par *p)
{
    return p->in_flight; /* only the reading thread changes it */
}
