/* SPDX-License-Identifier: MIT
 *
 * keytab.h -- a bounded, set-associative table keyed by short composite
 * strings (host + queue id, host + program + pid, ...) with expiry by event
 * time: the correlation memory of the Postfix parser (queue ids, SMTP
 * sessions, TLS peers). Unlike idtab.h, an entry keeps the first bytes of
 * its key, so two keys that hash alike are still told apart, and carries
 * two 64-bit values of the caller's. Memory is allocated once in
 * tt_keytab_init(); lookups and inserts never allocate; a full bucket evicts
 * its least recently touched entry.
 */
#ifndef TT_KEYTAB_H
#define TT_KEYTAB_H

#include "common/tt.h"

#include <string.h>

/* A key is the concatenation of a few fields (host, qid, ...), each followed
 * by a NUL. Its first TT_KEYTAB_KEY_MAX bytes are copied into the entry; the hash
 * covers all of it, so a long host name is "truncated and hashed". */
#define TT_KEYTAB_KEY_MAX 48
#define TT_KEYTAB_WAYS 8 /* entries per bucket; lookups scan one bucket */

struct tt_keytab_key {
    uint64_t hash;        /* hash of the whole key, never 0 */
    uint16_t len;         /* whole key length (saturated) */
    uint8_t stored;       /* bytes of it in b[] */
    char b[TT_KEYTAB_KEY_MAX];   /* first bytes of the key */
};

struct tt_keytab_entry {
    uint64_t hash;        /* copy of the key hash, 0 = free */
    int64_t seen_s;       /* event time of the last touch, for expiry/eviction */
    uint64_t val;         /* table-specific: flags, from= hash, peer hash */
    uint64_t val2;        /* table-specific: client hash, session link */
    uint16_t len;         /* key length (saturated) */
    uint8_t stored;       /* bytes in key[] */
    char key[TT_KEYTAB_KEY_MAX]; /* first bytes of the key, a copy */
};

struct tt_keytab {
    struct tt_keytab_entry *e;   /* nbuckets * TT_KEYTAB_WAYS entries, allocated once */
    size_t nbuckets;      /* power of two */
    int64_t ttl_s;        /* entries older than this (event time) are gone */
    uint64_t evictions;   /* live entries pushed out by a full bucket */
};

/* Building a key: init, one add per field, done (inline: a few per line). */
static inline void tt_keytab_key_init(struct tt_keytab_key *k)
{
    k->hash = 0x51ED2701A3F4C9B1ull;
    k->len = 0;
    k->stored = 0;
}

static inline void tt_keytab_key_add(struct tt_keytab_key *k, const char *p, size_t n)
{
    k->hash = tt_hash64(k->hash, p, n);
    size_t room = TT_KEYTAB_KEY_MAX - k->stored;
    size_t c = TT_MIN(room, n);
    if (c) {
        memcpy(k->b + k->stored, p, c);
        k->stored = (uint8_t)(k->stored + c);
    }
    if (k->stored < TT_KEYTAB_KEY_MAX)
        k->b[k->stored++] = '\0';
    size_t l = (size_t)k->len + n + 1;
    k->len = (uint16_t)TT_MIN(l, 65535u);
}

static inline void tt_keytab_key_done(struct tt_keytab_key *k)
{
    if (k->hash == 0)
        k->hash = 1;
}

int tt_keytab_init(struct tt_keytab *t, size_t entries, int64_t ttl_s);
struct tt_keytab_entry *tt_keytab_find(struct tt_keytab *t, const struct tt_keytab_key *k, int64_t now_s);
struct tt_keytab_entry *tt_keytab_get(struct tt_keytab *t, const struct tt_keytab_key *k, int64_t now_s);
struct tt_keytab_entry *tt_keytab_find_hash(struct tt_keytab *t, uint64_t h, int64_t now_s);
void tt_keytab_remove(struct tt_keytab *t, const struct tt_keytab_key *k);
void tt_keytab_fini(struct tt_keytab *t);

#endif
