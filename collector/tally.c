/* SPDX-License-Identifier: MIT
 *
 * tally.c -- minute-bucket counters. Lines arrive mostly in time order, so
 * consecutive lines mostly hit the same bucket, which stays in cache. Tables grow by doubling (amortised, not
 * per line) up to the TT_TALLY_MAX_* limits, when the owner flushes.
 */
#include "collector/tally.h"
#include "collector/hll.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

static int64_t minute_of(int64_t utc_s)
{
    return tt_floor_div(utc_s, 60);
}

static void buckets_alloc(struct tt_tally *t, size_t cap)
{
    t->last = NULL;
    t->buckets = tt_malloc(cap * sizeof(*t->buckets));
    for (size_t i = 0; i < cap; i++)
        t->buckets[i].minute = INT64_MIN;
    t->cap = cap;
    t->used = 0;
}

static void sources_alloc(struct tt_tally *t, size_t cap)
{
    t->srcs = tt_malloc(cap * sizeof(*t->srcs));
    t->src_cap = cap;
    t->src_used = 0;
}

static void nets_alloc(struct tt_tally *t, size_t cap)
{
    t->nets = tt_malloc(cap * sizeof(*t->nets));
    for (size_t i = 0; i < cap; i++)
        t->nets[i].day = TT_TALLY_NO_MINUTE;
    t->net_cap = cap;
    t->net_used = 0;
}

int tt_tally_init(struct tt_tally *t)
{
    memset(t, 0, sizeof(*t));
    for (int m = 0; m < TT_METRIC_COUNT; m++)
        for (int r = 0; r < TT_REASON_COUNT; r++)
            t->field_of[m][r] = (int8_t)tt_field_index((enum tt_metric)m, (enum tt_reason)r);
    buckets_alloc(t, 1024);
    sources_alloc(t, 1024);
    t->recent = tt_calloc(TT_TALLY_RECENT, sizeof(*t->recent));
    for (int i = 0; i < TT_TALLY_RECENT; i++)
        t->recent[i].minute = TT_TALLY_NO_MINUTE;
    nets_alloc(t, 64);
    return TT_OK;
}

void tt_tally_fini(struct tt_tally *t)
{
    if (!t)
        return;
    free(t->buckets);
    free(t->srcs);
    free(t->recent);
    free(t->nets);
    t->buckets = NULL;
    t->srcs = NULL;
    t->recent = NULL;
    t->nets = NULL;
}

/* Tables are sized for load 1/2 up to the flush limits (TT_TALLY_MAX_*).
 * The owner flushes when a limit is reached, checking between blocks of
 * lines, so a table at its limit size fills up to 7/8 instead of doubling
 * for the few lines past the check: that doubling was most of the peak RSS. */
static int must_grow(size_t used, size_t cap, size_t limit)
{
    if (cap < 2 * (size_t)limit)
        return (used + 1) * 2 > cap;
    return (used + 1) * 8 > cap * 7;
}

static struct tt_tally_bucket *bucket_slot(struct tt_tally_bucket *b, size_t cap, int64_t minute)
{
    size_t mask = cap - 1;
    size_t i = (size_t)tt_mix64((uint64_t)minute) & mask;
    while (b[i].minute != INT64_MIN && b[i].minute != minute)
        i = (i + 1) & mask;
    return &b[i];
}

static void buckets_grow(struct tt_tally *t)
{
    struct tt_tally_bucket *old = t->buckets;
    size_t old_cap = t->cap, used = t->used;
    buckets_alloc(t, old_cap * 2);
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].minute == INT64_MIN)
            continue;
        *bucket_slot(t->buckets, t->cap, old[i].minute) = old[i];
    }
    t->used = used;
    free(old);
}

