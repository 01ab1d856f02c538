/* SPDX-License-Identifier: MIT
 *
 * keytab.c -- bounded composite-key tables with expiry (see keytab.h), split
 * out of parse_postfix.c. Runs on the hot path: one bucket scanned per
 * lookup, no allocation after tt_keytab_init().
 */
#include "collector/keytab.h"

#include <stdlib.h>
#include <string.h>


int tt_keytab_init(struct tt_keytab *t, size_t entries, int64_t ttl_s)
{
    size_t nb = 1;
    while (nb * TT_KEYTAB_WAYS < entries)
        nb <<= 1;
    t->e = calloc(nb * TT_KEYTAB_WAYS, sizeof(*t->e));
    if (!t->e)
        return TT_ERR;
    t->nbuckets = nb;
    t->ttl_s = ttl_s;
    t->evictions = 0;
    return TT_OK;
}

static inline int keytab_expired(const struct tt_keytab *t, const struct tt_keytab_entry *e, int64_t now_s)
{
    return now_s - e->seen_s > t->ttl_s;
}

static inline struct tt_keytab_entry *keytab_bucket(struct tt_keytab *t, uint64_t hash)
{
    return t->e + (size_t)(hash & (t->nbuckets - 1)) * TT_KEYTAB_WAYS;
}

static inline int keytab_entry_is(const struct tt_keytab_entry *e, const struct tt_keytab_key *k)
{
    return e->hash == k->hash && e->len == k->len && e->stored == k->stored &&
           memcmp(e->key, k->b, k->stored) == 0;
}

/* The live entry of key k, or NULL. Expired entries found on the way are
 * freed. */
struct tt_keytab_entry *tt_keytab_find(struct tt_keytab *t, const struct tt_keytab_key *k, int64_t now_s)
{
    struct tt_keytab_entry *b = keytab_bucket(t, k->hash);
    for (int i = 0; i < TT_KEYTAB_WAYS; i++) {
        struct tt_keytab_entry *e = &b[i];
        if (e->hash != k->hash)
            continue;
        if (!keytab_entry_is(e, k))
            continue;
        if (keytab_expired(t, e, now_s)) {
            e->hash = 0;
            return NULL;
        }
        return e;
    }
    return NULL;
}

/* Entry of key k, created (values 0) when absent. When the bucket is full
 * the oldest entry is evicted: never fails. */
struct tt_keytab_entry *tt_keytab_get(struct tt_keytab *t, const struct tt_keytab_key *k, int64_t now_s)
{
    struct tt_keytab_entry *b = keytab_bucket(t, k->hash);
    struct tt_keytab_entry *slot = NULL;
    for (int i = 0; i < TT_KEYTAB_WAYS; i++) {
        struct tt_keytab_entry *e = &b[i];
        if (e->hash == k->hash && keytab_entry_is(e, k)) {
            if (keytab_expired(t, e, now_s)) {
                e->val = 0;
                e->val2 = 0;
            }
            e->seen_s = now_s;
            return e;
        }
        if (e->hash == 0 || keytab_expired(t, e, now_s)) {
            if (!slot || slot->hash != 0)
                slot = e; /* prefer a free slot to an expired one */
        }
    }
    if (!slot) {
        slot = &b[0];
        for (int i = 1; i < TT_KEYTAB_WAYS; i++)
            if (b[i].seen_s < slot->seen_s)
                slot = &b[i];
        t->evictions++;
    }
    slot->hash = k->hash;
    slot->len = k->len;
    slot->stored = k->stored;
    memcpy(slot->key, k->b, k->stored);
    slot->seen_s = now_s;
    slot->val = 0;
    slot->val2 = 0;
    return slot;
}

/* Live entry whose key hash is h (used for links stored as a hash). */
struct tt_keytab_entry *tt_keytab_find_hash(struct tt_keytab *t, uint64_t h, int64_t now_s)
{
    struct tt_keytab_entry *b = keytab_bucket(t, h);
    for (int i = 0; i < TT_KEYTAB_WAYS; i++)
        if (b[i].hash == h && !keytab_expired(t, &b[i], now_s))
            return &b[i];
    return NULL;
}

void tt_keytab_remove(struct tt_keytab *t, const struct tt_keytab_key *k)
{
    struct tt_keytab_entry *b = keytab_bucket(t, k->hash);
    for (int i = 0; i < TT_KEYTAB_WAYS; i++)
        if (b[i].hash == k->hash && keytab_entry_is(&b[i], k))
            b[i].hash = 0;
}


void tt_keytab_fini(struct tt_keytab *t)
{
    if (!t)
        return;
    free(t->e);
    t->e = NULL;
}