int tt_tally_add(struct tt_tally *t, int64_t utc_s, enum tt_metric m, enum tt_reason r, uint64_t n)
{
    if ((unsigned)m >= TT_METRIC_COUNT || (unsigned)r >= TT_REASON_COUNT)
        return TT_OK;
    int f = t->field_of[m][r];
    if (f < 0)
        return TT_OK;
    int64_t minute = minute_of(utc_s);
    struct tt_tally_bucket *b = t->last;
    if (b && b->minute == minute) {
        b->n[f] += n;
        t->total[f] += n;
        return TT_OK;
    }
    b = bucket_slot(t->buckets, t->cap, minute);
    if (b->minute == INT64_MIN) {
        if (must_grow(t->used, t->cap, TT_TALLY_MAX_BUCKETS)) { /* counts are never dropped */
            buckets_grow(t);
            b = bucket_slot(t->buckets, t->cap, minute);
        }
        memset(b->n, 0, sizeof(b->n));
        b->minute = minute;
        t->used++;
    }
    b->n[f] += n;
    t->total[f] += n;
    t->last = b;
    return TT_OK;
}

/* Moves a recent minute's registers to the srcs list and frees its slot
 * (src_used counts them already). */
static void recent_drain(struct tt_tally *t, struct tt_tally_recent *r)
{
    size_t listed = t->src_used;
    for (int i = 0; i < TT_TALLY_RECENT; i++)
        listed -= t->recent[i].n_set;
    if (listed + r->n_set > t->src_cap) {
        size_t cap = t->src_cap;
        while (cap < listed + r->n_set)
            cap *= 2;
        t->srcs = tt_realloc(t->srcs, cap * sizeof(*t->srcs));
        t->src_cap = cap;
    }
    struct tt_tally_source *out = t->srcs + listed;
    for (uint32_t i = 0; i < r->n_set; i++) {
        uint16_t reg = r->set[i];
        out[i].minute = r->minute;
        out[i].reg = reg;
        out[i].value = r->value[reg];
        r->value[reg] = 0;
    }
    r->n_set = 0;
    r->minute = TT_TALLY_NO_MINUTE;
}

/* The recent slot of a minute: found, or the least recently used one,
 * drained first. */
static struct tt_tally_recent *recent_of(struct tt_tally *t, int32_t minute)
{
    struct tt_tally_recent *lru = &t->recent[0];
    for (int i = 0; i < TT_TALLY_RECENT; i++) {
        struct tt_tally_recent *r = &t->recent[i];
        if (r->minute == minute) {
            r->used = ++t->recent_clock;
            return r;
        }
        /* a free slot first, else the least recently used */
        uint64_t age = r->minute == TT_TALLY_NO_MINUTE ? 0 : r->used;
        uint64_t lru_age = lru->minute == TT_TALLY_NO_MINUTE ? 0 : lru->used;
        if (age < lru_age)
            lru = r;
    }
    if (lru->minute != TT_TALLY_NO_MINUTE)
        recent_drain(t, lru);
    lru->minute = minute;
    lru->used = ++t->recent_clock;
    return lru;
}

int tt_tally_add_register(struct tt_tally *t, int64_t utc_s, uint16_t reg, uint8_t value)
{
    int64_t m64 = minute_of(utc_s);
    if (m64 <= TT_TALLY_NO_MINUTE || m64 > INT32_MAX || value == 0)
        return 0; /* beyond any clock the time rules produce */
    reg &= TT_HLL_REGISTERS - 1;
    struct tt_tally_recent *r = recent_of(t, (int32_t)m64);
    if (r->value[reg] == 0) {
        if (t->src_used >= TT_TALLY_KEEP_SOURCES)
            return 1;
        r->set[r->n_set++] = reg;
        t->src_used++;
    }
    if (value > r->value[reg])
        r->value[reg] = value;
    return 0;
}

int tt_tally_add_source(struct tt_tally *t, int64_t utc_s, const struct tt_addr *addr)
{
    if (addr->family != 4 && addr->family != 6)
        return 0;
    uint32_t reg;
    uint8_t value;
    /* PFADD's member is the address's bytes: 4 for IPv4, 16 for IPv6 */
    tt_hll_pat(addr->bytes, addr->family == 4 ? 4 : 16, &reg, &value);
    return tt_tally_add_register(t, utc_s, (uint16_t)reg, value);
}

static struct tt_tally_net *net_slot(struct tt_tally_net *s, size_t cap, int32_t day, const struct tt_addr *a)
{
    size_t mask = cap - 1;
    uint64_t w0, w1;
    memcpy(&w0, a->bytes, 8);
    memcpy(&w1, a->bytes + 8, 8);
    size_t i = (size_t)tt_mix64(((uint64_t)(uint32_t)day << 8 | a->family) ^ w0 ^ tt_mix64(w1)) & mask;
    while (s[i].day != TT_TALLY_NO_MINUTE && !(s[i].day == day && tt_addr_equal(&s[i].net, a)))
        i = (i + 1) & mask;
    return &s[i];
}

int tt_tally_add_net(struct tt_tally *t, int64_t utc_s, const struct tt_addr *net, unsigned bits, uint64_t n)
{
    if (net->family != 4 && net->family != 6)
        return 0;
    int64_t d64 = tt_floor_div(utc_s, 86400);
    if (d64 <= TT_TALLY_NO_MINUTE || d64 > INT32_MAX)
        return 0;
    int32_t day = (int32_t)d64;
    struct tt_tally_net *e = net_slot(t->nets, t->net_cap, day, net);
    if (e->day == TT_TALLY_NO_MINUTE) {
        if (t->net_used >= TT_TALLY_KEEP_NETS)
            return 1;
        if (must_grow(t->net_used, t->net_cap, TT_TALLY_MAX_NETS)) {
            struct tt_tally_net *old = t->nets;
            size_t old_cap = t->net_cap, used = t->net_used;
            nets_alloc(t, old_cap * 2);
            for (size_t i = 0; i < old_cap; i++)
                if (old[i].day != TT_TALLY_NO_MINUTE)
                    *net_slot(t->nets, t->net_cap, old[i].day, &old[i].net) = old[i];
            t->net_used = used;
            free(old);
            e = net_slot(t->nets, t->net_cap, day, net);
        }
        e->day = day;
        e->net = *net;
        e->bits = (uint8_t)bits;
        e->n = 0;
        t->net_used++;
    }
    e->n += n;
    return 0;
}

int tt_tally_full(const struct tt_tally *t)
{
    return t->used >= TT_TALLY_MAX_BUCKETS || t->src_used >= TT_TALLY_MAX_SOURCES || t->net_used >= TT_TALLY_MAX_NETS;
}

void tt_tally_clear(struct tt_tally *t)
{
    /* Tables keep their size: they are bounded by TT_TALLY_MAX_*, and
     * shrinking would only make the next burst pay for page faults again. */
    for (size_t i = 0; i < t->cap; i++)
        t->buckets[i].minute = INT64_MIN;
    t->used = 0;
    t->last = NULL;
    for (int i = 0; i < TT_TALLY_RECENT; i++) {
        struct tt_tally_recent *r = &t->recent[i];
        for (uint32_t k = 0; k < r->n_set; k++)
            r->value[r->set[k]] = 0;
        r->n_set = 0;
        r->minute = TT_TALLY_NO_MINUTE;
    }
    t->src_used = 0;
    for (size_t i = 0; i < t->net_cap; i++)
        t->nets[i].day = TT_TALLY_NO_MINUTE;
    t->net_used = 0;
}

void tt_tally_swap(struct tt_tally *a, struct tt_tally *b)
{
    struct tt_tally tmp = *a;
    *a = *b;
    *b = tmp;
    memcpy(b->total, a->total, sizeof(b->total));
    memcpy(a->total, tmp.total, sizeof(a->total));
}

static int cmp_bucket(const void *a, const void *b)
{
    int64_t x = ((const struct tt_tally_bucket *)a)->minute, y = ((const struct tt_tally_bucket *)b)->minute;
    return (x > y) - (x < y);
}

static int cmp_source(const void *a, const void *b)
{
    int32_t x = ((const struct tt_tally_source *)a)->minute, y = ((const struct tt_tally_source *)b)->minute;
    return (x > y) - (x < y);
}

/* Sorts sources by minute. They come drained minute by minute from the
 * recent arrays, so mostly in order already (checked first); else, many of
 * them, four counting passes of a byte of the minute (a pass whose byte is
 * the same everywhere is skipped). */
static void sort_sources(struct tt_tally_source *s, size_t n)
{
    size_t i = 1;
    while (i < n && s[i - 1].minute <= s[i].minute)
        i++;
    if (i >= n)
        return;
    if (n < 4096) {
        qsort(s, n, sizeof(*s), cmp_source);
        return;
    }
    struct tt_tally_source *tmp = tt_malloc(n * sizeof(*s)), *from = s, *to = tmp;
    for (unsigned shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t k = 0; k < n; k++)
            count[((((uint32_t)from[k].minute ^ 0x80000000u) >> shift) & 255u) + 1]++;
        if (count[((((uint32_t)from[0].minute ^ 0x80000000u) >> shift) & 255u) + 1] == n)
            continue; /* one value of this byte: the order stands */
        for (size_t b = 1; b <= 256; b++)
            count[b] += count[b - 1];
        for (size_t k = 0; k < n; k++)
            to[count[(((uint32_t)from[k].minute ^ 0x80000000u) >> shift) & 255u]++] = from[k];
        struct tt_tally_source *t = from;
        from = to;
        to = t;
    }
    if (from != s)
        memcpy(s, from, n * sizeof(*s));
    free(tmp);
}

/* Compacts occupied slots to the front and sorts them in place; the table is
 * no longer a valid hash afterwards, so only tt_tally_clear may follow. */
size_t tt_tally_sorted_buckets(struct tt_tally *t, struct tt_tally_bucket **out)
{
    size_t k = 0;
    t->last = NULL;
    for (size_t i = 0; i < t->cap; i++)
        if (t->buckets[i].minute != INT64_MIN)
            t->buckets[k++] = t->buckets[i];
    for (size_t i = k; i < t->cap; i++)
        t->buckets[i].minute = INT64_MIN;
    qsort(t->buckets, k, sizeof(*t->buckets), cmp_bucket);
    *out = t->buckets;
    return k;
}

size_t tt_tally_sorted_sources(struct tt_tally *t, struct tt_tally_source **out)
{
    for (int i = 0; i < TT_TALLY_RECENT; i++)
        if (t->recent[i].minute != TT_TALLY_NO_MINUTE)
            recent_drain(t, &t->recent[i]);
    sort_sources(t->srcs, t->src_used);
    *out = t->srcs;
    return t->src_used;
}

static int cmp_net(const void *a, const void *b)
{
    int32_t x = ((const struct tt_tally_net *)a)->day, y = ((const struct tt_tally_net *)b)->day;
    return (x > y) - (x < y);
}

size_t tt_tally_sorted_nets(struct tt_tally *t, struct tt_tally_net **out)
{
    size_t k = 0;
    for (size_t i = 0; i < t->net_cap; i++)
        if (t->nets[i].day != TT_TALLY_NO_MINUTE)
            t->nets[k++] = t->nets[i];
    for (size_t i = k; i < t->net_cap; i++)
        t->nets[i].day = TT_TALLY_NO_MINUTE;
    qsort(t->nets, k, sizeof(*t->nets), cmp_net);
    *out = t->nets;
    return k;
}

/* After tt_tally_sorted_*(), the tables are compacted arrays; this makes them
 * hash tables again (used when a flush failed and the counts must be kept). */
void tt_tally_restore(struct tt_tally *t)
{
    /* Every occupied slot is put back, wherever it is: a table the failed
     * flush never reached is still a hash table, the others are compacted. */
    struct tt_tally_bucket *ob = t->buckets;
    size_t ocap = t->cap, oused = t->used;
    buckets_alloc(t, ocap);
    for (size_t i = 0; i < ocap; i++)
        if (ob[i].minute != INT64_MIN)
            *bucket_slot(t->buckets, t->cap, ob[i].minute) = ob[i];
    t->used = oused;
    free(ob);
    /* The sources list is an array in any order: nothing to rebuild. */
    struct tt_tally_net *on = t->nets;
    size_t oncap = t->net_cap, onused = t->net_used;
    nets_alloc(t, oncap);
    for (size_t i = 0; i < oncap; i++)
        if (on[i].day != TT_TALLY_NO_MINUTE)
            *net_slot(t->nets, t->net_cap, on[i].day, &on[i].net) = on[i];
    t->net_used = onused;
    free(on);
}
